from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [("events:agenda", _("Agenda"), 45)]

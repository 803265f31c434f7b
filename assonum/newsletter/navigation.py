from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [("newsletter:subscribe", _("Lettre d'information"), 50)]

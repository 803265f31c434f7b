from django.utils.translation import gettext_lazy as _

NAV_ITEMS = [("directory:place_list", _("Annuaire"), 40)]

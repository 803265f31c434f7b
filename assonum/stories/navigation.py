from django.utils.translation import gettext_lazy as _

# The index is a Wagtail page: a literal path (see assonum.core.plugins.NavItem).
NAV_ITEMS = [("/temoignages/", _("Témoignages"), 30)]

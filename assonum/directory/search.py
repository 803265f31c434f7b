"""The directory's places in the site search (published places only)."""

from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import Place

SEARCH_TYPES = [
    SearchType(
        key="lieux",
        label=_("Lieux de l'annuaire"),
        queryset=lambda: Place.objects.published().select_related("commune__department"),
        template="directory/includes/search_result.html",
        order=40,
    )
]

"""The directory's places in the site search (published places only)."""

from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import Place


def place_document(place: Place) -> dict:
    return {
        "title": place.nom,
        "body": " ".join([place.presentation_resume, place.presentation_detail,
                          place.commune_nom, place.structure_parente]),
        "url": place.get_absolute_url(),
        "department": (place.code_insee or "")[:2],
    }


# What directory/includes/search_result.html shows (and get_absolute_url reads).
RESULT_FIELDS = ("id", "slug", "nom", "commune_nom", "presentation_resume", "is_fictional",
                 "commune__code", "commune__name", "commune__department_id")


SEARCH_TYPES = [
    SearchType(
        key="lieux",
        label=_("Lieux de l'annuaire"),
        queryset=lambda: Place.objects.published().select_related("commune__department"),
        template="directory/includes/search_result.html",
        order=40,
        models=[Place],
        document=place_document,
        index_queryset=lambda: Place.objects.published(),
        results_queryset=lambda: Place.objects.published().select_related(
            "commune").only(*RESULT_FIELDS),
    )
]

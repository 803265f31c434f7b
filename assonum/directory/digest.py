"""New published places, for the newsletter's automatic digests."""

from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem

from .models import Place


def new_items(since) -> list[DigestItem]:
    places = (
        Place.objects.published()
        .filter(created_at__gte=since)
        .select_related("commune")
        .only("nom", "slug", "presentation_resume", "created_at", "offers",
              "commune__department_id", "commune_nom", "commune__name")
        .order_by("-created_at")
    )
    return [
        DigestItem(
            kind="place",
            kind_label=_("Nouveau lieu dans l'annuaire"),
            title=place.nom,
            url=place.get_absolute_url(),
            summary=place.presentation_resume or place.commune_nom,
            published_at=place.created_at,
            tags=frozenset(place.offers),
            department_codes=frozenset(
                [place.commune.department_id] if place.commune_id else []
            ),
        )
        for place in places
    ]

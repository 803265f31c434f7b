"""New published places, for the newsletter's automatic digests (see ``assonum.core.digest``)."""

import json

from django.db.models import Q
from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem, DigestQuery

from .models import Place

KIND = "place"


def new_items(query: DigestQuery) -> list[DigestItem]:
    """At most ``query.limit`` places published in the window, newest first, filtered in SQL."""
    if not query.wants(KIND):
        return []
    places = Place.objects.published().filter(created_at__gte=query.since)
    if query.until is not None:
        places = places.filter(created_at__lte=query.until)
    tags = query.tags_for(KIND)
    if tags is not None:
        # ``offers`` is a JSON list of slugs: match the quoted slug (both databases).
        condition = Q()
        for tag in sorted(tags):
            condition |= Q(offers__icontains=json.dumps(tag))
        places = places.filter(condition)
    if query.department_codes:
        places = places.filter(Q(commune__isnull=True)
                               | Q(commune__department_id__in=query.department_codes))
    places = (
        places.select_related("commune")
        .only("nom", "slug", "presentation_resume", "created_at", "offers",
              "commune__department_id", "commune_nom", "commune__name")
        .order_by("-created_at", "-pk")[: query.limit]
    )
    return [
        DigestItem(
            kind=KIND,
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

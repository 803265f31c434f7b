"""The public list's query: published places narrowed by the filter form, near a commune or not.

The list page, its map data and the home-page shortcut all call :func:`search_places`, so the map
always shows the same results as the list.

Multi-valued fields are JSON lists. PostgreSQL answers "the list contains X" with ``@>``;
SQLite has no JSON containment, so there we look for the JSON-encoded string (quotes included,
so "Gratuit" does not match "Gratuit sous condition").
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from .models import Place


def json_has(field: str, value: str) -> Q:
    """Q: the JSON list ``field`` contains the string ``value``."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})


def json_has_any(field: str, values) -> Q:
    q = Q()
    for value in values:
        q |= json_has(field, value)
    return q


# GET parameter -> model field, for the single-valued filters.
FILTER_FIELDS = {
    "service": "services",
    "typologie": "typologie",
    "frais": "frais_a_charge",
    "acces": "modalites_acces",
}


@dataclass
class Near:
    commune: object  # territory.Commune
    radius_km: int


def base_queryset() -> QuerySet:
    return (
        Place.objects.published()
        .select_related("commune__department")
        .only(
            "nom", "slug", "commune_nom", "code_postal", "latitude", "longitude", "offers",
            "horaires", "is_fictional", "itinerance", "presentation_resume", "status",
            "commune__name", "commune__department__code", "commune__department__name",
        )
    )


def apply_filters(queryset: QuerySet, cleaned: dict) -> QuerySet:
    offers = cleaned.get("offre") or []
    if offers:
        queryset = queryset.filter(json_has_any("offers", offers))
    for key, field in FILTER_FIELDS.items():
        value = cleaned.get(key)
        if value:
            queryset = queryset.filter(json_has(field, value))
    department = cleaned.get("departement")
    if department:
        queryset = queryset.filter(commune__department_id=department)
    return queryset


def near(queryset: QuerySet, commune, radius_km: int) -> QuerySet:
    """Places within ``radius_km`` of the commune's centre, nearest first (in the database)."""
    from assonum.territory.geo import within_radius

    return within_radius(
        queryset.filter(latitude__isnull=False, longitude__isnull=False),
        latitude=commune.latitude, longitude=commune.longitude, radius_km=radius_km,
    )


def search_places(
    cleaned: dict | None, queryset: QuerySet | None = None,
) -> tuple[QuerySet, Near | None]:
    """(queryset, near) for the validated filter values (None or {} = every published place)."""
    queryset = base_queryset() if queryset is None else queryset
    cleaned = cleaned or {}
    queryset = apply_filters(queryset, cleaned)
    commune = cleaned.get("pres_de")
    if commune is not None and commune.latitude is not None:
        radius = int(cleaned.get("rayon") or 20)
        return near(queryset, commune, radius), Near(commune, radius)
    return queryset.order_by("nom", "pk"), None

"""The public list's query, kept for the apps that import it: it lives in :class:`PlaceQuerySet`.

The list page, its map data and the home-page shortcut all call
``Place.objects.published().for_list().search(cleaned)`` (or :func:`search_places`), so the map
always shows the same results as the list.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import FILTER_FIELDS, Near, Place, json_has, json_has_any

__all__ = ["FILTER_FIELDS", "Near", "apply_filters", "base_queryset", "json_has", "json_has_any",
           "near", "search_places"]


def base_queryset() -> QuerySet:
    return Place.objects.published().for_list()


def apply_filters(queryset: QuerySet, cleaned: dict) -> QuerySet:
    return queryset.filtered(cleaned)


def near(queryset: QuerySet, commune, radius_km: int) -> QuerySet:
    return queryset.near(commune, radius_km)


def search_places(
    cleaned: dict | None, queryset: QuerySet | None = None,
) -> tuple[QuerySet, Near | None]:
    """(queryset, near) for the validated filter values (None or {} = every published place)."""
    queryset = base_queryset() if queryset is None else queryset
    return queryset.search(cleaned)

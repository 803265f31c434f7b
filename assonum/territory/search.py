"""Commune search: by name (accent/case-insensitive, "st" = "saint") or by postal code."""

import re

from django.db.models import Case, F, IntegerField, Q, Value, When

from .models import NAME_ARTICLES, Commune, normalize_name, without_article
from .reference import commune_code

_DIGITS_RE = re.compile(r"^\d{2,5}$")
MAX_LIMIT = 50


def search_communes(q: str, limit: int = 10, *, queryset=None) -> list[Commune]:
    """Return at most ``limit`` communes of the region matching ``q``, best first.

    - digits ("37", "370", "37000"): communes whose postal code starts with them, then the commune
      whose INSEE code is exactly them; bigger population first;
    - otherwise a name: every word of the query must appear in the commune's normalised name;
      the name equal to the query with or without its article comes first ("blanc" and
      "le blanc" -> "Le Blanc" before "Saint-Jean-le-Blanc"), then names starting with the query
      (article or not), then names with a word starting with it, then the others; bigger
      population first inside each group.

    One query; the candidate set is bounded by the region's communes (about 1,800 rows).
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    qs = queryset if queryset is not None else Commune.objects.in_region()
    qs = qs.select_related("department")
    text = (q or "").strip()
    if _DIGITS_RE.match(text):
        code = commune_code(text)  # an arrondissement's code (75108) finds its city (75056)
        matches = qs.filter(
            Q(postal_codes_search__contains=f" {text}") | Q(code=code)
        ).annotate(
            rank=Case(
                When(postal_codes_search__contains=f" {text} ", then=Value(0)),
                When(code=code, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
    else:
        norm = normalize_name(text)
        if len(norm) < 2:
            return []
        words = norm.split()
        condition = Q()
        for word in words:
            condition &= Q(search_name__contains=word)
        bare = without_article(norm)
        exact = [bare, *(f"{article} {bare}" for article in NAME_ARTICLES)]
        starts = Q(search_name__startswith=bare)
        for article in NAME_ARTICLES:
            starts |= Q(search_name__startswith=f"{article} {bare}")
        matches = qs.filter(condition).annotate(
            rank=Case(
                When(search_name__in=exact, then=Value(0)),
                When(starts, then=Value(1)),
                When(search_name__contains=f" {norm}", then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
    ordered = matches.order_by("rank", F("population").desc(nulls_last=True), "name", "code")
    return list(ordered[:limit])

"""The site-wide search: one box across every content type that registers itself.

An app makes its content searchable by declaring, in ``<app>/search.py``::

    SEARCH_TYPES = [
        SearchType(
            key="outils",
            label=_("Outils"),
            queryset=lambda: ToolPage.objects.live().public(),
            template="toolbox/includes/search_result.html",
            order=10,
        )
    ]

The model must be indexed by Wagtail's search (``index.Indexed`` with ``search_fields``); the
template receives ``result`` (the object). The search view itself lives in this app.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from .registry import collect


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    queryset: Callable[[], QuerySet]
    template: str
    order: int = 100


def search_types() -> list[SearchType]:
    return sorted(collect("search", "SEARCH_TYPES"), key=lambda t: t.order)

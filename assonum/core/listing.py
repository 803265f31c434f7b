"""A page of a public list whose matching rows are a derived value (see ``page_cache.derived``).

A filtered list of published records (tools, stories) costs two wide queries a request: the
count and the page, both planned and run over every matching row. The ordered primary keys of
the matches are the same for every visitor with the same filters until a record changes: they
are kept under the page cache's generation, and a request fetches only its page's rows by key.
"""

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from .page_cache import derived


def derived_page(name: str, parts: Any, queryset: QuerySet, number, per_page: int,
                 fetch: Callable[[QuerySet], QuerySet] | None = None, keep_rows: bool = False,
                 request=None) -> Page:
    """Page ``number`` of ``queryset``, its objects fetched by key (``fetch`` narrows the query:
    ``only()``, ``select_related()``...).

    ``parts`` must name everything the queryset's filters and order depend on (the chosen
    filters and sort, normalised: see :func:`parts_of`); the full query runs only when the
    keys for these parts are not kept. ``keep_rows``: the page's objects are kept too (then
    shared by the requests of the process: the caller must not change them).
    """
    keys = derived(name, parts, lambda: list(
        queryset.prefetch_related(None).values_list("pk", flat=True)), request)
    page = Paginator(keys, per_page).get_page(number)
    wanted = list(page.object_list)

    def rows() -> list:
        # The queryset itself, narrowed to the page's keys: its annotations (a distance),
        # joins and prefetches stay; the database reads a page of rows by key, not every match.
        found = queryset.filter(pk__in=wanted)
        if fetch is not None:
            found = fetch(found)
        by_key = {row.pk: row for row in found}
        # A record deleted since the keys were kept (its signal replaced them) is left out.
        return [by_key[key] for key in wanted if key in by_key]

    if keep_rows and wanted:
        page.object_list = derived(f"{name}-rows", (parts, page.number), rows, request)
    else:
        page.object_list = rows()
    return page


def parts_of(cleaned: dict) -> tuple:
    """A filter form's cleaned data as derived-value parts: a record stands for its key."""
    return tuple(sorted((name, getattr(value, "pk", value)) for name, value in cleaned.items()))


def query_without_page(request) -> str:
    """The list's query string without its page: what its filter form and its feeds show."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def this_minute():
    """Now, to the minute: a time-dependent list ("upcoming") counted from it can be kept for
    the minute, with the minute among its parts."""
    return timezone.now().replace(second=0, microsecond=0)

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
template receives ``result`` (the object). The search view itself lives in this app
(``assonum.core.views.search``, ``/recherche/``).

French, accents and plurals:

- on PostgreSQL, Wagtail's database backend uses the ``french_unaccent`` text-search configuration
  (French stemming + ``unaccent``; created by the migration ``toolbox.0002``, selected by
  ``SEARCH_CONFIG`` in settings): "ecole" finds "École", "sondages" finds "sondage";
- on SQLite, the FTS5 index already ignores case and accents but does not stem. A model that
  wants plurals and inflections found there adds a method ``search_stems`` returning
  :func:`search_stems` of its text and indexes it (``index.SearchField("search_stems")``); the
  view searches the visitor's words OR their stems (see :func:`build_query`). The stems are
  those of the French Snowball stemmer (PyPI ``snowballstemmer``, the algorithm PostgreSQL's
  ``french`` configuration uses), applied to accent-free words: "écoles", "ecole" and "École"
  all give "ecol", "associations" and "association" give "associ".

Ranking is bounded: each type first takes at most ``CANDIDATES`` matches without ranking, then
ranks only those (see :func:`run_search`).
"""

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

MAX_QUERY_WORDS = 12
CANDIDATES = 100  # matches ranked per type, at most


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    queryset: Callable[[], QuerySet]
    template: str
    order: int = 100


def search_types() -> list[SearchType]:
    from .plugins import plugins

    types = [t for plugin in plugins() if plugin.search_types for t in plugin.search_types()]
    return sorted(types, key=lambda t: t.order)


# --- normalisation ---------------------------------------------------------------------------

STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du elle en et il je l la le les leur lui ma mais me meme "
    "mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes "
    "toi ton tu un une vos votre vous y c est sont".split()
)
_WORD = re.compile(r"[a-z0-9]+")
_QUERY_WORD = re.compile(r"\w+")


def strip_accents(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@functools.cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


@functools.lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The French Snowball stem of an accent-free, lower-case word ("ecoles" -> "ecol")."""
    return _stemmer().stemWord(word)


def words(text: str) -> list[str]:
    """Lower-case, accent-free words of ``text`` (HTML tags dropped), stop words removed."""
    text = re.sub(r"<[^>]*>", " ", text or "")
    return [w for w in _WORD.findall(strip_accents(text.lower())) if w not in STOP_WORDS]


def search_stems(text: str) -> str:
    """The stems of every meaningful word of ``text``, each once, space-separated."""
    return " ".join(dict.fromkeys(stem(w) for w in words(text)))


def clean_query(q: str) -> str:
    """Keep the visitor's words only: no operators, quotes or control characters reach SQL."""
    return " ".join(_QUERY_WORD.findall((q or "")[:300])[:MAX_QUERY_WORDS])


def build_query(q: str):
    """The Wagtail search query for the cleaned words ``q`` (None when nothing is left)."""
    from wagtail.search.query import Or, PlainText

    if not q:
        return None
    if connection.vendor == "postgresql":
        return PlainText(q, operator="and")
    meaningful = " ".join(words(q))
    stems = search_stems(q)
    if not meaningful:
        return PlainText(q, operator="and")
    if stems and stems != meaningful:
        return Or([PlainText(meaningful, operator="and"), PlainText(stems, operator="and")])
    return PlainText(meaningful, operator="and")


# --- running a search ------------------------------------------------------------------------

@dataclass
class SearchGroup:
    type: SearchType
    results: list
    total: int  # capped at CANDIDATES + 1 when there are "more than CANDIDATES"

    @property
    def more(self) -> bool:
        return self.total > len(self.results)

    @property
    def total_is_capped(self) -> bool:
        return self.total > CANDIDATES


def candidate_ids(search_type: SearchType, query) -> tuple[QuerySet, list]:
    """At most ``CANDIDATES + 1`` matching primary keys, unranked (cheap with the index)."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.query import PlainText

    queryset = search_type.queryset()
    if connection.vendor == "postgresql" and isinstance(query, PlainText) and _integer_pk(queryset):
        return queryset, _postgres_candidate_ids(queryset, query)
    light = queryset.select_related(None).prefetch_related(None).only("pk")
    hits = get_search_backend().search(query, light, order_by_relevance=False)
    return queryset, [hit.pk for hit in hits[: CANDIDATES + 1]]


def _integer_pk(queryset: QuerySet) -> bool:
    pk = queryset.model._meta.pk
    while pk.is_relation:  # a page's pk is its page_ptr
        pk = pk.target_field
    integer_types = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}
    return pk.get_internal_type() in integer_types


def _postgres_candidate_ids(queryset: QuerySet, query) -> list:
    """The matches of the full-text index as a semi-join on the model's primary key.

    Wagtail's backend joins the index on ``object_id = pk::varchar``; right after a bulk load the
    planner guesses one match and picks a nested loop over every row (about 0.4 s for a word found
    in 1,000 pages). A ``pk IN (SELECT object_id::bigint ...)`` subquery stays a hash semi-join.
    """
    from django.conf import settings
    from django.db.models.expressions import RawSQL
    from modelsearch.utils import get_descendants_content_types_pks

    config = settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "simple"
    content_types = get_descendants_content_types_pks(queryset.model)
    matches = RawSQL(
        "SELECT object_id::bigint FROM wagtailsearch_indexentry WHERE content_type_id = ANY(%s)"
        " AND (title || body) @@ plainto_tsquery(%s::regconfig, %s)",
        (content_types, config, query.query_string),
    )
    return list(queryset.filter(pk__in=matches).order_by().values_list("pk", flat=True)
                [: CANDIDATES + 1])


def ranked(queryset: QuerySet, ids: list, query):
    """Rank the bounded candidate set only."""
    from wagtail.search.backends import get_search_backend

    return get_search_backend().search(query, queryset.filter(pk__in=ids[:CANDIDATES]))


def run_search(search_type: SearchType, query, limit: int) -> SearchGroup:
    queryset, ids = candidate_ids(search_type, query)
    if not ids:
        return SearchGroup(search_type, [], 0)
    results = list(ranked(queryset, ids, query)[:limit])
    return SearchGroup(search_type, results, len(ids))

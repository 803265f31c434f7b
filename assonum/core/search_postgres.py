"""The site search on PostgreSQL: the ``tsquery`` of the visitor's words and the ranked query.

See :mod:`assonum.core.search` for the documents, the matching rules and the bounded ranking;
this module holds the SQL only.
"""

import re
from contextlib import contextmanager
from dataclasses import replace

from django.db import connection, transaction

from .search import CANDIDATES, ParsedQuery


def _config() -> str:
    from django.conf import settings

    return settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") or "simple"


def postgres_tsquery(parsed: ParsedQuery) -> tuple[str, list]:
    """SQL of the ``tsquery`` and its parameters; only cleaned ``[a-z0-9]+`` words go in."""
    config = _config()
    parts, params = [], []
    for i, (word, synonyms) in enumerate(parsed.terms):
        alternatives = []
        if parsed.prefix and i == len(parsed.terms) - 1:
            assert re.fullmatch(r"[a-z0-9]+", word)
            alternatives.append("to_tsquery(%s::regconfig, %s)")
            params += [config, f"'{word}':*"]
        else:
            alternatives.append("plainto_tsquery(%s::regconfig, %s)")
            params += [config, word]
        for synonym in synonyms:
            alternatives.append("plainto_tsquery(%s::regconfig, %s)")
            params += [config, synonym]
        parts.append("(" + " || ".join(alternatives) + ")")
    return " && ".join(parts), params


# One block per type, each with its type key as a constant: the planner then uses that type's
# partial GIN index (:func:`type_index`) and the column statistics of its documents, and picks
# per type and per word — a sequential scan that stops at the LIMIT for a word found in many
# documents, the index for a rare one. A type key passed as a parameter of a LATERAL join (one
# query shape for every type) defeats both: the multi-column index then reads the whole posting
# list of the type key and the planner guesses. The tsquery is written out in each block rather
# than computed once in a CTE for the same reason: with constant arguments ``to_tsquery(regconfig,
# text)`` is immutable, so the planner folds it and estimates its matches.
_TYPE_BLOCK = """(
    SELECT s.type_key, s.object_id, s.is_free_software, s.title, s.id,
           ts_rank_cd(s.vector, {tsquery}) * s.boost AS rank
    FROM core_searchdocument s
    WHERE s.published AND s.type_key = %s AND s.vector @@ ({tsquery})
    LIMIT %s
)"""
_POSTGRES_SEARCH = """
SELECT r.type_key, r.object_id, r.total FROM (
    SELECT c.type_key, c.object_id, count(*) OVER (PARTITION BY c.type_key) AS total,
           row_number() OVER (PARTITION BY c.type_key
                              ORDER BY c.rank DESC, c.is_free_software DESC, c.title, c.id) AS n
    FROM ({blocks}) c
) r
WHERE r.n > %s AND r.n <= %s
ORDER BY r.type_key, r.n
"""


def candidates_sql(parsed: ParsedQuery, keys: list[str], offset: int, limit: int):
    tsquery, params = postgres_tsquery(parsed)
    block = _TYPE_BLOCK.format(tsquery=tsquery)
    blocks, block_params = [], []
    for key in keys:
        blocks.append(block)
        block_params += [*params, key, *params, CANDIDATES + 1]
    sql = _POSTGRES_SEARCH.format(blocks="\n    UNION ALL\n    ".join(blocks))
    return sql, [*block_params, offset, offset + limit]


_TYPE_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


def type_index_name(key: str) -> str:
    return f"searchdocument_{key}_gin"


def type_index(key: str):
    """The migration operation of the partial GIN index of the documents of type ``key``.

    Every app that declares a ``SearchType`` adds one in its own migrations (PostgreSQL only;
    a no-op elsewhere)::

        operations = [type_index("outils")]

    Without it the type is still searched, through the table's index on ``(type_key, vector)``,
    only slower with many documents.
    """
    from django.db import migrations

    if not _TYPE_KEY.fullmatch(key):
        raise ValueError(f"not a search type key: {key!r}")
    name = type_index_name(key)

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON core_searchdocument USING gin (vector) '
                f"WHERE published AND type_key = '{key}'")

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)


def _fetch(sql: str, params: list) -> dict[str, tuple[list, int]]:
    hits: dict[str, tuple[list, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, object_id, total in cursor.fetchall():
            ids, _total = hits.setdefault(key, ([], total))
            ids.append(object_id)
    return hits


@contextmanager
def _bitmap_scans_only():
    """The planner may only read the documents through an index bitmap (the type's GIN index).

    For a prefix (``'soudur':*``) PostgreSQL has no statistics and guesses a few percent of the
    documents; with the LIMIT it then prefers a sequential scan "until 101 matches", which for a
    rare prefix reads and decompresses every ``tsvector`` of the type. The settings are local to
    a transaction (a savepoint inside a request's transaction) and reset right after the query.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        yield
        cursor.execute("RESET enable_seqscan; RESET enable_indexscan")


def postgres_hits(parsed: ParsedQuery, keys, offset, limit) -> dict[str, tuple[list, int]]:
    """The ranked ids and the (capped) number of matches of each type.

    First every word as a whole word, where the planner's estimates are right (a common word: a
    scan that stops at the LIMIT; a rare one: the index). Then, when the last word is also a
    prefix, only for the types that did not already reach the cap (a full type would only get a
    different arbitrary sample): the prefix query, through the index bitmap; its matches include
    the first query's, ranked together.
    """
    hits = _fetch(*candidates_sql(replace(parsed, prefix=False), keys, offset, limit))
    if parsed.prefix:
        open_keys = [key for key in keys if hits.get(key, ([], 0))[1] <= CANDIDATES]
        if open_keys:
            with _bitmap_scans_only():
                hits.update(_fetch(*candidates_sql(parsed, open_keys, offset, limit)))
    return hits

"""The site search on PostgreSQL: the ``tsquery`` of the visitor's words and the ranked query.

See :mod:`assonum.core.search` for the documents, the matching rules and the bounded ranking;
this module holds the SQL only.
"""

import re

from django.db import connection

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


# The tsquery is written out twice rather than computed once in a CTE: with constant arguments
# ``to_tsquery(regconfig, text)`` is immutable, so the planner folds it and estimates its matches
# from the column's statistics (bitmap scan of the GIN index for a rare word, a sequential scan
# that stops at the LIMIT for a very common one); from a CTE it would guess blindly.
_POSTGRES_SEARCH = """
SELECT r.type_key, r.object_id, r.total FROM (
    SELECT c.type_key, c.object_id, count(*) OVER (PARTITION BY c.type_key) AS total,
           row_number() OVER (PARTITION BY c.type_key
                              ORDER BY c.rank DESC, c.is_free_software DESC, c.title, c.id) AS n
    FROM (
        SELECT d.type_key, d.object_id, d.is_free_software, d.title, d.id,
               ts_rank_cd(d.vector, {tsquery}) * d.boost AS rank
        FROM unnest(%s::varchar[]) AS t(key)
        CROSS JOIN LATERAL (
            SELECT s.type_key, s.object_id, s.is_free_software, s.title, s.id, s.boost, s.vector
            FROM core_searchdocument s
            WHERE s.published AND s.type_key = t.key AND s.vector @@ ({tsquery})
            LIMIT %s
        ) d
    ) c
) r
WHERE r.n > %s AND r.n <= %s
ORDER BY r.type_key, r.n
"""


def candidates_sql(parsed: ParsedQuery, keys: list[str], offset: int, limit: int):
    tsquery, params = postgres_tsquery(parsed)
    return (_POSTGRES_SEARCH.format(tsquery=tsquery),
            [*params, list(keys), *params, CANDIDATES + 1, offset, offset + limit])


def postgres_hits(parsed, keys, offset, limit) -> dict[str, tuple[list, int]]:
    sql, params = candidates_sql(parsed, keys, offset, limit)
    hits: dict[str, tuple[list, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, object_id, total in cursor.fetchall():
            ids, _total = hits.setdefault(key, ([], total))
            ids.append(object_id)
    return hits

"""The site search at scale: p50/p95 of 30 queries, in process, on the bench database.

    .venv/bin/python bench/search.py [--database-url postgres://postgres@127.0.0.1:5432/assonum_bench]
                                     [--repeat 20]

Prepare the data once with ``manage.py make_bench_data --documents 100000`` (see README.md).
For each query (short and long, common and rare, with and without accents, a prefix, an
"alternative à"): one warm-up, then ``--repeat`` timings of

- ``search``: :func:`assonum.core.search.run` for every type, 10 results a type (the SQL that
  finds and ranks the candidates plus the queries that load the objects shown);
- ``page``: the whole ``/recherche/?q=`` page through Django's test client (middleware,
  templates), production settings with DEBUG off.

Prints p50/p95 per query and overall, the SQL count of a page, the number of documents, the date
and the machine's load. Figures are reported, never asserted.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    # short, common
    "atelier", "numérique", "association", "formation", "ordinateur", "accompagnement",
    # long, common
    "atelier numérique", "association numerique", "accompagnement démarches administratives",
    "initiation ordinateur seniors", "formation bureautique emploi jeunes",
    "ateliers numériques pour les familles",
    # rare
    "généalogie", "soudure", "OpenStreetMap", "podcast radio", "malvoyants", "ameli retraite",
    # with and without accents
    "ecole", "école numérique", "mediatheque", "médiathèque jeux vidéo", "reparation reemploi",
    "cybersecurite arnaques",
    # prefix, synonyms, alternatives, nothing
    "impri", "visio", "visioconf", "alternative à zoom", "sondage", "zzzzqqq",
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default="postgres://postgres@127.0.0.1:5432/assonum_bench")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings", DATABASE_URL=args.database_url, DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0", LOG_LEVEL="WARNING",
        VAR_DIR=str(ROOT / "var" / "bench"))
    os.environ.pop("ASSONUM_TESTING", None)
    import django

    django.setup()
    from django.contrib.staticfiles import storage

    # No collectstatic for an in-process run: plain static URLs (the manifest is not read).
    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assonum.core import search as site_search
    from assonum.core.models import SearchDocument
    from assonum.core.search import run, search_types

    # The site keeps a query's results until a document changes: measure the search itself.
    site_search.KEEP_RESULTS = False

    types = search_types()
    client = Client(HTTP_HOST="127.0.0.1")
    documents = SearchDocument.objects.filter(published=True).count()
    rows, all_search, all_page = [], [], []
    for q in QUERIES:
        groups = run(q, types)
        client.get("/recherche/", {"q": q})
        # Each request resets the query log (request_started): start the capture from an empty
        # log, or the slice CaptureQueriesContext takes is empty.
        reset_queries()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/recherche/", {"q": q})
        assert response.status_code == 200, (q, response.status_code)
        sql_count = len(ctx.captured_queries)  # read now: the next request empties the log
        search_times, page_times = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            run(q, types)
            search_times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            client.get("/recherche/", {"q": q})
            page_times.append((time.perf_counter() - started) * 1000)
        all_search += search_times
        all_page += page_times
        found = sum(min(g.total, 101) for g in groups)
        rows.append((q, found, sql_count, statistics.median(search_times),
                     percentile(search_times, 95), statistics.median(page_times),
                     percentile(page_times, 95)))
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {connection.vendor}, {documents} published "
          f"search documents, {args.repeat} timings a query, load average {' '.join(load)}")
    print("| query | found (capped 101/type) | SQL a page | search p50 ms | search p95 ms "
          "| page p50 ms | page p95 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for q, found, sql, s50, s95, p50, p95 in rows:
        print(f"| {q} | {found} | {sql} | {s50:.1f} | {s95:.1f} | {p50:.1f} | {p95:.1f} |")
    print(f"| **all {len(QUERIES)} queries** | | | {statistics.median(all_search):.1f} | "
          f"{percentile(all_search, 95):.1f} | {statistics.median(all_page):.1f} | "
          f"{percentile(all_page, 95):.1f} |")


if __name__ == "__main__":
    main()

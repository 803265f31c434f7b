"""The newsletter issue page at scale: time and SQL of ``/lettre/archives/<issue>/``.

    DATABASE_URL=postgres://... DJANGO_SETTINGS_MODULE=bench.settings \\
        .venv/bin/python bench/newsletter_issue.py [--places 100000] [--repeat 5]

Adds ``--places`` published places (bulk, dated within the digest window of the newest live
issue; created once, tagged ``bench-digest``), then fetches every live issue page a few times
with Django's test client and prints the median time and the SQL count of each. The digest is
computed in SQL (``assonum.core.digest``), so both stay flat as the rows grow.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.contrib.staticfiles import storage

    # In process, without collectstatic: plain static URLs (the manifest is not read).
    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assonum.directory.models import Place
    from assonum.newsletter.models import NewsletterIssuePage

    have = Place.objects.filter(source="bench-digest").count()
    if have < args.places:
        batch = [
            Place(source="bench-digest", source_id=f"d{n}", pivot=f"{90000000000000 + n}",
                  nom=f"Lieu du résumé {n}", slug=f"lieu-du-resume-{n}", commune_nom="Orléans",
                  code_postal="45000", adresse="1 rue", latitude=47.9, longitude=1.9,
                  offers=["formation"], status=Place.Status.PUBLISHED)
            for n in range(have, args.places)
        ]
        Place.objects.bulk_create(batch, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE directory_place")
    # Inside the window of the newest live issue, so its digest has them all to choose from.
    from assonum.newsletter.rendering import digest_bounds

    newest = NewsletterIssuePage.objects.live().order_by("-issue_date", "-number").first()
    if newest is not None:
        since, until = digest_bounds(newest)
        Place.objects.filter(source="bench-digest").update(created_at=since + (until - since) / 2)
    print(f"{Place.objects.published().count()} published places", flush=True)
    client = Client(HTTP_HOST="127.0.0.1")
    for issue in NewsletterIssuePage.objects.live().order_by("number"):
        url = issue.get_url()
        client.get(url)
        times = []
        for _ in range(args.repeat):
            reset_queries()  # each request empties the log: capture from an empty one
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                count = len(queries)
        print(f"{url}: {response.status_code}, median {statistics.median(times):.1f} ms, "
              f"p95 {sorted(times)[round(0.95 * (len(times) - 1))]:.1f} ms, {count} SQL queries",
              flush=True)


if __name__ == "__main__":
    main()

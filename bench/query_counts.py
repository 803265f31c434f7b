"""SQL queries per scenario: each path fetched twice with Django's test client (anonymous), the
second under ``CaptureQueriesContext``; prints ``{path: count}`` as JSON on stdout.

Run by bench/run.py with the benchmark server's environment (``PAGE_CACHE_SECONDS=0``), so the
count is the uncached page's.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(paths: list[str]) -> None:
    import django

    django.setup()
    from django.contrib.staticfiles import storage

    # In process, without collectstatic: plain static URLs (the manifest is not read); the
    # number of queries does not depend on it.
    storage.staticfiles_storage._wrapped = storage.StaticFilesStorage()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for path in paths:
        client.get(path)  # warm the per-process caches, as a running server has them
        reset_queries()  # each request empties the log: capture from an empty one
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            count = len(queries)
        counts[path] = count if response.status_code == 200 else -response.status_code
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1:])

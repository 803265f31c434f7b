"""Fill the database with a realistic volume for the benchmark (see bench/README.md).

Every app may declare ``Plugin(bench=Bench(generate=..., fill=...))`` (see assonum.core.plugins).
Run ``load_demo`` first: the apps hang their data under the demo's pages and reference data.
The site search's documents are rebuilt at the end (``rebuild_search_index``); with
``--documents N`` the apps' ``fill`` hooks then add searchable rows until there are N documents.
"""

import time

from django.core.management.base import BaseCommand

from assonum.core.plugins import plugins


class Command(BaseCommand):
    help = "Create benchmark data in every app that has a bench.py hook."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1.0 = the sizes of quality.md (2,000 tools and guides...)")
        parser.add_argument("--documents", type=int, default=0,
                            help="reach this many search documents (e.g. 100000) with the "
                                 "apps' fill hooks (the directory's places)")

    def handle(self, *args, scale, documents, **options):
        from assonum.core.models import SearchDocument
        from assonum.core.search import rebuild

        for plugin in plugins():
            if plugin.bench is None or plugin.bench.generate is None:
                continue
            started = time.monotonic()
            plugin.bench.generate(self.stdout, scale)
            self.stdout.write(f"  {plugin.app} done in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        rebuild(stdout=self.stdout)
        self.stdout.write(f"  search index rebuilt in {time.monotonic() - started:.1f} s")
        for plugin in plugins():
            missing = documents - SearchDocument.objects.count()
            if missing <= 0:
                break
            if plugin.bench is None or plugin.bench.fill is None:
                continue
            started = time.monotonic()
            plugin.bench.fill(self.stdout, missing)
            self.stdout.write(f"  {plugin.app} fill done in {time.monotonic() - started:.1f} s")
        if documents:
            from django.db import connection

            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        self.stdout.write(f"search documents: {SearchDocument.objects.count()}")

"""Rewrite the site search's documents (``core.SearchDocument``) from the apps' declarations.

Run after a bulk load that bypassed the signals (``make_bench_data`` and ``load_demo`` run it
themselves), or after changing a ``SearchType.document``. See ``assonum.core.search``.
"""

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Reconstruit l'index de la recherche du site (tous les types, ou ceux de --type)."

    def add_arguments(self, parser):
        parser.add_argument("--type", action="append", default=[], dest="keys",
                            help="a type key (outils, fiches, lieux...); repeat for several")

    def handle(self, *args, keys, **options):
        from assonum.core.search import rebuild

        started = time.monotonic()
        total = rebuild(keys, stdout=self.stdout)
        self.stdout.write(f"search: {total} documents in {time.monotonic() - started:.1f} s")

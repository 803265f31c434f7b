"""Fill the database with a realistic volume for the benchmark (see bench/README.md).

Every app may declare ``Plugin(bench=Bench(generate=...))`` (see assonum.core.plugins).
Run ``load_demo`` first: the apps hang their data under the demo's pages and reference data.
"""

import time

from django.core.management.base import BaseCommand

from assonum.core.plugins import plugins


class Command(BaseCommand):
    help = "Create benchmark data in every app that has a bench.py hook."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1.0 = the sizes of quality.md (2,000 tools and guides...)")

    def handle(self, *args, scale, **options):
        for plugin in plugins():
            if plugin.bench is None or plugin.bench.generate is None:
                continue
            started = time.monotonic()
            plugin.bench.generate(self.stdout, scale)
            self.stdout.write(f"  {plugin.app} done in {time.monotonic() - started:.1f} s")

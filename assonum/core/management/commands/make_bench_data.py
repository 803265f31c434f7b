"""Fill the database with a realistic volume for the benchmark (see bench/README.md).

Every app may provide ``bench.py`` with ``generate(stdout, scale)`` (see assonum.core.registry).
Run ``load_demo`` first: the apps hang their data under the demo's pages and reference data.
"""

import time

from django.core.management.base import BaseCommand

from assonum.core.registry import app_modules


class Command(BaseCommand):
    help = "Create benchmark data in every app that has a bench.py hook."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0,
                            help="1.0 = the sizes of quality.md (2,000 tools and guides...)")

    def handle(self, *args, scale, **options):
        for module in app_modules("bench"):
            started = time.monotonic()
            module.generate(self.stdout, scale)
            self.stdout.write(f"  {module.__name__} done in {time.monotonic() - started:.1f} s")

from django.core.management.base import BaseCommand
from django.db import transaction

from assonum.core.registry import app_modules


class Command(BaseCommand):
    help = "Charge le contenu de démonstration de chaque application (idempotent)."

    def handle(self, *args, **options):
        lines: list[str] = []
        for module in app_modules("demo"):
            with transaction.atomic():
                lines.extend(module.load(self.stdout) or [])
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        for line in lines:
            self.stdout.write(line)

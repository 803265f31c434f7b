from django.core.management.base import BaseCommand
from django.db import transaction

from assonum.core.plugins import plugins


class Command(BaseCommand):
    help = "Charge le contenu de démonstration de chaque application (idempotent)."

    def handle(self, *args, **options):
        lines: list[str] = []
        for plugin in plugins():
            if plugin.demo is None:
                continue
            with transaction.atomic():
                lines.extend(plugin.demo(self.stdout) or [])
        from assonum.core.search import rebuild

        rebuild(stdout=self.stdout)  # the site search's documents (see core.search)
        self.stdout.write(self.style.SUCCESS("Contenu de démonstration chargé."))
        for line in lines:
            self.stdout.write(line)

import time

from django.core.management.base import BaseCommand

from assonum.core.periodic import enqueue_due


class Command(BaseCommand):
    help = "Met en file les tâches périodiques dues (une fois, ou en boucle avec --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Vérifie en continu.")
        parser.add_argument("--interval", type=int, default=60,
                            help="Secondes entre deux passages.")

    def handle(self, *args, loop=False, interval=60, **options):
        while True:
            for name in enqueue_due():
                self.stdout.write(f"Tâche périodique en file : {name}")
            if not loop:
                return
            time.sleep(interval)

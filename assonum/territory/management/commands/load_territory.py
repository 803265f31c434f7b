from django.conf import settings
from django.core.management.base import BaseCommand

from assonum.territory.services import load_territory


class Command(BaseCommand):
    help = "Charge ou met à jour les départements et communes de la région (REGION_CODE)."

    def add_arguments(self, parser):
        parser.add_argument("--region", default=None,
                            help=f"INSEE region code (default: REGION_CODE={settings.REGION_CODE})")
        parser.add_argument("--force", action="store_true",
                            help="Reload even if the data is already up to date.")

    def handle(self, *args, region=None, force=False, **options):
        result = load_territory(region_code=region, force=force)
        self.stdout.write(self.style.SUCCESS(result.summary()))

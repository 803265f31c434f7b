import sys

from django.core.management.base import BaseCommand

from assonum.directory.exports import export_places, suggested_filename


class Command(BaseCommand):
    help = "Exporte les lieux publiés au format du standard national (schéma v1.0.2)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument(
            "-o", "--output",
            help="Fichier de sortie (« - » pour la sortie standard ; par défaut le nom suggéré "
                 "par le standard, dans le dossier courant)",
        )

    def handle(self, *args, **options):
        fmt = options["format"]
        output = options["output"] or suggested_filename(fmt)
        if output == "-":
            count = export_places(sys.stdout, fmt)
            return
        with open(output, "w", encoding="utf-8", newline="") as handle:
            count = export_places(handle, fmt)
        self.stderr.write(f"{count} lieux exportés dans {output}")

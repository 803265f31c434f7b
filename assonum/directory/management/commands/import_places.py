from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assonum.directory.importing import import_places
from assonum.directory.models import ImportRun


class Command(BaseCommand):
    help = (
        "Importe des lieux (CSV ou JSON, standard des lieux de médiation numérique "
        "v1.0.2 ou v0.x)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier CSV ou JSON")
        parser.add_argument("--source", help="Nom de la source (par défaut : le nom du fichier)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Essai à blanc : rien n'est enregistré",
        )
        parser.add_argument(
            "--all-or-nothing", action="store_true",
            help="N'importer aucune ligne si une seule est refusée",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        source = options["source"] or path.stem
        run = import_places(
            file=path, source=source, dry_run=options["dry_run"],
            all_or_nothing=options["all_or_nothing"],
        )
        write_summary(self.stdout, run)
        if run.state == ImportRun.State.FAILED:
            raise CommandError(run.report.get("fatal") or "Échec de l'import.")


def write_summary(out, run: ImportRun) -> None:
    if run.dry_run:
        out.write("Essai à blanc : rien n'a été enregistré.")
    elif not run.applied:
        out.write("Rien n'a été importé (tout ou rien : au moins une ligne est refusée).")
    out.write(
        f"Fichier : {run.file_name} — format : {run.format_detected or 'inconnu'} "
        f"— source : {run.source}"
    )
    if run.report.get("fatal"):
        out.write(f"Erreur : {run.report['fatal']}")
    out.write(
        f"{run.rows} lignes : {run.imported} acceptées "
        f"({run.created} créées, {run.updated} mises à jour, "
        f"{run.duplicates} doublons probables à examiner), {run.rejected} refusées "
        f"(dont {run.out_of_region} hors région)."
    )
    # Grouped: one line per (field, message), its count and first lines (importing.group_entries).
    if run.error_groups:
        out.write("Lignes refusées :")
        for group in run.error_groups:
            out.write(_group_line(group))
    if run.warnings:
        total = sum(w.get("count", 1) for w in run.warnings)
        out.write(f"{total} avertissement(s), lignes importées :")
        for group in run.warnings:
            out.write(_group_line(group))


def _group_line(group: dict) -> str:
    count = group.get("count", 1)
    lines = group.get("lines") or [group["line"]]
    where = ("ligne " if len(lines) == 1 else "lignes ") + ", ".join(map(str, lines))
    if count > len(lines):
        where += "…"
    text = f"  {count} × {group['field']} : {group['reason']} ({where})"
    examples = group.get("examples") or []
    if examples and count > 1:
        text += "\n      par exemple : " + " / ".join(examples)
    elif examples:
        text = f"  {count} × {group['field']} : {examples[0]} ({where})"
    return text

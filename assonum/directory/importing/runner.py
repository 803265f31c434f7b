"""Running an import: read, clean, match and apply every row in one transaction; the report."""

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assonum.core.workflow import transition

from ..models import DuplicateCandidate, ImportRun, Place
from .cleaners import clean_row
from .columns import V0_COLUMNS_WITHOUT_EQUIVALENT, normalise_header
from .matching import _Communes, _PlaceIndex
from .reading import MAX_FILE_SIZE, FileError, _read, parse_file

logger = logging.getLogger(__name__)

MAX_ERROR_ROWS = 200  # rejected rows listed one by one in the report (all are counted)


EXAMPLE_LINES = 5  # line numbers shown per group
EXAMPLE_VALUES = 3


def group_entries(entries: list[dict]) -> list[dict]:
    """One entry per (field, message): count, first lines, a few examples; biggest first.

    Keeps ``line`` (the first line) so a group reads like a single entry when it has one row.
    """
    groups: dict[tuple, dict] = {}
    for entry in entries:
        reason = entry.get("group") or entry["reason"]
        key = (entry["field"], reason)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"field": entry["field"], "reason": reason, "count": 0,
                                   "lines": [], "line": entry["line"], "examples": []}
        group["count"] += 1
        if len(group["lines"]) < EXAMPLE_LINES and entry["line"] not in group["lines"]:
            group["lines"].append(entry["line"])
        if entry.get("group") and len(group["examples"]) < EXAMPLE_VALUES:
            group["examples"].append(entry["reason"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["line"]))


def place_from_data(data: dict, *, place: Place | None = None) -> Place:
    """See :meth:`Place.from_data`."""
    return Place.from_data(data, place=place)


def merge_into(place: Place, data: dict) -> None:
    """See :meth:`Place.merge_data`."""
    place.merge_data(data)


class _Rollback(Exception):
    pass


def import_places(*, file, source: str, dry_run: bool = False, all_or_nothing: bool = False,
                  user=None, run: ImportRun | None = None,
                  file_name: str | None = None) -> ImportRun:
    """Import a file of places; returns the finished :class:`ImportRun` (never raises on bad data).

    ``file`` is a path, bytes or a file object. ``run`` lets a background task fill a run created
    beforehand (the upload view creates it so the status page exists at once).
    """
    raw, guessed_name = _read(file)
    if run is None:
        run = ImportRun.objects.create(
            file_name=(file_name or guessed_name)[:255], source=source, dry_run=dry_run,
            all_or_nothing=all_or_nothing, created_by=user if getattr(user, "pk", None) else None,
        )
    by = user if getattr(user, "pk", None) else None
    transition(run, ImportRun.State.RUNNING, by=by, changes={"started_at": timezone.now()})
    report: dict = {"errors": [], "warnings": [], "fatal": None}
    final = ImportRun.State.DONE
    if (run.report or {}).get("retries"):  # kept: retry_stalled_imports counts the retries
        report["retries"] = run.report["retries"]
    try:
        _run(run, raw, report)
    except FileError as exc:
        report["fatal"] = str(exc)
    except Exception as exc:  # a bug: nothing was applied (the transaction rolled back)
        logger.exception("Import %s failed", run.pk)
        report["fatal"] = f"Erreur inattendue, rien n'a été importé ({type(exc).__name__})."
        run.applied = False
        run.created = run.updated = run.duplicates = 0
        final = ImportRun.State.FAILED
    report["warnings"] = group_entries(report["warnings"])
    report["error_groups"] = group_entries(report["errors"])
    if len(report["errors"]) > MAX_ERROR_ROWS:  # the groups above count them all
        report["errors_left_out"] = len(report["errors"]) - MAX_ERROR_ROWS
        report["errors"] = report["errors"][:MAX_ERROR_ROWS]
    run.report = report
    run.finished_at = timezone.now()
    run.save()
    transition(run, final, by=by)
    return run


def _run(run: ImportRun, raw: bytes, report: dict) -> None:
    if len(raw) > MAX_FILE_SIZE:
        raise FileError(f"Fichier trop gros (au plus {MAX_FILE_SIZE // (1024 * 1024)} Mo).")
    parsed = parse_file(raw, run.file_name)
    run.format_detected = parsed.format[:100]
    for column in parsed.unknown_columns:
        reason = "Colonne inconnue, ignorée."
        if normalise_header(column) in V0_COLUMNS_WITHOUT_EQUIVALENT:
            reason = "Colonne du schéma v0.1.1 sans équivalent en v1.0.2, ignorée."
        report["warnings"].append({"line": 1, "field": column[:80], "reason": reason})
    run.rows = len(parsed.rows)
    accept_outside = getattr(settings, "DIRECTORY_ACCEPT_OUTSIDE_REGION", False)
    counts = {"created": 0, "updated": 0, "duplicates": 0, "rejected": 0, "out_of_region": 0}
    try:
        with transaction.atomic():
            communes = _Communes()
            index = _PlaceIndex()
            existing = {
                (s, i): pk for s, i, pk in Place.objects.filter(source=run.source)
                .values_list("source", "source_id", "pk")
            }
            seen_ids: dict[str, int] = {}
            for line, record in parsed.rows:
                outcome = clean_row(line, record, source=run.source)
                data = outcome.data
                if data and not outcome.errors:
                    if data["source_id"] in seen_ids:
                        outcome.error(
                            "id", f"Identifiant déjà utilisé ligne {seen_ids[data['source_id']]}.",
                        )
                    else:
                        seen_ids[data["source_id"]] = line
                if data and not outcome.errors:
                    commune, in_region = communes.find(
                        data["code_insee"], data["code_postal"], data["commune_nom"],
                    )
                    data["commune_id"] = commune.pk if commune else None
                    if commune is not None:
                        # The official name, with its article ("La Châtre", not "CHATRE (LA)").
                        data["commune_nom"] = commune.name
                        data["code_insee"] = commune.pk
                        if not data["code_postal"] and commune.postal_codes:
                            data["code_postal"] = commune.postal_codes[0]
                            if len(commune.postal_codes) > 1:
                                outcome.warn("code_postal", "Code postal absent ou invalide : le "
                                             "premier de la commune est pris, à vérifier.")
                    elif not data["commune_nom"]:
                        outcome.error("commune_nom", "Commune absente et codes non reconnus : le "
                                      "lieu ne peut pas être rattaché à une commune.")
                    elif not data["code_postal"]:
                        outcome.error("code_postal", "Pas de code postal valide et commune non "
                                      "reconnue : le lieu ne peut pas être rattaché à une commune.")
                    if not in_region:
                        counts["out_of_region"] += 1
                        if not accept_outside:
                            outcome.error(
                                "code_insee" if data["code_insee"] else "code_postal",
                                "Lieu hors de la région : il n'est pas importé.",
                            )
                    elif commune is None:
                        outcome.warn(
                            "commune_nom",
                            f"Commune « {data['commune_nom'][:60]} » "
                            f"non reconnue (code postal {data['code_postal'] or 'absent'}).",
                        )
                report["warnings"].extend(outcome.warnings)
                if outcome.errors:
                    counts["rejected"] += 1
                    for error in outcome.errors:
                        error["id"] = (
                            (record.get("id") or "")[:60]
                            if isinstance(record.get("id"), str) else ""
                        )
                        error["nom"] = (
                            (record.get("nom") or "")[:80]
                            if isinstance(record.get("nom"), str) else ""
                        )
                    report["errors"].extend(outcome.errors)
                    continue
                _apply(run, line, data, existing, index, counts)
            run.created, run.updated = counts["created"], counts["updated"]
            run.duplicates, run.rejected = counts["duplicates"], counts["rejected"]
            run.out_of_region = counts["out_of_region"]
            run.imported = run.created + run.updated + run.duplicates
            run.applied = not run.dry_run and not (run.all_or_nothing and run.rejected)
            if not run.applied:
                raise _Rollback
    except _Rollback:
        pass


def _apply(run, line, data, existing, index, counts) -> None:
    pk = existing.get((data["source"], data["source_id"]))
    place = None
    if pk is None:
        try:
            uid = uuid.UUID(data["source_id"])
        except ValueError:
            uid = None
        if uid is not None:
            place = Place.objects.filter(uid=uid).first()
    else:
        place = Place.objects.get(pk=pk)
    if place is not None:
        source, source_id = place.source, place.source_id
        place_from_data(data, place=place)
        place.source, place.source_id = source, source_id  # keep the key of the place
        place.save()
        counts["updated"] += 1
        return
    duplicate = index.find(data)
    if duplicate is not None:
        existing_pk, reason = duplicate
        known = DuplicateCandidate.objects.filter(
            existing_place_id=existing_pk,
            incoming_data__source=data["source"],
            incoming_data__source_id=data["source_id"],
        ).first()
        if known is None:
            DuplicateCandidate.objects.create(
                import_run=run, line=line, incoming_data=data, existing_place_id=existing_pk,
                reason=reason,
            )
        elif known.status == DuplicateCandidate.Status.OPEN:
            known.incoming_data, known.import_run, known.line = data, run, line
            known.save(update_fields=["incoming_data", "import_run", "line"])
        counts["duplicates"] += 1
        return
    place = place_from_data(data)
    place.status = Place.Status.PUBLISHED
    place.save()
    existing[(data["source"], data["source_id"])] = place.pk
    index.add(place.pk, place.pivot, place.source, place.nom, place.latitude, place.longitude)
    counts["created"] += 1

"""Background tasks of the directory (idempotent).

- ``remind_stale_listings``: emails the owners of listings not updated for a long time;
- ``run_import``: the import of an uploaded file (the back-office upload view queues it through
  :func:`start_import`); a run that is already finished is left alone;
- ``retry_stalled_imports``: queues again the imports whose worker died.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from . import services
from .importing import import_places
from .models import ImportRun


@task()
def remind_stale_listings() -> int:
    """Email owners of listings older than DIRECTORY_STALE_AFTER_DAYS (see services)."""
    return services.remind_stale_listings()


@task()
def run_import(run_id: int) -> str:
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.is_finished:
        return "skipped"
    content = bytes(run.upload or b"")
    run = import_places(
        file=content, source=run.source, dry_run=run.dry_run, all_or_nothing=run.all_or_nothing,
        run=run, file_name=run.file_name,
    )
    ImportRun.objects.filter(pk=run.pk).update(upload=b"")
    return run.state


# A run still "running" this long after it started was lost with its worker (killed, machine
# restarted): the import is one transaction, so nothing of it was applied. (A "queued" run is
# still in the task queue, which survives a worker's death.)
IMPORT_STALL_SECONDS = 15 * 60
IMPORT_MAX_RETRIES = 2


@task()
def retry_stalled_imports() -> int:
    """Queue again the imports whose worker died (their file is kept until they finish); after
    ``IMPORT_MAX_RETRIES`` retries the run ends failed with a French message. Idempotent."""
    stall = getattr(settings, "IMPORT_STALL_SECONDS", IMPORT_STALL_SECONDS)
    cutoff = timezone.now() - timedelta(seconds=stall)
    retried = 0
    stalled = ImportRun.objects.filter(state=ImportRun.State.RUNNING, started_at__lt=cutoff)
    for run_id in stalled.values_list("pk", flat=True):
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().get(pk=run_id)
            if run.state != ImportRun.State.RUNNING or run.started_at >= cutoff:
                continue
            report = dict(run.report or {})
            report["retries"] = report.get("retries", 0) + 1
            if report["retries"] > IMPORT_MAX_RETRIES or not run.upload:
                report["fatal"] = ("Le traitement a été interrompu plusieurs fois ; rien n'a été "
                                   "importé. Relancez l'import.")
                run.state, run.finished_at = ImportRun.State.FAILED, timezone.now()
                run.applied, run.upload = False, b""
            else:
                run.state, run.started_at = ImportRun.State.QUEUED, None
                transaction.on_commit(lambda pk=run.pk: run_import.enqueue(pk))
                retried += 1
            run.report = report
            run.save()
    return retried


def start_import(*, content: bytes, file_name: str, source: str, dry_run: bool = False,
                 all_or_nothing: bool = False, user=None) -> ImportRun:
    """Create the run (so its status page exists at once) and queue the import."""
    run = ImportRun.objects.create(
        file_name=file_name[:255], source=source, dry_run=dry_run, all_or_nothing=all_or_nothing,
        created_by=user if getattr(user, "pk", None) else None, upload=content,
    )
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run

"""Background import of an uploaded file (the back-office upload view enqueues it).

Lives here rather than in tasks.py (the directory UI's module) so that the import has one owner.
Idempotent: a run that is already finished is left alone.
"""

from django_tasks import task

from .imports import import_places
from .models import ImportRun


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


def start_import(*, content: bytes, file_name: str, source: str, dry_run: bool = False,
                 all_or_nothing: bool = False, user=None) -> ImportRun:
    """Create the run (so its status page exists at once) and queue the import."""
    from django.db import transaction

    run = ImportRun.objects.create(
        file_name=file_name[:255], source=source, dry_run=dry_run, all_or_nothing=all_or_nothing,
        created_by=user if getattr(user, "pk", None) else None, upload=content,
    )
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run

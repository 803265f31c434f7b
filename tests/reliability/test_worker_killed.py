"""Issue 17 §3: a real ``manage.py db_worker`` process killed (SIGKILL) during a directory import.

The import runs in one transaction: the kill leaves no place behind, the run stays "running"
with its file kept; the periodic sweep ``retry_stalled_imports`` queues it again and a new
worker finishes it, each place once. (The newsletter send's kill/restart is covered by
``tests/mailings/test_sending.py::test_worker_killed_mid_send_then_restarted_no_duplicate_no_gap``
and its neighbours: leases, resumption, no duplicate, no gap.)

The worker is a separate process sharing the test database: PostgreSQL only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone

from assonum.directory.models import ImportRun, Place
from assonum.directory.tasks import retry_stalled_imports, start_import
from tests.territory.factories import make_real_communes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "directory" / "fixtures" / "region-centre-v0-400.csv"
SOURCE = "fault-test"


def big_file(copies: int) -> bytes:
    """The 400-row regional export repeated with distinct ids: a few seconds of import."""
    header, *rows = FIXTURE.read_text(encoding="utf-8").splitlines()
    lines = [header]
    for n in range(copies):
        lines += [row.replace("cvl-", f"cvl{n}-", 1) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def start_worker() -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items()
           if k not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings", DEBUG="1",
               SECRET_KEY="fault-test-" + "x" * 40, LOG_LEVEL="WARNING",
               TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    return subprocess.Popen([sys.executable, "manage.py", "db_worker", "--queue-name", "*",
                             "--interval", "0.2"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Signal the worker's whole process group, and reap it."""
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        pass
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_worker_killed_during_import_nothing_half_applied_then_retried(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default", "email"]}}
    make_real_communes()
    content = big_file(5)
    with transaction.atomic():
        run = start_import(content=content, file_name="export-region.csv", source=SOURCE)

    worker = start_worker()
    try:
        wait_for(lambda: ImportRun.objects.get(pk=run.pk).state == ImportRun.State.RUNNING,
                 240, "the worker to start the import")
        time.sleep(0.5)
        stop(worker)
    finally:
        stop(worker)
    run.refresh_from_db()
    assert run.state == ImportRun.State.RUNNING, "the import finished before the kill"
    assert not Place.objects.filter(source=SOURCE).exists()  # nothing half-applied
    assert bytes(run.upload) == content  # the file is kept for the retry

    # Not stalled yet: the sweep leaves a recent run alone.
    assert retry_stalled_imports.call() == 0
    ImportRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - timedelta(hours=1))
    with transaction.atomic():
        assert retry_stalled_imports.call() == 1
    assert ImportRun.objects.get(pk=run.pk).state == ImportRun.State.QUEUED

    worker = start_worker()
    try:
        wait_for(lambda: ImportRun.objects.get(pk=run.pk).is_finished, 240,
                 "the retried import to finish")
    finally:
        stop(worker, signal.SIGTERM)
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE
    assert run.report["retries"] == 1
    assert run.rows == 2000
    places = Place.objects.filter(source=SOURCE)
    assert run.created > 0 and places.count() == run.created
    assert places.values("source_id").distinct().count() == places.count()  # each once
    assert bytes(run.upload) == b""


def test_import_killed_too_often_ends_failed_with_a_french_message(settings):
    run = ImportRun.objects.create(file_name="export.csv", source=SOURCE, upload=b"id;nom\n",
                                   state=ImportRun.State.RUNNING,
                                   started_at=timezone.now() - timedelta(hours=1),
                                   report={"retries": 2})
    assert retry_stalled_imports.call() == 0
    run.refresh_from_db()
    assert run.state == ImportRun.State.FAILED and run.finished_at
    assert "interrompu" in run.report["fatal"]
    assert bytes(run.upload) == b""

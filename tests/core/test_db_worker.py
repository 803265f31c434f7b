"""The database task backend end to end: a real ``manage.py db_worker`` process delivers.

The test process enqueues with ``django_tasks_db.DatabaseBackend`` into the test database; a
separate worker process (production settings, SMTP pointed at the test's real SMTP server)
runs the tasks. The second test exercises a deferred retry: a temporary SMTP refusal makes the
mailings engine re-enqueue its task with ``run_after``, and the worker runs it when due.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings

from assonum.core.emails import send_email

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                              "QUEUES": ["default", "email"]}}


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}")


@pytest.fixture
def worker(smtp_server):
    """Start ``db_worker`` on every queue against the test database; stop it afterwards."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ASSONUM_TESTING": "1",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp_server.hostname,
        "EMAIL_PORT": str(smtp_server.port),
        "MAILINGS_RETRY_BASE_SECONDS": "2",
        "MAILINGS_PARALLEL_TASKS": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--interval", "0.2",
         "--no-startup-delay", "--no-reload"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield process
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        if os.environ.get("SHOW_WORKER_OUTPUT"):
            print(output)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@override_settings(TASKS=DATABASE_TASKS)
def test_an_email_enqueued_in_the_database_is_delivered_by_the_worker(worker, smtp_server):
    from django_tasks_db.models import DBTaskResult

    send_email(to=["benevole@exemple.org"], subject="Votre fiche est publiée",
               template="plugin_app/emails/hello",
               context={"name": "Léa", "url": "https://assonum.example.org/annuaire/"})
    (row,) = DBTaskResult.objects.all()  # in the database, for the other process
    assert row.queue_name == "email" and row.task_path == "assonum.core.emails.deliver_email"

    assert wait_for(lambda: len(smtp_server.received) == 1), "the worker delivered nothing"
    message = smtp_server.received[0].message
    assert smtp_server.received[0].rcpt_tos == ["benevole@exemple.org"]
    assert message["Subject"] == "[AssoNum] Votre fiche est publiée"
    assert "Bonjour Léa" in message.get_body(preferencelist=("plain",)).get_content()
    assert wait_for(lambda: DBTaskResult.objects.get().status == "SUCCESSFUL")


@override_settings(TASKS=DATABASE_TASKS, MAILINGS_RETRY_BASE_SECONDS=2)
def test_a_temporary_refusal_is_retried_later_by_a_deferred_task(worker, smtp_server):
    from django_tasks_db.models import DBTaskResult

    from assonum.mailings.models import DeliveryState
    from assonum.mailings.services import start_campaign
    from tests.mailings.factories import make_campaign

    smtp_server.handler.rcpt_replies["personne1@exemple.test"] = ["451 4.7.1 Réessayez plus tard"]
    campaign = make_campaign(3)
    start_campaign(campaign, workers=1)

    assert wait_for(lambda: len(smtp_server.received) == 2), smtp_server.received
    # The refused address waits for its retry time: a task deferred with run_after (the
    # backend stores "not deferred" as year 9999).
    deferred_tasks = DBTaskResult.objects.filter(run_after__year__lt=9999)
    assert wait_for(deferred_tasks.exists)
    deferred = deferred_tasks.get()
    assert deferred.task_path == "assonum.mailings.tasks.send_campaign"
    assert smtp_server.handler.per_recipient()["personne1@exemple.test"] == 0

    assert wait_for(lambda: len(smtp_server.received) == 3), "the deferred retry never ran"
    assert time.time() >= deferred.run_after.timestamp()
    assert smtp_server.handler.per_recipient() == {
        f"personne{i}@exemple.test": 1 for i in range(3)}  # each one exactly once
    retried = campaign.deliveries.get(email="personne1@exemple.test")
    assert wait_for(lambda: campaign.deliveries.filter(state=DeliveryState.SENT).count() == 3)
    retried.refresh_from_db()
    assert retried.attempts == 2 and retried.state == DeliveryState.SENT

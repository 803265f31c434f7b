from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from assonum.core import periodic
from assonum.core.models import PeriodicRun

pytestmark = pytest.mark.django_db

CALLS = []


@task()
def record_call():
    CALLS.append(timezone.now())


def test_enqueue_due_runs_each_task_once_per_interval(monkeypatch):
    CALLS.clear()
    job = periodic.PeriodicTask(name="test.record", task=record_call, every=timedelta(hours=1))
    monkeypatch.setattr(periodic, "periodic_tasks", lambda: [job])
    now = timezone.now()
    assert periodic.enqueue_due(now) == ["test.record"]
    assert periodic.enqueue_due(now + timedelta(minutes=30)) == []
    assert periodic.enqueue_due(now + timedelta(hours=1, seconds=1)) == ["test.record"]
    assert len(CALLS) == 2  # the immediate backend runs what is enqueued
    assert PeriodicRun.objects.get(name="test.record").last_enqueued_at == now + timedelta(
        hours=1, seconds=1
    )

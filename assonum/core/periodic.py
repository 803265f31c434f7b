"""Periodic background work on top of Django's tasks API.

The tasks API has no scheduler. ``python manage.py run_periodic`` (started by ``make run`` next
to the worker; in production as one small service or a cron entry) enqueues each declared task
when it is due. An app declares its periodic tasks in ``<app>/periodic.py``::

    PERIODIC_TASKS = [PeriodicTask(name="newsletter.purge_unconfirmed",
                                   task=purge_unconfirmed, every=timedelta(hours=6))]

and hands them to the core through its plug-in: ``Plugin(periodic=lambda: PERIODIC_TASKS)``.

Tasks must be idempotent: being enqueued twice (two schedulers, a restart) must do no harm.
The last run time is stored in the database, so several hosts may run the scheduler: a row lock
(PostgreSQL) or SQLite's single writer makes sure only one of them enqueues a given run.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    task: object  # a django_tasks Task
    every: timedelta


def periodic_tasks() -> list[PeriodicTask]:
    from .plugins import plugins

    return [task for plugin in plugins() if plugin.periodic for task in plugin.periodic()]


def enqueue_due(now=None) -> list[str]:
    """Enqueue every periodic task that is due; return the names enqueued."""
    from .models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for periodic in periodic_tasks():
        with transaction.atomic():
            run, _ = PeriodicRun.objects.get_or_create(name=periodic.name)
            run = PeriodicRun.objects.select_for_update().get(pk=run.pk)
            if run.last_enqueued_at and run.last_enqueued_at + periodic.every > now:
                continue
            periodic.task.enqueue()
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            enqueued.append(periodic.name)
    return enqueued

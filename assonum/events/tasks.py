"""Background work of the agenda: reminders the day before, follow-ups after the event.

Both are periodic (see ``periodic.py``) and safe to run twice at the same time (two schedulers,
two workers): each email is claimed by a conditional ``UPDATE ... WHERE reminder_sent_at IS
NULL`` before it is queued, so exactly one run sends it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from assonum.core.concurrency import retry_when_locked

from .models import Event, Registration
from .services import send_followup, send_reminder

FOLLOWUP_WITHIN = timedelta(days=7)


def tomorrow_bounds(now: datetime) -> tuple[datetime, datetime]:
    """Start and end of tomorrow in Europe/Paris, as aware datetimes."""
    tz = timezone.get_current_timezone()
    tomorrow = timezone.localtime(now, tz).date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min), tz)
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min), tz)
    return start, end


@retry_when_locked
def _read(queryset) -> list:
    return list(queryset)


def send_due_reminders(now: datetime | None = None) -> int:
    """Remind every confirmed person of an event that takes place tomorrow (Paris time)."""
    now = now or timezone.now()
    start, end = tomorrow_bounds(now)
    due = (Registration.objects.filter(
        status=Registration.Status.CONFIRMED, reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED, event__start__gte=start, event__start__lt=end,
    ).select_related("event__commune", "event__organisation", "event__place"))
    return sum(1 for registration in _read(due) if send_reminder(registration, now))


def send_due_followups(now: datetime | None = None) -> int:
    """Thank the people who came (or were not marked absent), with the tools and guides."""
    now = now or timezone.now()
    due = (Registration.objects.filter(
        status=Registration.Status.CONFIRMED, followup_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED, event__end__lte=now,
        event__end__gte=now - FOLLOWUP_WITHIN,
    ).exclude(attended=False).select_related("event__commune", "event__organisation"))
    return sum(1 for registration in _read(due) if send_followup(registration, now))


def purge_personal_data(now: datetime | None = None) -> tuple[int, int]:
    """Delete unconfirmed sign-ups whose link expired; anonymise registrations a year old.

    Counts (status, attendance) stay for the statistics; names and addresses go.
    """
    from django.conf import settings

    now = now or timezone.now()
    deleted, _ = Registration.objects.filter(
        status=Registration.Status.PENDING, created_at__lt=now - timedelta(days=8)).delete()
    old = Registration.objects.filter(
        event__end__lt=now - timedelta(days=settings.EVENTS_RETENTION_DAYS),
    ).exclude(name="")
    anonymised = 0
    for pk in list(old.values_list("pk", flat=True)):
        anonymised += Registration.objects.filter(pk=pk).update(
            name="", email=f"anonyme-{pk}@invalid", organisation_name="", user=None)
    return deleted, anonymised


@task()
def purge() -> list[int]:
    return list(purge_personal_data())


@task()
def reminders() -> int:
    return send_due_reminders()


@task()
def followups() -> int:
    return send_due_followups()

from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from . import tasks

PERIODIC_TASKS = [
    PeriodicTask(name="events.reminders", task=tasks.reminders, every=timedelta(minutes=30)),
    PeriodicTask(name="events.followups", task=tasks.followups, every=timedelta(hours=1)),
    PeriodicTask(name="events.purge", task=tasks.purge, every=timedelta(hours=24)),
]

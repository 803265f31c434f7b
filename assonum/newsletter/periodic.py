from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from . import tasks

PERIODIC_TASKS = [
    PeriodicTask(name="newsletter.purge_unconfirmed", task=tasks.purge_unconfirmed,
                 every=timedelta(hours=6)),
    PeriodicTask(name="newsletter.purge_inactive", task=tasks.purge_inactive,
                 every=timedelta(days=1)),
    PeriodicTask(name="newsletter.send_scheduled_issues", task=tasks.send_scheduled_issues,
                 every=timedelta(minutes=1)),
]

from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from . import tasks

PERIODIC_TASKS = [
    PeriodicTask(name="helprequests.escalate_unanswered", task=tasks.escalate_unanswered,
                 every=timedelta(hours=1)),
    PeriodicTask(name="helprequests.weekly_report", task=tasks.weekly_report,
                 every=timedelta(days=7)),
]

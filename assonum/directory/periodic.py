from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import remind_stale_listings

PERIODIC_TASKS = [
    PeriodicTask(
        name="directory.remind_stale_listings", task=remind_stale_listings, every=timedelta(hours=6)
    ),
]

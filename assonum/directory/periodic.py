from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import remind_stale_listings, retry_stalled_imports

PERIODIC_TASKS = [
    PeriodicTask(
        name="directory.remind_stale_listings", task=remind_stale_listings, every=timedelta(hours=6)
    ),
    PeriodicTask(
        name="directory.retry_stalled_imports", task=retry_stalled_imports,
        every=timedelta(minutes=5),
    ),
]

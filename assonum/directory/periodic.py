from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .import_tasks import retry_stalled_imports
from .tasks import remind_stale_listings

PERIODIC_TASKS = [
    PeriodicTask(
        name="directory.remind_stale_listings", task=remind_stale_listings, every=timedelta(hours=6)
    ),
    PeriodicTask(
        name="directory.retry_stalled_imports", task=retry_stalled_imports,
        every=timedelta(minutes=5),
    ),
]

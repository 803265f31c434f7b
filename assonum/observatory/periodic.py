from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import refresh_observatory

PERIODIC_TASKS = [
    PeriodicTask(name="observatory.refresh", task=refresh_observatory, every=timedelta(hours=1)),
]

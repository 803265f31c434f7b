from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import purge_anonymous_diagnostics

PERIODIC_TASKS = [
    PeriodicTask(
        name="diagnostic.purge_anonymous",
        task=purge_anonymous_diagnostics,
        every=timedelta(hours=24),
    ),
]

"""Periodic safety net of the delivery engine (see ``assonum.core.periodic``)."""

from datetime import timedelta

from assonum.core.periodic import PeriodicTask

from .tasks import sweep

PERIODIC_TASKS = [
    # Starts scheduled campaigns when due, finishes done ones and restarts stalled ones
    # (a worker that died, or a task backend without deferred tasks waiting for a retry).
    PeriodicTask(name="mailings.sweep", task=sweep, every=timedelta(minutes=1)),
]

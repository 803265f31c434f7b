"""Background work of the delivery engine (django_tasks, queue "email").

Every task is idempotent.
"""

from django.conf import settings
from django_tasks import task


def parallel_tasks() -> int:
    return max(1, int(getattr(settings, "MAILINGS_PARALLEL_TASKS", 2)))


def enqueue_workers(campaign_id: int, *, workers: int | None = None) -> None:
    """Enqueue ``workers`` sending tasks for a campaign (they share it through leases)."""
    for _ in range(workers or parallel_tasks()):
        send_campaign.enqueue(campaign_id)


@task(queue_name="email")
def send_campaign(campaign_id: int) -> dict:
    """Send batches of the campaign until it is done or the time budget is spent.

    Then re-enqueue.
    """
    from .sending import run_worker

    return run_worker(campaign_id)


@task(queue_name="email")
def sweep() -> dict:
    """Start due scheduled campaigns; restart campaigns left without a worker."""
    from .sending import sweep as do_sweep

    return do_sweep()

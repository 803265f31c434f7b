"""Background work of the "mise en relation" (idempotent: running twice does no harm)."""

from django_tasks import task

from . import services


@task()
def escalate_unanswered() -> int:
    """Requests nobody took within HELPREQUESTS_ESCALATE_AFTER_DAYS reach the staff (once)."""
    return services.escalate_unanswered()


@task()
def weekly_report() -> bool:
    """The staff's weekly list of unanswered and late requests."""
    return services.send_weekly_report()

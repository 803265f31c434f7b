"""Background work: expire unanswered reservations, send the daily matching emails."""

from django_tasks import task

from . import services


@task()
def expire_reservations():
    return services.expire_stale()


@task()
def send_match_emails():
    return services.send_match_emails()

"""Background tasks of the newsletter (Django's tasks API); each one is idempotent."""

from django_tasks import task

from . import services


@task()
def purge_unconfirmed() -> int:
    return services.purge_unconfirmed()


@task()
def purge_inactive() -> int:
    return services.purge_inactive()


@task()
def send_scheduled_issues() -> list[int]:
    return services.send_scheduled_issues()

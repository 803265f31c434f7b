"""Background tasks of the newsletter (Django's tasks API); each one is idempotent."""

from django_tasks import task

from . import services
from .models import Subscriber


@task(queue_name="email")
def send_confirmation_email(subscriber_id: int) -> None:
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status=Subscriber.Status.PENDING
    ).first()
    if subscriber is not None:
        services.send_confirmation_email(subscriber=subscriber)


@task(queue_name="email")
def send_already_subscribed_email(subscriber_id: int) -> None:
    subscriber = Subscriber.objects.filter(
        pk=subscriber_id, status__in=[Subscriber.Status.ACTIVE, Subscriber.Status.PAUSED]
    ).first()
    if subscriber is not None:
        services.send_already_subscribed_email(subscriber=subscriber)


@task()
def purge_unconfirmed() -> int:
    return services.purge_unconfirmed()


@task()
def purge_inactive() -> int:
    return services.purge_inactive()


@task()
def send_scheduled_issues() -> list[int]:
    return services.send_scheduled_issues()

"""Background tasks of the directory (idempotent)."""

from django_tasks import task

from . import services


@task()
def remind_stale_listings() -> int:
    """Email owners of listings older than DIRECTORY_STALE_AFTER_DAYS (see services)."""
    return services.remind_stale_listings()

from django_tasks import task

from . import services


@task()
def purge_anonymous_diagnostics():
    """Delete the diagnostics nobody attached to an association (idempotent)."""
    return services.purge_anonymous()

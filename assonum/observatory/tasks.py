from django_tasks import task

from . import services


@task()
def refresh_observatory():
    """Recompute the observatory's figures and replace the cached copy (idempotent)."""
    data = services.refresh()
    return len(data["figures"])

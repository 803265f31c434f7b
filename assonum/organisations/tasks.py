"""Background work of the organisations app (django_tasks). Every task is idempotent."""

from django_tasks import task


@task(queue_name="email")
def send_invitation_email(invitation_id: int) -> bool:
    """Email the invitation link; does nothing once the invitation is no longer pending."""
    from .services import deliver_invitation_email

    return deliver_invitation_email(invitation_id)

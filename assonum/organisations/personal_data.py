"""What the organisations app holds about a person: memberships and invitations."""

from allauth.account.models import EmailAddress

from .models import Invitation, Membership


def _emails(user) -> list[str]:
    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    emails.add(user.email)
    return sorted(e.lower() for e in emails)


def export(user) -> dict:
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    received = Invitation.objects.for_emails(_emails(user)).select_related("organisation")
    sent = Invitation.objects.filter(invited_by=user).select_related("organisation")
    return {
        "memberships": [
            {"organisation": m.organisation.name, "organisation_slug": m.organisation.slug,
             "kind": m.organisation.kind, "role": m.role, "since": m.created_at.isoformat()}
            for m in memberships.order_by("created_at")
        ],
        "invitations_received": [
            {"organisation": i.organisation.name, "email": i.email, "role": i.role,
             "status": i.status, "sent_at": i.created_at.isoformat()}
            for i in received.order_by("created_at")
        ],
        "invitations_sent": [
            {"organisation": i.organisation.name, "email": i.email, "role": i.role,
             "status": i.status, "sent_at": i.created_at.isoformat()}
            for i in sent.order_by("created_at")
        ],
    }


def erase(user) -> None:
    """Leave every organisation; forget invitations addressed to this person.

    The organisations themselves, and what they published, stay. Invitations this person sent
    keep existing without the link to them (``invited_by`` becomes empty).
    """
    Invitation.objects.for_emails(_emails(user)).delete()
    Invitation.objects.filter(invited_by=user).update(invited_by=None)
    Invitation.objects.filter(responded_by=user).update(responded_by=None)
    Membership.objects.filter(user=user).delete()


def deletion_blockers(user) -> list[str]:
    """Reasons (French) why the account cannot be deleted yet."""
    from django.utils.translation import gettext as _

    from .services import sole_admin_organisations

    return [
        _("Vous êtes le seul administrateur de « %(org)s », qui a d'autres membres : nommez "
          "d'abord un autre administrateur.") % {"org": org}
        for org in sole_admin_organisations(user)
    ]

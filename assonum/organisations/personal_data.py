"""What the organisations app holds about a person: memberships and invitations."""

from allauth.account.models import EmailAddress

from .models import Invitation, Membership, NetworkRequest, Organisation


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
        "invitations_answered": [
            {"organisation": i.organisation.name, "email": i.email, "status": i.status,
             "answered_at": i.responded_at.isoformat() if i.responded_at else None}
            for i in Invitation.objects.filter(responded_by=user).select_related("organisation")
            .order_by("created_at")
        ],
        "organisations_verified": [
            {"organisation": o.name, "verified_at": o.verified_at.isoformat()
             if o.verified_at else None}
            for o in Organisation.objects.filter(verified_by=user).order_by("name")
        ],
        "network_requests": [
            {"organisation": r.organisation.name, "network": r.network.name, "status": r.status,
             "requested": r.requested_by_id == user.pk, "decided": r.decided_by_id == user.pk,
             "created_at": r.created_at.isoformat()}
            for r in (NetworkRequest.objects.filter(requested_by=user)
                      | NetworkRequest.objects.filter(decided_by=user))
            .select_related("organisation", "network").order_by("created_at")
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
    Organisation.objects.filter(verified_by=user).update(verified_by=None)
    NetworkRequest.objects.filter(requested_by=user).update(requested_by=None)
    NetworkRequest.objects.filter(decided_by=user).update(decided_by=None)
    Membership.objects.filter(user=user).delete()


def deletion_blockers(user) -> list[str]:
    """Reasons (French) why the account cannot be deleted yet."""
    from django.utils.translation import gettext as _

    from .services import sole_admin_organisations

    return [
        _("Vous êtes le seul administrateur de « %(org)s », qui a d'autres membres : nommez "
          "d'abord un autre administrateur.") % {"org": org}
        for org in sole_admin_organisations(user)
    ]

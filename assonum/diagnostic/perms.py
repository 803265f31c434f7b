"""Who may take, read, follow up and share a diagnostic: the only place that answers it.

- An association's diagnostic: its members take it, read it, follow it up and share it.
- An anonymous diagnostic (no association yet): only the browser session that started it (or
  opened its private link), and the signed-in person who started it.
- A shared result: the named expert or staff member, while the share is not revoked. Being
  staff gives no access to a result by itself.
- Publishing the questionnaire: staff acting as staff (second factor) with the permission.
"""

from assonum.core.perms import acts_as_staff
from assonum.organisations.perms import is_member, organisations_of

SESSION_KEY = "diagnostic_ids"
EXPERT_GROUP = "Experts"


def session_owns(request, diagnostic) -> bool:
    return diagnostic.pk in (request.session.get(SESSION_KEY) or [])


def _owner(request, diagnostic) -> bool:
    user = request.user
    if diagnostic.organisation_id:
        return is_member(user, diagnostic.organisation)
    if user.is_authenticated and diagnostic.started_by_id == user.pk:
        return True
    return session_owns(request, diagnostic)


def may_take(request, diagnostic) -> bool:
    return not diagnostic.is_completed and _owner(request, diagnostic)


def may_view_result(request, diagnostic, shares=None) -> bool:
    """``shares``: the diagnostic's active shares if already fetched (saves a query)."""
    if not diagnostic.is_completed:
        return False
    if _owner(request, diagnostic):
        return True
    return is_recipient(request.user, diagnostic, shares)


def is_recipient(user, diagnostic, shares=None) -> bool:
    if not user.is_authenticated:
        return False
    if shares is None:
        return diagnostic.shares.active().filter(recipient=user).exists()
    return any(share.recipient_id == user.pk and share.revoked_at is None for share in shares)


def may_manage(request, diagnostic) -> bool:
    """Mark recommendations, share and revoke: members of the diagnostic's association."""
    return bool(diagnostic.organisation_id) and is_member(request.user, diagnostic.organisation)


def may_follow_link(request, diagnostic) -> bool:
    """The private link alone opens an anonymous diagnostic; an association's needs a member."""
    if diagnostic.organisation_id:
        return is_member(request.user, diagnostic.organisation)
    return True


def may_attach(request, diagnostic) -> bool:
    return (
        request.user.is_authenticated
        and not diagnostic.organisation_id
        and _owner(request, diagnostic)
    )


def attachable_organisations(user):
    return organisations_of(user, kinds=["association"]).order_by("name")


def may_receive_share(user) -> bool:
    """A named support expert (group "Experts") or a staff member."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or user.groups.filter(name=EXPERT_GROUP).exists()


def may_publish(request) -> bool:
    return acts_as_staff(request) and request.user.has_perm("diagnostic.add_questionnaireversion")

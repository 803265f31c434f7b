"""Who may propose a story and see a proposal: the only place that answers it."""

from assonum.core.perms import user_acts_as_staff
from assonum.organisations.perms import organisations_of

PROPOSER_KINDS = ["association"]


def proposing_organisations(user):
    """The associations in whose name ``user`` may propose a story."""
    return organisations_of(user, kinds=PROPOSER_KINDS)


def propose_refusal(user) -> str | None:
    """Why ``user`` may not propose a story ("login", "not_member"), or None if they may."""
    if not user.is_authenticated:
        return "login"
    if not proposing_organisations(user).exists():
        return "not_member"
    return None


def can_propose(user) -> bool:
    return propose_refusal(user) is None


def can_view_proposal(user, proposal) -> bool:
    return user.is_authenticated and (
        user_acts_as_staff(user)
        or (proposal.proposed_by_id is not None and proposal.proposed_by_id == user.pk)
    )


def can_revise_proposal(user, proposal, workflow_status: str | None) -> bool:
    """The author may edit their proposal again once the team asked for changes."""
    return (user.is_authenticated and proposal.proposed_by_id is not None
            and proposal.proposed_by_id == user.pk and not proposal.page.live
            and workflow_status == "needs_changes")

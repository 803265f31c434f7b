"""The "Mes témoignages proposés" block of the signed-in home /espace/."""

from . import perms, services
from .models import StoryProposal


def dashboard_section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    proposals = list(StoryProposal.objects.of(user).select_related("page", "organisation"))
    can_propose = perms.can_propose(user)
    if not proposals and not can_propose:
        return None
    statuses = services.workflow_statuses([p.page for p in proposals])
    rows = []
    for proposal in proposals:
        code, label = services.proposal_state(proposal, statuses.get(proposal.page_id))
        rows.append({"proposal": proposal, "state": code, "state_label": label})
    return {
        "template": "stories/includes/dashboard_section.html",
        "order": 30,
        "rows": rows,
        "can_propose": can_propose,
    }

"""What the stories app holds about a person: the stories they proposed."""

from . import services
from .models import StoryProposal


def export(user) -> dict:
    proposals = list(StoryProposal.objects.of(user).select_related("page", "organisation"))
    statuses = services.workflow_statuses([p.page for p in proposals])
    return {
        "stories_proposed": [
            {
                "title": p.page.title,
                "url": services.public_url(p.page) if p.page.live else "",
                "state": services.proposal_state(p, statuses.get(p.page_id))[0],
                "organisation": p.organisation.name if p.organisation else "",
                "signature": p.signature,
                "proposed_at": p.created_at.isoformat(),
                "consent_text": p.consent_text,
                "consent_at": p.consent_at.isoformat(),
                "rejection_comment": p.rejection_comment,
            }
            for p in proposals
        ]
    }


def erase(user) -> None:
    """The stories stay (the association consented to their publication), signed "ancien membre"."""
    services.erase_author(user=user)

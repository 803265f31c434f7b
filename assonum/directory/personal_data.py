"""What the directory holds about a person: the listing changes and claims they submitted.

The listings themselves belong to organisations and stay; on erasure, the person's own
messages are removed and the link to the account is cut (the foreign keys are SET_NULL).
"""

from .models import DuplicateCandidate, ImportRun, PlaceChange, PlaceClaim


def _reviews(user) -> list[dict]:
    """Decisions this person took as a moderator (what was decided, when)."""
    rows = [
        {"kind": str(model._meta.verbose_name), "id": pk, "status": status,
         "reviewed_at": at.isoformat() if at else None}
        for model in (PlaceChange, PlaceClaim, DuplicateCandidate)
        for pk, status, at in model.objects.filter(reviewed_by=user).values_list(
            "pk", "status", "reviewed_at")
    ]
    return sorted(rows, key=lambda row: row["reviewed_at"] or "")


def export(user) -> dict:
    changes = PlaceChange.objects.filter(submitted_by=user).select_related("place", "organisation")
    claims = PlaceClaim.objects.filter(user=user).select_related("place", "organisation")
    return {
        "listing_changes": [
            {
                "place": change.place.nom if change.place else "",
                "organisation": change.organisation.name if change.organisation else "",
                "status": change.status,
                "submitted_at": change.created_at.isoformat(),
                "proposed_values": change.data,
            }
            for change in changes
        ],
        "listing_claims": [
            {
                "place": claim.place.nom,
                "organisation": claim.organisation.name,
                "status": claim.status,
                "message": claim.message,
                "submitted_at": claim.created_at.isoformat(),
            }
            for claim in claims
        ],
        "moderation_decisions": _reviews(user),
        "imports_started": [
            {"file": run.file_name, "source": run.source, "state": run.state,
             "created_at": run.created_at.isoformat()}
            for run in ImportRun.objects.filter(created_by=user).order_by("created_at")
        ],
    }


def erase(user) -> None:
    PlaceClaim.objects.filter(user=user).update(message="", user=None)
    PlaceChange.objects.filter(submitted_by=user).update(submitted_by=None)
    for model in (PlaceChange, PlaceClaim, DuplicateCandidate):
        model.objects.filter(reviewed_by=user).update(reviewed_by=None)
    ImportRun.objects.filter(created_by=user).update(created_by=None)

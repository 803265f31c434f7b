"""What the directory holds about a person: the listing changes and claims they submitted.

The listings themselves belong to organisations and stay; on erasure, the person's own
messages are removed and the link to the account is cut (the foreign keys are SET_NULL).
"""

from .models import PlaceChange, PlaceClaim


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
    }


def erase(user) -> None:
    PlaceClaim.objects.filter(user=user).update(message="", user=None)
    PlaceChange.objects.filter(submitted_by=user).update(submitted_by=None)

"""What the diagnostic holds about a person: diagnostics they started, shares they received.

Answers belong to the association, not to the person: on erasure the diagnostics stay with the
association and lose their link to the person; shares received are deleted.
"""

from .models import Diagnostic, Share


def export(user) -> dict:
    return {
        "diagnostics_started": [
            {
                "id": d.pk,
                "organisation": d.organisation.name if d.organisation_id else None,
                "started_at": d.started_at.isoformat(),
                "status": d.status,
                "completed_at": d.completed_at.isoformat() if d.completed_at else None,
                "overall": d.overall,
            }
            for d in Diagnostic.objects.filter(started_by=user).select_related("organisation")
        ],
        "results_shared_with_me": [
            {
                "diagnostic": s.diagnostic_id,
                "granted_at": s.granted_at.isoformat(),
                "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None,
            }
            for s in Share.objects.filter(recipient=user)
        ],
    }


def erase(user) -> None:
    Diagnostic.objects.filter(started_by=user, organisation__isnull=True).delete()
    Diagnostic.objects.filter(started_by=user).update(started_by=None)
    Share.objects.filter(recipient=user).delete()

"""What the diagnostic holds about a person: diagnostics they started, shares they received,
and what they did for an association or for the platform (follow-ups, shares granted or
withdrawn, questionnaire versions published).

Answers belong to the association, not to the person: on erasure the diagnostics stay with the
association and lose their link to the person (anonymous ones are deleted); shares received are
deleted. Follow-ups, shares granted or withdrawn and published versions stay, signed by nobody.
"""

from .models import Diagnostic, FollowUp, QuestionnaireVersion, Share


def _when(value):
    return value.isoformat() if value else None


def _organisation(diagnostic):
    return diagnostic.organisation.name if diagnostic.organisation_id else None


def _share(share):
    return {
        "diagnostic": share.diagnostic_id,
        "organisation": _organisation(share.diagnostic),
        "granted_at": _when(share.granted_at),
        "revoked_at": _when(share.revoked_at),
    }


def export(user) -> dict:
    shares = Share.objects.select_related("diagnostic__organisation")
    return {
        "diagnostics_started": [
            {
                "id": d.pk,
                "organisation": _organisation(d),
                "started_at": d.started_at.isoformat(),
                "status": d.status,
                "completed_at": _when(d.completed_at),
                "overall": d.overall,
            }
            for d in Diagnostic.objects.filter(started_by=user).select_related("organisation")
        ],
        "results_shared_with_me": [_share(s) for s in shares.filter(recipient=user)],
        "results_i_shared": [_share(s) for s in shares.filter(granted_by=user)],
        "shares_i_withdrew": [_share(s) for s in shares.filter(revoked_by=user)],
        "follow_ups_updated": [
            {
                "diagnostic": fu.diagnostic_id,
                "organisation": _organisation(fu.diagnostic),
                "measure": fu.measure_slug,
                "status": fu.status,
                "updated_at": _when(fu.updated_at),
            }
            for fu in FollowUp.objects.filter(updated_by=user).select_related(
                "diagnostic__organisation"
            )
        ],
        "questionnaire_versions_published": [
            {"number": v.number, "published_at": _when(v.published_at), "note": v.note}
            for v in QuestionnaireVersion.objects.filter(published_by=user)
        ],
    }


def erase(user) -> None:
    Diagnostic.objects.filter(started_by=user, organisation__isnull=True).delete()
    Diagnostic.objects.filter(started_by=user).update(started_by=None)
    Share.objects.filter(recipient=user).delete()
    Share.objects.filter(granted_by=user).update(granted_by=None)
    Share.objects.filter(revoked_by=user).update(revoked_by=None)
    FollowUp.objects.filter(updated_by=user).update(updated_by=None)
    QuestionnaireVersion.objects.filter(published_by=user).update(published_by=None)

"""What the fund keeps about a person, and how it is erased.

Applications belong to the association: they stay. What the person did for the association or
for the fund (drafts started, decisions, documents uploaded, messages, audit entries, payments
staged, reviewers assigned, experts approved, sessions logged) stays too, signed by nobody. The
person's own reviews as a committee member are deleted with their scores (a review cannot
exist without its reviewer).
"""

from .models import Application, AuditEvent, Document, Expert, Message, Payment, Review, Session


def _when(value):
    return value.isoformat() if value else None


def export(user) -> dict:
    return {
        "fund_applications_started": [
            {"reference": a.reference, "call": a.call.title, "organisation": a.organisation.name,
             "state": a.get_status_display()}
            for a in Application.objects.filter(created_by=user).select_related(
                "call", "organisation")],
        "fund_decisions": [
            {"reference": a.reference, "organisation": a.organisation.name,
             "state": a.get_status_display(), "decided_at": _when(a.decided_at)}
            for a in Application.objects.filter(decided_by=user).select_related("organisation")],
        "fund_documents_uploaded": [
            {"application": d.application.reference, "label": d.label,
             "at": _when(d.uploaded_at)}
            for d in Document.objects.filter(uploaded_by=user).select_related("application")],
        "fund_messages": [{"application": m.application.reference, "body": m.body,
                           "at": m.created_at.isoformat()}
                          for m in Message.objects.filter(author=user).select_related(
                              "application")],
        "fund_reviews": [{"application": r.application.reference, "conflict": r.conflict,
                          "comment": r.comment}
                         for r in Review.objects.filter(reviewer=user).select_related(
                             "application")],
        "fund_reviewers_assigned": [
            {"application": r.application.reference, "at": _when(r.assigned_at)}
            for r in Review.objects.filter(assigned_by=user).select_related("application")],
        "fund_audit_events": [
            {"application": e.application.reference, "action": e.get_action_display(),
             "detail": e.detail, "at": _when(e.at)}
            for e in AuditEvent.objects.filter(user=user).select_related("application")],
        "fund_payments_staged": [
            {"application": p.application.reference, "amount": str(p.amount),
             "due_on": _when(p.due_on)}
            for p in Payment.objects.filter(created_by=user).select_related("application")],
        "fund_experts_approved": [
            {"expert": e.place.nom, "approved": e.approved, "at": _when(e.approved_at)}
            for e in Expert.objects.filter(approved_by=user).select_related("place")],
        "fund_sessions_logged": [
            {"support": s.support.title, "starts_at": _when(s.starts_at),
             "duration_minutes": s.duration_minutes, "content": s.content}
            for s in Session.objects.filter(logged_by=user).select_related("support")],
    }


def erase(user) -> None:
    Application.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(decided_by=user).update(decided_by=None)
    Document.objects.filter(uploaded_by=user).update(uploaded_by=None)
    Message.objects.filter(author=user).update(author=None)
    AuditEvent.objects.filter(user=user).update(user=None)
    Payment.objects.filter(created_by=user).update(created_by=None)
    Expert.objects.filter(approved_by=user).update(approved_by=None)
    Session.objects.filter(logged_by=user).update(logged_by=None)
    Review.objects.filter(assigned_by=user).update(assigned_by=None)
    Review.objects.filter(reviewer=user).delete()

"""What the fund keeps about a person, and how it is erased.

Applications belong to the association: they stay. The person's messages, reviews and sessions
are detached (author set to nobody); scores stay with the review for the committee's record.
"""

from .models import Application, Message, Review, Session


def export(user) -> dict:
    return {
        "fund_applications_started": [
            {"reference": a.reference, "call": a.call.title, "organisation": a.organisation.name,
             "state": a.get_status_display()}
            for a in Application.objects.filter(created_by=user).select_related(
                "call", "organisation")],
        "fund_messages": [{"application": m.application.reference, "body": m.body,
                           "at": m.created_at.isoformat()}
                          for m in Message.objects.filter(author=user).select_related(
                              "application")],
        "fund_reviews": [{"application": r.application.reference, "conflict": r.conflict,
                          "comment": r.comment}
                         for r in Review.objects.filter(reviewer=user).select_related(
                             "application")],
    }


def erase(user) -> None:
    Application.objects.filter(created_by=user).update(created_by=None)
    Application.objects.filter(decided_by=user).update(decided_by=None)
    Message.objects.filter(author=user).update(author=None)
    Session.objects.filter(logged_by=user).update(logged_by=None)
    Review.objects.filter(reviewer=user).delete()

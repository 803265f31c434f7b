"""Who may see and do what in the support fund: the only place that answers it.

- Members of the association see their applications; any member drafts; an administrator
  submits. They read the thread but never staff's private notes.
- Staff act on everything once they act as staff (back office AND second factor).
- A committee reviewer sees a file only once assigned AND after declaring no conflict of
  interest; with a conflict they can neither see nor score it.
- An expert (a member of the organisation owning an approved directory actor) sees the
  supports the actor is assigned to, and the applications in them; nothing else.
"""

from assonum.core.perms import user_acts_as_staff
from assonum.organisations import perms as org_perms

from .models import Application, Expert, Review

COMMITTEE_GROUP = "Comité du fonds"
EXPERTS_GROUP = "Experts"


def is_staff(user) -> bool:
    return user_acts_as_staff(user)


def is_member(user, application) -> bool:
    return user.is_authenticated and org_perms.is_member(user, application.organisation)


def review_of(user, application) -> Review | None:
    if not user.is_authenticated:
        return None
    return Review.objects.filter(application=application, reviewer=user).first()


def experts_of(user):
    """The approved experts ``user`` acts for (member of the actor's owning organisation)."""
    if not user.is_authenticated:
        return Expert.objects.none()
    return Expert.objects.filter(approved=True, place__owner__memberships__user=user).distinct()


def is_assigned_expert(user, application) -> bool:
    return bool(application.support_id) and experts_of(user).filter(
        supports=application.support_id).exists()


def may_view_application(user, application) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user) or is_member(user, application):
        return True
    review = review_of(user, application)
    if review is not None:
        return review.conflict is False
    return is_assigned_expert(user, application)


def may_edit_application(user, application) -> bool:
    return application.is_editable and is_member(user, application)


def may_submit(user, application) -> bool:
    return (application.is_editable and user.is_authenticated
            and org_perms.is_admin(user, application.organisation))


def may_apply_for(user, organisation) -> bool:
    return user.is_authenticated and org_perms.is_member(user, organisation)


def may_read_document(user, document) -> bool:
    """Private documents: the association, staff, reviewers without conflict. Not experts."""
    application = document.application
    if not user.is_authenticated:
        return False
    if is_staff(user) or is_member(user, application):
        return True
    review = review_of(user, application)
    return review is not None and review.conflict is False


def may_write_message(user, application) -> bool:
    return is_staff(user) or is_member(user, application)


def may_read_private_notes(user) -> bool:
    return is_staff(user)


def may_manage(user) -> bool:
    """Staff powers: open the review, assign reviewers, decide, stage payments, supports."""
    return is_staff(user)


def may_declare_conflict(user, application) -> bool:
    review = review_of(user, application)
    return review is not None and review.submitted_at is None


def may_score(user, application) -> bool:
    review = review_of(user, application)
    return (review is not None and review.conflict is False
            and application.status == Application.Status.IN_REVIEW)


def may_see_queue(user) -> bool:
    return is_staff(user) or (user.is_authenticated and user.fund_reviews.exists())


def may_view_support(user, support) -> bool:
    if not user.is_authenticated:
        return False
    if is_staff(user) or experts_of(user).filter(supports=support).exists():
        return True
    return any(org_perms.is_member(user, a.organisation) for a in support.applications.all())


def may_log_session(user, support) -> bool:
    return (support.closed_at is None and user.is_authenticated
            and (is_staff(user) or experts_of(user).filter(supports=support).exists()))


def may_give_satisfaction(user, application) -> bool:
    return (application.status in {Application.Status.IN_SUPPORT, Application.Status.DONE}
            and is_member(user, application))


def may_see_reports(user) -> bool:
    return is_staff(user)

"""Every write of the support fund: keyword-only arguments, one transaction each."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.concurrency import retry_when_locked, take_within
from assonum.core.emails import absolute_url, send_email
from assonum.core.workflow import log_creation, transition
from assonum.organisations.models import Membership

from . import scoring
from .models import (
    Application,
    Attendance,
    AuditEvent,
    Document,
    Expert,
    Message,
    Payment,
    Review,
    Score,
    Session,
    Support,
)

S = Application.Status


class FundError(Exception):
    """A refused action, with the French reasons to show."""

    def __init__(self, message, reasons=None):
        self.message = str(message)
        self.reasons = list(reasons or [])
        super().__init__(self.message)


def _diagnostic_summary(organisation, before=None):
    from assonum.diagnostic.services import latest_summary

    return latest_summary(organisation, before=before)


def _plain(summary):
    """A diagnostic summary fit for a JSON field (the date as ISO text)."""
    if summary is None:
        return None
    return {**summary, "taken_at": summary["taken_at"].isoformat()}


def audit(application, user, action, detail=""):
    AuditEvent.objects.create(application=application, action=action, detail=detail[:300],
                              user=user if getattr(user, "is_authenticated", False) else None)


# --- Applications ---------------------------------------------------------------------------


def start_application(*, call, organisation, by) -> Application:
    """A draft pre-filled from the organisation and its latest diagnostic."""
    from assonum.diagnostic.services import weak_themes

    summary = _diagnostic_summary(organisation)
    weak = weak_themes(summary)
    goals = "\n".join(_("Progresser en « %(theme)s » (score de départ : %(score)s/100)") % {
        "theme": t["label"], "score": t["score"]} for t in weak)
    kind = call.support_kinds[0] if len(call.support_kinds) == 1 else ""
    with transaction.atomic():
        application = Application.objects.create(
            call=call, organisation=organisation, created_by=by, goals=goals,
            support_kind=kind, start_summary=_plain(summary))
        log_creation(application, by=by)
        audit(application, by, AuditEvent.Action.CHANGED, _("création du brouillon"))
    return application


EDITABLE_FIELDS = ("title", "description", "goals", "support_kind", "amount_requested", "budget")


def save_application(*, application, by, data) -> Application:
    if not application.is_editable:
        raise FundError(_("Ce dossier n'est plus modifiable : il est « %(state)s ».") % {
            "state": application.get_status_display()})
    with transaction.atomic():
        changed = [f for f in EDITABLE_FIELDS if f in data and getattr(application, f) != data[f]]
        for name in changed:
            setattr(application, name, data[name])
        if changed:
            application.save(update_fields=[*changed, "updated_at"])
            audit(application, by, AuditEvent.Action.CHANGED, ", ".join(changed))
    return application


def add_document(*, application, label, upload, by) -> Document:
    from assonum.core.private_files import StorageFull, upload_batch, validate_upload

    from .models import MAX_DOCUMENT_BYTES

    if not application.is_editable:
        raise FundError(_("Les pièces ne peuvent plus être modifiées."))
    mime = validate_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)
    try:
        with transaction.atomic(), upload_batch() as files:
            document = Document(application=application, label=label, content_type=mime,
                                size=upload.size, uploaded_by=by)
            files.save(document.file, upload.name, upload)
            document.save()
            audit(application, by, AuditEvent.Action.CHANGED, _("pièce ajoutée : %s") % label)
    except StorageFull as error:  # nothing kept: neither the row nor a partial file
        raise FundError(error.message) from error
    return document


def submit(*, application, by, now=None) -> Application:
    """Check eligibility (all the reasons at once), then move to "déposée"."""
    now = now or timezone.now()
    summary = _diagnostic_summary(application.organisation)
    problems = scoring.eligibility_problems(application, summary=summary, now=now)
    if problems:
        raise FundError(_("Le dossier ne peut pas encore être déposé :"), problems)
    with transaction.atomic():
        application = transition(application, S.SUBMITTED, by=by, changes={
            "submitted_at": now, "start_summary": _plain(summary)})
        audit(application, by, AuditEvent.Action.CHANGED, _("dépôt"))
        _notify_staff(application)
    return application


def _notify_staff(application):
    from django.conf import settings

    to = [settings.FUND_STAFF_EMAIL] if getattr(settings, "FUND_STAFF_EMAIL", "") else []
    send_email(to=to, subject=_("Dossier déposé : %s") % application.reference,
               template="fund/emails/submitted",
               context={"application": application,
                        "url": absolute_url(application.get_absolute_url())})


def _association_recipients(application) -> list[str]:
    emails = set(Membership.objects.filter(
        organisation=application.organisation, role=Membership.Role.ADMIN)
        .values_list("user__email", flat=True))
    if application.created_by_id and application.created_by.email:
        emails.add(application.created_by.email)
    return sorted(e for e in emails if e)


def _email_association(application, *, subject, note=""):
    send_email(to=_association_recipients(application), subject=subject,
               template="fund/emails/decision",
               context={"application": application, "note": note,
                        "state": application.get_status_display(),
                        "url": absolute_url(application.get_absolute_url())})


def open_review(*, application, by) -> Application:
    with transaction.atomic():
        application = transition(application, S.IN_REVIEW, by=by)
        audit(application, by, AuditEvent.Action.CHANGED, _("mise en instruction"))
    return application


def ask_complement(*, application, by, message) -> Application:
    if not message.strip():
        raise FundError(_("Dites à l'association ce qu'il faut compléter."))
    with transaction.atomic():
        application = transition(application, S.COMPLEMENT, by=by, note=message)
        Message.objects.create(application=application, author=by, from_staff=True, body=message)
        audit(application, by, AuditEvent.Action.CHANGED, _("complément demandé"))
        _email_association(application, subject=_("Un complément est demandé pour votre dossier"),
                           note=message)
    return application


DECISIONS = {"accepted": S.ACCEPTED, "accepted_conditions": S.ACCEPTED_CONDITIONS,
             "refused": S.REFUSED}


def decide(*, application, by, outcome, amount=None, conditions="", reason="") -> Application:
    target = DECISIONS.get(outcome)
    if target is None:
        raise FundError(_("Décision inconnue."))
    reasons = []
    if target != S.REFUSED and (amount is None or amount <= 0):
        reasons.append(_("Indiquez le montant accordé."))
    if target == S.ACCEPTED_CONDITIONS and not conditions.strip():
        reasons.append(_("Précisez les conditions."))
    if not reason.strip():
        reasons.append(_("Donnez le motif de la décision : l'association le lira."))
    if reasons:
        raise FundError(_("La décision n'est pas enregistrée :"), reasons)
    with transaction.atomic():
        application = transition(application, target, by=by, note=reason, changes={
            "amount_granted": None if target == S.REFUSED else Decimal(amount),
            "conditions": conditions if target == S.ACCEPTED_CONDITIONS else "",
            "decision_reason": reason, "decided_at": timezone.now(), "decided_by": by})
        audit(application, by, AuditEvent.Action.CHANGED, _("décision : %s")
              % application.get_status_display())
        _email_association(application, subject=_("Décision sur votre demande au fonds : %s")
                           % application.get_status_display().lower(), note=reason)
    return application


def abandon(*, application, by, reason) -> Application:
    with transaction.atomic():
        application = transition(application, S.ABANDONED, by=by, note=reason)
        audit(application, by, AuditEvent.Action.CHANGED, _("abandon"))
        _email_association(application, subject=_("Votre dossier au fonds est clos"), note=reason)
    return application


def post_message(*, application, by, body, from_staff, private=False) -> Message:
    body = body.strip()
    if not body:
        raise FundError(_("Le message est vide."))
    with transaction.atomic():
        message = Message.objects.create(application=application, author=by, body=body,
                                         from_staff=from_staff, private=private and from_staff)
        if from_staff and not private:
            send_email(to=_association_recipients(application),
                       subject=_("Nouveau message sur votre dossier %s") % application.reference,
                       template="fund/emails/message",
                       context={"application": application, "body": body,
                                "url": absolute_url(application.get_absolute_url())})
    return message


# --- Review ---------------------------------------------------------------------------------


def assign_reviewer(*, application, reviewer, by) -> Review:
    with transaction.atomic():
        review, _created = Review.objects.get_or_create(
            application=application, reviewer=reviewer, defaults={"assigned_by": by})
        audit(application, by, AuditEvent.Action.CHANGED,
              _("relecteur désigné : %s") % reviewer.email)
    return review


def declare_conflict(*, review, conflict: bool, note="") -> Review:
    with transaction.atomic():
        Review.objects.filter(pk=review.pk).update(conflict=conflict, conflict_note=note[:500])
        if conflict:
            review.scores.all().delete()
        review.refresh_from_db()
    return review


def save_scores(*, review, marks: dict, comment="", by=None) -> Review:
    if review.conflict is not False:
        raise FundError(_("Déclarez d'abord l'absence de conflit d'intérêts."))
    if review.application.status != S.IN_REVIEW:
        raise FundError(_("Le dossier n'est pas en instruction."))
    criteria = {c.pk: c for c in review.application.call.criteria.all()}
    if set(marks) != set(criteria) or any(v not in range(5) for v in marks.values()):
        raise FundError(_("Notez chaque critère de 0 à 4."))
    with transaction.atomic():
        for criterion_id, value in marks.items():
            Score.objects.update_or_create(review=review, criterion_id=criterion_id,
                                           defaults={"value": value})
        review.comment = comment
        review.submitted_at = timezone.now()
        review.save(update_fields=["comment", "submitted_at"])
        audit(review.application, by or review.reviewer, AuditEvent.Action.CHANGED,
              _("évaluation enregistrée"))
    return review


# --- Experts and supports -------------------------------------------------------------------


def approve_expert(*, place, by, approved=True) -> Expert:
    with transaction.atomic():
        expert, _created = Expert.objects.get_or_create(place=place)
        expert.approved = approved
        expert.approved_by = by
        expert.approved_at = timezone.now() if approved else None
        expert.save()
    return expert


def create_support(*, call, kind, title, experts, applications, by) -> Support:
    experts, applications = list(experts), list(applications)
    if not experts or any(not e.approved for e in experts):
        raise FundError(_("Choisissez au moins un expert agréé pour le fonds."))
    if not applications or (kind == "individual" and len(applications) != 1):
        raise FundError(_("Un accompagnement individuel concerne une seule association."))
    with transaction.atomic():
        support = Support.objects.create(call=call, kind=kind, title=title)
        support.experts.set(experts)
        for application in applications:
            application = transition(application, S.IN_SUPPORT, by=by,
                                     changes={"support": support})
            audit(application, by, AuditEvent.Action.CHANGED, _("accompagnement commencé"))
            _email_association(application, subject=_("Votre accompagnement commence"))
    return support


def log_session(*, support, by, starts_at, duration_minutes, content, present=()) -> Session:
    if support.closed_at is not None:
        raise FundError(_("Cet accompagnement est clos."))
    present = {int(p) for p in present}
    with transaction.atomic():
        session = Session.objects.create(support=support, starts_at=starts_at, logged_by=by,
                                         duration_minutes=duration_minutes, content=content)
        Attendance.objects.bulk_create([
            Attendance(session=session, application=a, present=a.pk in present)
            for a in support.applications.all()])
    return session


def close_support(*, support, by, report) -> Support:
    """The final report closes the support; the retaken diagnostic is kept beside the start."""
    if not report.strip():
        raise FundError(_("Le bilan final est obligatoire."))
    with transaction.atomic():
        support = Support.objects.select_for_update().get(pk=support.pk)
        if support.closed_at is not None:
            raise FundError(_("Cet accompagnement est déjà clos."))
        support.final_report, support.closed_at = report, timezone.now()
        support.save(update_fields=["final_report", "closed_at"])
        for application in support.applications.filter(status=S.IN_SUPPORT):
            end = _diagnostic_summary(application.organisation)
            if end is not None and application.start_summary and \
                    end["id"] == application.start_summary.get("id"):
                end = None  # not retaken since the start
            transition(application, S.DONE, by=by, note=report[:1000],
                       changes={"end_summary": _plain(end)})
            audit(application, by, AuditEvent.Action.CHANGED, _("accompagnement terminé"))
    return support


def give_satisfaction(*, application, by, score, comment="") -> Application:
    if score not in range(1, 6):
        raise FundError(_("Donnez une note de 1 à 5."))
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(satisfaction=score,
                                                             satisfaction_comment=comment)
        application.refresh_from_db()
    return application


# --- Money ----------------------------------------------------------------------------------


@retry_when_locked
def stage_payment(*, application, by, amount, due_on, payee, expert=None) -> Payment:
    """Stage a payment; refused when it would exceed the amount granted (one conditional UPDATE)."""
    amount = Decimal(amount)
    if amount <= 0:
        raise FundError(_("Le montant doit être positif."))
    if payee == Payment.Payee.EXPERT and expert is None:
        raise FundError(_("Choisissez l'expert à payer."))
    with transaction.atomic():
        taken = take_within(Application.objects.filter(status__in=Application.GRANTED_STATES),
                            application.pk, used="staged_total", cap="amount_granted",
                            amount=amount)
        if not taken:
            raise FundError(_("Ce versement dépasserait le montant accordé."))
        payment = Payment.objects.create(application=application, amount=amount, due_on=due_on,
                                         payee=payee, expert=expert, created_by=by)
        audit(application, by, AuditEvent.Action.CHANGED, _("versement prévu : %s €") % amount)
    return payment


def mark_paid(*, payment, by, paid_on) -> Payment:
    with transaction.atomic():
        updated = Payment.objects.filter(pk=payment.pk, paid_on__isnull=True).update(
            paid_on=paid_on)
        if not updated:
            raise FundError(_("Ce versement est déjà enregistré comme payé."))
        payment.refresh_from_db()
        audit(payment.application, by, AuditEvent.Action.CHANGED,
              _("versement payé : %s €") % payment.amount)
    return payment

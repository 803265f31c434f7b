"""Every write of the diagnostic, and the public API the support fund reads.

Public and stable (the fund imports them): :func:`latest_summary` and :func:`weak_themes`.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.emails import absolute_url, send_email
from assonum.core.workflow import log_creation, transition

from . import scoring
from .models import Diagnostic, FollowUp, QuestionnaireVersion, SelectedAnswer, Share, ThemeResult
from .snapshot import build_snapshot, theme_at


class DiagnosticError(Exception):
    """A refused action, with a French message for the person."""


# --- The questionnaire -------------------------------------------------------------------------


def publish_version(*, by=None, note: str = "") -> QuestionnaireVersion:
    """Freeze the draft questionnaire into a new version; new diagnostics use it."""
    snapshot = build_snapshot()
    if not snapshot["themes"]:
        raise DiagnosticError(_("Le questionnaire n'a aucune question active : rien à publier."))
    with transaction.atomic():
        last = QuestionnaireVersion.objects.select_for_update().order_by("-number").first()
        return QuestionnaireVersion.objects.create(
            number=(last.number + 1) if last else 1,
            published_by=by,
            note=note[:300],
            snapshot=snapshot,
        )


def current_version() -> QuestionnaireVersion | None:
    return QuestionnaireVersion.objects.current()


# --- Taking it -----------------------------------------------------------------------------------


def start(*, organisation=None, by=None) -> Diagnostic:
    version = current_version()
    if version is None:
        raise DiagnosticError(_("Le questionnaire n'est pas encore publié. Revenez bientôt."))
    user = by if by is not None and by.is_authenticated else None
    with transaction.atomic():
        diagnostic = Diagnostic.objects.create(
            version=version, organisation=organisation, started_by=user
        )
        log_creation(diagnostic, by=user)
    return diagnostic


def save_page(*, diagnostic: Diagnostic, number: int, answers: dict) -> Diagnostic:
    """Store the answers of theme ``number`` (a dict question id -> answer), keep the others."""
    theme = theme_at(diagnostic.version.snapshot, number)
    if theme is None:
        raise DiagnosticError(_("Ce thème n'existe pas dans ce questionnaire."))
    if diagnostic.is_completed:
        raise DiagnosticError(_("Ce diagnostic est terminé : ses réponses ne changent plus."))
    with transaction.atomic():
        locked = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
        if locked.is_completed:
            raise DiagnosticError(_("Ce diagnostic est terminé : ses réponses ne changent plus."))
        stored = dict(locked.answers or {})
        for question in theme["questions"]:
            key = str(question["id"])
            if key in answers and answers[key]:
                stored[key] = answers[key]
            else:
                stored.pop(key, None)
        locked.answers = stored
        locked.current_theme = number
        locked.save(update_fields=["answers", "current_theme", "updated_at"])
    diagnostic.answers, diagnostic.current_theme = locked.answers, locked.current_theme
    return diagnostic


def complete(*, diagnostic: Diagnostic, by=None, now=None) -> Diagnostic:
    """Score the diagnostic, store its theme results and keyed answers, mark it completed."""
    snapshot = diagnostic.version.snapshot
    result = scoring.compute(snapshot, diagnostic.answers or {})
    now = now or timezone.now()
    with transaction.atomic():
        diagnostic = transition(
            diagnostic,
            Diagnostic.Status.COMPLETED,
            by=by,
            changes={
                "completed_at": now,
                "overall": result.overall,
                "unknown_count": result.unknown,
                "unanswered_count": result.unanswered,
            },
            message=_("Ce diagnostic est déjà terminé."),
        )
        ThemeResult.objects.bulk_create(
            [
                ThemeResult(
                    diagnostic=diagnostic,
                    position=position,
                    theme_slug=t.slug,
                    theme_label=t.label,
                    score=t.score,
                    level=t.level,
                    answered=t.answered,
                    unknown=t.unknown,
                    unanswered=t.unanswered,
                )
                for position, t in enumerate(result.themes)
            ]
        )
        selected = []
        for theme in snapshot["themes"]:
            for question in theme["questions"]:
                answer = (diagnostic.answers or {}).get(str(question["id"])) or {}
                if not question.get("key") or answer.get("unknown"):
                    continue
                chosen = set(answer.get("choices") or [])
                selected += [
                    SelectedAnswer(
                        diagnostic=diagnostic, question_key=question["key"], label=c["label"]
                    )
                    for c in question["choices"]
                    if c["id"] in chosen
                ]
        SelectedAnswer.objects.bulk_create(selected, ignore_conflicts=True)
        _carry_follow_ups(diagnostic, result.measures)
    return diagnostic


def _carry_follow_ups(diagnostic, measures):
    """A new diagnostic of the same association keeps what was said of the same measures."""
    if not diagnostic.organisation_id or not measures:
        return
    slugs = [m["slug"] for m in measures]
    previous = {}
    for follow_up in (
        FollowUp.objects.filter(
            diagnostic__organisation_id=diagnostic.organisation_id, measure_slug__in=slugs
        )
        .exclude(diagnostic=diagnostic)
        .order_by("updated_at")
    ):
        previous[follow_up.measure_slug] = follow_up.status
    FollowUp.objects.bulk_create(
        [
            FollowUp(diagnostic=diagnostic, measure_slug=slug, status=status)
            for slug, status in previous.items()
            if status != FollowUp.Status.TODO
        ]
    )


def attach(*, diagnostic: Diagnostic, organisation, by) -> Diagnostic:
    """An anonymous diagnostic becomes the association's (the person must be a member)."""
    from assonum.organisations.perms import is_member

    if not is_member(by, organisation):
        raise DiagnosticError(_("Vous ne faites pas partie de cette association."))
    with transaction.atomic():
        updated = Diagnostic.objects.filter(pk=diagnostic.pk, organisation__isnull=True).update(
            organisation=organisation, started_by=by
        )
        if not updated:
            raise DiagnosticError(_("Ce diagnostic est déjà rattaché à une association."))
    diagnostic.refresh_from_db()
    return diagnostic


def send_resume_link(*, diagnostic: Diagnostic, email: str) -> None:
    link = absolute_url(reverse("diagnostic:resume", args=[diagnostic.token]))
    send_email(
        to=[email],
        subject=_("Votre diagnostic numérique : le lien pour le reprendre"),
        template="diagnostic/emails/resume",
        context={"link": link, "diagnostic": diagnostic},
    )


def purge_anonymous(*, now=None) -> int:
    """Delete the diagnostics never attached to an association after DIAGNOSTIC_ANONYMOUS_DAYS."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.DIAGNOSTIC_ANONYMOUS_DAYS)
    deleted, _detail = Diagnostic.objects.filter(
        organisation__isnull=True, updated_at__lt=limit
    ).delete()
    return deleted


# --- Follow-up and sharing -----------------------------------------------------------------------


def set_follow_up(*, diagnostic: Diagnostic, measure_slug: str, status: str, by) -> FollowUp:
    if status not in FollowUp.Status.values:
        raise DiagnosticError(_("Choisissez où vous en êtes dans la liste."))
    slugs = {
        m["slug"]
        for m in scoring.triggered_measures(diagnostic.version.snapshot, diagnostic.answers or {})
    }
    if measure_slug not in slugs:
        raise DiagnosticError(_("Cette recommandation ne fait pas partie de ce diagnostic."))
    with transaction.atomic():
        follow_up, created = FollowUp.objects.get_or_create(
            diagnostic=diagnostic, measure_slug=measure_slug, defaults={"updated_by": by}
        )
        if created:
            log_creation(follow_up, by=by)
        if follow_up.status != status:
            follow_up = transition(
                follow_up, status, by=by, changes={"updated_by": by, "updated_at": timezone.now()}
            )
    return follow_up


CONSENT_TEXT = (
    "L'association accepte que %(name)s voie ce résultat de diagnostic (scores, "
    "réponses et recommandations), jusqu'à ce qu'elle retire ce partage."
)


def share(*, diagnostic: Diagnostic, recipient, by) -> Share:
    if recipient is None or not recipient.is_active:
        raise DiagnosticError(_("Aucun expert ni membre de l'équipe n'a cette adresse."))
    with transaction.atomic():
        if Share.objects.active().filter(diagnostic=diagnostic, recipient=recipient).exists():
            raise DiagnosticError(_("Ce résultat est déjà partagé avec cette personne."))
        name = recipient.get_full_name() or recipient.email
        created = Share.objects.create(
            diagnostic=diagnostic,
            recipient=recipient,
            granted_by=by,
            consent_text=_(CONSENT_TEXT) % {"name": name},
        )
        send_email(
            to=[recipient.email],
            subject=_("Un résultat de diagnostic numérique est partagé avec vous"),
            template="diagnostic/emails/shared",
            context={
                "diagnostic": diagnostic,
                "link": absolute_url(reverse("diagnostic:result", args=[diagnostic.pk])),
            },
        )
    return created


def revoke_share(*, share: Share, by) -> Share:
    with transaction.atomic():
        updated = Share.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        if not updated:
            raise DiagnosticError(_("Ce partage est déjà retiré."))
    share.refresh_from_db()
    return share


# --- Public API for the support fund (keep stable) -----------------------------------------------


def latest_summary(organisation, *, before=None) -> dict | None:
    """The organisation's latest completed diagnostic (taken before ``before`` if given).

    ``{"id", "taken_at", "url", "overall", "themes": [{"slug", "label", "score"}]}``, the
    themes in questionnaire order; None when there is none. Two queries.
    """
    queryset = Diagnostic.objects.completed().filter(organisation=organisation)
    if before is not None:
        queryset = queryset.filter(completed_at__lt=before)
    diagnostic = queryset.order_by("-completed_at", "-pk").first()
    if diagnostic is None:
        return None
    return summary_of(diagnostic)


def summary_of(diagnostic: Diagnostic, theme_results=None) -> dict:
    if theme_results is None:
        theme_results = diagnostic.theme_results.order_by("position")
    return {
        "id": diagnostic.pk,
        "taken_at": diagnostic.completed_at,
        "url": reverse("diagnostic:result", args=[diagnostic.pk]),
        "overall": diagnostic.overall,
        "themes": [
            {"slug": t.theme_slug, "label": t.theme_label, "score": t.score} for t in theme_results
        ],
    }


def weak_themes(summary: dict | None, threshold: int = 50) -> list[dict]:
    """The summary's themes scored below ``threshold``, weakest first (unscored ones left out)."""
    if not summary:
        return []
    weak = [t for t in summary["themes"] if t["score"] is not None and t["score"] < threshold]
    return sorted(weak, key=lambda t: (t["score"], t["slug"]))

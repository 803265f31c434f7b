"""Eligibility (reasons in plain French), priority bonus, weighted score and spread."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def eligibility_problems(application, *, summary=None, now=None) -> list[str]:
    """Why ``application`` cannot be submitted to its call (empty list: eligible)."""
    from assonum.organisations.models import Organisation

    call, organisation = application.call, application.organisation
    now = now or timezone.now()
    problems = []
    if not call.is_open(timezone.localdate(now)):
        problems.append(_("L'appel « %(call)s » n'est pas ouvert aux dépôts aujourd'hui "
                          "(du %(start)s au %(end)s).") % {
            "call": call.title, "start": call.opens_on.strftime("%d/%m/%Y"),
            "end": call.closes_on.strftime("%d/%m/%Y")})
    if organisation.kind != Organisation.Kind.ASSOCIATION:
        problems.append(_("Seules les associations peuvent demander une aide du fonds."))
    if call.seat_in_region:
        commune = organisation.seat_commune
        if commune is None or commune.department.region_code != settings.REGION_CODE:
            problems.append(_("Le siège de l'association doit être dans la région : indiquez sa "
                              "commune sur la fiche de l'organisation."))
    if call.diagnostic_within_months:
        limit = now - timedelta(days=round(call.diagnostic_within_months * 30.44))
        if summary is None or summary["taken_at"] < limit:
            problems.append(_("Il faut un diagnostic numérique de l'association fait depuis moins "
                              "de %(n)s mois.") % {"n": call.diagnostic_within_months})
    if call.max_employees is not None and (organisation.employees_count or 0) > call.max_employees:
        problems.append(_("L'appel est réservé aux associations de %(n)s salariés au plus.") % {
            "n": call.max_employees})
    if call.sectors and organisation.sector not in call.sectors:
        problems.append(_("Le secteur d'activité de l'association n'est pas concerné par cet "
                          "appel."))
    if not application.title.strip() or not application.description.strip():
        problems.append(_("Donnez un intitulé et une description au projet."))
    if not application.support_kind:
        problems.append(_("Choisissez le type d'accompagnement souhaité."))
    elif call.support_kinds and application.support_kind not in call.support_kinds:
        problems.append(_("Cet appel ne propose pas ce type d'accompagnement."))
    if application.amount_requested is None:
        problems.append(_("Indiquez le montant demandé."))
    labels = {d.label for d in application.documents.all()}
    for required in call.required_documents:
        if required not in labels:
            problems.append(_("Pièce manquante : « %(label)s ».") % {"label": required})
    return problems


def priority_bonus(application, *, repeat=None) -> tuple[int, list[str]]:
    """Points added for the call's priorities, and their French labels."""
    call, organisation = application.call, application.organisation
    points, reasons = 0, []
    commune = organisation.seat_commune
    if call.rural_bonus and commune is not None and commune.is_rural:
        points += call.rural_bonus
        reasons.append(_("commune rurale (+%(n)s)") % {"n": call.rural_bonus})
    if call.small_bonus and (organisation.employees_count or 0) <= call.small_max_employees:
        points += call.small_bonus
        reasons.append(_("petite association (+%(n)s)") % {"n": call.small_bonus})
    if call.sector_bonus and organisation.sector in call.priority_sectors:
        points += call.sector_bonus
        reasons.append(_("secteur prioritaire (+%(n)s)") % {"n": call.sector_bonus})
    if repeat is None:
        repeat = is_repeat(application)
    if call.first_bonus and not repeat:
        points += call.first_bonus
        reasons.append(_("première demande (+%(n)s)") % {"n": call.first_bonus})
    return points, reasons


def granted_before(applications) -> set[tuple[int, int]]:
    """(organisation id, application id) of the grants of these organisations: one query."""
    from .models import Application

    return set(Application.objects.granted().filter(
        organisation_id__in={a.organisation_id for a in applications}).values_list(
        "organisation_id", "pk"))


def is_repeat(application) -> bool:
    """Has the association been granted support by the fund before (another application)?"""
    from .models import Application

    return (Application.objects.granted().filter(organisation_id=application.organisation_id)
            .exclude(pk=application.pk).exists())


def review_score(review, criteria) -> float | None:
    """One reviewer's weighted score out of 100, None until every criterion is marked."""
    marks = {s.criterion_id: s.value for s in review.scores.all()}
    if not criteria or any(c.pk not in marks for c in criteria):
        return None
    total_weight = sum(c.weight for c in criteria) or 1
    return round(sum(c.weight * marks[c.pk] for c in criteria) / (4 * total_weight) * 100, 1)


def file_score(application, criteria=None, *, repeat=None) -> dict:
    """The weighted score (mean of reviewers), the bonus, the total and the spread."""
    criteria = list(application.call.criteria.all()) if criteria is None else criteria
    scores = [s for s in (review_score(r, criteria) for r in application.reviews.all()
                          if r.conflict is False) if s is not None]
    bonus, reasons = priority_bonus(application, repeat=repeat)
    weighted = round(sum(scores) / len(scores), 1) if scores else None
    return {
        "weighted": weighted,
        "bonus": bonus,
        "bonus_reasons": reasons,
        "total": round(weighted + bonus, 1) if weighted is not None else None,
        "spread": round(max(scores) - min(scores), 1) if len(scores) > 1 else None,
        "count": len(scores),
    }

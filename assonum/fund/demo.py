"""Demo of the fund (idempotent): one open call, one closed call with applications in every
state, a cohort in progress with sessions, payments staged. Everything is an "exemple fictif".
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from assonum.core.workflow import log_creation

from .models import (
    Application,
    Attendance,
    Call,
    Criterion,
    Expert,
    Payment,
    Session,
    Support,
    SupportKind,
)

FICTIONAL = "Exemple fictif, créé pour la démonstration de la plateforme."

GRID = [
    ("Pertinence du besoin au regard du diagnostic", 3,
     ["Aucun lien", "Lien faible", "Lien partiel", "Besoin clair", "Besoin clair et prioritaire"]),
    ("Capacité de l'association à s'approprier l'accompagnement", 2,
     ["Aucune", "Faible", "Moyenne", "Bonne", "Très bonne"]),
    ("Effet attendu pour les adhérents et le public", 2,
     ["Aucun", "Limité", "Réel", "Important", "Très important"]),
]

S = Application.Status
# (organisation slug, state) for the closed call: one application in every state.
CLOSED_STATES = [
    ("amis-mediatheque-levroux", S.DONE), ("judo-club-chartrain", S.REFUSED),
    ("solidarite-numerique-berry", S.IN_SUPPORT), ("jardins-partages-tours", S.ACCEPTED),
    ("foyer-rural-jeu-les-bois", S.ACCEPTED_CONDITIONS), ("judo-club-chartrain", S.ABANDONED),
    ("jardins-partages-tours", S.COMPLEMENT), ("solidarite-numerique-berry", S.IN_REVIEW),
    ("foyer-rural-jeu-les-bois", S.SUBMITTED), ("amis-mediatheque-levroux", S.DRAFT),
]


def _call(slug, title, opens, closes, **extra):
    call, created = Call.objects.update_or_create(slug=slug, defaults={
        "title": title, "opens_on": opens, "closes_on": closes,
        "summary": "Un accompagnement à la transition numérique pour les associations de la "
                   "région, sur la base de leur diagnostic. " + FICTIONAL,
        "envelope": Decimal("60000"), "diagnostic_within_months": 12, "max_employees": 10,
        "rural_bonus": 10, "small_bonus": 5, "first_bonus": 5,
        "support_kinds": [SupportKind.INDIVIDUAL, SupportKind.COLLECTIVE],
        "required_documents": ["Budget prévisionnel", "Derniers comptes approuvés"],
        "is_fictional": True, **extra})
    if created:
        for position, (label, weight, descriptors) in enumerate(GRID):
            Criterion.objects.create(call=call, label=label, weight=weight,
                                     descriptors=descriptors, position=position)
    return call


def load(stdout=None) -> list[str]:
    from assonum.diagnostic.services import latest_summary
    from assonum.directory.models import Place
    from assonum.organisations.models import Organisation

    today = timezone.localdate()
    with transaction.atomic():
        _call("transition-numerique-" + str(today.year), "Accompagner la transition numérique "
              f"des associations {today.year}", today - timedelta(days=20),
              today + timedelta(days=60))
        closed = _call("premier-appel-" + str(today.year - 1), "Premier appel : numérique et "
                       f"ruralité {today.year - 1}", today - timedelta(days=400),
                       today - timedelta(days=300), rural_bonus=15)
        organisations = Organisation.objects.in_bulk(
            {slug for slug, _state in CLOSED_STATES}, field_name="slug")
        place = Place.objects.filter(owner__isnull=False).order_by("pk").first()
        expert = None
        if place is not None:
            expert, _created = Expert.objects.update_or_create(
                place=place, defaults={"approved": True, "approved_at": timezone.now()})
        made = 0
        if not closed.applications.exists() and len(organisations) == 5:
            made = _applications(closed, organisations, expert, latest_summary)
    return [f"fund: 2 calls, {made} new demo applications"
            + (f", expert {expert}" if expert else "")]


def _plain(summary):
    return {**summary, "taken_at": summary["taken_at"].isoformat()} if summary else None


def _applications(call, organisations, expert, latest_summary) -> int:
    now = timezone.now()
    decided_at = now - timedelta(days=280)
    cohort = None
    if expert is not None:
        cohort = Support.objects.create(call=call, kind=SupportKind.COLLECTIVE,
                                        title="Cohorte « outils collaboratifs » (exemple fictif)")
        cohort.experts.add(expert)
    for index, (slug, state) in enumerate(CLOSED_STATES):
        organisation = organisations[slug]
        summary = latest_summary(organisation)
        end = None
        if state == S.DONE and summary is not None:
            earlier = latest_summary(organisation, before=summary["taken_at"])
            if earlier is not None:
                summary, end = earlier, _plain(summary)
        start = _plain(summary)
        granted = state in Application.GRANTED_STATES
        application = Application.objects.create(
            call=call, organisation=organisation, status=state, is_fictional=True,
            title=f"Outils numériques partagés — {organisation.name}",
            description="Mettre en place des outils collaboratifs libres et former les "
                        "bénévoles. " + FICTIONAL,
            support_kind=SupportKind.COLLECTIVE, amount_requested=Decimal("4000"),
            start_summary=start, end_summary=end, satisfaction=5 if end else None,
            submitted_at=None if state == S.DRAFT else decided_at - timedelta(days=20),
            amount_granted=Decimal(3000 + 250 * index) if granted else None,
            decided_at=decided_at if state in Application.DECIDED_STATES else None,
            decision_reason="Projet cohérent avec le diagnostic." if state in
            Application.DECIDED_STATES else "",
            conditions="Refaire le diagnostic à la fin." if state == S.ACCEPTED_CONDITIONS else "")
        log_creation(application, note="démonstration")
        if state in (S.IN_SUPPORT, S.DONE) and cohort is not None:
            Application.objects.filter(pk=application.pk).update(support=cohort)
            application.support = cohort
        if granted:
            Payment.objects.create(application=application, payee=Payment.Payee.ASSOCIATION,
                                   amount=Decimal("1500"), due_on=decided_at.date(),
                                   paid_on=decided_at.date() + timedelta(days=10))
            Payment.objects.create(application=application, payee=Payment.Payee.ASSOCIATION,
                                   amount=Decimal("1000"), due_on=now.date() + timedelta(days=30))
            Application.objects.filter(pk=application.pk).update(staged_total=Decimal("2500"))
    if cohort is not None:
        members = list(cohort.applications.all())
        for week in range(3):
            session = Session.objects.create(
                support=cohort, starts_at=now - timedelta(days=60 - 14 * week),
                duration_minutes=150, content=f"Atelier {week + 1} : partage de documents, "
                "agenda commun, visioconférence libre. " + FICTIONAL)
            Attendance.objects.bulk_create([Attendance(session=session, application=a,
                                                       present=True) for a in members])
    return len(CLOSED_STATES)

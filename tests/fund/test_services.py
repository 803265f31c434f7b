"""Applications, eligibility, review and scores, supports, payments."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assonum.fund import scoring, services
from assonum.fund.models import Application, Payment, Review
from tests.diagnostic import factories as diag

from .conftest import granted, ready_application

S = Application.Status


def test_a_draft_is_prefilled_with_the_weak_themes_of_the_latest_diagnostic(world):
    diag.completed(world.foyer, rank=0)
    application = services.start_application(call=world.call, organisation=world.foyer,
                                              by=world.member)
    assert application.status == S.DRAFT
    assert application.start_summary["overall"] is not None
    weak = [t for t in application.start_summary["themes"] if t["score"] < 50]
    assert weak and all(f"« {t['label']} »" in application.goals for t in weak)


def test_submit_lists_every_reason_in_plain_french_and_keeps_the_draft(world):
    application = services.start_application(call=world.call, organisation=world.foyer,
                                              by=world.member)
    world.foyer.employees_count = 25
    world.foyer.save()
    with pytest.raises(services.FundError) as error:
        services.submit(application=application, by=world.admin)
    reasons = " ".join(error.value.reasons)
    assert "diagnostic numérique" in reasons and "moins de 12 mois" in reasons
    assert "10 salariés au plus" in reasons
    assert "Pièce manquante : « Budget prévisionnel »" in reasons
    assert "montant demandé" in reasons
    assert Application.objects.get(pk=application.pk).status == S.DRAFT


def test_an_old_diagnostic_or_a_seat_outside_the_region_is_not_eligible(world):
    diag.completed(world.foyer, rank=0, when=timezone.now() - timedelta(days=500))
    application = ready_application(world, diagnose=False)
    problems = scoring.eligibility_problems(application, summary=services._diagnostic_summary(
        world.foyer))
    assert any("moins de 12 mois" in p for p in problems)
    world.foyer.seat_commune = None
    world.foyer.save()
    problems = scoring.eligibility_problems(application, summary=None)
    assert any("siège" in p for p in problems)


def test_submit_an_eligible_application(world):
    application = ready_application(world)
    application = services.submit(application=application, by=world.admin)
    assert application.status == S.SUBMITTED and application.submitted_at is not None


def test_priority_bonus_rural_small_and_first_application(world):
    application = ready_application(world)
    points, reasons = scoring.priority_bonus(application)
    assert points == 20  # Jeu-les-Bois (394 inhabitants) is rural, no employee, first demand
    assert any("rurale" in r for r in reasons)
    urban = services.start_application(call=world.call, organisation=world.other,
                                        by=world.other_admin)
    assert scoring.priority_bonus(urban)[0] == 10  # Orléans is not rural


def test_weighted_score_bonus_and_spread_between_reviewers(world):
    application = ready_application(world)
    services.submit(application=application, by=world.admin)
    services.open_review(application=application, by=world.staff)
    criteria = list(world.call.criteria.all())
    marks = [(4, 4), (2, 0), (0, 0)]
    for reviewer, (a, b) in zip(world.reviewers, marks, strict=True):
        review = services.assign_reviewer(application=application, reviewer=reviewer,
                                          by=world.staff)
        services.declare_conflict(review=review, conflict=reviewer == world.reviewers[2])
        if reviewer != world.reviewers[2]:
            services.save_scores(review=review, marks={criteria[0].pk: a, criteria[1].pk: b})
    score = scoring.file_score(application)
    # (3*4+1*4)/16 = 100 ; (3*2+1*0)/16 = 37.5 ; the reviewer with a conflict does not count
    assert score["count"] == 2
    assert score["weighted"] == 68.8 and score["spread"] == 62.5
    assert score["bonus"] == 20 and score["total"] == 88.8


def test_a_reviewer_with_a_conflict_cannot_score(world):
    application = ready_application(world)
    services.submit(application=application, by=world.admin)
    services.open_review(application=application, by=world.staff)
    review = services.assign_reviewer(application=application, reviewer=world.reviewers[0],
                                      by=world.staff)
    services.declare_conflict(review=review, conflict=True, note="Je suis adhérente")
    criteria = list(world.call.criteria.all())
    with pytest.raises(services.FundError):
        services.save_scores(review=Review.objects.get(pk=review.pk),
                             marks={c.pk: 3 for c in criteria})
    assert not review.scores.exists()


def test_decision_needs_an_amount_conditions_and_a_reason(world):
    application = ready_application(world)
    services.submit(application=application, by=world.admin)
    services.open_review(application=application, by=world.staff)
    with pytest.raises(services.FundError) as error:
        services.decide(application=application, by=world.staff,
                        outcome="accepted_conditions", amount=None, conditions="", reason="")
    assert len(error.value.reasons) == 3
    application = services.decide(application=application, by=world.staff,
                                  outcome="accepted_conditions", amount=Decimal("2500"),
                                  conditions="Refaire le diagnostic", reason="Bon projet")
    assert application.status == S.ACCEPTED_CONDITIONS and application.amount_granted == 2500


def test_payments_never_exceed_the_amount_granted(world):
    application = granted(world, amount=Decimal("3000"))
    today = timezone.localdate()
    services.stage_payment(application=application, by=world.staff, amount=Decimal("2000"),
                           due_on=today, payee="association")
    with pytest.raises(services.FundError) as error:
        services.stage_payment(application=application, by=world.staff,
                               amount=Decimal("1000.01"), due_on=today, payee="association")
    assert "dépasserait" in error.value.message
    services.stage_payment(application=application, by=world.staff, amount=Decimal("1000"),
                           due_on=today, payee="association")
    application.refresh_from_db()
    assert application.staged_total == Decimal("3000") and application.payments.count() == 2
    # The database refuses it too, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(staged_total=Decimal("3000.01"))


def test_a_refused_application_cannot_be_paid(world):
    application = ready_application(world)
    services.submit(application=application, by=world.admin)
    services.open_review(application=application, by=world.staff)
    services.decide(application=application, by=world.staff, outcome="refused",
                    reason="Hors du champ de l'appel.")
    with pytest.raises(services.FundError):
        services.stage_payment(application=application, by=world.staff, amount=Decimal("10"),
                               due_on=timezone.localdate(), payee="association")
    assert not Payment.objects.exists()


@pytest.mark.postgres
def test_fifty_concurrent_payments_stay_within_the_grant(run_concurrently, world):
    application = granted(world, amount=Decimal("1000"))
    today = timezone.localdate()

    def pay(index):
        services.stage_payment(application=application, by=None, amount=Decimal("150"),
                               due_on=today, payee="association")
        return True

    results = run_concurrently(pay, n=50)
    wins = [r for r, e in results if r]
    refused = [e for r, e in results if isinstance(e, services.FundError)]
    assert len(wins) == 6 and len(refused) == 44
    application.refresh_from_db()
    assert application.staged_total == Decimal("900")
    assert sum(p.amount for p in application.payments.all()) == Decimal("900")


def test_close_support_keeps_the_retaken_diagnostic_beside_the_start(world):
    application = granted(world)
    support = services.create_support(call=world.call, kind="individual", title="Suivi",
                                      experts=[world.experts[0].expert],
                                      applications=[application], by=world.staff)
    for day in range(3):
        services.log_session(support=support, by=world.experts[0].user,
                             starts_at=timezone.now() - timedelta(days=day),
                             duration_minutes=90, content="Atelier", present=[application.pk])
    diag.completed(world.foyer, rank=-1)
    services.close_support(support=support, by=world.experts[0].user, report="Bilan positif")
    application.refresh_from_db()
    assert application.status == S.DONE
    assert application.end_summary["overall"] > application.start_summary["overall"]
    assert application.end_summary["id"] != application.start_summary["id"]


def test_statistics_count_supports_and_hours_per_department(world):
    from assonum.core.plugins import statistics

    application = granted(world)
    support = services.create_support(call=world.call, kind="individual", title="Suivi",
                                      experts=[world.experts[0].expert],
                                      applications=[application], by=world.staff)
    for _ in range(2):
        services.log_session(support=support, by=world.experts[0].user,
                             starts_at=timezone.now(), duration_minutes=90, content="Atelier",
                             present=[application.pk])
    figures = {(s.key, s.department): s.value for s in statistics() if s.group == "fund"}
    assert figures == {("fund.supports", "36"): 1, ("fund.hours", "36"): 3.0}


def test_personal_data_export_and_erasure_keep_the_association_s_file(world):
    from assonum.fund import personal_data
    from assonum.fund.models import Message

    application = ready_application(world)
    services.post_message(application=application, by=world.member, from_staff=False,
                          body="Nous avons une question.")
    exported = personal_data.export(world.member)
    assert exported["fund_messages"][0]["body"] == "Nous avons une question."
    assert exported["fund_applications_started"][0]["organisation"] == world.foyer.name
    personal_data.erase(world.member)
    application.refresh_from_db()
    assert application.created_by is None and Message.objects.get().author is None

"""Versioning, completion, the public API for the fund, follow-up, sharing, aggregates."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from assonum.core.workflow import InvalidTransition, history
from assonum.diagnostic import services, statistics
from assonum.diagnostic.models import (Choice, Diagnostic, FollowUp, Question,
                                       QuestionnaireVersion, SelectedAnswer, Share)
from tests.diagnostic import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return f.questionnaire()


@pytest.fixture
def places():
    return f.communes()


def test_demo_questionnaire_has_ten_themes_and_thirty_questions_with_keys(version):
    snapshot = version.snapshot
    assert len(snapshot["themes"]) == 10
    assert version.question_count == 30
    keys = {q["key"] for t in snapshot["themes"] for q in t["questions"] if q["key"]}
    assert keys == {"outils", "difficultes"}
    assert all(q["help"] for t in snapshot["themes"] for q in t["questions"])
    assert {q["kind"] for t in snapshot["themes"] for q in t["questions"]} == {
        "single", "multiple", "scale"}


def test_publishing_a_change_keeps_old_results_exactly_and_new_ones_use_it(version, places):
    organisation = f.association(places["36093"])
    first = f.completed(organisation, rank=0)
    before = services.summary_of(first)
    first_questions = [q["text"] for t in first.version.snapshot["themes"] for q in t["questions"]]

    # Staff reword a question, change an answer's score and drop another question; publish.
    question = Question.objects.get(text__startswith="Sauvegardez-vous")
    question.text = "Vos fichiers importants sont-ils copiés automatiquement ailleurs ?"
    question.save()
    Choice.objects.filter(question=question, label="Jamais").update(score=2)
    Question.objects.filter(text__startswith="Choisissez-vous des hébergeurs").update(active=False)
    new_version = services.publish_version(note="Sauvegarde reformulée")
    assert new_version.number == version.number + 1

    first.refresh_from_db()
    assert first.version_id == version.pk
    assert services.summary_of(first) == before
    assert [q["text"] for t in first.version.snapshot["themes"] for q in t["questions"]] == \
        first_questions
    # Re-scoring the old diagnostic from its own snapshot gives the same figures.
    from assonum.diagnostic import scoring
    rescored = scoring.compute(first.version.snapshot, first.answers)
    assert rescored.overall == before["overall"]

    second = f.completed(organisation, rank=0)
    assert second.version_id == new_version.pk
    texts = [q["text"] for t in second.version.snapshot["themes"] for q in t["questions"]]
    assert "Vos fichiers importants sont-ils copiés automatiquement ailleurs ?" in texts
    assert len(texts) == 29
    security = {t["slug"]: t["score"] for t in services.summary_of(second)["themes"]}["securite"]
    assert security > {t["slug"]: t["score"] for t in before["themes"]}["securite"]


def test_complete_stores_theme_results_keyed_answers_and_logs_the_transition(version, places):
    diagnostic = f.completed(f.association(places["36044"]), rank=-1)
    assert diagnostic.status == Diagnostic.Status.COMPLETED
    assert diagnostic.overall == 100
    assert diagnostic.theme_results.count() == 10
    assert set(SelectedAnswer.objects.filter(diagnostic=diagnostic)
               .values_list("question_key", flat=True)) == {"outils", "difficultes"}
    assert [log.to_state for log in history(diagnostic)] == ["in_progress", "completed"]
    with pytest.raises(InvalidTransition):
        services.complete(diagnostic=diagnostic)


def test_save_page_keeps_other_themes_and_refuses_after_completion(version):
    diagnostic = services.start()
    themes = version.snapshot["themes"]
    q1 = themes[0]["questions"][0]
    q2 = themes[1]["questions"][0]
    services.save_page(diagnostic=diagnostic, number=1,
                       answers={str(q1["id"]): {"choices": [q1["choices"][0]["id"]], "unknown": False}})
    services.save_page(diagnostic=diagnostic, number=2,
                       answers={str(q2["id"]): {"choices": [], "unknown": True}})
    diagnostic.refresh_from_db()
    assert set(diagnostic.answers) == {str(q1["id"]), str(q2["id"])}
    assert diagnostic.current_theme == 2
    services.save_page(diagnostic=diagnostic, number=1, answers={})  # answers cleared on page 1
    diagnostic.refresh_from_db()
    assert set(diagnostic.answers) == {str(q2["id"])}
    services.complete(diagnostic=diagnostic)
    with pytest.raises(services.DiagnosticError):
        services.save_page(diagnostic=diagnostic, number=1, answers={})


def test_latest_summary_and_weak_themes_for_the_fund(version, places):
    organisation = f.association(places["36018"] if "36018" in places else places["36093"])
    assert services.latest_summary(organisation) is None
    now = timezone.now()
    old = f.completed(organisation, rank=0, when=now - timedelta(days=300))
    new = f.completed(organisation, rank=-1, when=now - timedelta(days=10))
    summary = services.latest_summary(organisation)
    assert summary["id"] == new.pk
    assert summary["taken_at"] == new.completed_at
    assert summary["url"] == f"/diagnostic/resultats/{new.pk}/"
    assert summary["overall"] == 100
    assert [t["slug"] for t in summary["themes"]][:2] == ["communication", "collaboration"]
    assert set(summary["themes"][0]) == {"slug", "label", "score"}
    earlier = services.latest_summary(organisation, before=now - timedelta(days=100))
    assert earlier["id"] == old.pk
    assert services.latest_summary(organisation, before=now - timedelta(days=400)) is None
    assert services.weak_themes(summary) == []
    weak = services.weak_themes(earlier, threshold=50)
    assert weak and all(t["score"] < 50 for t in weak)
    assert [t["score"] for t in weak] == sorted(t["score"] for t in weak)
    fake = {"themes": [{"slug": "a", "label": "A", "score": 40}, {"slug": "b", "label": "B",
            "score": 10}, {"slug": "c", "label": "C", "score": None},
            {"slug": "d", "label": "D", "score": 50}]}
    assert [t["slug"] for t in services.weak_themes(fake)] == ["b", "a"]
    assert [t["slug"] for t in services.weak_themes(fake, threshold=51)] == ["b", "a", "d"]
    assert services.weak_themes(None) == []
    # An in-progress diagnostic is not a result.
    services.start(organisation=organisation)
    assert services.latest_summary(organisation)["id"] == new.pk


def test_follow_ups_move_through_the_workflow_and_carry_to_the_next_diagnostic(version, places):
    person = f.user()
    organisation = f.association(places["36093"], member=person)
    first = f.completed(organisation, rank=0)
    follow_up = services.set_follow_up(diagnostic=first, measure_slug="sauvegarde",
                                       status="done", by=person)
    assert follow_up.status == "done"
    assert [log.to_state for log in history(follow_up)] == ["todo", "done"]
    with pytest.raises(services.DiagnosticError):
        services.set_follow_up(diagnostic=first, measure_slug="n-existe-pas", status="done",
                               by=person)
    with pytest.raises(services.DiagnosticError):
        services.set_follow_up(diagnostic=first, measure_slug="sauvegarde", status="fini",
                               by=person)
    second = f.completed(organisation, rank=0)
    assert FollowUp.objects.get(diagnostic=second, measure_slug="sauvegarde").status == "done"


def test_attach_requires_membership_and_happens_once(version, places):
    person = f.user()
    mine = f.association(places["36093"], member=person)
    theirs = f.association(places["36044"])
    diagnostic = services.start()
    with pytest.raises(services.DiagnosticError):
        services.attach(diagnostic=diagnostic, organisation=theirs, by=person)
    services.attach(diagnostic=diagnostic, organisation=mine, by=person)
    assert diagnostic.organisation == mine and diagnostic.started_by == person
    with pytest.raises(services.DiagnosticError):
        services.attach(diagnostic=diagnostic, organisation=mine, by=person)


@override_settings(DIAGNOSTIC_ANONYMOUS_DAYS=14)
def test_purge_deletes_only_old_unattached_diagnostics(version, places):
    kept = f.completed(f.association(places["36093"]))
    old = services.start()
    recent = services.start()
    Diagnostic.objects.filter(pk__in=[old.pk, kept.pk]).update(
        updated_at=timezone.now() - timedelta(days=20))
    services.purge_anonymous()
    assert set(Diagnostic.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}


def test_share_records_consent_and_revoke_is_final(version, places):
    person = f.user()
    organisation = f.association(places["36093"], member=person)
    diagnostic = f.completed(organisation)
    helper = f.expert()
    share = services.share(diagnostic=diagnostic, recipient=helper, by=person)
    assert helper.email.split("@")[0] in share.consent_text
    with pytest.raises(services.DiagnosticError):
        services.share(diagnostic=diagnostic, recipient=helper, by=person)
    services.revoke_share(share=share, by=person)
    assert Share.objects.active().count() == 0
    with pytest.raises(services.DiagnosticError):
        services.revoke_share(share=share, by=person)
    services.share(diagnostic=diagnostic, recipient=helper, by=person)  # may be granted again
    assert Share.objects.filter(diagnostic=diagnostic).count() == 2


def test_publish_refuses_an_empty_questionnaire():
    with pytest.raises(services.DiagnosticError):
        services.publish_version()
    assert not QuestionnaireVersion.objects.exists()


# --- Aggregates for the observatory -----------------------------------------------------------


def _population(places):
    """5 associations in the Indre, 4 in Loir-et-Cher (one with two diagnostics)."""
    indre = [places[c] for c in ("36093", "36044", "36063", "36005", "36089")]
    loir_et_cher = [places["41018"], places["41295"], places["41018"], places["41295"]]
    made = []
    for index, commune in enumerate(indre):
        made.append(f.completed(f.association(commune, sector="culture"), rank=-1 if index < 2 else 0))
    for commune in loir_et_cher:
        made.append(f.completed(f.association(commune, sector="sport"), rank=0))
    old_first = f.association(places["45234"], sector="sport")
    f.completed(old_first, rank=-1, when=timezone.now() - timedelta(days=200))
    f.completed(old_first, rank=0)  # only the latest counts
    return made


def test_statistics_publish_groups_of_five_and_never_smaller(version, places):
    _population(places)
    figures = statistics.statistics()
    departments = {s.department for s in figures if s.department}
    assert departments == {"36"}  # Indre: 5; Loir-et-Cher: 4; Loiret: 1
    indre = [s for s in figures if s.department == "36" and s.key == "diagnostic.theme_level"
             and s.group.startswith("theme:securite|")]
    shares = {s.group: s.value for s in indre}
    assert shares == {"theme:securite|level:4": 40.0, "theme:securite|level:1": 60.0}
    assert all(s.count == 5 for s in indre)
    region = [s for s in figures if s.department == "" and s.group.startswith("theme:securite|")]
    # Region: 10 associations; 2 at the top, 8 at the bottom (the Loiret one by its latest).
    assert {s.group: s.value for s in region} == {"theme:securite|level:4": 20.0,
                                                   "theme:securite|level:1": 80.0}
    sectors = {s.group.split("|")[0] for s in figures if s.group.startswith("sector:")}
    assert sectors == {"sector:culture", "sector:sport"}  # 5 each
    tools = [s for s in figures if s.key == "diagnostic.answer.outils" and s.department == "36"]
    assert tools and all(s.count == 5 and 0 < s.value <= 100 for s in tools)
    assert all(s.count >= 5 for s in figures)


@override_settings(DIAGNOSTIC_MIN_GROUP=11)
def test_statistics_threshold_is_a_setting(version, places):
    _population(places)
    assert statistics.statistics() == []


def test_statistics_take_a_constant_number_of_queries(version, places, django_assert_max_num_queries):
    _population(places)
    with django_assert_max_num_queries(14):
        first = statistics.statistics()
    for _ in range(3):
        f.completed(f.association(places["36093"]), rank=0)
    with django_assert_max_num_queries(14):
        assert len(statistics.statistics()) >= len(first)

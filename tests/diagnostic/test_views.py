"""The journey without JavaScript (plain form posts), the result page, its access rules."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assonum.diagnostic.models import Diagnostic, FollowUp
from assonum.diagnostic.services import publish_version
from assonum.toolbox.models import Need
from tests.diagnostic import factories as f
from tests.directory.factories import PlaceFactory
from tests.toolbox.factories import guide_index, make_guide, make_tool, tool_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo_site):
    """The questionnaire, real communes, a toolbox and directory actors around Levroux."""
    version = f.questionnaire()
    places = f.communes()
    proteger = Need.objects.create(name="Protéger les données (RGPD)", slug="proteger")
    collaborer = Need.objects.create(name="Collaborer", slug="collaborer")
    tools, guides = tool_index(demo_site), guide_index(demo_site)
    make_tool(tools, title="Bitwarden", slug="bitwarden", needs=[proteger])
    make_tool(tools, title="Dropbox", slug="dropbox", needs=[collaborer], licence="freemium")
    make_tool(tools, title="Nextcloud", slug="nextcloud", needs=[collaborer])
    make_guide(
        guides, title="RGPD : protéger les données de vos membres", slug="rgpd", needs=[proteger]
    )
    near = places["36063"]  # Déols, about 18 km from Levroux
    PlaceFactory(
        nom="Espace numérique de Déols",
        slug="epn-deols",
        commune=near,
        commune_nom=near.name,
        latitude=near.latitude,
        longitude=near.longitude,
        services=["Utilisation sécurisée du numérique"],
        offers=["sensibilisation"],
    )
    far = places["45234"]  # Orléans, far away
    PlaceFactory(
        nom="Atelier orléanais",
        slug="atelier-orleans",
        commune=far,
        commune_nom=far.name,
        latitude=far.latitude,
        longitude=far.longitude,
        services=["Utilisation sécurisée du numérique"],
        offers=["sensibilisation"],
    )
    return version, places


def worst_choices(html):
    """For each question of the page, the id of the lowest-scored choice is the first one listed
    in the demo data; post the first radio/checkbox of every question."""
    values = {}
    for name, value in re.findall(r'name="(q\d+)" value="(\d+)"', html):
        values.setdefault(name, value)
    return values


def take_pages(client, diagnostic_pk, numbers, action="next"):
    for number in numbers:
        url = f"/diagnostic/{diagnostic_pk}/theme/{number}/"
        page = client.get(url)
        assert page.status_code == 200
        response = client.post(url, {**worst_choices(page.content.decode()), "action": action})
        assert response.status_code == 302
    return response


def test_member_journey_without_javascript(
    world, client, smtp_settings, django_capture_on_commit_callbacks
):
    version, places = world
    member = f.user("sacha.bernard@exemple.fr")
    levroux = f.association(
        places["36093"], name="Les Amis de la médiathèque de Levroux", member=member
    )
    f.login(client, member)

    page = client.get("/diagnostic/")
    assert "Commencer le diagnostic" in page.content.decode()
    response = client.post("/diagnostic/commencer/", {"organisation": levroux.pk})
    diagnostic = Diagnostic.objects.get()
    assert response["Location"] == f"/diagnostic/{diagnostic.pk}/theme/1/"
    first_page = client.get(response["Location"]).content.decode()
    assert "Thème 1 sur 10" in first_page and "Pourquoi cette question ?" in first_page
    assert "Je ne sais pas" in first_page

    # Four themes, then "stop and resume later" on the fifth (with a "je ne sais pas").
    take_pages(client, diagnostic.pk, [1, 2, 3, 4])
    fifth = client.get(f"/diagnostic/{diagnostic.pk}/theme/5/").content.decode()
    answers = worst_choices(fifth)
    first_question = sorted(answers)[0]
    answers[first_question] = "unknown"
    response = client.post(f"/diagnostic/{diagnostic.pk}/theme/5/", {**answers, "action": "later"})
    assert response["Location"] == f"/diagnostic/{diagnostic.pk}/plus-tard/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"], {"email": member.email})
    (mail,) = smtp_settings.received
    link = re.search(
        r"https?://\S+/diagnostic/reprendre/\S+/",
        mail.message.get_body(preferencelist=("plain",)).get_content(),
    ).group(0)
    diagnostic.refresh_from_db()
    assert diagnostic.current_theme == 5 and diagnostic.status == "in_progress"

    # Resume from /espace/ ...
    dashboard = client.get("/espace/").content.decode()
    assert f"/diagnostic/{diagnostic.pk}/theme/5/" in dashboard
    # ... or from the emailed private link; what was answered is still checked.
    resumed = client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    assert resumed["Location"] == f"/diagnostic/{diagnostic.pk}/theme/5/"
    page = client.get(resumed["Location"]).content.decode()
    assert re.search(rf'name="{first_question}" value="unknown"[^>]*checked', page)

    # Back one theme, then jump straight to the last ones.
    response = client.post(
        f"/diagnostic/{diagnostic.pk}/theme/5/", {**answers, "action": "previous"}
    )
    assert response["Location"] == f"/diagnostic/{diagnostic.pk}/theme/4/"
    take_pages(client, diagnostic.pk, [6, 7, 8, 9])
    response = take_pages(client, diagnostic.pk, [10], action="finish")
    assert response["Location"] == f"/diagnostic/resultats/{diagnostic.pk}/"

    result = client.get(response["Location"])
    html = result.content.decode()
    assert result["Cache-Control"] == "private, no-store"
    assert "<svg" in html and "<table" in html
    assert "« je ne sais pas » à 1 question" in html
    assert "Bitwarden" in html and "Nextcloud" in html  # tools, free software first
    assert html.index("Nextcloud") < html.index("Dropbox") if "Dropbox" in html else True
    assert "RGPD : protéger les données de vos membres" in html  # a guide
    assert "Espace numérique de Déols" in html and "Atelier orléanais" not in html  # nearby only
    assert "Levroux" in html

    # Mark two recommendations as done.
    slugs = re.findall(r'name="measure" value="([\w-]+)"', html)
    assert len(slugs) == 6
    for slug in slugs[:2]:
        client.post(
            f"/diagnostic/resultats/{diagnostic.pk}/suivi/", {"measure": slug, "status": "done"}
        )
    assert set(
        FollowUp.objects.filter(diagnostic=diagnostic, status="done").values_list(
            "measure_slug", flat=True
        )
    ) == set(slugs[:2])

    # Its date moved back a year, the association takes it again, answering better.
    Diagnostic.objects.filter(pk=diagnostic.pk).update(
        completed_at=timezone.now() - timedelta(days=365)
    )
    client.post("/diagnostic/commencer/", {"organisation": levroux.pk})
    second = Diagnostic.objects.exclude(pk=diagnostic.pk).get()
    for number in range(1, 11):
        url = f"/diagnostic/{second.pk}/theme/{number}/"
        page = client.get(url).content.decode()
        best = {}
        for name, value in re.findall(r'name="(q\d+)" value="(\d+)"', page):
            best[name] = value  # the last choice listed is the best in the demo data
        client.post(url, {**best, "action": "finish" if number == 10 else "next"})
    second.refresh_from_db()
    assert second.is_completed
    html = client.get(f"/diagnostic/resultats/{second.pk}/").content.decode()
    assert "Barre fine grise : le diagnostic précédent" in html
    assert html.count('class="diagnostic-chart__previous"') == 10
    assert "Avant" in html and re.search(r"<td>\d+ \(\+\d+\)</td>", html)  # progress per theme
    # The measures marked done and still triggered keep their status.
    for slug in slugs[:2]:
        follow_up = FollowUp.objects.filter(diagnostic=second, measure_slug=slug).first()
        assert follow_up is None or follow_up.status == "done"


def test_anonymous_visitor_takes_it_and_keeps_it_only_by_attaching(world, client):
    version, places = world
    client.post("/diagnostic/commencer/", {"organisation": ""})
    diagnostic = Diagnostic.objects.get()
    assert diagnostic.organisation is None and diagnostic.started_by is None
    for number in range(1, 11):
        client.post(
            f"/diagnostic/{diagnostic.pk}/theme/{number}/",
            {"action": "finish" if number == 10 else "next"},
        )
    result = client.get(f"/diagnostic/resultats/{diagnostic.pk}/").content.decode()
    assert "Se connecter pour le garder" in result
    # Nothing answered: no score, stated as such.
    assert "non calculé" in result and "30 questions sont restées sans réponse" in result
    person = f.user()
    mine = f.association(places["36093"], member=person)
    other = f.association(places["36044"])
    client.force_login(person)  # the session keeps the diagnostic it started
    page = client.get(f"/diagnostic/{diagnostic.pk}/rattacher/").content.decode()
    assert mine.name in page and other.name not in page
    response = client.post(f"/diagnostic/{diagnostic.pk}/rattacher/", {"organisation": other.pk})
    assert response.status_code == 200  # not one of hers: the form refuses
    diagnostic.refresh_from_db()
    assert diagnostic.organisation is None
    client.post(f"/diagnostic/{diagnostic.pk}/rattacher/", {"organisation": mine.pk})
    diagnostic.refresh_from_db()
    assert diagnostic.organisation == mine


def test_unknown_with_other_answers_is_refused_and_what_was_typed_is_kept(world, client):
    member = f.user()
    organisation = f.association(world[1]["36093"], member=member)
    f.login(client, member)
    client.post("/diagnostic/commencer/", {"organisation": organisation.pk})
    diagnostic = Diagnostic.objects.get()
    snapshot = diagnostic.version.snapshot
    number = next(
        i
        for i, t in enumerate(snapshot["themes"], 1)
        if any(q["kind"] == "multiple" for q in t["questions"])
    )
    question = next(
        q for q in snapshot["themes"][number - 1]["questions"] if q["kind"] == "multiple"
    )
    url = f"/diagnostic/{diagnostic.pk}/theme/{number}/"
    response = client.post(
        url,
        {f"q{question['id']}": [str(question["choices"][0]["id"]), "unknown"], "action": "next"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "pas les deux" in html
    assert re.search(rf'value="{question["choices"][0]["id"]}"[^>]*checked', html)
    diagnostic.refresh_from_db()
    assert diagnostic.answers == {}


# --- Who sees what -------------------------------------------------------------------------------


@pytest.fixture
def shared_result(world):
    places = world[1]
    owner = f.user("tresoriere@exemple.fr")
    organisation = f.association(places["36093"], member=owner)
    diagnostic = f.completed(organisation, rank=0)
    return diagnostic, owner


def status_of(client, url):
    return client.get(url).status_code


def test_result_is_private(shared_result, client):
    diagnostic, owner = shared_result
    urls = [
        f"/diagnostic/resultats/{diagnostic.pk}/",
        f"/diagnostic/resultats/{diagnostic.pk}/reponses/",
    ]
    stranger = f.user()
    other_member = f.user()
    f.association(None, member=other_member)  # member of another association
    helper = f.expert()
    other_expert = f.expert()
    staff = f.user(is_staff=True)
    for url in urls:
        assert status_of(client, url) == 302  # anonymous: sent to the login page
        for person, expected in (
            (owner, 200),
            (stranger, 403),
            (other_member, 403),
            (helper, 403),
            (other_expert, 403),
        ):
            f.login(client, person)
            assert status_of(client, url) == expected, (person, url)
        f.login(client, staff, mfa=True)
        assert status_of(client, url) == 403  # being staff is not consent
        client.logout()


def test_sharing_with_a_named_expert_is_consented_and_revocable(
    shared_result, client, django_capture_on_commit_callbacks
):
    diagnostic, owner = shared_result
    helper = f.expert("noa.expert@exemple.fr")
    other_expert = f.expert()
    url = f"/diagnostic/resultats/{diagnostic.pk}/"
    f.login(client, owner)
    # Without consent ticked: refused, nothing shared.
    response = client.post(f"{url}partage/", {"email": helper.email})
    assert response.status_code == 400 and not diagnostic.shares.exists()
    # A person who is neither expert nor staff cannot receive it.
    response = client.post(f"{url}partage/", {"email": f.user().email, "consent": "on"})
    assert response.status_code == 400 and "Aucun expert" in response.content.decode()
    client.post(f"{url}partage/", {"email": helper.email, "consent": "on"})
    share = diagnostic.shares.get()
    assert "noa.expert@exemple.fr" in share.consent_text and share.granted_by == owner

    f.login(client, helper)
    assert status_of(client, url) == 200
    assert "Où en êtes-vous ?" not in client.get(url).content.decode()  # reads, does not manage
    assert (
        client.post(f"{url}suivi/", {"measure": "sauvegarde", "status": "done"}).status_code == 403
    )
    assert f"/diagnostic/resultats/{diagnostic.pk}/" in client.get("/espace/").content.decode()
    f.login(client, other_expert)
    assert status_of(client, url) == 403
    f.login(client, helper)
    assert client.post(f"{url}partage/{share.pk}/retirer/").status_code == 403  # not hers

    f.login(client, owner)
    client.post(f"{url}partage/{share.pk}/retirer/")
    f.login(client, helper)
    assert status_of(client, url) == 403


def test_taking_pages_are_private_too(world, client):
    owner = f.user()
    organisation = f.association(world[1]["36093"], member=owner)
    f.login(client, owner)
    client.post("/diagnostic/commencer/", {"organisation": organisation.pk})
    diagnostic = Diagnostic.objects.get()
    url = f"/diagnostic/{diagnostic.pk}/theme/1/"
    assert status_of(client, url) == 200
    f.login(client, f.user())
    assert status_of(client, url) == 403
    assert status_of(client, f"/diagnostic/reprendre/{diagnostic.token}/") == 403
    client.logout()
    assert status_of(client, url) == 302
    assert status_of(client, f"/diagnostic/reprendre/{diagnostic.token}/") == 302
    assert client.post(url, {"action": "next"}).status_code == 302
    diagnostic.refresh_from_db()
    assert diagnostic.current_theme == 1 and diagnostic.answers == {}
    # An anonymous diagnostic is not readable by another browser.
    client.post("/diagnostic/commencer/", {"organisation": ""})
    anonymous = Diagnostic.objects.get(organisation__isnull=True)
    other_browser = type(client)()
    assert other_browser.get(f"/diagnostic/{anonymous.pk}/theme/1/").status_code == 302


def test_publish_page_needs_staff_acting_with_second_factor(world, client):
    editor = f.user(is_staff=True)
    from django.contrib.auth.models import Group

    editor.groups.add(Group.objects.get(name="Rédaction"))
    f.login(client, editor)
    assert client.get("/admin/autodiagnostic/publier/").status_code in (302, 403)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(editor, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    f.login(client, editor, mfa=True)
    page = client.get("/admin/autodiagnostic/publier/")
    assert page.status_code == 200 and "rien à publier" in page.content.decode()
    from assonum.diagnostic.models import Question

    Question.objects.filter(key="outils").update(text="Quels outils numériques utilisez-vous ?")
    client.post("/admin/autodiagnostic/publier/", {"note": "Question des outils reformulée"})
    from assonum.diagnostic.models import QuestionnaireVersion

    assert QuestionnaireVersion.objects.current().number == 2
    # The draft is edited in the back office; versions are read-only there.
    question = Question.objects.get(key="outils")
    assert client.get(f"/admin/snippets/diagnostic/question/edit/{question.pk}/").status_code == 200
    assert client.get("/admin/snippets/diagnostic/questionnaireversion/").status_code == 200
    assert client.get("/admin/snippets/diagnostic/questionnaireversion/add/").status_code in (
        302, 403)
    member = f.user()
    f.login(client, member)
    assert client.get("/admin/autodiagnostic/publier/").status_code in (302, 403)


# --- Query counts --------------------------------------------------------------------------------


def test_result_page_queries_do_not_grow_with_past_diagnostics(
    world, client, django_assert_max_num_queries
):
    owner = f.user()
    organisation = f.association(world[1]["36093"], member=owner)
    f.login(client, owner)
    first = f.completed(organisation, rank=0, when=timezone.now() - timedelta(days=30))
    client.get(f"/diagnostic/resultats/{first.pk}/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"/diagnostic/resultats/{first.pk}/")
    baseline = len(one.captured_queries)
    assert 0 < baseline <= 30
    for days in (300, 200, 100):
        f.completed(organisation, rank=-1, when=timezone.now() - timedelta(days=days))
    latest = f.completed(organisation, rank=0)
    with django_assert_max_num_queries(baseline + 1):
        response = client.get(f"/diagnostic/resultats/{latest.pk}/")
    assert response.status_code == 200


def test_theme_page_queries_do_not_grow_with_questions(
    world, client, django_assert_max_num_queries
):
    owner = f.user()
    organisation = f.association(world[1]["36093"], member=owner)
    f.login(client, owner)
    client.post("/diagnostic/commencer/", {"organisation": organisation.pk})
    diagnostic = Diagnostic.objects.get()
    client.get(f"/diagnostic/{diagnostic.pk}/theme/1/")
    with CaptureQueriesContext(connection) as small:
        first = client.get(f"/diagnostic/{diagnostic.pk}/theme/1/")
    assert first.status_code == 200, first
    baseline = len(small.captured_queries)
    assert 0 < baseline <= 20
    from assonum.diagnostic.models import Choice, Question, Theme

    theme = Theme.objects.get(slug="communication")
    for n in range(12):
        question = Question.objects.create(theme=theme, text=f"Question ajoutée {n}", order=200 + n)
        Choice.objects.create(question=question, label="Oui", score=3)
    publish_version()
    client.post("/diagnostic/commencer/", {"organisation": organisation.pk})
    bigger = Diagnostic.objects.latest("pk")
    assert len(bigger.version.snapshot["themes"][0]["questions"]) == 15
    # The new questions purged the site-wide cache (a constant cost): warm it, as before `small`.
    client.get(f"/diagnostic/{bigger.pk}/theme/1/")
    with django_assert_max_num_queries(baseline):
        response = client.get(f"/diagnostic/{bigger.pk}/theme/1/")
    assert response.status_code == 200


def test_other_apps_add_blocks_through_the_extension_point(shared_result, client, monkeypatch):
    """An app declaring extensions={"diagnostic.recommendations": fn} adds a block, no import."""
    from assonum.core import plugins

    diagnostic, owner = shared_result
    received = []

    def upcoming_workshops(request, summary):
        received.append(summary)
        weak = [t["label"] for t in summary["themes"] if t["score"] is not None and t["score"] < 50]
        return {
            "template": "diagnostic/includes/block.html",
            "title": "Ateliers à venir",
            "items": [
                {
                    "label": f"Atelier : {weak[0]}",
                    "url": "/evenements/1/",
                    "meta": "12 janvier, Levroux",
                }
            ],
        }

    original = plugins.plugins()
    extra = plugins.Plugin(
        app="tests.diagnostic", extensions={"diagnostic.recommendations": upcoming_workshops}
    )
    monkeypatch.setattr(plugins, "plugins", lambda: (*original, extra))
    assert plugins.problems_of(extra, {p for x in original for p in x.extension_points}) == []
    f.login(client, owner)
    html = client.get(f"/diagnostic/resultats/{diagnostic.pk}/").content.decode()
    assert "Ateliers à venir" in html and 'href="/evenements/1/"' in html
    (summary,) = received
    assert (
        summary["id"] == diagnostic.pk and summary["organisation_id"] == diagnostic.organisation_id
    )
    assert summary["commune_code"] == "36093" and len(summary["themes"]) == 10

"""The stories' hooks: digest, search, home, personal data, demo, bench."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from assonum.core.digest import DigestQuery, TopicMatch
from assonum.stories import demo, digest, home, personal_data
from assonum.stories.models import StoryPage, StoryProposal
from assonum.stories.services import index_stories

from .factories import CommuneFactory, StoryThemeFactory, make_member, make_story

pytestmark = pytest.mark.django_db


def test_digest_items_carry_themes_needs_and_department(story_index, make_tool):
    from assonum.toolbox.models import Need

    need = Need.objects.create(name="Se réunir à distance", slug="se-reunir")
    tool = make_tool("Jitsi Meet")
    tool.needs.set([need])
    tool.save_revision().publish()
    theme = StoryThemeFactory(slug="vie-associative", name="Vie associative")
    before = timezone.now() - timedelta(minutes=1)
    story = make_story(story_index, title="Nouvelle", themes=[theme], tools=[tool],
                       commune=CommuneFactory())
    make_story(story_index, title="Brouillon", publish=False)

    items = digest.new_items(DigestQuery(since=before))
    assert [i.title for i in items] == ["Nouvelle"]
    item = items[0]
    assert item.kind == "story"
    assert item.url == "/temoignages/" + story.slug + "/"
    assert item.tags == frozenset({"vie-associative", "se-reunir"})
    assert item.department_codes == frozenset({"37"})
    assert digest.new_items(DigestQuery(since=timezone.now() + timedelta(minutes=1))) == []
    # Filtered in the database: by a tag of its tools' needs, by department, by kind.
    assert digest.new_items(DigestQuery(since=before, topics=(TopicMatch(
        tags=frozenset({"se-reunir"})),)))[0].title == "Nouvelle"
    assert digest.new_items(DigestQuery(since=before, topics=(TopicMatch(
        tags=frozenset({"autre"})),))) == []
    assert digest.new_items(DigestQuery(since=before, department_codes={"45"})) == []
    assert len(digest.new_items(DigestQuery(since=before, department_codes={"37"}))) == 1
    assert digest.new_items(DigestQuery(since=before, kinds={"tool"})) == []


def test_search_finds_a_story_by_its_words_and_organisation(client, story_index):
    make_story(story_index, title="Assemblées générales à distance",
               organisation_name="Les Randonneurs Berrichons",
               body=[("paragraph", "<p>Nous votons avec des sondages en ligne.</p>")])
    make_story(story_index, title="Autre chose", summary="Rien à voir.")
    index_stories()
    for q in ("assemblee generale", "Randonneurs", "sondage"):
        body = client.get("/recherche/", {"q": q}).content.decode()
        assert "Assemblées générales à distance" in body, q
        assert "Autre chose" not in body, q


def test_home_section_shows_the_three_latest(rf, story_index):
    for n in range(4):
        make_story(story_index, title=f"Histoire {n}")
    section = home.home_section(rf.get("/"))
    assert section["order"] == 20
    assert [s.title for s in section["stories"]] == ["Histoire 3", "Histoire 2", "Histoire 1"]


def test_home_page_shows_latest_stories(client, story_index):
    make_story(story_index, title="Sur la page principale")
    body = client.get("/").content.decode()
    assert "Derniers témoignages" in body and "Sur la page principale" in body


def _propose(client, user, organisation, title):
    client.force_login(user)
    client.post("/temoignages/proposer/", {
        "title": title, "organisation": organisation.pk, "kind": "temoignage",
        "text": "Un texte.", "consent": "on"})
    return StoryProposal.objects.get(page__title=title)


def test_personal_data_export_and_erase(client, story_index):
    user, organisation = make_member(first_name="Camille", last_name="Durand")
    other, other_org = make_member()
    mine = _propose(client, user, organisation, "Le mien")
    theirs = _propose(client, other, other_org, "Le sien")

    exported = personal_data.export(user)
    assert [s["title"] for s in exported["stories_proposed"]] == ["Le mien"]
    assert exported["stories_proposed"][0]["state"] == "in_review"
    assert exported["stories_proposed"][0]["signature"] == "Camille Durand"
    assert "publié" in exported["stories_proposed"][0]["consent_text"]

    personal_data.erase(user)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.proposed_by is None and mine.signature == "ancien membre"
    assert StoryPage.objects.filter(pk=mine.page_id).exists()  # the story stays
    assert theirs.proposed_by == other and theirs.signature != "ancien membre"
    assert personal_data.export(user) == {"stories_proposed": []}
    # Once published, it is signed "ancien membre".
    page = StoryPage.objects.get(pk=mine.page_id)
    page.save_revision().publish()
    assert "ancien membre" in client.get(page.url).content.decode()


def test_demo_tells_the_three_seed_stories_idempotently(demo_site, make_tool):
    from wagtail.models import WorkflowPage

    framadate = make_tool("Framadate", slug="framadate")
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    stories = StoryPage.objects.live()
    assert stories.count() == 6
    seed = stories.filter(is_fictional=False)
    assert {s.organisation_name for s in seed} == {"Framasoft", "La Grange numérique", "ID37"}
    assert stories.filter(is_fictional=True).count() == 3
    assert all(s.title.startswith("Exemple fictif") for s in stories.filter(is_fictional=True))
    dunar = seed.get(organisation_name="ID37")
    assert "mars 2016" in dunar.body[0].value.source
    truck = seed.get(organisation_name="La Grange numérique")
    interview = next(b for b in truck.body if b.block_type == "interview")
    assert [i["question"] for i in interview.value["items"]] == [
        "Pouvez-vous retracer l'historique de ce projet ?",
        "En quoi ce projet apporte quelque chose aux associations ?",
        "Pouvez-vous tracer un premier bilan ?",
    ]
    assert "Mathieu Muselet" in interview.value["person"]
    # Tools found in the toolbox are linked; missing ones are skipped.
    assert framadate in dunar.tools.all()
    assert list(framadate.stories.live().order_by("title")) != []
    index = stories.first().get_parent()
    assert WorkflowPage.objects.filter(page=index).exists()


def test_bench_generates_stories(demo_site):
    out = io.StringIO()
    from assonum.stories import bench

    bench.generate(out, 0.02)
    assert StoryPage.objects.live().count() == 10
    assert "10 stories" in out.getvalue()

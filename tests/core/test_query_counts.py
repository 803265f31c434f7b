"""A fixed, small number of SQL queries per public page (issue 11, item 2; page cache off).

Each page is measured once with one row of what it lists, then again after many more rows:
the count must not grow, and must stay within the budget. The site-wide parts (navigation,
footer pages, site settings, Wagtail's Site) come from the cache (core/page_cache.py), warmed
by the first request of each measurement.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

BUDGET = 8
# Pages whose work another change rewrites (search, newsletter digest): counted, looser budget.
OTHER_BUDGET = 15


def count(client, path, **headers) -> tuple[int, list[str]]:
    client.get(path, **headers)  # warms the site-wide cache and Wagtail's site root paths
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), [q["sql"][:160] for q in queries.captured_queries]


def assert_flat(client, path, grow, budget=BUDGET):
    few, few_sql = count(client, path)
    grow()
    many, many_sql = count(client, path)
    detail = "\n".join(many_sql)
    assert many <= budget, f"{path}: {many} queries (budget {budget})\n{detail}"
    assert few == many, f"{path}: {few} queries with few rows, {many} with many\n{detail}"


# --- Fixtures: one row of each kind ---------------------------------------------------------------


@pytest.fixture
def communes(db):
    from tests.events.factories import real_communes

    return real_communes()


@pytest.fixture
def toolbox(demo_site):
    from tests.toolbox.factories import NeedFactory, guide_index, make_guide, make_tool, tool_index

    tools, guides = tool_index(demo_site), guide_index(demo_site)
    need = NeedFactory(name="Communiquer", slug="communiquer")
    tool = make_tool(tools, needs=[need], title="Framadate")
    guide = make_guide(guides, needs=[need], title="Choisir un outil de sondage")

    def grow(n=25):
        for _ in range(n):
            make_tool(tools, needs=[need])
            make_guide(guides, needs=[need])

    return {"tools": tools, "guides": guides, "tool": tool, "guide": guide, "need": need,
            "grow": grow}


@pytest.fixture
def stories(demo_site):
    from assonum.stories.models import StoryIndexPage
    from tests.stories.factories import StoryThemeFactory, make_story

    index = StoryIndexPage(title="Témoignages", slug="temoignages")
    demo_site.add_child(instance=index)
    index.save_revision().publish()
    theme = StoryThemeFactory()
    story = make_story(index, title="Un site pour le club", themes=[theme])

    def grow(n=25):
        for i in range(n):
            make_story(index, title=f"Histoire {i}", themes=[theme])

    return {"index": index, "story": story, "grow": grow}


@pytest.fixture
def places(demo_site, communes):
    from assonum.directory.models import Place
    from tests.directory.factories import PlaceFactory

    commune = communes["18141"]
    place = PlaceFactory(commune=commune, commune_nom=commune.name, code_postal="18500")

    def grow(n=60):
        built = [PlaceFactory.build(commune=commune, commune_nom=commune.name,
                                    code_postal="18500") for _ in range(n)]
        Place.objects.bulk_create(built)

    return {"place": place, "grow": grow}


@pytest.fixture
def events(demo_site, communes):
    from tests.events.factories import EventFactory

    event = EventFactory(commune=communes["18141"])

    def grow(n=30):
        for _ in range(n):
            EventFactory(commune=communes["18141"])

    return {"event": event, "grow": grow}


# --- The pages ---------------------------------------------------------------------------------


def test_home(client, toolbox, places, events):
    def grow():
        toolbox["grow"](10)
        places["grow"]()
        events["grow"](10)

    assert_flat(client, "/", grow)


def test_content_page(client, demo_site):
    from assonum.core.models import ContentPage

    def grow():
        for i in range(10):
            demo_site.add_child(instance=ContentPage(title=f"Page {i}", slug=f"page-{i}"))

    assert_flat(client, "/mentions-legales/", grow)


def test_toolbox_list(client, toolbox):
    assert_flat(client, toolbox["tools"].url, toolbox["grow"])


def test_toolbox_list_with_filters(client, toolbox):
    path = f"{toolbox['tools'].url}?besoin={toolbox['need'].slug}&licence=libre"
    assert_flat(client, path, toolbox["grow"])


def test_a_tool(client, toolbox):
    assert_flat(client, toolbox["tool"].url, toolbox["grow"])


def test_guides_list(client, toolbox):
    assert_flat(client, toolbox["guides"].url, toolbox["grow"])


def test_a_guide(client, toolbox):
    assert_flat(client, toolbox["guide"].url, toolbox["grow"])


def test_stories_list(client, stories):
    assert_flat(client, stories["index"].url, stories["grow"])


def test_a_story(client, stories):
    assert_flat(client, stories["story"].url, stories["grow"])


def test_directory_list(client, places):
    assert_flat(client, "/annuaire/", places["grow"])


def test_a_place(client, places):
    assert_flat(client, places["place"].get_absolute_url(), places["grow"])


def test_events_list(client, events):
    assert_flat(client, "/agenda/", events["grow"])


def test_an_event(client, events):
    assert_flat(client, events["event"].get_absolute_url(), events["grow"])


def test_landings(client, demo_site):
    for path in ("/mise-en-relation/", "/diagnostic/", "/fonds/", "/dons/", "/dons/offres/"):
        assert_flat(client, path, lambda: None)


def test_search(client, toolbox):
    assert_flat(client, "/recherche/?q=framadate", toolbox["grow"], budget=OTHER_BUDGET)

"""The public story pages: list, filters, pagination, a story with its tools, interview, video."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assonum.stories.blocks import allowed_embed, embed_url
from assonum.stories.models import StoryKind

from .factories import CommuneFactory, DepartmentFactory, StoryThemeFactory, make_story

pytestmark = pytest.mark.django_db


def titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def test_index_lists_only_live_stories(client, story_index):
    make_story(story_index, title="Publiée")
    make_story(story_index, title="Brouillon", publish=False)
    response = client.get("/temoignages/")
    assert response.status_code == 200
    assert titles(response) == ["Publiée"]


def test_index_filters_by_theme_department_and_kind(client, story_index):
    rural = StoryThemeFactory(name="Territoires ruraux", slug="territoires-ruraux")
    libre = StoryThemeFactory(name="Logiciels libres", slug="logiciels-libres")
    tours = CommuneFactory()
    cher = DepartmentFactory(code="18", name="Cher")
    make_story(story_index, title="Rurale à Tours", themes=[rural], commune=tours)
    make_story(story_index, title="Libre dans le Cher", themes=[libre], department=cher,
               kind=StoryKind.PROJECT)
    make_story(story_index, title="Libre et rurale", themes=[libre, rural])

    assert sorted(titles(client.get("/temoignages/?theme=territoires-ruraux"))) == [
        "Libre et rurale", "Rurale à Tours"]
    # The department comes from the commune.
    assert titles(client.get("/temoignages/?departement=37")) == ["Rurale à Tours"]
    assert titles(client.get("/temoignages/?departement=18")) == ["Libre dans le Cher"]
    assert titles(client.get("/temoignages/?type=projet")) == ["Libre dans le Cher"]
    # Two filters narrow the list.
    assert titles(client.get("/temoignages/?theme=logiciels-libres&departement=18")) == [
        "Libre dans le Cher"]
    # An unknown value is ignored rather than emptying the list.
    assert len(titles(client.get("/temoignages/?theme=inconnu"))) == 3
    # The form shows the current choice (works without JavaScript: plain GET).
    body = client.get("/temoignages/?theme=logiciels-libres").content.decode()
    assert '<option value="logiciels-libres" selected>' in body
    assert '<form class="filters" method="get"' in body


def test_index_paginates_by_20(client, story_index):
    for n in range(23):
        make_story(story_index, title=f"Histoire {n:02d}")
    first = client.get("/temoignages/")
    second = client.get("/temoignages/?page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 3
    assert set(titles(first)).isdisjoint(titles(second))
    assert "Page 1 sur 2" in first.content.decode()


def _index_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/temoignages/")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_index_query_count_does_not_grow(client, story_index):
    theme = StoryThemeFactory()
    commune = CommuneFactory()
    make_story(story_index, title="Seule", themes=[theme], commune=commune)
    client.get("/temoignages/")  # warm caches (site root paths, content types)
    one = _index_queries(client)
    for n in range(29):
        make_story(story_index, title=f"Encore {n}", themes=[theme], commune=commune)
    client.get("/temoignages/")
    assert _index_queries(client) == one
    assert one <= 15


def test_story_page_shows_tools_interview_and_video_placeholder(client, story_index, make_tool):
    framadate = make_tool("Framadate")
    draft_tool = make_tool("Outil caché")
    draft_tool.unpublish()
    page = make_story(
        story_index,
        title="Notre histoire",
        organisation_name="Les Amis du Libre",
        commune=CommuneFactory(),
        tools=[framadate, draft_tool],
        body=[
            ("paragraph", "<p>Introduction.</p>"),
            ("interview", {"person": "Mathieu", "items": [
                {"question": "Pourquoi ce projet ?", "answer": "Pour aider les associations."}]}),
            ("quote", {"quote": "Le numérique au service du projet.", "attribution": "Nous"}),
            ("video", {"url": "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d",
                       "title": "Qu'est-ce que PeerTube ?", "description": "", "duration": ""}),
        ],
    )
    response = client.get(page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="{framadate.url}"' in body
    assert "Outil caché" not in body
    assert "Pourquoi ce projet ?" in body and "Pour aider les associations." in body
    assert "Les Amis du Libre" in body and "Tours" in body
    # The video: a link to its page and the player address for the script, but no iframe.
    assert "<iframe" not in body
    player = "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"
    assert f'data-video-player="{player}"' in body
    assert 'href="https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d"' in body
    assert re.search(r'<script src="[^"]*stories/video\.js" defer>', body)
    # The CSP allows framing that host (after the click).
    assert "https://framatube.org" in response.headers["Content-Security-Policy"]


def test_story_without_video_loads_no_script(client, story_index):
    page = make_story(story_index, title="Sans vidéo")
    assert "video.js" not in client.get(page.url).content.decode()


def test_fictional_story_is_marked(client, story_index):
    page = make_story(story_index, title="Inventée", is_fictional=True)
    assert "Exemple fictif" in client.get(page.url).content.decode()
    assert "Exemple fictif" in client.get("/temoignages/").content.decode()


@pytest.mark.parametrize("url, player", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ("https://framatube.org/videos/watch/9c9de5e8-0a1e-484a-b099-e80766180a6d",
     "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d"),
    ("http://vimeo.com/76979871", None),
    ("https://example.org/video.mp4", None),
])
def test_embed_url(url, player):
    assert embed_url(url) == player


def test_video_block_refuses_hosts_outside_the_csp(settings):
    from django.core.exceptions import ValidationError

    from assonum.stories.blocks import VideoBlock

    settings.VIDEO_FRAME_HOSTS = ["https://framatube.org"]
    block = VideoBlock()
    assert allowed_embed("https://vimeo.com/76979871") is None
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"url": "https://vimeo.com/76979871", "title": "x"}))
    cleaned = block.clean(block.to_python(
        {"url": "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "title": "x"}))
    assert cleaned.player_url.startswith("https://framatube.org/videos/embed/")

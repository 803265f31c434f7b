"""The anonymous page cache (assonum/core/page_cache.py, docs/adr/0002-page-cache.md).

The test settings keep it off (``PAGE_CACHE_SECONDS=0``); each test here turns it on with the
test process's local-memory cache, emptied before every test (tests/conftest.py).
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from assonum.core import page_cache
from assonum.core.models import ContentPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_site")]

ON = override_settings(PAGE_CACHE_SECONDS=300)
PATH = "/mentions-legales/"


def state(response) -> str | None:
    return response.get("X-Page-Cache")


@ON
def test_an_anonymous_page_is_stored_then_served_from_the_cache(client):
    first = client.get(PATH)
    second = client.get(PATH)
    assert (first.status_code, state(first)) == (200, "miss")
    assert (second.status_code, state(second)) == (200, "hit")
    assert second.content == first.content
    control = second["Cache-Control"]
    assert control.startswith("public, max-age=300, stale-while-revalidate=")
    vary = {part.strip().lower() for part in second["Vary"].split(",")}
    assert {"cookie", "accept-encoding", "hx-request", "hx-boosted"} <= vary
    # The strict CSP comes with the stored page: no nonce that every visitor would share.
    assert "nonce" not in second["Content-Security-Policy"]


def test_off_by_default_in_the_tests(client):
    client.get(PATH)
    assert state(client.get(PATH)) is None


@ON
def test_a_compressed_and_a_plain_body_are_two_entries(client):
    plain = client.get(PATH)
    gzipped = client.get(PATH, HTTP_ACCEPT_ENCODING="gzip")
    assert state(plain) == "miss" and state(gzipped) == "miss"
    assert gzipped["Content-Encoding"] == "gzip" and not plain.has_header("Content-Encoding")
    again = client.get(PATH, HTTP_ACCEPT_ENCODING="gzip")
    assert state(again) == "hit" and again["Content-Encoding"] == "gzip"
    assert again.content == gzipped.content


@ON
def test_head_is_answered_from_the_stored_get(client):
    miss = client.head(PATH)
    assert miss.status_code == 200 and state(miss) == "miss"
    # A HEAD fills no entry (its body may be empty): the GET that follows is a miss.
    assert state(client.get(PATH)) == "miss"
    hit = client.head(PATH)
    assert (hit.status_code, state(hit), hit.content) == (200, "hit", b"")


@ON
def test_a_signed_in_visitor_never_reads_nor_fills_the_cache(client, django_user_model):
    anonymous = Client()
    assert state(anonymous.get(PATH)) == "miss"
    user = django_user_model.objects.create_user(email="camille.roux@example.org",
                                                 password="Tours-Vienne-2026!")
    client.force_login(user)
    for _ in range(2):
        signed_in = client.get(PATH)
        assert signed_in.status_code == 200 and state(signed_in) is None
        assert signed_in["Cache-Control"] == "private, no-cache"
        assert "Mon espace" in signed_in.content.decode()


@ON
def test_a_signed_in_first_visit_does_not_poison_the_cache(client, django_user_model):
    user = django_user_model.objects.create_user(email="camille.roux@example.org",
                                                 password="Tours-Vienne-2026!")
    client.force_login(user)
    assert "Mon espace" in client.get(PATH).content.decode()
    anonymous = Client()
    first, second = anonymous.get(PATH), anonymous.get(PATH)
    assert (state(first), state(second)) == ("miss", "hit")
    for response in (first, second):
        html = response.content.decode()
        assert "Mon espace" not in html and "camille" not in html and "Se connecter" in html


@ON
def test_any_session_or_message_cookie_bypasses_the_cache(client):
    client.get(PATH)
    client.cookies["sessionid"] = "not-a-real-session"
    assert state(client.get(PATH)) is None
    del client.cookies["sessionid"]
    client.cookies["messages"] = "a-pending-message"
    response = client.get(PATH)
    assert state(response) is None and response["Cache-Control"] == "private, no-cache"


@ON
def test_a_page_carrying_a_csrf_token_is_not_stored(client, rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def view(request):
        return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

    middleware = page_cache.PageCacheMiddleware(view)
    request = rf.get("/formulaire/")
    response = middleware(request)
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    assert state(response) is None and response["Cache-Control"] == "private, no-cache"
    assert state(middleware(rf.get("/formulaire/"))) is None


@ON
def test_a_public_page_with_a_post_form_is_not_stored(client, communes_for_events):
    from tests.events.factories import EventFactory

    event = EventFactory(commune=communes_for_events["18141"])
    first = client.get(event.get_absolute_url())
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    second = client.get(event.get_absolute_url())
    assert state(first) is None and state(second) is None


@ON
def test_a_response_that_sets_a_cookie_or_shows_a_message_is_not_stored(rf):
    from django.contrib.messages import add_message, constants
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    def with_cookie(request):
        response = HttpResponse("ok")
        response.set_cookie("choix", "1")
        return response

    assert state(page_cache.PageCacheMiddleware(with_cookie)(rf.get("/a/"))) is None

    def with_message(request):
        add_message(request, constants.INFO, "Merci !")
        return HttpResponse("ok")

    request = rf.get("/b/")
    request._messages = CookieStorage(request)
    assert state(page_cache.PageCacheMiddleware(with_message)(request)) is None


@ON
@pytest.mark.parametrize("path", ["/admin/", "/espace/", "/compte/login/", "/comptes/x/",
                                  "/fichiers/donations/photo/1/", "/api/v1/outils"])
def test_private_prefixes_are_never_cached(rf, path):
    assert not page_cache.request_is_eligible(rf.get(path))
    assert not page_cache.request_is_eligible(rf.post("/mentions-legales/"))
    assert page_cache.request_is_eligible(rf.get("/mentions-legales/"))


@ON
def test_an_htmx_fragment_and_the_full_page_are_two_entries(client, tools_index_for_cache):
    htmx = {"HTTP_HX_REQUEST": "true"}
    full = client.get(tools_index_for_cache.url)
    fragment = client.get(tools_index_for_cache.url, **htmx)
    assert (state(full), state(fragment)) == ("miss", "miss")
    assert "<html" in full.content.decode() and "<html" not in fragment.content.decode()
    full_again = client.get(tools_index_for_cache.url)
    fragment_again = client.get(tools_index_for_cache.url, **htmx)
    assert (state(full_again), state(fragment_again)) == ("hit", "hit")
    assert "<html" in full_again.content.decode()
    assert "<html" not in fragment_again.content.decode()
    boosted = client.get(tools_index_for_cache.url, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert state(boosted) == "miss" and "<html" in boosted.content.decode()


@ON
def test_publishing_in_the_back_office_shows_at_the_next_request(staff_client):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    page = ContentPage.objects.get(slug="mentions-legales")
    anonymous = Client()
    assert state(anonymous.get(PATH)) == "miss"
    assert state(anonymous.get(PATH)) == "hit"
    response = staff_client.post(f"/admin/pages/{page.pk}/edit/", nested_form_data({
        "title": "Mentions légales revues",
        "slug": page.slug,
        "intro": "Nouvelle version publiée depuis le back-office.",
        "body": streamfield([]),
        "action-publish": "action-publish",
    }))
    assert response.status_code == 302, response.content.decode()[:2000]
    after = anonymous.get(PATH)
    assert after.status_code == 200 and state(after) == "miss"
    assert "Nouvelle version publiée depuis le back-office." in after.content.decode()
    assert "Mentions légales revues" in after.content.decode()


@ON
def test_a_declared_record_purges_the_cache_when_saved_or_moved(client):
    from assonum.core.models import SiteIdentity

    client.get(PATH)
    assert state(client.get(PATH)) == "hit"
    identity = SiteIdentity.load()
    identity.organisation_name = "Le Réseau des associations du Loiret"
    identity.save()  # core declares core.SiteIdentity in its cache_models
    response = client.get(PATH)
    assert state(response) == "miss"
    assert "Le Réseau des associations du Loiret" in response.content.decode()


def test_a_workflow_transition_of_a_declared_model_bumps_the_generation():
    from assonum.core.workflow import transition
    from assonum.directory.models import Place
    from tests.directory.factories import PlaceFactory

    place = PlaceFactory(status=Place.Status.PUBLISHED)
    before = page_cache.generation()
    targets = Place.TRANSITIONS[Place.Status.PUBLISHED]
    transition(place, sorted(str(t) for t in targets)[0])
    assert page_cache.generation() != before


def test_a_counter_taken_or_released_bumps_the_generation():
    """A seat or a unit taken moves a number shown on public pages with an UPDATE (no signal)."""
    from assonum.core.concurrency import release_within, take_within
    from assonum.events.models import Event
    from tests.events.factories import EventFactory

    event = EventFactory(capacity=2)
    before = page_cache.generation()
    assert take_within(Event.objects.all(), event.pk, used="seats_taken", cap="capacity")
    taken = page_cache.generation()
    assert taken != before
    release_within(Event.objects.all(), event.pk, used="seats_taken")
    assert page_cache.generation() != taken
    # nothing moved (no seat left to give back): no purge
    released = page_cache.generation()
    release_within(Event.objects.all(), event.pk, used="seats_taken")
    assert page_cache.generation() == released


def test_every_declared_model_exists_and_each_app_declares_its_records():
    from django.apps import apps

    from assonum.core.plugins import plugins

    declared = {plugin.app: list(plugin.cache_models) for plugin in plugins()}
    for labels in declared.values():
        for label in labels:
            apps.get_model(label)
    for app in ("assonum.core", "assonum.toolbox", "assonum.directory", "assonum.events",
                "assonum.donations", "assonum.stories", "assonum.fund", "assonum.diagnostic"):
        assert declared[app], app


@pytest.fixture
def communes_for_events():
    from tests.events.factories import real_communes

    return real_communes()


@pytest.fixture
def tools_index_for_cache(demo_site):
    from tests.toolbox.factories import make_tool, tool_index

    index = tool_index(demo_site)
    make_tool(index, title="Framadate")
    return index


def test_a_restricted_page_stays_restricted_with_the_restriction_shortcut(client):
    from wagtail.models import PageViewRestriction

    page = ContentPage.objects.get(slug="mentions-legales")
    assert client.get(PATH).status_code == 200
    assert page_cache.site_has_view_restrictions() is False
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page_cache.site_has_view_restrictions() is True  # the generation moved on
    response = client.get(PATH)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert page not in ContentPage.objects.live().public()

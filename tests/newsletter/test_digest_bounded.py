"""The issue page and the emails compute their digest in SQL: bounded whatever the rows."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assonum.core import digest as core_digest
from assonum.directory.models import Place
from assonum.newsletter import rendering
from tests.directory.factories import PlaceFactory

pytestmark = pytest.mark.django_db

DIGEST_TABLES = ("directory_place", "stories_storypage", "toolbox_toolpage", "toolbox_guidepage",
                 "events_event")


def add_places(n, **fields):
    Place.objects.bulk_create(PlaceFactory.build_batch(n, **fields), batch_size=500)


def digest_selects(queries):
    """The digest's main queries (a FROM one of the apps' content tables)."""
    pattern = re.compile('FROM "({})"'.format("|".join(DIGEST_TABLES)))
    return [q["sql"] for q in queries if pattern.search(q["sql"])]


@pytest.fixture
def issue(make_issue):
    first = make_issue(1, sent_at=timezone.now() - timedelta(days=40),
                       send_status="sent")
    first.issue_date = (timezone.now() - timedelta(days=40)).date()
    first.save()
    return make_issue(2, body=[
        ("paragraph", "<p>Bonjour.</p>"),
        ("digest", {"title": "Les nouveautés", "kinds": [], "max_items": 10}),
        ("digest", {"title": "Les lieux", "kinds": ["place"], "max_items": 5}),
    ])


def test_issue_page_queries_and_rows_do_not_grow(client, issue):
    url = issue.get_url()
    add_places(3)
    client.get(url)  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Lieu numérique") == 3 + 3

    add_places(3000)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    html = response.content.decode()
    assert len(many) == len(few)
    # Each block shows its newest max_items, however many places are new.
    assert html.count("Lieu numérique") == 10 + 5
    selects = digest_selects(many.captured_queries)
    assert selects, "the digest asked the apps nothing"
    for sql in selects:
        assert re.search(r"LIMIT \d+", sql), sql
        assert int(re.search(r"LIMIT (\d+)", sql).group(1)) <= 10


def test_emails_use_the_same_bounded_digest(issue, topics, departments, monkeypatch):
    seen = []
    real = core_digest.collect_new_items

    def spy(query):
        items = real(query)
        seen.append((query, len(items)))
        return items

    monkeypatch.setattr(rendering, "collect_new_items", spy)
    add_places(5)
    rendering.render_issue(issue, topic_slugs=[], department_codes=["45"])  # warm the caches
    seen.clear()
    with CaptureQueriesContext(connection) as few:
        rendering.render_issue(issue, topic_slugs=[], department_codes=["45"])
    add_places(2000, offers=["materiel"])
    with CaptureQueriesContext(connection) as many:
        message = rendering.render_issue(issue, topic_slugs=[], department_codes=["45"])
    assert len(many) == len(few)
    assert message.text.count("Lieu numérique") == 10 + 5
    assert all(query.limit <= 10 and count <= query.limit for query, count in seen)
    assert {query.department_codes for query, _ in seen} == {frozenset({"45"})}


def test_a_sent_issue_keeps_its_digest_until_a_record_changes(client, make_issue):
    """The web page of a sent issue keeps its digest (its window is closed), and a place of it
    unpublished in the meantime leaves the page at the next request."""
    make_issue(1, sent_at=timezone.now() - timedelta(days=40), send_status="sent")
    place = PlaceFactory(nom="Espace numérique du Blanc")
    sent = make_issue(2, sent_at=timezone.now() + timedelta(minutes=1), send_status="sent",
                      body=[("digest", {"title": "Les lieux", "kinds": ["place"],
                                        "max_items": 5})])
    url = sent.get_url()
    assert "Espace numérique du Blanc" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "Espace numérique du Blanc" in client.get(url).content.decode()
    assert not digest_selects(again.captured_queries), "the kept digest was computed again"
    place.status = Place.Status.DRAFT
    place.save()  # directory declares directory.Place: the generation moves on
    assert "Espace numérique du Blanc" not in client.get(url).content.decode()

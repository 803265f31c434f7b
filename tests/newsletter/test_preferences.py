"""Preferences page and one-click unsubscribe (RFC 8058)."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from assonum.core.workflow import history
from assonum.newsletter import services
from assonum.newsletter.models import Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def test_preferences_page_shows_and_changes_choices(client, topics, departments):
    subscriber = SubscriberFactory(topics=[topics["outils"]], departments=[departments["18"]])
    url = f"/lettre/preferences/{subscriber.token}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert subscriber.email in html
    assert re.search(rf'name="topics" value="{topics["outils"].pk}"[^>]*checked', html)
    assert not re.search(rf'name="topics" value="{topics["fiches"].pk}"[^>]*checked', html)
    assert response["Cache-Control"].startswith("max-age=0")

    response = client.post(url, {"topics": [topics["temoignages"].pk, topics["fiches"].pk],
                                 "departments": [departments["45"].pk, departments["37"].pk]})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert set(subscriber.topics.values_list("slug", flat=True)) == {"temoignages", "fiches"}
    assert set(subscriber.departments.values_list("code", flat=True)) == {"45", "37"}
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert "Vos choix sont enregistrés." in client.get(url).content.decode()


def test_pause_and_resume(client, topics):
    subscriber = SubscriberFactory()
    url = f"/lettre/preferences/{subscriber.token}/"
    client.post(url, {"paused": "on"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PAUSED
    assert not Subscriber.objects.sendable().filter(pk=subscriber.pk).exists()
    client.post(url, {})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_preferences_need_the_right_token(client):
    SubscriberFactory()
    assert client.get("/lettre/preferences/not-a-token/").status_code == 404
    assert client.post("/lettre/preferences/not-a-token/", {"paused": "on"}).status_code == 404
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_get_on_unsubscribe_url_does_not_unsubscribe(client):
    subscriber = SubscriberFactory()
    response = client.get(urlsplit(services.unsubscribe_url(subscriber)).path)
    assert response.status_code == 200
    assert "Confirmer mon désabonnement" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_one_click_post_without_csrf_unsubscribes_and_forgets(topics, departments):
    client = Client(enforce_csrf_checks=True)
    subscriber = SubscriberFactory(topics=[topics["outils"]], departments=[departments["18"]])
    url = f"/lettre/desabonnement/{subscriber.token}/"
    response = client.post(url, "List-Unsubscribe=One-Click",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "vous êtes désabonné" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert not subscriber.topics.exists() and not subscriber.departments.exists()
    assert subscriber.consent_text == "" and subscriber.consent_at is None
    assert history(subscriber).last().note == "one-click"
    # Idempotent: a second POST answers the same, and a GET says it is already done.
    assert client.post(url, "List-Unsubscribe=One-Click",
                       content_type="application/x-www-form-urlencoded").status_code == 200
    assert history(subscriber).count() == 1
    assert "déjà désabonnée" in client.get(url).content.decode()


def test_unsubscribe_unknown_token_is_404():
    assert Client(enforce_csrf_checks=True).post("/lettre/desabonnement/nope/").status_code == 404


def test_other_views_still_need_csrf(topics):
    client = Client(enforce_csrf_checks=True)
    subscriber = SubscriberFactory()
    assert client.post(f"/lettre/preferences/{subscriber.token}/", {"paused": "on"}).status_code \
        == 403



def test_subscribing_needs_no_csrf_cookie(demo_site, django_capture_on_commit_callbacks):
    """The footer form is on every page: it must not set a cookie for every visitor."""
    client = Client(enforce_csrf_checks=True)
    home = client.get("/")
    assert "csrftoken" not in home.cookies
    assert "csrftoken" not in client.get("/lettre/").cookies
    response = client.post("/lettre/", {"email": "a@example.org", "consent": "on"})
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="a@example.org", status="pending").exists()


def test_unsubscribed_address_can_subscribe_again(client, django_capture_on_commit_callbacks,
                                                   mailoutbox):
    subscriber = SubscriberFactory(email="retour@example.org")
    services.unsubscribe(subscriber, source="page")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/lettre/", {"email": "retour@example.org", "consent": "on"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.confirmed_at is None
    assert subscriber.consent_text
    assert len(mailoutbox) == 1 and "Confirmez" in mailoutbox[0].subject


def test_hard_bounce_hook_ends_the_subscription():
    subscriber = SubscriberFactory()
    services.on_hard_bounce(str(subscriber.pk))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.hard_bounces == 1


def test_recipient_filter_keeps_only_sendable():
    active, paused, gone = SubscriberFactory(), SubscriberFactory(paused=True), SubscriberFactory()
    services.unsubscribe(gone, source="page")
    assert services.sendable_refs([str(active.pk), str(paused.pk), str(gone.pk)]) == [
        str(active.pk)]

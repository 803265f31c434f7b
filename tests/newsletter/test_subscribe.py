"""Subscribing, double opt-in, consent record, and never revealing who is subscribed."""

import re
import time
from datetime import timedelta
from html import unescape

import pytest
from django.conf import settings
from django.core import signing
from django.utils import timezone

from assonum.core.workflow import history
from assonum.newsletter import tasks
from assonum.newsletter.models import Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def link_path(message, pattern=r"/lettre/confirmation/[^\s\"<]+/"):
    match = re.search(re.escape(settings.SITE_URL) + "(" + pattern + ")", message.body)
    assert match, message.body
    return match.group(1)


def post_subscribe(client, email, *, topics=(), departments=(), consent=True, source="/lettre/",
                   capture=None):
    data = {"email": email, "source": source, "wording": "full",
            "topics": [t.pk for t in topics], "departments": [d.pk for d in departments]}
    if consent:
        data["consent"] = "on"
    if capture is None:
        return client.post("/lettre/", data)
    with capture(execute=True):
        return client.post("/lettre/", data)


def test_subscribe_page_has_the_form_without_pre_ticked_box(client, topics, departments):
    response = client.get("/lettre/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html
    assert "Outils et logiciels libres" in html
    assert "Loiret (45)" in html
    consent = re.search(r'<input[^>]*name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent
    assert not re.search(r'<input[^>]*type="checkbox"[^>]*checked', html)


def test_subscribe_confirm_flow_records_consent(
    client, topics, departments, mailoutbox, django_capture_on_commit_callbacks
):
    response = post_subscribe(
        client, "Marie.Dupont@Example.org", topics=[topics["outils"]],
        departments=[departments["45"]], capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    assert response["Location"] == "/lettre/merci/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "marie.dupont@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert not subscriber.is_sendable

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["marie.dupont@example.org"]
    assert "Confirmez" in message.subject
    path = link_path(message)

    # Following the link (what a mail scanner does) changes nothing: a button is shown.
    page = client.get(path)
    assert page.status_code == 200
    assert "Je confirme mon inscription" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == f"/lettre/preferences/{subscriber.token}/"
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE
    assert subscriber.confirmed_at is not None
    assert subscriber.consent_at is not None
    assert subscriber.consent_source == settings.SITE_URL + "/lettre/"
    assert subscriber.consent_wording_version == "2025-01-full"
    assert "J'accepte de recevoir la lettre" in subscriber.consent_text
    assert list(subscriber.topics.all()) == [topics["outils"]]
    assert [d.code for d in subscriber.departments.all()] == ["45"]
    assert [(log.from_state, log.to_state) for log in history(subscriber)] == [
        ("pending", "active")]


def test_missing_consent_is_refused_in_french_and_keeps_what_was_typed(client, topics):
    response = post_subscribe(client, "paul@example.org", consent=False)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cochez la case pour accepter de recevoir la lettre." in html
    assert 'value="paul@example.org"' in html
    assert not Subscriber.objects.exists()


def test_invalid_email_is_refused(client):
    response = post_subscribe(client, "pas-une-adresse")
    assert response.status_code == 200
    assert "n'est pas valide" in unescape(response.content.decode())
    assert not Subscriber.objects.exists()


def test_expired_link_is_refused_with_a_french_message(
    client, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
):
    real_time = time.time
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: real_time() - 8 * 24 * 3600)
        post_subscribe(client, "tard@example.org", capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    for response in (client.get(path), client.post(path)):
        assert response.status_code == 400
        assert "Ce lien de confirmation a expiré" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_tampered_link_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    post_subscribe(client, "x@example.org", capture=django_capture_on_commit_callbacks)
    path = link_path(mailoutbox[0])
    response = client.post(path.replace("/lettre/confirmation/", "/lettre/confirmation/A"))
    assert response.status_code == 400
    assert "n'est pas valide" in unescape(response.content.decode())
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_subscribing_twice_is_indistinguishable(
    client, topics, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    active = SubscriberFactory(email="deja@example.org", topics=[topics["fiches"]])
    new = post_subscribe(client, "nouveau@example.org", capture=capture)
    again = post_subscribe(client, "DEJA@example.org", topics=[topics["outils"]], capture=capture)
    assert (new.status_code, new["Location"]) == (again.status_code, again["Location"])
    def without_csrf(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "",
                      response.content.decode())

    assert without_csrf(client.get(new["Location"])) == without_csrf(client.get(again["Location"]))
    # The active subscription is untouched (a stranger cannot change it) ...
    active.refresh_from_db()
    assert active.status == Subscriber.Status.ACTIVE
    assert list(active.topics.all()) == [topics["fiches"]]
    assert Subscriber.objects.count() == 2
    # ... and its owner gets a link to manage it instead of a confirmation.
    assert [m.to for m in mailoutbox] == [["nouveau@example.org"], ["deja@example.org"]]
    assert f"/lettre/preferences/{active.token}/" in mailoutbox[1].body


def test_pending_address_subscribing_again_gets_a_new_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    capture = django_capture_on_commit_callbacks
    post_subscribe(client, "deux@example.org", capture=capture)
    post_subscribe(client, "deux@example.org", capture=capture)
    assert Subscriber.objects.count() == 1
    assert len(mailoutbox) == 1  # a burst of requests sends one email (anti-flooding)
    cache.clear()  # the throttle window has passed
    post_subscribe(client, "deux@example.org", capture=capture)
    assert len(mailoutbox) == 2
    client.post(link_path(mailoutbox[1]))
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE


def test_footer_form_on_the_home_page_subscribes(
    client, demo_site, mailoutbox, django_capture_on_commit_callbacks
):
    html = client.get("/").content.decode()
    form = re.search(r'<form method="post" action="/lettre/">.*?</form>', html, re.S).group(0)
    assert 'type="email"' in form
    assert 'name="consent"' in form
    assert "checked" not in form
    assert 'name="source" value="/"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lettre/", {
            "source": "/", "wording": "short",
            "email": "pied@example.org", "consent": "on",
        })
    assert response.status_code == 302
    subscriber = Subscriber.objects.get()
    assert subscriber.consent_source == settings.SITE_URL + "/"
    assert subscriber.consent_wording_version == "2025-01-short"
    assert len(mailoutbox) == 1


def test_source_outside_the_site_is_not_recorded(client, django_capture_on_commit_callbacks):
    post_subscribe(client, "a@example.org", source="https://evil.example.com/",
                   capture=django_capture_on_commit_callbacks)
    assert Subscriber.objects.get().consent_source == settings.SITE_URL + "/lettre/"


def test_confirmation_email_is_sent_by_a_background_task(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued = []

    class FakeTask:
        def enqueue(self, *args):
            enqueued.append(args)

    from assonum.core import emails

    assert emails.deliver_email.queue_name == "email"
    monkeypatch.setattr(emails, "deliver_email", FakeTask())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_subscribe(client, "tache@example.org")
    assert enqueued == []  # nothing is sent before the transaction commits
    for callback in callbacks:
        callback()
    assert [payload["to"] for (payload,) in enqueued] == [["tache@example.org"]]
    assert "Confirmez" in enqueued[0][0]["subject"]


def test_purge_deletes_only_old_unconfirmed():
    old = timezone.now() - timedelta(days=31)
    old_pending = SubscriberFactory(pending=True, status_changed_at=old)
    recent_pending = SubscriberFactory(pending=True)
    old_active = SubscriberFactory(status_changed_at=old)
    tasks.purge_unconfirmed.enqueue()
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert old_pending.pk not in remaining
    assert {recent_pending.pk, old_active.pk} <= remaining


def test_purge_inactive_deletes_old_suppression_records():
    long_ago = timezone.now() - timedelta(days=3 * 365 + 1)
    gone = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED, status_changed_at=long_ago)
    recent = SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    active = SubscriberFactory(status_changed_at=long_ago)
    tasks.purge_inactive.enqueue()
    remaining = set(Subscriber.objects.values_list("pk", flat=True))
    assert gone.pk not in remaining
    assert {recent.pk, active.pk} <= remaining


def test_email_is_unique_case_insensitively():
    from django.db import IntegrityError, transaction

    SubscriberFactory(email="Un@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        Subscriber.objects.bulk_create([Subscriber(email="UN@example.ORG", token="t2")])

"""Back office send page (access control) and personal data hooks."""

import pytest
from django.contrib.auth import get_user_model

from assonum.newsletter import personal_data
from assonum.newsletter.models import NewsletterIssuePage, Subscriber
from tests.conftest import login_with_mfa

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    from allauth.mfa.totp.internal.auth import TOTP

    user = get_user_model().objects.create_user(
        "equipe@example.org", "x", is_staff=True, is_superuser=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    return user


def login_with_2fa(client, user):
    """Log in as a session that passed the second factor (staff must, for /admin/)."""
    login_with_mfa(client, user)


@pytest.fixture
def no_digest(monkeypatch):
    from assonum.newsletter import rendering

    monkeypatch.setattr(rendering, "collect_new_items", lambda query: [])


def send_url(issue):
    return f"/admin/lettre/numero/{issue.pk}/envoi/"


def test_send_page_is_for_staff_only(client, make_issue, no_digest):
    issue = make_issue()
    anonymous = client.get(send_url(issue))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    user = get_user_model().objects.create_user("lambda@example.org", "x")
    client.force_login(user)
    response = client.post(send_url(issue), {"action": "send", "when": "now"})
    assert (response.status_code, response["Location"]) == (
        302, f"/compte/login/?next={send_url(issue)}")
    issue.refresh_from_db()
    assert issue.send_status == NewsletterIssuePage.SendStatus.DRAFT


def test_staff_sends_a_test_then_the_issue(client, staff, make_issue, no_digest, mailoutbox,
                                            django_capture_on_commit_callbacks):
    issue = make_issue()
    subscriber = SubscriberFactory()
    login_with_2fa(client, staff)
    page = client.get(send_url(issue))
    assert page.status_code == 200
    assert "1 abonné confirmé concerné" in page.content.decode()

    client.post(send_url(issue), {"action": "test"})
    assert [m.to for m in mailoutbox] == [[staff.email]]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_url(issue), {"action": "send", "when": "now"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.send_status in (NewsletterIssuePage.SendStatus.SENDING,
                                 NewsletterIssuePage.SendStatus.SENT)
    assert [m.to for m in mailoutbox][1:] == [[subscriber.email]]
    # A second click does not send again.
    client.post(send_url(issue), {"action": "send", "when": "now"})
    assert len(mailoutbox) == 2


def test_staff_lists_subscribers_and_topics(client, staff, topics):
    SubscriberFactory(email="visible@example.org")
    login_with_2fa(client, staff)
    subscribers = client.get("/admin/snippets/newsletter/subscriber/")
    assert subscribers.status_code == 200
    assert "visible@example.org" in subscribers.content.decode()
    topic_list = client.get("/admin/snippets/newsletter/topic/")
    assert topic_list.status_code == 200
    assert "Fiches pratiques" in topic_list.content.decode()


def test_schedule_needs_a_future_date(client, staff, make_issue, no_digest):
    issue = make_issue()
    login_with_2fa(client, staff)
    response = client.post(send_url(issue), {"action": "send", "when": "later",
                                             "scheduled_at": "2000-01-01T10:00"})
    assert response.status_code == 200
    assert "Choisissez une date dans le futur." in response.content.decode()
    issue.refresh_from_db()
    assert issue.send_status == NewsletterIssuePage.SendStatus.DRAFT


def test_edit_page_offers_the_send_action(client, staff, make_issue, no_digest):
    issue = make_issue()
    login_with_2fa(client, staff)
    response = client.get(f"/admin/pages/{issue.pk}/edit/")
    assert response.status_code == 200
    assert send_url(issue) in response.content.decode()


def test_email_preview_mode_renders_the_email(rf, staff, make_issue, no_digest):
    issue = make_issue()
    assert ("email", "E-mail") in [(mode, str(label)) for mode, label in issue.preview_modes]
    request = rf.get("/")
    request.user = staff
    response = issue.serve_preview(request, "email")
    assert response.status_code == 200
    html = response.content.decode()
    assert "%%UNSUBSCRIBE_URL%%" in html and ">Lettre n° 1</h1>" in html  # <h1 style=...>


def test_personal_data_export_and_erase(topics):
    user = get_user_model().objects.create_user("Lecteur@example.org", "x")
    SubscriberFactory(email="lecteur@example.org", topics=[topics["outils"]])
    other = SubscriberFactory(email="autre@example.org")
    exported = personal_data.export(user)
    subscription = exported["newsletter_subscription"]
    assert subscription["email"] == "lecteur@example.org"
    assert subscription["topics"] == ["Outils et logiciels libres"]
    assert subscription["consent"]["wording_version"] == "2025-01-full"
    import json

    json.dumps(exported)
    personal_data.erase(user)
    assert list(Subscriber.objects.all()) == [other]
    assert personal_data.export(user) == {}

"""Issues: digests filtered per reader, rendering once per segment, archive, Atom feed, sending."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from assonum.core.digest import DigestItem
from assonum.core.workflow import InvalidTransition
from assonum.newsletter import rendering, services
from assonum.newsletter.models import NewsletterIssuePage, Subscriber

from .factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def items(now=None):
    now = now or timezone.now()
    return [
        DigestItem(kind="tool", kind_label="Nouvel outil", title="Framadate à Bourges",
                   url="/boite-a-outils/framadate/", summary="Un sondage libre.",
                   published_at=now - timedelta(days=2), department_codes=frozenset({"18"})),
        DigestItem(kind="story", kind_label="Nouveau témoignage", title="Le Truck d'Orléans",
                   url="/temoignages/truck/", published_at=now - timedelta(days=3),
                   department_codes=frozenset({"45"})),
        DigestItem(kind="guide", kind_label="Nouvelle fiche", title="Sauvegarder ses fichiers",
                   url="/fiches/sauvegarde/", published_at=now - timedelta(days=1)),
    ]


@pytest.fixture
def fake_digest(monkeypatch):
    calls = []

    def collect(query):
        calls.append(query.since)
        return items()

    monkeypatch.setattr(rendering, "collect_new_items", collect)
    return calls


def test_digest_is_filtered_by_topics_and_departments(make_issue, topics, fake_digest):
    issue = make_issue()
    tools_in_cher = rendering.render_issue(issue, topic_slugs=["outils"], department_codes=["18"])
    assert "Framadate à Bourges" in tools_in_cher.html
    assert "Le Truck d'Orléans" not in tools_in_cher.html
    assert "Sauvegarder ses fichiers" not in tools_in_cher.html

    everything_in_loiret = rendering.render_issue(issue, topic_slugs=[], department_codes=["45"])
    assert "Le Truck d&#x27;Orléans" in everything_in_loiret.html
    assert "Sauvegarder ses fichiers" in everything_in_loiret.html  # whole region
    assert "Framadate à Bourges" not in everything_in_loiret.html

    everyone = rendering.render_issue(issue, topic_slugs=[], department_codes=[])
    for title in ("Framadate à Bourges", "Sauvegarder ses fichiers"):
        assert title in everyone.text


def test_email_is_light_accessible_and_has_placeholders(make_issue, topics, fake_digest):
    issue = make_issue(body=[
        ("paragraph", '<h2>Un titre</h2><p>Voir <a href="/boite-a-outils/">la boîte</a>.</p>'),
        ("digest", {"title": "Les nouveautés", "kinds": ["tool"], "max_items": 5}),
    ])
    message = rendering.render_issue(issue, topic_slugs=[], department_codes=[])
    assert message.subject == issue.title
    assert len(message.html.encode()) <= 100 * 1024
    assert '<html lang="fr">' in message.html
    assert message.html.count("<h1") == 1  # styled inline: <h1 style=...>
    assert "<table" not in message.html
    assert "%%UNSUBSCRIBE_URL%%" in message.html and "%%UNSUBSCRIBE_URL%%" in message.text
    assert "%%PREFERENCES_URL%%" in message.html and "%%PREFERENCES_URL%%" in message.text
    # Links are absolute, in both parts; the tool-only digest block shows only tools.
    assert 'href="http://' in message.html and 'href="/' not in message.html
    assert "la boîte (http" in message.text
    assert "Framadate à Bourges" in message.text
    assert "Sauvegarder ses fichiers" not in message.text
    assert "<" not in message.text


def test_digest_covers_what_is_new_since_the_previous_issue(make_issue, fake_digest):
    first = make_issue(1, sent_at=timezone.now() - timedelta(days=10),
                       send_status=NewsletterIssuePage.SendStatus.SENT)
    second = make_issue(2)
    rendering.render_issue(second, topic_slugs=[], department_codes=[])
    assert fake_digest[-1] == first.sent_at


def test_segment_key_is_stable(topics, departments):
    a = SubscriberFactory(topics=[topics["outils"], topics["fiches"]],
                          departments=[departments["45"], departments["18"]])
    b = SubscriberFactory(topics=[topics["fiches"], topics["outils"]],
                          departments=[departments["18"], departments["45"]])
    assert rendering.segment_key(a) == rendering.segment_key(b) == "t=fiches,outils;d=18,45"
    assert rendering.parse_segment_key(rendering.segment_key(a)) == (
        ("fiches", "outils"), ("18", "45"))


def test_send_issue_renders_once_per_segment_and_sends_one_per_subscriber(
    make_issue, topics, departments, fake_digest, monkeypatch, mailoutbox,
    django_capture_on_commit_callbacks,
):
    renders = []
    real_render = rendering.render_issue

    def counting_render(issue, **kwargs):
        renders.append((tuple(kwargs["topic_slugs"]), tuple(kwargs["department_codes"])))
        return real_render(issue, **kwargs)

    monkeypatch.setattr(rendering, "render_issue", counting_render)
    issue = make_issue()
    segment_a = [SubscriberFactory(topics=[topics["outils"]], departments=[departments["18"]])
                 for _ in range(3)]
    segment_b = [SubscriberFactory(topics=[topics["temoignages"]]) for _ in range(2)]
    everyone = [SubscriberFactory()]
    SubscriberFactory(pending=True)
    SubscriberFactory(paused=True)

    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.send_issue(issue)
    assert campaign.deliveries.count() == 6
    assert sorted(renders) == sorted({
        (("outils",), ("18",)), (("temoignages",), ()), ((), ()),
    })
    recipients = sorted(to for message in mailoutbox for to in message.to)
    assert recipients == sorted(s.email for s in segment_a + segment_b + everyone)
    tools_mail = next(m for m in mailoutbox if m.to == [segment_a[0].email])
    assert "Framadate à Bourges" in tools_mail.body
    assert "Le Truck" not in tools_mail.body
    assert f"/lettre/desabonnement/{segment_a[0].token}/" in tools_mail.body
    assert "%%" not in tools_mail.body
    issue.refresh_from_db()
    assert issue.send_status == NewsletterIssuePage.SendStatus.SENT  # the engine's finished hook

    with pytest.raises(InvalidTransition, match="déjà été envoyé"):
        services.send_issue(issue)
    assert campaign.deliveries.count() == 6


def test_send_issue_to_a_segment(make_issue, topics, departments, fake_digest):
    issue = make_issue()
    issue.segment_topics.set([topics["outils"]])
    issue.segment_departments.set([departments["18"]])
    issue.save()
    wanted = SubscriberFactory(topics=[topics["outils"]], departments=[departments["18"]])
    no_choice = SubscriberFactory()  # chose nothing: interested in everything
    SubscriberFactory(topics=[topics["temoignages"]], departments=[departments["18"]])
    SubscriberFactory(topics=[topics["outils"]], departments=[departments["45"]])
    campaign = services.send_issue(issue)
    refs = set(campaign.deliveries.values_list("recipient_ref", flat=True))
    assert refs == {str(wanted.pk), str(no_choice.pk)}


def test_send_test_goes_only_to_the_given_address(make_issue, fake_digest, mailoutbox):
    issue = make_issue()
    SubscriberFactory()
    assert services.send_issue(issue, test_to="equipe@example.org") is None
    assert [m.to for m in mailoutbox] == [["equipe@example.org"]]
    assert mailoutbox[0].subject.startswith("[TEST]")
    assert "%%" not in mailoutbox[0].body
    issue.refresh_from_db()
    assert issue.send_status == NewsletterIssuePage.SendStatus.DRAFT


def test_scheduled_issue_is_sent_when_due(make_issue, fake_digest):
    issue = make_issue()
    SubscriberFactory()
    services.schedule_issue(issue, when=timezone.now() + timedelta(hours=1))
    assert services.send_scheduled_issues() == []
    assert services.send_scheduled_issues(now=timezone.now() + timedelta(hours=2)) == [issue.pk]
    issue.refresh_from_db()
    assert issue.send_status == NewsletterIssuePage.SendStatus.SENDING


def test_archive_lists_issues_and_each_is_readable(client, make_issue, fake_digest):
    make_issue(1)
    make_issue(2)
    make_issue(3, live=False)
    response = client.get("/lettre/archives/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lettre n° 1" in html and "Lettre n° 2" in html and "Lettre n° 3" not in html
    issue = client.get("/lettre/archives/numero-2/")
    assert issue.status_code == 200
    body = issue.content.decode()
    assert body.count("<h1") == 1
    assert "Framadate à Bourges" in body  # the web version shows every item


def test_archive_query_count_does_not_grow(client, make_issue, fake_digest):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_issue(1)
    client.get("/lettre/archives/")  # warm Wagtail's cached site root paths
    with CaptureQueriesContext(connection) as one:
        client.get("/lettre/archives/")
    for number in range(2, 12):
        make_issue(number)
    client.get("/lettre/archives/")  # publishing purged the site-wide cache: warm it again
    with CaptureQueriesContext(connection) as many:
        client.get("/lettre/archives/")
    assert len(many) == len(one)


def test_atom_feed_is_valid(client, make_issue, fake_digest):
    make_issue(1)
    make_issue(2)
    make_issue(3, live=False)
    response = client.get("/lettre/archives/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert feed.find("a:title", ns).text
    assert feed.find("a:id", ns).text
    assert feed.find("a:updated", ns).text
    entries = feed.findall("a:entry", ns)
    assert sorted(e.find("a:title", ns).text for e in entries) == ["Lettre n° 1", "Lettre n° 2"]
    for entry in entries:
        assert "/lettre/archives/numero-" in entry.find("a:link", ns).get("href")
        assert entry.find("a:id", ns).text and entry.find("a:updated", ns).text


def test_section_page_url_is_the_subscribe_view(client, archive):
    response = client.get("/lettre/")
    assert response.status_code == 200
    assert response.templates[0].name == "newsletter/subscribe.html"


def test_subscriber_queryset_sendable():
    active = SubscriberFactory()
    SubscriberFactory(pending=True)
    SubscriberFactory(paused=True)
    assert list(Subscriber.objects.sendable()) == [active]

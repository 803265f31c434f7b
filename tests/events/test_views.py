"""Pages, filters, the organiser's attendee list (and who may not see it), exports, hooks."""

import csv
import io
import json
import re
from datetime import datetime, timedelta

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth import get_user_model
from django.utils import timezone
from openpyxl import load_workbook

from assonum.events import services
from assonum.events.models import Event, Kind, Registration

from .factories import EventFactory, OrganisationFactory, RegistrationFactory, member_of

pytestmark = pytest.mark.django_db


def _staff(client):
    user = get_user_model().objects.create_user(
        email="equipe@assonum.fr", password="x-Long-passw0rd", is_staff=True, is_superuser=True)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
    session.save()
    return user


@pytest.fixture
def organised(communes):
    organisation = OrganisationFactory(name="Le Relais numérique", slug="relais-numerique")
    event = EventFactory(organisation=organisation, commune=communes["18279"],
                         slug="atelier-vierzon", title="Atelier à Vierzon")
    RegistrationFactory(event=event, name="=HYPERLINK(\"http://x\")", email="lea@exemple.org",
                        status=Registration.Status.CONFIRMED, organisation_name="+Foyer rural")
    RegistrationFactory(event=event, name="Hugo Martin", email="hugo@exemple.org",
                        status=Registration.Status.WAITING, waiting_since=timezone.now())
    return event


def test_agenda_filters(client, communes):
    online = EventFactory(title="Webinaire RGPD", is_online=True, kind=Kind.WEBINAR,
                          online_url="https://visio.example.org/secret")
    indre = EventFactory(title="Atelier au Blanc", commune=communes["36018"])
    cher = EventFactory(title="Formation à Vierzon", commune=communes["18279"],
                        kind=Kind.TRAINING)
    EventFactory(title="Atelier passé", commune=communes["18279"],
                 start=timezone.now() - timedelta(days=2),
                 end=timezone.now() - timedelta(days=2) + timedelta(hours=1))
    EventFactory(title="Proposition en attente", commune=communes["18279"],
                 status=Event.Status.PENDING)

    def titles(**params):
        return set(re.findall(r'<h3><a href="[^"]+">([^<]+)</a>',
                              client.get("/agenda/", params).content.decode()))

    assert titles() == {online.title, indre.title, cher.title}
    assert titles(departement="36") == {indre.title}
    assert titles(en_ligne="on") == {online.title}
    assert titles(type="formation") == {cher.title}
    assert titles(pres_de="Vierzon", rayon="10") == {cher.title}
    page = client.get("/agenda/", {"pres_de": "Commune inconnue"}).content.decode()
    assert "Commune inconnue" in page  # what was typed stays
    # The online link is not public.
    assert "visio.example.org/secret" not in client.get(online.get_absolute_url()).content.decode()


def test_month_view_without_javascript(client, communes):
    start = timezone.localtime(timezone.now() + timedelta(days=40)).replace(hour=14, minute=0)
    event = EventFactory(title="Atelier du mois", commune=communes["36046"], start=start,
                         end=start + timedelta(hours=2))
    response = client.get(f"/agenda/mois/{start.year}-{start.month}/")
    body = response.content.decode()
    assert response.status_code == 200 and "<table" in body
    assert event.get_absolute_url() in body and "14\u00a0h Atelier du mois" in body
    assert client.get("/agenda/mois/2026-13/").status_code == 404


def test_event_page_json_ld_without_nonce(client, communes):
    event = EventFactory(title="Atelier </script><b>", commune=communes["18141"], price="")
    response = client.get(event.get_absolute_url())
    body = response.content.decode()
    # Data, not a script: the CSP does not run it, so it needs no nonce.
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    assert script and "nonce" not in response["Content-Security-Policy"]
    data = json.loads(script.group(1))
    assert data["@type"] == "Event" and data["name"] == "Atelier </script><b>"
    assert data["location"]["address"]["addressLocality"] == "Mehun-sur-Yèvre"
    assert data["isAccessibleForFree"] is True
    assert body.count("<h1>") == 1


def test_registration_form_keeps_what_was_typed(client, communes):
    event = EventFactory(commune=communes["18279"])
    response = client.post(f"/agenda/{event.slug}/inscription/", {
        "name": "Jeanne Moreau", "email": "pas-une-adresse"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Jeanne Moreau" in body and "error-summary" in body
    assert not Registration.objects.exists()


def test_registration_refused_after_the_start(client, communes):
    event = EventFactory(commune=communes["18279"], start=timezone.now() - timedelta(minutes=5))
    response = client.post(f"/agenda/{event.slug}/inscription/", {
        "name": "Jeanne", "email": "jeanne@exemple.org"})
    assert response.status_code == 400
    assert "closes" in response.content.decode()


def test_signed_in_person_with_their_address_is_registered_at_once(client, communes):
    event = EventFactory(commune=communes["18279"], is_online=True,
                         online_url="https://visio.example.org/salle")
    user = get_user_model().objects.create_user(email="jeanne@exemple.org", password="x-Long-1")
    client.force_login(user)
    client.post(f"/agenda/{event.slug}/inscription/", {"name": "Jeanne",
                                                        "email": "Jeanne@exemple.org"})
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED and registration.user == user
    assert "visio.example.org/salle" in client.get(event.get_absolute_url()).content.decode()
    espace = client.get("/espace/").content.decode()
    assert "Mes inscriptions aux ateliers et formations" in espace and event.title in espace


# --- The attendee list: the organiser yes; another organiser, a visitor, anonymous no ----------


def _urls(event):
    return [f"/agenda/{event.slug}/participants/", f"/agenda/{event.slug}/participants.csv",
            f"/agenda/{event.slug}/participants.xlsx"]


def test_attendee_list_for_the_organiser_only(client, organised):
    for url in _urls(organised):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/login/" in response["Location"]
    other = OrganisationFactory(name="Autre acteur")
    client.force_login(member_of(other, "autre@exemple.org"))
    for url in _urls(organised):
        assert client.get(url).status_code == 404
    client.force_login(get_user_model().objects.create_user(email="visiteur@exemple.org",
                                                            password="x-Long-1"))
    for url in _urls(organised):
        assert client.get(url).status_code == 404
    client.force_login(member_of(organised.organisation, "relais@exemple.org",
                                 role="member"))
    page = client.get(_urls(organised)[0])
    assert page.status_code == 200 and "Hugo Martin" in page.content.decode()


def test_staff_needs_the_second_factor(client, organised):
    user = get_user_model().objects.create_user(
        email="equipe2@assonum.fr", password="x-Long-passw0rd", is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get(_urls(organised)[0]).status_code == 404
    _staff(client)
    assert client.get(_urls(organised)[0]).status_code == 200


def test_exports_neutralise_formulas(client, organised):
    client.force_login(member_of(organised.organisation, "relais@exemple.org"))
    text = client.get(_urls(organised)[1]).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[1][2] == "'+Foyer rural"
    workbook = load_workbook(io.BytesIO(client.get(_urls(organised)[2]).content))
    sheet = workbook.active
    assert sheet["A2"].value == "'=HYPERLINK(\"http://x\")" and sheet["A2"].data_type == "s"
    assert {sheet.cell(row=r, column=1).value for r in (2, 3)} >= {"Hugo Martin"}


def test_attendance_after_the_event(client, communes):
    event = EventFactory(commune=communes["18279"], start=timezone.now() - timedelta(hours=3),
                         end=timezone.now() - timedelta(hours=1))
    came = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    absent = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)
    client.force_login(member_of(event.organisation, "relais@exemple.org"))
    client.post(f"/agenda/{event.slug}/participants/", {"action": "attendance",
                                                         "present": [came.pk]})
    came.refresh_from_db()
    absent.refresh_from_db()
    assert came.attended is True and absent.attended is False


def test_attendance_cannot_be_marked_before_the_event(client, organised):
    client.force_login(member_of(organised.organisation, "relais@exemple.org"))
    registration = organised.registrations.get(status=Registration.Status.CONFIRMED)
    client.post(_urls(organised)[0], {"action": "attendance", "present": [registration.pk]})
    registration.refresh_from_db()
    assert registration.attended is None


# --- Proposing and moderating ---------------------------------------------------------------


def test_actor_proposes_staff_publishes(client, communes, settings):
    actor = OrganisationFactory(name="Fab lab du Berry")
    client.force_login(member_of(actor, "fablab@exemple.org"))
    start = timezone.localtime(timezone.now() + timedelta(days=20)).replace(hour=9, minute=30)
    data = {"organisation": actor.pk, "title": "Atelier CryptPad", "kind": "atelier",
            "summary": "Écrire à plusieurs.", "audience": "tous", "level": "debutant",
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "commune": "Vierzon", "address": "21 rue de la Forge", "capacity": "12"}
    response = client.post("/agenda/proposer/", {**data, "end": data["start"]})
    assert response.status_code == 400 and "La fin doit être après le début" in (
        response.content.decode())
    assert not Event.objects.exists()
    client.post("/agenda/proposer/", data)
    event = Event.objects.get()
    assert event.status == Event.Status.PENDING and event.commune_id == "18279"
    assert timezone.localtime(event.start).hour == 9
    assert "Atelier CryptPad" not in client.get("/agenda/").content.decode()
    # Another actor's member cannot moderate; staff with the second factor can.
    assert client.get("/agenda/moderation/").status_code == 404
    _staff(client)
    client.post("/agenda/moderation/", {"event": event.pk, "action": "publish"})
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    # Publishing twice: a French message, not an error page.
    response = client.post("/agenda/moderation/", {"event": event.pk, "action": "publish"},
                           follow=True)
    assert response.status_code == 200 and "plus possible" in response.content.decode()


def test_monthly_proposal_keeps_the_weekday_and_is_moderated_as_one(client, communes):
    from assonum.events.forms import recurrence_rule

    actor = OrganisationFactory(name="Fab lab du Berry")
    client.force_login(member_of(actor, "fablab@exemple.org"))
    start = timezone.make_aware(datetime(2027, 1, 5, 14, 0))  # first Tuesday
    assert recurrence_rule("monthly", start) == "FREQ=MONTHLY;BYDAY=+1TU;COUNT=6"
    client.post("/agenda/proposer/", {
        "organisation": actor.pk, "title": "Atelier du premier mardi", "kind": "atelier",
        "summary": "Chaque premier mardi.", "audience": "tous", "level": "debutant",
        "start": "2027-01-05T14:00", "end": "2027-01-05T16:00", "commune": "Vierzon",
        "address": "21 rue de la Forge", "capacity": "12", "repeat": "monthly"})
    events = list(Event.objects.order_by("start"))
    assert len(events) == 6 and len({e.series_id for e in events}) == 1
    local = [timezone.localtime(e.start) for e in events]
    assert all(d.weekday() == 1 and d.day <= 7 and d.hour == 14 for d in local)
    assert {e.status for e in events} == {Event.Status.PENDING}
    _staff(client)
    client.post("/agenda/moderation/", {"event": events[0].pk, "action": "publish"})
    assert set(Event.objects.values_list("status", flat=True)) == {Event.Status.PUBLISHED}


def test_association_member_cannot_propose(client):
    association = OrganisationFactory(kind="association")
    client.force_login(member_of(association, "asso@exemple.org"))
    assert client.get("/agenda/proposer/").status_code == 403


# --- Hooks: tool page, place page, home, digest, statistics ------------------------------------


def test_statistics_and_digest(communes):
    from assonum.core.digest import DigestQuery
    from assonum.events.digest import new_items
    from assonum.events.statistics import statistics

    past = EventFactory(commune=communes["36018"], start=timezone.now() - timedelta(days=3),
                        end=timezone.now() - timedelta(days=3, hours=-2))
    RegistrationFactory(event=past, status=Registration.Status.CONFIRMED, attended=True)
    RegistrationFactory(event=past, status=Registration.Status.CONFIRMED, attended=False)
    figures = {(f.key, f.department): f.value for f in statistics()}
    assert figures[("events.held", "36")] == 1 and figures[("events.trained", "36")] == 1
    upcoming = EventFactory(commune=communes["18279"])
    (item,) = new_items(DigestQuery(since=timezone.now() - timedelta(days=1)))
    assert item.kind == "event" and item.url == upcoming.get_absolute_url()
    assert item.department_codes == frozenset({"18"})


def test_followup_lists_the_tools_once(communes, smtp_settings, django_capture_on_commit_callbacks):
    from assonum.events.tasks import send_due_followups

    event = EventFactory(commune=communes["18279"], start=timezone.now() - timedelta(hours=3),
                         end=timezone.now() - timedelta(hours=1))
    came = RegistrationFactory(event=event, status=Registration.Status.CONFIRMED, attended=True)
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED, attended=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_followups() == 1
        assert send_due_followups() == 0
    (message,) = smtp_settings.handler.received
    assert message.rcpt_tos == [came.email]


def test_cancelling_an_event_tells_everyone(communes, smtp_settings,
                                            django_capture_on_commit_callbacks):
    event = EventFactory(commune=communes["18279"])
    RegistrationFactory(event=event, status=Registration.Status.CONFIRMED,
                        email="a@exemple.org")
    RegistrationFactory(event=event, status=Registration.Status.WAITING, email="b@exemple.org")
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, email="c@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event=event, by=None, reason="Salle indisponible")
    assert sorted(r for m in smtp_settings.handler.received for r in m.rcpt_tos) == [
        "a@exemple.org", "b@exemple.org"]


def test_personal_data_export_erase_and_purge(communes, settings):
    from assonum.events import personal_data
    from assonum.events.tasks import purge_personal_data

    user = get_user_model().objects.create_user(email="jeanne@exemple.org", password="x-Long-1")
    upcoming = EventFactory(commune=communes["18279"], capacity=1)
    waiting = services.confirm(registration=RegistrationFactory(event=upcoming))
    mine = services.register(event=upcoming, name="Jeanne", email=user.email, user=user)
    assert mine.status == Registration.Status.WAITING
    exported = personal_data.export(user)["event_registrations"]
    assert [r["email"] for r in exported] == ["jeanne@exemple.org"]
    personal_data.erase(user)
    mine.refresh_from_db()
    assert mine.user is None and mine.name == "" and mine.status == Registration.Status.CANCELLED
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.CONFIRMED
    # A year after the event, names and addresses go; an expired sign-up is deleted.
    old = EventFactory(commune=communes["18279"], start=timezone.now() - timedelta(days=400),
                       end=timezone.now() - timedelta(days=400, hours=-2))
    came = RegistrationFactory(event=old, status=Registration.Status.CONFIRMED, attended=True)
    stale = RegistrationFactory(event=upcoming)
    Registration.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=9))
    assert purge_personal_data() == (1, 1)
    came.refresh_from_db()
    assert came.name == "" and came.attended is True
    assert not Registration.objects.filter(pk=stale.pk).exists()


@pytest.mark.parametrize("url", ["/agenda/", "/agenda/flux.ics", "/agenda/?pres_de=Vierzon"])
def test_queries_do_not_grow_with_the_events(client, communes, url,
                                             django_assert_max_num_queries):
    def make(n):
        for _ in range(n):
            EventFactory(commune=communes["18141"])

    make(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    make(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_agenda_shows_a_change_at_the_next_request(client, communes):
    """The agenda keeps the matching events' keys for the minute (core.listing): a new event,
    a cancellation and an event that has ended must still show at the next request."""
    kept = EventFactory(title="Atelier gardé", commune=communes["18279"])
    assert "Atelier gardé" in client.get("/agenda/").content.decode()
    EventFactory(title="Atelier ajouté", commune=communes["18279"])
    page = client.get("/agenda/").content.decode()
    assert "Atelier ajouté" in page and "2 événements" in page
    services.cancel_event(event=kept, by=None, reason="Salle indisponible")
    assert "Atelier gardé" not in client.get("/agenda/").content.decode()
    ended = EventFactory(title="Atelier fini", commune=communes["18279"])
    assert "Atelier fini" in client.get("/agenda/").content.decode()
    Event.objects.filter(pk=ended.pk).update(  # no signal: only the clock makes it past
        start=timezone.now() - timedelta(hours=3), end=timezone.now() - timedelta(hours=1))
    later = timezone.now() + timedelta(minutes=2)
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "Atelier fini" not in client.get("/agenda/").content.decode()

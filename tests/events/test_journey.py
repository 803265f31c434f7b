"""The issue's "done means", end to end through HTTP and a real SMTP server.

A volunteer finds a workshop within 20 km of Vierzon, registers without an account, confirms by
the emailed link, adds it to a calendar, gets the reminder the day before exactly once even with
two schedulers, cancels, and the first person on the waiting list is promoted and told.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from django.utils import timezone

from assonum.events import services
from assonum.events.models import Event, Registration
from assonum.events.tasks import send_due_reminders

from .factories import EventFactory

PARIS = ZoneInfo("Europe/Paris")
LINK = re.compile(r"https://assonum\.example\.org(/agenda/inscription/[a-z]+/[^\s]+/)")


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _link(message) -> str:
    return LINK.search(_body(message)).group(1)


@pytest.mark.django_db(transaction=True)
def test_volunteer_journey(client, communes, smtp_settings, site_url, run_concurrently):
    # After the daylight-saving change of 28 March 2027: 14:00 in Paris is 12:00 UTC.
    start = datetime(2027, 3, 30, 14, 0, tzinfo=PARIS)
    workshop = EventFactory(title="Atelier Nextcloud à Mehun-sur-Yèvre", slug="atelier-mehun",
                            commune=communes["18141"], start=start,
                            end=start + timedelta(hours=2), capacity=2)
    EventFactory(title="Atelier à Salbris", slug="atelier-salbris", commune=communes["41232"])
    services.register(event=workshop, name="Léa Bernard", email="lea@exemple.org")
    services.confirm(registration=Registration.objects.get(email="lea@exemple.org"))

    # 1. Find it within 20 km of Vierzon (Salbris, 22 km away, is not listed).
    page = client.get("/agenda/", {"pres_de": "Vierzon", "rayon": "20"}).content.decode()
    assert "Atelier Nextcloud à Mehun-sur-Yèvre" in page and "Atelier à Salbris" not in page

    # 2. Register without an account: nothing is confirmed before the emailed link is used.
    smtp_settings.handler.clear()
    response = client.post("/agenda/atelier-mehun/inscription/", {
        "name": "Jeanne Moreau", "email": "jeanne@exemple.org", "organisation_name": ""})
    assert response.status_code == 302
    registration = Registration.objects.get(email="jeanne@exemple.org")
    assert registration.status == Registration.Status.PENDING
    (confirmation,) = smtp_settings.handler.messages_to("jeanne@exemple.org")
    assert "Confirmez votre inscription" in confirmation["Subject"]

    # 3. Confirm: the GET (a mail scanner) changes nothing, the POST confirms.
    confirm_path = _link(confirmation)
    assert client.get(confirm_path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    client.post(confirm_path)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 2 and workshop.is_full
    confirmed_mail = smtp_settings.handler.messages_to("jeanne@exemple.org")[-1]
    assert "Inscription confirmée" in confirmed_mail["Subject"]

    # Someone else comes: the workshop is full, on the waiting list.
    services.register(event=workshop, name="Hugo Martin", email="hugo@exemple.org")
    hugo = services.confirm(registration=Registration.objects.get(email="hugo@exemple.org"))
    assert hugo.status == Registration.Status.WAITING

    # 4. Add it to a calendar: two parsers agree on the Paris time, after the DST change.
    ics = client.get("/agenda/atelier-mehun/evenement.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(ics.content)
    (vevent,) = calendar.walk("VEVENT")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    dtstart = vevent.decoded("DTSTART")
    assert dtstart.hour == 14 and dtstart.utcoffset() == timedelta(hours=2)
    assert dtstart.astimezone(ZoneInfo("UTC")).hour == 12
    parsed = vobject.readOne(ics.content.decode())
    other = parsed.vevent.dtstart.value
    assert other.astimezone(ZoneInfo("UTC")) == start.astimezone(ZoneInfo("UTC"))
    assert parsed.vevent.uid.value == str(vevent["UID"])

    # 5. The reminder the day before, exactly once with two schedulers running together.
    smtp_settings.handler.clear()
    day_before = start - timedelta(days=1)
    results = run_concurrently(lambda i: send_due_reminders(now=day_before), n=2)
    assert [error for _sent, error in results] == [None, None]
    assert sum(sent for sent, _error in results) == 2  # Léa and Jeanne, once each in all
    assert send_due_reminders(now=day_before) == 0
    reminders = [m for m in smtp_settings.handler.messages_to("jeanne@exemple.org")
                 if "[AssoNum] Rappel" in m["Subject"]]
    assert len(reminders) == 1
    assert smtp_settings.handler.per_recipient()["lea@exemple.org"] == 1
    assert "14\u00a0h" in _body(reminders[0])  # "14 h", no-break space
    # Not yet two days before, not for the person waiting.
    assert smtp_settings.handler.messages_to("hugo@exemple.org") == []

    # 6. Cancel by the link of the email: Hugo gets the seat and is told.
    cancel_path = _link(reminders[0])
    assert "/annuler/" in cancel_path
    assert client.get(cancel_path).status_code == 200
    client.post(cancel_path)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    hugo.refresh_from_db()
    assert hugo.status == Registration.Status.CONFIRMED
    (told,) = smtp_settings.handler.messages_to("hugo@exemple.org")
    assert "Une place s'est libérée" in told["Subject"]
    workshop.refresh_from_db()
    assert workshop.seats_taken == 2


@pytest.mark.django_db(transaction=True)
def test_feed_times_across_the_daylight_saving_change(client, communes, site_url):
    before = datetime(2027, 3, 23, 14, 0, tzinfo=PARIS)  # winter time, UTC+1
    first = EventFactory(title="Atelier du premier mardi", slug="atelier-mardi",
                         commune=communes["36018"], start=before,
                         end=before + timedelta(hours=2))
    occurrences = services.create_occurrences(template=first, rule="FREQ=WEEKLY;COUNT=3")
    assert len(occurrences) == 3
    ics = client.get("/agenda/flux.ics", {"departement": "36"}).content
    calendar = icalendar.Calendar.from_ical(ics)
    starts = sorted(e.decoded("DTSTART") for e in calendar.walk("VEVENT"))
    assert [s.hour for s in starts] == [14, 14, 14]  # the wall-clock time is kept
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2),
                                               timedelta(hours=2)]
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 3
    components = list(vobject.readComponents(ics.decode()))
    assert len(components[0].vevent_list) == 3


@pytest.mark.django_db
def test_changes_bump_sequence_and_cancellation_shows_in_the_feed(client, communes, site_url):
    event = EventFactory(commune=communes["18279"], slug="atelier-vierzon")
    uid = icalendar.Calendar.from_ical(
        client.get("/agenda/atelier-vierzon/evenement.ics").content).walk("VEVENT")[0]["UID"]
    event = Event.objects.get(pk=event.pk)
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    event.save()
    event = Event.objects.get(pk=event.pk)
    event.accessibility = "Rampe d'accès"  # not shown by calendars: no new version
    event.save()
    assert Event.objects.get(pk=event.pk).sequence == 1
    services.cancel_event(event=event, by=None, reason="Intervenant malade")
    vevent = icalendar.Calendar.from_ical(
        client.get("/agenda/flux.ics").content).walk("VEVENT")[0]
    assert str(vevent["UID"]) == str(uid)
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) >= 2
    assert "atelier-vierzon" not in client.get("/agenda/").content.decode()
    # The online link is never in a public feed.
    assert "visio" not in client.get("/agenda/flux.ics").content.decode()


@pytest.mark.django_db
def test_expired_or_forged_links_are_refused(client, communes):
    event = EventFactory(commune=communes["18279"])
    registration = services.register(event=event, name="Léa", email="lea@exemple.org")
    path = services.confirmation_path(registration)
    forged = path.replace(path.split("/")[-2], path.split("/")[-2][:-2] + "xx")
    assert client.post(forged).status_code == 400
    from django.core import signing

    old = int((timezone.now() - timedelta(days=8)).timestamp())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp",
                      lambda self: signing.b62_encode(old))
        expired = services.confirmation_path(registration)
    response = client.post(expired)
    assert response.status_code == 400 and "expiré" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING

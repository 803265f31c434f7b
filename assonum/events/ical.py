"""iCalendar feeds (RFC 5545) with the ``icalendar`` library.

- Times are written in Europe/Paris with ``TZID`` and the calendar carries the matching
  ``VTIMEZONE`` (``add_missing_timezones``, limited to the years of the feed), so clients show
  the right hour on both sides of the daylight-saving change.
- ``UID`` is the event's UUID @ the site's host: stable for the life of the event.
- ``SEQUENCE`` is ``Event.sequence`` (bumped on every change a calendar shows) and ``DTSTAMP``
  / ``LAST-MODIFIED`` the last change, so Thunderbird, Google Calendar and Nextcloud update.
- A cancelled event stays in the feeds with ``STATUS:CANCELLED``.
- The online link is never in a feed (feeds are public); registered people get it by email.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from assonum.core.emails import absolute_url

from .models import Event

PRODID = "-//AssoNum//Agenda des formations//FR"


def uid_for(event: Event) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "assonum"
    return f"{event.uid}@{host}"


def _vevent(event: Event) -> icalendar.Event:
    tz = timezone.get_current_timezone()
    item = icalendar.Event()
    item.add("uid", uid_for(event))
    item.add("dtstamp", event.updated_at)
    item.add("last-modified", event.updated_at)
    item.add("created", event.created_at)
    item.add("sequence", event.sequence)
    item.add("summary", event.title)
    item.add("dtstart", timezone.localtime(event.start, tz))
    item.add("dtend", timezone.localtime(event.end, tz))
    description = event.summary
    if event.is_fictional:
        description += " (exemple fictif)"
    item.add("description", f"{description}\n\n{absolute_url(event.get_absolute_url())}")
    item.add("url", absolute_url(event.get_absolute_url()))
    location = event.location_label
    if location:
        item.add("location", location)
    if event.latitude is not None and event.longitude is not None and not event.is_online:
        item.add("geo", (event.latitude, event.longitude))
    if event.organisation_id:
        item.add("organizer", f"mailto:{event.contact_email or settings.DEFAULT_FROM_EMAIL}",
                 parameters={"CN": event.organisation.name})
    item.add("categories", [event.get_kind_display()])
    item.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    item.add("transp", "OPAQUE")
    return item


def calendar_for(events, *, name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    events = list(events)
    for event in events:
        calendar.add_component(_vevent(event))
    # A VTIMEZONE covering only the years of the feed: the full 1970-2038 table (hundreds of
    # RDATEs) is misread by some parsers (vobject puts 30 March 2027 at UTC+1).
    today = timezone.localdate()
    first = min([timezone.localtime(e.start).date() for e in events] + [today])
    last = max([timezone.localtime(e.end).date() for e in events] + [today])
    calendar.add_missing_timezones(first_date=first.replace(month=1, day=1),
                                   last_date=last.replace(year=last.year + 2, month=1, day=1))
    return calendar.to_ical()

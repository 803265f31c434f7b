"""Blocks this app adds to other apps' pages through their extension points.

- ``toolbox.tool_page``: "Se former à cet outil près de chez vous": the upcoming events that
  teach the tool, and the organisations that run them;
- ``directory.place_page``: the upcoming events held at the place;
- ``diagnostic.recommendations``: the next trainings near the association or online.
"""

from django.utils import timezone
from django.utils.formats import date_format

from assonum.core.listing import this_minute
from assonum.core.page_cache import derived

from .models import Event

LIMIT = 5


def _upcoming(now=None):
    return Event.objects.published().upcoming(now or timezone.now()).for_links().order_by("start")


def _kept_for_the_minute(name: str, pk, build, request) -> list:
    """``build(minute)``'s events for a tool or a place, counted from the start of the minute
    and kept for it (an event saved or cancelled purges them at once). Nothing for a tool or a
    place not saved yet (a new page in preview)."""
    if pk is None:
        return []
    minute = this_minute()
    return derived(name, (pk, minute), lambda: build(minute), request)


def upcoming_for_tool(request, tool_page):
    events = _kept_for_the_minute(
        "events-for-tool", getattr(tool_page, "pk", None),
        lambda minute: list(_upcoming(minute).filter(tools=tool_page)[:LIMIT]), request)
    if not events:
        return None
    organisers = sorted({e.organisation for e in events if e.organisation_id},
                        key=lambda o: o.name)
    return {"template": "events/includes/tool_block.html", "events": events,
            "organisers": organisers}


def upcoming_at_place(request, place):
    events = _kept_for_the_minute(
        "events-at-place", getattr(place, "pk", None),
        lambda minute: list(_upcoming(minute).filter(place=place)[:LIMIT]), request)
    if not events:
        return None
    return {"template": "events/includes/place_block.html", "events": events}


def upcoming_for_diagnostic(request, summary):
    """On a diagnostic result: the next trainings in the association's department or online."""
    from django.db.models import Q
    from django.utils.translation import gettext as _

    code = (summary or {}).get("commune_code") or ""
    department = code[:3] if code.startswith("97") else code[:2]
    nearby = Q(is_online=True) | Q(commune__department_id=department)
    events = list(_upcoming().filter(nearby)[:2])  # the result page is near its DOM budget
    if not events:
        return None
    return {
        "template": "diagnostic/includes/block.html",
        "title": _("Se former près de chez vous"),
        "items": [{"label": event.title, "url": event.get_absolute_url(),
                   "meta": date_format(timezone.localtime(event.start), "j F Y")}
                  for event in events],
    }

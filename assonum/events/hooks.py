"""Blocks this app adds to other apps' pages through their extension points.

- ``toolbox.tool_page``: "Se former à cet outil près de chez vous": the upcoming events that
  teach the tool, and the organisations that run them;
- ``directory.place_page``: the upcoming events held at the place.
"""

from django.utils import timezone

from .models import Event

LIMIT = 5


def _upcoming():
    return Event.objects.published().upcoming(timezone.now()).for_listing().order_by("start")


def upcoming_for_tool(request, tool_page):
    events = list(_upcoming().filter(tools=tool_page)[:LIMIT])
    if not events:
        return None
    organisers = sorted({e.organisation for e in events if e.organisation_id},
                        key=lambda o: o.name)
    return {"template": "events/includes/tool_block.html", "events": events,
            "organisers": organisers}


def upcoming_at_place(request, place):
    events = list(_upcoming().filter(place=place)[:LIMIT])
    if not events:
        return None
    return {"template": "events/includes/place_block.html", "events": events}

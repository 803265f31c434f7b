"""The home page's "Prochains ateliers et formations" section."""

from assonum.core.listing import this_minute
from assonum.core.page_cache import derived

from .models import Event


def home_section(request):
    # Counted from the start of the minute and kept for it: an event that has started leaves
    # the section within a minute, a new or cancelled one at once (Event purges the cache).
    minute = this_minute()
    events = derived("events-home", minute, lambda: list(
        Event.objects.published().upcoming(minute).for_links().order_by("start")[:4]), request)
    if not events:
        return None
    return {"template": "events/includes/home_section.html", "order": 25, "events": events}

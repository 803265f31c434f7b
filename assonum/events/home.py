"""The home page's "Prochains ateliers et formations" section."""

from django.utils import timezone

from .models import Event


def home_section(request):
    events = list(Event.objects.published().upcoming(timezone.now()).for_links()
                  .order_by("start")[:4])
    if not events:
        return None
    return {"template": "events/includes/home_section.html", "order": 25, "events": events}

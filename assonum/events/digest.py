"""New published events, for the newsletter's automatic digests."""

from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem
from assonum.core.french import datetime_text

from .models import Event


def _when(event) -> str:
    return datetime_text(event.start)


def new_items(since) -> list[DigestItem]:
    events = (Event.objects.published().upcoming(timezone.now()).filter(created_at__gte=since)
              .select_related("commune").prefetch_related("topics").order_by("start"))
    return [
        DigestItem(
            kind="event", kind_label=_("Prochain atelier ou formation"), title=event.title,
            url=event.get_absolute_url(),
            summary=_when(event) + " – " + event.location_label,
            published_at=event.created_at,
            tags=frozenset([t.slug for t in event.topics.all()] + [event.kind]),
            department_codes=frozenset([event.commune.department_id] if event.commune_id else []),
        )
        for event in events
    ]

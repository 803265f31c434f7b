"""New published events, for the newsletter's automatic digests (see ``assonum.core.digest``)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem, DigestQuery
from assonum.core.french import datetime_text

from .models import Event

KIND = "event"


def _when(event) -> str:
    return datetime_text(event.start)


def new_items(query: DigestQuery) -> list[DigestItem]:
    """At most ``query.limit`` upcoming events announced in the window, newest first."""
    if not query.wants(KIND):
        return []
    events = (Event.objects.published().upcoming(timezone.now())
              .filter(created_at__gte=query.since))
    if query.until is not None:
        events = events.filter(created_at__lte=query.until)
    tags = query.tags_for(KIND)
    if tags is not None:
        events = events.filter(
            Q(kind__in=tags) | Q(pk__in=Event.objects.filter(topics__slug__in=tags).values("pk")))
    if query.department_codes:
        events = events.filter(Q(commune__isnull=True)
                               | Q(commune__department_id__in=query.department_codes))
    events = (events.select_related("commune", "place").prefetch_related("topics")
              .order_by("-created_at", "-pk")[: query.limit])
    return [
        DigestItem(
            kind=KIND, kind_label=_("Prochain atelier ou formation"), title=event.title,
            url=event.get_absolute_url(),
            summary=_when(event) + " – " + event.location_label,
            published_at=event.created_at,
            tags=frozenset([t.slug for t in event.topics.all()] + [event.kind]),
            department_codes=frozenset([event.commune.department_id] if event.commune_id else []),
        )
        for event in events
    ]

"""The agenda's query: upcoming published events narrowed by the filter form.

The list page, the month view and the filtered feed ``/agenda/flux.ics`` all call
:func:`search_events`, so a feed never holds other events than the page with the same
parameters (the feed also keeps cancelled ones, so calendars learn of the cancellation).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from assonum.territory.geo import within_radius

from .forms import EventFilterForm
from .models import Event


def search_events(params, *, include_cancelled: bool = False, upcoming: bool = True,
                  queryset: QuerySet | None = None, now=None) -> tuple[QuerySet, EventFilterForm]:
    """``now``: the time "upcoming" is counted from (by default, this instant)."""
    form = EventFilterForm(params)
    events = queryset if queryset is not None else Event.objects.all()
    events = events.listed() if include_cancelled else events.published()
    if upcoming:
        events = events.upcoming(now or timezone.now())
    events = events.for_listing()
    if not form.is_valid():
        return events.none(), form
    data = form.cleaned_data
    if data.get("departement"):
        events = events.filter(commune__department_id=data["departement"])
    if data.get("theme"):
        events = events.filter(topics__slug=data["theme"])
    if data.get("type"):
        events = events.filter(kind=data["type"])
    if data.get("en_ligne"):
        events = events.filter(is_online=True)
    commune = data.get("pres_de")
    if commune is not None and commune.latitude is not None:
        events = within_radius(events, latitude=commune.latitude, longitude=commune.longitude,
                               radius_km=data["rayon"]).order_by("start", "distance_km")
    else:
        events = events.order_by("start", "pk")
    return events, form  # a theme is one Need (unique slug): the join never repeats rows

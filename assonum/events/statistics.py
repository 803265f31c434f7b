"""Published figures: trainings held and people trained, per department and in the region.

Aggregated in SQL (two queries). A training online or without a commune counts in the
region's total only.
"""

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.plugins import Statistic

from .models import Event, Registration

DEPARTMENT = "commune__department_id"


def statistics() -> list[Statistic]:
    held = Event.objects.published().filter(end__lt=timezone.now(), is_fictional=False)
    events_per = {row[DEPARTMENT] or "": row["n"] for row in
                  held.values(DEPARTMENT).annotate(n=Count("pk")).order_by(DEPARTMENT)}
    trained_per = {}
    for row in (Registration.objects.filter(event__in=held, status=Registration.Status.CONFIRMED)
                .exclude(attended=False).values(f"event__{DEPARTMENT}")
                .annotate(n=Count("pk")).order_by(f"event__{DEPARTMENT}")):
        code = row[f"event__{DEPARTMENT}"] or ""
        trained_per[code] = trained_per.get(code, 0) + row["n"]
    trained = sum(trained_per.values())
    figures = [
        Statistic("events.held", _("Ateliers et formations tenus"), sum(events_per.values()),
                  "événements"),
        Statistic("events.trained", _("Personnes formées ou sensibilisées"), trained,
                  "personnes", count=trained),
    ]
    for department in sorted(set(events_per) - {""}):
        figures.append(Statistic("events.held", _("Ateliers et formations tenus"),
                                 events_per[department], "événements", department=department))
        figures.append(Statistic("events.trained", _("Personnes formées ou sensibilisées"),
                                 trained_per.get(department, 0), "personnes",
                                 department=department, count=trained_per.get(department, 0)))
    return figures

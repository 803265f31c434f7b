"""Published figures: trainings held and people trained, per department and in the region."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.plugins import Statistic

from .models import Event, Registration


def statistics() -> list[Statistic]:
    now = timezone.now()
    held = list(Event.objects.published().filter(end__lt=now, is_fictional=False)
                .values_list("pk", "commune__department_id"))
    department_of = dict(held)
    trained = Counter()
    for event_id in (Registration.objects.filter(
            event_id__in=department_of, status=Registration.Status.CONFIRMED)
            .exclude(attended=False).values_list("event_id", flat=True)):
        trained[department_of[event_id] or ""] += 1
    events_per = Counter(dep or "" for dep in department_of.values())
    figures = [
        Statistic("events.held", _("Ateliers et formations tenus"), len(held), "événements"),
        Statistic("events.trained", _("Personnes formées ou sensibilisées"),
                  sum(trained.values()), "personnes", count=sum(trained.values())),
    ]
    for department in sorted(set(events_per) - {""}):
        figures.append(Statistic("events.held", _("Ateliers et formations tenus"),
                                 events_per[department], "événements", department=department))
        figures.append(Statistic("events.trained", _("Personnes formées ou sensibilisées"),
                                 trained[department], "personnes", department=department,
                                 count=trained[department]))
    return figures

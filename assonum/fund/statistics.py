"""Published figures: supports funded and hours delivered per department."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Statistic

from .models import Application, Attendance


def statistics():
    funded = defaultdict(int)
    for code in Application.objects.filter(support__isnull=False).values_list(
            "organisation__seat_commune__department_id", flat=True):
        funded[code or ""] += 1
    minutes = defaultdict(int)
    for code, duration in Attendance.objects.filter(present=True).values_list(
            "application__organisation__seat_commune__department_id",
            "session__duration_minutes"):
        minutes[code or ""] += duration
    figures = [Statistic("fund.supports", _("Accompagnements financés"), count, "",
                         department=code, group="fund", count=count)
               for code, count in sorted(funded.items())]
    figures += [Statistic("fund.hours", _("Heures d'accompagnement"), round(m / 60, 1), "h",
                          department=code, group="fund") for code, m in sorted(minutes.items())]
    return figures

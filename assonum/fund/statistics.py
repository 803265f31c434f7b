"""Published figures: supports funded and hours delivered, per department and in the region.

Aggregated in SQL (four queries). Per department: ``group="fund"``, department = the INSEE
code of the association's seat; the region's totals have ``department=""`` and no group (they
include associations without a seat commune). ``count``: the associations behind the figure.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Statistic

from .models import Application, Attendance

DEPARTMENT = "organisation__seat_commune__department_id"
SUPPORTS = _("Accompagnements financés")
HOURS = _("Heures d'accompagnement")


def statistics():
    funded = Application.objects.filter(support__isnull=False)
    present = Attendance.objects.filter(present=True)
    minutes_of = f"application__{DEPARTMENT}"
    total = funded.count()
    hours = present.aggregate(m=Sum("session__duration_minutes"),
                              n=Count("application", distinct=True))
    figures = [Statistic("fund.supports", SUPPORTS, total, "", count=total),
               Statistic("fund.hours", HOURS, round((hours["m"] or 0) / 60, 1), "h",
                         count=hours["n"])]
    for row in (funded.exclude(**{f"{DEPARTMENT}__isnull": True}).values(DEPARTMENT)
                .annotate(n=Count("pk")).order_by(DEPARTMENT)):
        figures.append(Statistic("fund.supports", SUPPORTS, row["n"], "",
                                 department=row[DEPARTMENT], group="fund", count=row["n"]))
    for row in (present.exclude(**{f"{minutes_of}__isnull": True}).values(minutes_of)
                .annotate(m=Sum("session__duration_minutes"),
                          n=Count("application", distinct=True)).order_by(minutes_of)):
        figures.append(Statistic("fund.hours", HOURS, round((row["m"] or 0) / 60, 1), "h",
                                 department=row[minutes_of], group="fund", count=row["n"]))
    return figures

"""Published figures (``Plugin(statistics=...)``): the observatory and ``/mise-en-relation/``.

Every figure carries ``count`` = the number of requests it comes from; a group (a department, a
theme) with fewer than ``MIN_GROUP`` requests is not published at all.
"""

from collections import Counter
from statistics import median

from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Statistic

from . import themes as theme_vocabulary
from .models import HelpRequest

MIN_GROUP = 5


def statistics() -> list[Statistic]:
    rows = list(HelpRequest.objects.values_list(
        "commune__department_id", "themes", "status", "created_at", "first_answer_at", "outcome"))
    figures: list[Statistic] = []
    total = len(rows)
    if total < MIN_GROUP:
        return figures
    figures.append(Statistic("helprequests.requests", _("Demandes envoyées"), total,
                             unit="demandes", count=total))
    per_department = Counter(row[0] for row in rows)
    for department, count in sorted(per_department.items()):
        if count >= MIN_GROUP:
            figures.append(Statistic("helprequests.requests", _("Demandes envoyées"), count,
                                     unit="demandes", department=department, count=count))
    per_theme = Counter(theme for row in rows for theme in row[1])
    for theme, count in sorted(per_theme.items()):
        if count >= MIN_GROUP:
            figures.append(Statistic("helprequests.requests", _("Demandes envoyées"), count,
                                     unit="demandes", group=f"theme:{theme}", count=count))
    answered = [row for row in rows if row[4] is not None]
    figures.append(Statistic("helprequests.answered_share",
                             _("Part des demandes ayant reçu une réponse"),
                             round(100 * len(answered) / total), unit="%", count=total))
    delays = [(row[4] - row[3]).total_seconds() / 3600 for row in rows if row[4] is not None]
    if len(delays) >= MIN_GROUP:
        figures.append(Statistic("helprequests.median_first_answer_hours",
                                 _("Délai médian avant une première réponse"),
                                 round(median(delays), 1), unit="heures", count=len(delays)))
    rated = [row[5] for row in rows if row[5]]
    if len(rated) >= MIN_GROUP:
        met = sum(1 for outcome in rated if outcome == HelpRequest.Outcome.MET)
        figures.append(Statistic("helprequests.met_share", _("Part des besoins satisfaits"),
                                 round(100 * met / len(rated)), unit="%", count=len(rated)))
    return figures


def public_figures() -> dict:
    """The figures of ``/mise-en-relation/``, shaped for the template."""
    from assonum.territory.models import Department

    figures = statistics()
    names = dict(Department.objects.values_list("code", "name"))
    summary = {f.key: f for f in figures if not f.department and not f.group}
    by_department = [(names.get(f.department, f.department), f.value) for f in figures
                     if f.key == "helprequests.requests" and f.department]
    by_theme = [(theme_vocabulary.label(f.group.split(":", 1)[1]), f.value) for f in figures
                if f.key == "helprequests.requests" and f.group]
    return {"summary": summary, "by_department": by_department,
            "by_theme": sorted(by_theme, key=lambda row: -row[1]), "any": bool(figures),
            "min_group": MIN_GROUP}

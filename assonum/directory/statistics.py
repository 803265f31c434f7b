"""Published figures (``Plugin(statistics=...)``): the digital actors of the directory.

Published places only. ``directory.places``: how many places, in the region and per department
(``department`` = INSEE code); ``directory.service``: how many places offer each service of the
national vocabulary, ``group`` = ``service:<label>``, in the region and per department. Two
aggregate queries in all (conditional counts, one per service). A public place is not personal
data: no threshold applies.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Statistic

from .listing import json_has
from .models import Place
from .vocabularies import SERVICES

DEPARTMENT = "commune__department_id"


def _counts():
    return {"places": Count("pk"),
            **{f"s{i}": Count("pk", filter=json_has("services", label))
               for i, label in enumerate(SERVICES)}}


def _figures(row: dict, department: str) -> list[Statistic]:
    figures = [Statistic("directory.places", _("Acteurs du numérique référencés"),
                         row["places"], "lieux", department=department)]
    for i, label in enumerate(SERVICES):
        figures.append(Statistic("directory.service", label, row[f"s{i}"], "lieux",
                                 department=department, group=f"service:{label}"))
    return figures


def statistics() -> list[Statistic]:
    published = Place.objects.published()
    figures = _figures(published.aggregate(**_counts()), "")
    rows = (published.filter(commune__isnull=False).values(DEPARTMENT).annotate(**_counts())
            .order_by(DEPARTMENT))
    for row in rows:
        figures += _figures(row, row[DEPARTMENT])
    return figures

"""Published figures: devices given a second life, kg kept out of waste, kg CO2e avoided.

Counted: units of closed reservations (hand-over confirmed by both sides) and the lots of
offers received by a drop-off point; per department of the offer's commune and in total.
Factors: :mod:`assonum.donations.impact` (one table, with sources). Two queries in all.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Statistic

from .impact import Impact
from .models import Lot, Offer, Reservation


def given_rows():
    """(department code, kind, units, donors) rows of what was handed over or received."""
    rows = []
    handed = (Reservation.objects.filter(status=Reservation.Status.CLOSED)
              .values("lot__offer__commune__department_id", "lot__kind")
              .annotate(units=Sum("quantity"), donors=Count("lot__offer", distinct=True)))
    for row in handed:
        rows.append((row["lot__offer__commune__department_id"], row["lot__kind"], row["units"],
                     row["donors"]))
    received = (Lot.objects.filter(offer__status=Offer.Status.RECEIVED)
                .values("offer__commune__department_id", "kind")
                .annotate(units=Sum("quantity"), donors=Count("offer", distinct=True)))
    for row in received:
        rows.append((row["offer__commune__department_id"], row["kind"], row["units"],
                     row["donors"]))
    return rows


def impact_by_department() -> tuple[Impact, dict[str, Impact]]:
    total = Impact()
    per_department: dict[str, Impact] = defaultdict(Impact)
    for department, kind, units, _donors in given_rows():
        total.add(kind, units)
        per_department[department].add(kind, units)
    return total.rounded(), {code: i.rounded() for code, i in sorted(per_department.items())}


def figures() -> list[Statistic]:
    total, per_department = impact_by_department()
    result = []
    for department, impact in [("", total), *per_department.items()]:
        result += [
            Statistic("donations.devices", _("Appareils donnés pour une seconde vie"),
                      impact.devices, "appareils", department),
            Statistic("donations.mass", _("Équipement évité dans les déchets"),
                      impact.mass_kg, "kg", department),
            Statistic("donations.co2e", _("Fabrication évitée"), impact.co2e_kg, "kg CO2e",
                      department),
        ]
    return result

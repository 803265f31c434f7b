"""The observatory's snapshot: every app's published figures, read once and cached.

The observatory imports no model of the apps it shows: it reads ``plugins.statistics()``
(each app's ``Plugin(statistics=...)``, aggregated in SQL by that app) plus the region's
departments. One snapshot (a plain dict, JSON-friendly) is computed by :func:`refresh`, which the
periodic task ``observatory.refresh`` runs, and kept in the cache under :data:`CACHE_KEY`; pages
and the API read it with :func:`snapshot` (a cache miss computes it once). An app whose hook is
absent simply contributes nothing; one whose hook fails is logged and left out, the others
still show.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from assonum.core import plugins

logger = logging.getLogger(__name__)

CACHE_KEY = "observatory:snapshot:v1"


def _departments() -> list[dict]:
    from assonum.territory.models import Department, Outline, Region

    region = Region.objects.filter(code=settings.REGION_CODE).values_list("name", flat=True)
    rows = list(Department.objects.filter(region_code=settings.REGION_CODE).order_by("code")
                .values("code", "name"))
    outlines = Outline.geometries(Outline.Kind.DEPARTMENT, [row["code"] for row in rows])
    for row in rows:
        row["outline"] = outlines.get(row["code"])
    return rows, (
        region.first() or "")


def collect() -> list[dict]:
    """Every app's figures as dicts (labels as text)."""
    figures = []
    for plugin in plugins.plugins():
        if plugin.statistics is None or plugin.app == "assonum.observatory":
            continue
        try:
            published = plugin.statistics()
        except Exception:  # noqa: BLE001 - one broken provider must not hide the others
            logger.exception("observatory: the statistics of %s failed", plugin.app)
            continue
        for figure in published:
            figures.append({
                "key": figure.key, "label": str(figure.label), "value": figure.value,
                "unit": figure.unit, "department": figure.department or "",
                "group": figure.group, "count": figure.count,
            })
    return figures


def compute() -> dict:
    departments, region_name = _departments()
    return {
        "computed_at": timezone.now().isoformat(),
        "region_code": settings.REGION_CODE,
        "region_name": region_name,
        "departments": departments,
        "figures": collect(),
    }


# When the stored snapshot was computed, kept beside it: a page reads this short value, and the
# whole snapshot only when it differs from this process's copy.
COMPUTED_AT_KEY = f"{CACHE_KEY}:computed_at"
_local: dict = {"computed_at": None, "data": None}


def refresh() -> dict:
    """Compute the snapshot now and store it (the periodic task and a cache miss call this)."""
    data = compute()
    cache.set(CACHE_KEY, data, timeout=settings.OBSERVATORY_CACHE_SECONDS)
    cache.set(COMPUTED_AT_KEY, data["computed_at"], timeout=settings.OBSERVATORY_CACHE_SECONDS)
    return data


def snapshot() -> dict:
    """The stored snapshot (this process's copy while it is the stored one). Read-only."""
    computed_at = cache.get(COMPUTED_AT_KEY)
    if computed_at is not None and _local["computed_at"] == computed_at:
        return _local["data"]
    data = cache.get(CACHE_KEY)
    if data is None:
        data = refresh()
    _local["computed_at"], _local["data"] = data["computed_at"], data
    return data

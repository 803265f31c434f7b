"""A light map drawn on the server: the region's outline, its departments and points as dots.

What a phone gets before (or instead of) the interactive map: one inline ``<svg>`` of a few
kilobytes and a handful of DOM nodes whatever the number of points (every dot is a zero-length
segment of ONE path, drawn round by its line cap; dots falling on the same spot are drawn once;
each dot is a move relative to the previous one, row by row, a third shorter than absolute ones).
The outlines come from ``territory.Outline`` (regions and departments; GeoJSON geometries, WGS84),
projected with an equirectangular projection corrected at the region's mean latitude.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 400  # viewBox width; the height follows the region's shape
GRID = 2  # dots closer than this (in viewBox units) are one dot
CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Frame:
    """Longitude/latitude box of the region and its projection onto the viewBox."""

    west: float
    south: float
    east: float
    north: float

    @property
    def kx(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def scale(self) -> float:
        return WIDTH / ((self.east - self.west) * self.kx)

    @property
    def height(self) -> int:
        return math.ceil((self.north - self.south) * self.scale)

    def project(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coordinates)
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def _frame(rings) -> Frame | None:
    points = [point for ring in rings for point in ring]
    if not points:
        return None
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    margin = 0.02 * (max(lons) - min(lons))
    return Frame(min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)


def _path(rings, frame: Frame) -> str:
    """SVG path data, rounded to whole units, dropping points that round to the previous one."""
    parts = []
    for ring in rings:
        last = None
        commands = []
        for lon, lat, *_rest in ring:
            x, y = frame.project(lon, lat)
            point = (round(x), round(y))
            if point == last:
                continue
            commands.append(f"{point[0]} {point[1]}")
            last = point
        if len(commands) >= 3:
            parts.append("M" + "L".join(commands) + "Z")
    return "".join(parts)


def _background() -> dict | None:
    """Frame and outline paths of the configured region (cached: they change with the data)."""
    from .models import Department, Outline, Region

    region = Region.objects.filter(code=settings.REGION_CODE).only("data_checksum").first()
    if region is None:
        return None
    key = f"territory:svgmap:{region.code}:{region.data_checksum}"
    found = cache.get(key)
    if found is not None:
        return found
    rings = _rings(Outline.geometries(Outline.Kind.REGION, [region.code]).get(region.code))
    frame = _frame(rings)
    if frame is None:
        return None
    codes = Department.objects.filter(region_code=region.code).values_list("code", flat=True)
    outlines = Outline.geometries(Outline.Kind.DEPARTMENT, codes)
    departments = "".join(_path(_rings(outlines[code]), frame) for code in sorted(outlines))
    found = {"frame": frame, "region": _path(rings, frame), "departments": departments}
    cache.set(key, found, CACHE_SECONDS)
    return found


def dots_path(points: Iterable[tuple[float, float]], frame: Frame) -> tuple[str, int]:
    """(path data, number of distinct dots) for ``(latitude, longitude)`` pairs."""
    seen = set()
    for lat, lon in points:
        if lat is None or lon is None:
            continue
        x, y = frame.project(lon, lat)
        if not (0 <= x <= WIDTH and 0 <= y <= frame.height):
            continue  # outside the region's box (an itinerant actor's base elsewhere)
        seen.add((round(x / GRID) * GRID, round(y / GRID) * GRID))
    return encode_dots(seen), len(seen)


def encode_dots(cells) -> str:
    """Path data for distinct ``(x, y)`` cells: row by row, each a move from the previous one."""
    commands = []
    last = None
    for x, y in sorted(cells, key=lambda cell: (cell[1], cell[0])):
        if last is None:
            commands.append(f"M{x} {y}h0")
        else:
            dx, dy = x - last[0], y - last[1]
            commands.append(f"m{dx}{'' if dy < 0 else ' '}{dy}h0")
        last = (x, y)
    return "".join(commands)


def decode_dots(path: str) -> list[tuple[int, int]]:
    """The cells of :func:`encode_dots`'s path data (for tests and tools)."""
    import re

    cells, x, y = [], 0, 0
    for move, dx, dy in re.findall(r"([Mm])(-?\d+)[ ]?(-?\d+)h0", path):
        x, y = (int(dx), int(dy)) if move == "M" else (x + int(dx), y + int(dy))
        cells.append((x, y))
    return cells


def dots_path_sql(queryset, frame: Frame) -> tuple[str, int]:
    """:func:`dots_path` for a queryset of rows with ``latitude`` and ``longitude``, computed by
    the database: it returns one row per distinct dot (a few hundred for a region), whatever the
    number of rows, instead of every row's coordinates."""
    from django.db.models import F, FloatField, Func

    def Round(expression):  # noqa: N802 - ROUND() on the float itself (Django's Round casts
        return Func(expression, function="ROUND", output_field=FloatField())  # to numeric)

    per_x = frame.kx * frame.scale / GRID  # x / GRID = (lon - west) * per_x
    per_y = frame.scale / GRID  # y / GRID = (north - lat) * per_y
    cells = (
        queryset.order_by()
        .filter(longitude__gte=frame.west, longitude__lte=frame.east,
                latitude__lte=frame.north, latitude__gte=frame.north - frame.height / frame.scale)
        .annotate(dot_x=Round((F("longitude") - frame.west) * per_x),
                  dot_y=Round((frame.north - F("latitude")) * per_y))
        .values_list("dot_x", "dot_y").distinct()
    )
    found = {(int(x) * GRID, int(y) * GRID) for x, y in cells}
    return encode_dots(found), len(found)


def region_map(points, *, label: str, key=None) -> SafeString:
    """The inline ``<svg>`` (empty string when the region's outline is not loaded).

    ``points``: ``(latitude, longitude)`` pairs, or a queryset of rows with ``latitude`` and
    ``longitude`` (the dots are then computed in SQL, see :func:`dots_path_sql`, and kept
    under ``key``, everything the queryset depends on; by default its SQL, which costs a
    compilation of the query). With a ``key``, the whole ``<svg>`` is a fragment of the page
    cache's generation: drawn once per process until the data changes.
    """
    if key is not None and hasattr(points, "values_list"):
        from assonum.core.page_cache import fragment

        # repr(): the key may hold lists (the chosen filters); its repr is what names them.
        return mark_safe(fragment(("svg-map", repr(key), str(label)),
                                  lambda: _draw(points, label, key)))
    return _draw(points, label, key)


def _draw(points, label: str, key) -> SafeString:
    background = _background()
    if background is None:
        return mark_safe("")
    frame: Frame = background["frame"]
    if hasattr(points, "values_list"):
        # The same for every visitor of the same list: kept until the data changes.
        from assonum.core.page_cache import derived

        dots, _count = derived("svgmap-dots", (frame, str(points.query) if key is None else key),
                               lambda: dots_path_sql(points, frame))
    else:
        dots, _count = dots_path(points, frame)
    return format_html(
        '<svg class="svg-map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-label="{label}" focusable="false">'
        '<path class="svg-map__region" d="{region}"/>'
        '<path class="svg-map__departments" d="{departments}"/>'
        '<path class="svg-map__dots" d="{dots}"/>'
        "</svg>",
        w=WIDTH, h=frame.height, label=label, region=background["region"],
        departments=background["departments"], dots=dots,
    )

"""Chart geometry for SVG drawn by the templates on the server (no JavaScript).

Numbers that go into SVG attributes are formatted here as strings with a dot: the French
locale would print "120,4". Fills are patterns (``observatory/includes/patterns.svg``), so that a
chart reads in black and white, and every bar carries its figure as text.
"""

from __future__ import annotations

import math

WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 14
ROW_HEIGHT = 42
VALUE_ROOM = 64
LEVEL_PATTERNS = ["obs-l1", "obs-l2", "obs-l3", "obs-l4"]
CLASS_PATTERNS = ["obs-c0", "obs-c1", "obs-c2", "obs-c3"]


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def bars(rows: list[dict], value_key: str = "share", maximum: float | None = None) -> dict:
    """One horizontal bar per row: ``label`` above, the bar, the figure at its end."""
    top_value = maximum or max([r[value_key] for r in rows] + [1])
    span = WIDTH - VALUE_ROOM
    drawn = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        width = span * (row[value_key] or 0) / top_value
        drawn.append({**row, "label_y": _n(top + 13), "bar_y": _n(top + LABEL_HEIGHT),
                      "bar_width": _n(max(width, 1)), "value_x": _n(width + 6),
                      "value_y": _n(top + LABEL_HEIGHT + BAR_HEIGHT - 2)})
    return {"width": WIDTH, "height": max(len(rows), 1) * ROW_HEIGHT, "rows": drawn,
            "bar_height": BAR_HEIGHT}


def stacked(rows: list[dict]) -> dict:
    """One bar per theme split into the four levels (shares in %, summing to about 100)."""
    legend_height = 28
    drawn = []
    for index, row in enumerate(rows):
        top = legend_height + index * ROW_HEIGHT
        x = 0.0
        segments = []
        total = sum(row["levels"]) or 100
        for level, share in enumerate(row["levels"]):
            width = WIDTH * share / total
            if width > 0:
                segments.append({"x": _n(x), "width": _n(width),
                                 "pattern": LEVEL_PATTERNS[level]})
            x += width
        drawn.append({**row, "label_y": _n(top + 13), "bar_y": _n(top + LABEL_HEIGHT),
                      "segments": segments})
    legend = [{"x": _n(i * 160), "text_x": _n(i * 160 + 22), "pattern": p}
              for i, p in enumerate(LEVEL_PATTERNS)]
    return {"width": WIDTH, "height": legend_height + max(len(rows), 1) * ROW_HEIGHT,
            "rows": drawn, "bar_height": BAR_HEIGHT, "legend": legend}


# --- The map ------------------------------------------------------------------------------

MAP_WIDTH = 480


def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = zip(*ring, strict=False)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


def classes(values: list[float | None], count: int = 4) -> list[tuple[float, float]]:
    """Equal intervals from 0 to the largest shown value: [(low, high)...]."""
    shown = [v for v in values if v is not None]
    top = max(shown + [0])
    if top <= 0:
        return [(0, 0)]
    step = top / (count - 1)
    return [(0, 0)] + [(step * (i - 1), step * i) for i in range(1, count)]


def class_of(value: float | None, bounds: list[tuple[float, float]]) -> int | None:
    if value is None:
        return None
    if value <= 0:
        return 0
    for index, (_low, high) in enumerate(bounds[1:], start=1):
        if value <= high + 1e-9:
            return index
    return len(bounds) - 1


def department_map(departments: list[dict], values: dict[str, float | None]) -> dict:
    """Paths of the department outlines (lon/lat projected with a cos(latitude) scale)."""
    points = [pt for d in departments for ring in _rings(d.get("outline")) for pt in ring]
    if not points:
        return {"width": MAP_WIDTH, "height": 0, "areas": [], "legend": []}
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, south, north = min(lons), min(lats), max(lats)
    scale_x = math.cos(math.radians((south + north) / 2))
    span_x = (max(lons) - west) * scale_x or 1
    span_y = (north - south) or 1
    margin = 8
    ratio = (MAP_WIDTH - 2 * margin) / span_x
    height = span_y * ratio + 2 * margin

    def project(lon, lat):
        # The box is computed once above: min()/max() here would scan every point per point.
        return ((lon - west) * scale_x * ratio + margin, (north - lat) * ratio + margin)

    bounds = classes(list(values.values()))
    areas = []
    for department in departments:
        commands = []
        best = (0.0, 0.0, 0.0)
        for ring in _rings(department.get("outline")):
            projected = []
            for lon, lat in ring:
                x, y = project(lon, lat)
                last = projected[-1] if projected else None
                if last and abs(last[0] - x) < 0.8 and abs(last[1] - y) < 0.8:
                    continue  # under a pixel from the previous point: drop it
                projected.append((x, y))
            if len(projected) < 3:
                continue
            commands.append("M" + "L".join(f"{_n(x)} {_n(y)}" for x, y in projected) + "Z")
            centroid = _area_centroid(projected)
            if centroid[0] > best[0]:
                best = centroid
        value = values.get(department["code"])
        level = class_of(value, bounds)
        areas.append({"code": department["code"], "name": department["name"], "value": value,
                      "path": "".join(commands), "x": _n(best[1]), "y": _n(best[2]),
                      "y2": _n(best[2] + 15),
                      "pattern": "obs-hidden" if level is None else CLASS_PATTERNS[level]})
    legend = [{"pattern": CLASS_PATTERNS[i], "low": low, "high": high}
              for i, (low, high) in enumerate(bounds)]
    return {"width": MAP_WIDTH, "height": _n(height), "areas": areas, "legend": legend,
            "any_hidden": any(v is None for v in values.values())}

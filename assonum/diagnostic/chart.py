"""The result chart as plain geometry for an inline SVG drawn by the template (no JavaScript).

Horizontal bars, one row per theme: the label above, the current score as a thick bar, the
previous diagnostic's score (when there is one) as a thin bar under it.
"""

from __future__ import annotations

WIDTH = 320
LABEL_HEIGHT = 16
BAR_HEIGHT = 12
PREVIOUS_HEIGHT = 6
ROW_HEIGHT = 44
BAR_LEFT = 0
BAR_WIDTH = 280  # leaves room for the figure on the right


def bars(rows: list[dict]) -> dict:
    """``rows``: [{"label", "score", "previous"}] -> geometry for the template."""
    drawn = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        score = row["score"]
        previous = row.get("previous")
        drawn.append(
            {
                "label": row["label"],
                "score": score,
                "previous": previous,
                "label_y": top + 12,
                "bar_y": top + LABEL_HEIGHT + 2,
                "bar_width": round(BAR_WIDTH * (score or 0) / 100, 1),
                "value_x": BAR_WIDTH + 4,
                "value_y": top + LABEL_HEIGHT + BAR_HEIGHT,
                "previous_y": top + LABEL_HEIGHT + BAR_HEIGHT + 5,
                "previous_width": round(BAR_WIDTH * (previous or 0) / 100, 1),
            }
        )
    return {
        "width": WIDTH,
        "height": max(len(rows) * ROW_HEIGHT, ROW_HEIGHT),
        "rows": drawn,
        "bar_width": BAR_WIDTH,
        "bar_height": BAR_HEIGHT,
        "previous_height": PREVIOUS_HEIGHT,
        "has_previous": any(r.get("previous") is not None for r in rows),
    }

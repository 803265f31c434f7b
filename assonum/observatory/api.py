"""``GET /api/v1/observatoire/``: the observatory's figures (the same as the pages, the same
anonymity rule), with their date and licence. Filters: ``cle`` (a prefix of the key:
``diagnostic.answer.outils``, ``donations``...) and ``departement`` (INSEE code, ``region`` for
the region's own figures)."""

from __future__ import annotations

from ninja import Router, Schema

from . import services
from .figures import LICENCE, LICENCE_URL, Observatory, source_label

router = Router(tags=["observatoire"])


class FigureOut(Schema):
    key: str
    label: str
    value: float
    unit: str
    department: str
    group: str
    associations: int | None
    source: str


class ObservatoryOut(Schema):
    date: str
    licence: str
    licence_url: str
    min_group: int
    figures: list[FigureOut]


@router.get("/observatoire/", response=ObservatoryOut, url_name="observatory_figures")
def figures(request, cle: str = "", departement: str = ""):
    observatory = Observatory(services.snapshot())
    selected = []
    for figure in observatory.public_figures():
        if cle and not figure["key"].startswith(cle):
            continue
        if departement and figure["department"] != ("" if departement == "region"
                                                     else departement):
            continue
        selected.append({**figure, "associations": figure["count"],
                         "source": str(source_label(figure["key"]))})
    return {"date": observatory.computed_at.isoformat(), "licence": LICENCE,
            "licence_url": LICENCE_URL, "min_group": observatory.min_group,
            "figures": selected}

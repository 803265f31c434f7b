"""``/observatoire/`` (the associations' answers) and ``/observatoire/territoires/`` (the map and
the other apps' figures), plus one CSV per table. Every figure comes from the cached snapshot:
a page makes the same few queries whatever the number of associations."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from assonum.core.page_cache import derived

from . import charts, exports, services
from .figures import LEVELS, LICENCE, LICENCE_URL, QUESTIONS, Observatory, source_label


def _observatory() -> Observatory:
    return Observatory(services.snapshot())


def _department(observatory: Observatory, request) -> dict | None:
    code = request.GET.get("departement", "")
    for department in observatory.departments:
        if department["code"] == code:
            return department
    return None


def _common(observatory: Observatory) -> dict:
    return {"computed_at": observatory.computed_at, "min_group": observatory.min_group,
            "licence": LICENCE, "licence_url": LICENCE_URL,
            "region_name": observatory.region_name}


def index(request):
    observatory = _observatory()
    department = _department(observatory, request)
    scope = department["code"] if department else ""
    # The same for every visitor of this snapshot and territory.
    context = derived("observatory-index", (observatory.computed_at.isoformat(), scope),
                      lambda: _index_context(observatory, department, scope), request)
    return render(request, "observatory/index.html", context)


def _index_context(observatory: Observatory, department, scope: str) -> dict:
    questions = []
    for key, title in QUESTIONS.items():
        answers = observatory.answers(key, scope)
        questions.append({"key": key, "title": title, "answers": answers,
                          "chart": charts.bars(answers["rows"], maximum=100) if answers else None})
    maturity = observatory.maturity(scope)
    return {
        **_common(observatory),
        "departments": observatory.departments,
        "department": department,
        "scope_query": f"?departement={scope}" if scope else "",
        "questions": questions,
        "maturity": maturity,
        "maturity_chart": charts.stacked(maturity["rows"]) if maturity else None,
        "levels": [label for _n, label in LEVELS],
        "diagnostic_source": str(source_label("diagnostic")),
    }


def territories(request):
    observatory = _observatory()
    # The same for every visitor of this snapshot and chosen map.
    context = derived("observatory-territories",
                      (observatory.computed_at.isoformat(), request.GET.get("carte", "")[:50]),
                      lambda: _territories_context(observatory, request.GET.get("carte")),
                      request)
    return render(request, "observatory/territories.html", context)


def _territories_context(observatory: Observatory, wanted) -> dict:
    table = observatory.department_table()
    indicators = table["indicators"]
    chosen = next((i for i in indicators if i.slug == wanted), None)
    chosen = chosen or next((i for i in indicators if i.slug == "acteurs"), None) or (
        indicators[0] if indicators else None)
    drawn = None
    if chosen is not None:
        column = indicators.index(chosen)
        drawn = charts.department_map(observatory.departments,
                                      {row["code"]: row["values"][column]
                                       for row in table["rows"]})
    services_rows = observatory.services("")
    return {
        **_common(observatory),
        "table": table,
        "indicators": indicators,
        "chosen": chosen,
        "map": drawn,
        "services": services_rows,
        "services_chart": charts.bars(services_rows, value_key="places") if services_rows
        else None,
        "sources": sorted({str(source_label(i.source)) for i in indicators}),
        "directory_source": str(source_label("directory")),
    }


def open_data(request):
    observatory = _observatory()
    tables = [{"slug": slug, "name": name, "columns": exports.columns(observatory, slug)}
              for slug, name in exports.TABLES.items()]
    return render(request, "observatory/open_data.html", {
        **_common(observatory), "tables": tables,
        "api_url": request.build_absolute_uri(reverse("api:observatory_figures")),
    })


def download(request, table):
    observatory = _observatory()
    if table not in exports.TABLES:
        raise Http404(_("Ce tableau n'existe pas."))
    body = exports.as_csv(observatory, table)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"observatoire-{table}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

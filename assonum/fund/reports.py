"""Figures for the funders: tables by department, rural / urban, sector and call, SVG charts."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .models import Application, Session

COLUMNS = ["applications", "decided", "granted", "amount", "supports", "sessions", "hours"]


def column_labels():
    return [_("Demandes"), _("Décisions"), _("Aides accordées"), _("Montant accordé (€)"),
            _("Accompagnements"), _("Séances"), _("Heures")]


def _groups(application):
    organisation = application.organisation
    commune = organisation.seat_commune
    return {
        "department": str(commune.department) if commune else _("Siège non renseigné"),
        "rurality": (_("Rural") if commune.is_rural else _("Urbain")) if commune
        else _("Siège non renseigné"),
        "sector": organisation.get_sector_display() or _("Non renseigné"),
        "call": application.call.title,
    }


def tables() -> list[dict]:
    """One table (and its chart) per dimension; a fixed number of queries."""
    applications = list(Application.objects.exclude(status=Application.Status.DRAFT)
                        .select_related("call", "organisation__seat_commune__department"))
    sessions = defaultdict(list)
    for session in Session.objects.prefetch_related("attendances"):
        for attendance in session.attendances.all():
            if attendance.present:
                sessions[attendance.application_id].append(session.duration_minutes)
    titles = {"department": _("Par département"), "rurality": _("Commune rurale ou urbaine"),
              "sector": _("Par secteur d'activité"), "call": _("Par appel")}
    result = []
    for key, title in titles.items():
        figures = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))
        for application in applications:
            row = figures[_groups(application)[key]]
            row["applications"] += 1
            if application.status in Application.DECIDED_STATES:
                row["decided"] += 1
            if application.status in Application.GRANTED_STATES and application.amount_granted:
                row["granted"] += 1
                row["amount"] += application.amount_granted
            if application.support_id:
                row["supports"] += 1
            minutes = sessions.get(application.pk, [])
            row["sessions"] += len(minutes)
            row["hours"] += round(sum(minutes) / 60, 1)
        rows = [{"label": label, **values} for label, values in sorted(figures.items())]
        result.append({"key": key, "title": title, "rows": rows, "columns": column_labels(),
                       "chart": bar_chart(title, [(r["label"], r["amount"]) for r in rows])})
    return result


def bar_chart(title: str, data: list[tuple[str, Decimal]]) -> str:
    """A horizontal bar chart as inline SVG (no script, no style attribute)."""
    height = 28 * len(data) + 10
    top = max((float(v) for _label, v in data), default=0) or 1
    parts = [f'<svg class="fund-chart" viewBox="0 0 600 {height}" role="img" '
             f'aria-label="{escape(title)} : {escape(_("montant accordé"))}">']
    for i, (label, value) in enumerate(data):
        y = 5 + 28 * i
        width = round(float(value) / top * 330)
        parts.append(f'<text x="0" y="{y + 16}" font-size="13">{escape(str(label)[:32])}</text>'
                     f'<rect x="230" y="{y + 3}" width="{max(width, 1)}" height="18" '
                     f'fill="#1f5f8b"></rect>'
                     f'<text x="{236 + width}" y="{y + 16}" font-size="13">'
                     f'{escape(_format_euros(value))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _format_euros(value) -> str:
    return f"{float(value):,.0f} €".replace(",", "\u202f")


def average_progress() -> dict:
    """Mean change of the overall diagnostic score between the start and the end of supports."""
    deltas = []
    for start, end in Application.objects.filter(
            status=Application.Status.DONE, end_summary__isnull=False).values_list(
            "start_summary", "end_summary"):
        if start and end and start.get("overall") is not None and end.get("overall") is not None:
            deltas.append(end["overall"] - start["overall"])
    return {"count": len(deltas),
            "mean": round(sum(deltas) / len(deltas), 1) if deltas else None}


def xlsx() -> bytes:
    """Every table in one workbook; every text cell typed as text (never a formula)."""
    from openpyxl import Workbook

    from assonum.core.spreadsheets import neutralise_cell

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables():
        sheet = workbook.create_sheet(table["key"])
        sheet.append([_("Groupe"), *table["columns"]])
        for row in table["rows"]:
            sheet.append([neutralise_cell(str(row["label"])),
                          *[float(row[c]) if isinstance(row[c], Decimal) else row[c]
                            for c in COLUMNS]])
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

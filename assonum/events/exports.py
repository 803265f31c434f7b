"""The attendee list as a spreadsheet (CSV or XLSX), for the organiser.

Every cell typed by a person (name, organisation...) is neutralised against formula injection:
a value starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
apostrophe, so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from .models import Registration

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_PREFIXES) else text


def header() -> list[str]:
    return [_("Nom"), _("E-mail"), _("Association ou structure"), _("Statut"),
            _("Inscrite le"), _("Présente")]


def rows(event) -> list[list[str]]:
    registrations = (Registration.objects.filter(event=event)
                     .exclude(status=Registration.Status.CANCELLED)
                     .order_by("status", "waiting_since", "created_at", "pk"))
    result = []
    for registration in registrations:
        attended = {True: _("oui"), False: _("non"), None: ""}[registration.attended]
        result.append([neutralise(registration.name), neutralise(registration.email),
                       neutralise(registration.organisation_name),
                       registration.get_status_display(),
                       timezone.localtime(registration.created_at).strftime("%d/%m/%Y %H:%M"),
                       attended])
    return result


def as_csv(event) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header())
    writer.writerows(rows(event))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads UTF-8


def as_xlsx(event) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    sheet.append(header())
    for row in rows(event):
        sheet.append(row)
    for cell_row in sheet.iter_rows(min_row=2):
        for cell in cell_row:
            cell.data_type = "s"  # text, never a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

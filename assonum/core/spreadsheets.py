"""Spreadsheet exports without formula injection (CSV injection), the one place that does it.

OWASP ("CSV Injection"): a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return may be run as a formula by the spreadsheet that opens the file; prefix it with a single
quote so that it is read as text. Every CSV export of the platform (subscribers, organisations
and their members, the public ``/annuaire/export.csv``) writes its cells through
:func:`neutralise_cell`; Wagtail back-office exports get it from
:class:`SafeSpreadsheetExportMixin`.

Decision (documented in docs/security.md): a cell made only of digits, spaces and the
punctuation of numbers and phone numbers (``+33 2 48 00 00 00``, ``-1.5``, ``+33254000001``)
is kept as it is. Without a letter no function can be called, so the spreadsheet can at most
compute arithmetic on it; and the national Table Schema of the directory export requires the
phone numbers as written (``+33...``). Anything else starting with a trigger is quoted.
xlsx files are safe by construction: their cells are typed strings (never formulas), see
:meth:`SafeSpreadsheetExportMixin.preprocess_field_value`.
"""

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_OR_PHONE = re.compile(r"[+-][0-9 .,()/|+-]*")


def neutralise_cell(value):
    """``value`` fit for a CSV cell: a leading formula trigger is defused with ``'``."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_TRIGGERS:
        return value
    if _NUMBER_OR_PHONE.fullmatch(value) and any(c.isdigit() for c in value):
        return value
    return "'" + value


def neutralise_row(values):
    return [neutralise_cell(v) for v in values]


class SafeSpreadsheetExportMixin:
    """For Wagtail index views with ``list_export``: CSV cells neutralised, xlsx cells text."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == "csv":
            return neutralise_cell(value)
        return value

    def generate_xlsx_row(self, worksheet, row_dict, date_format=None):
        for cell in super().generate_xlsx_row(worksheet, row_dict, date_format=date_format):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever its first character
            yield cell

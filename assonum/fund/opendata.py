"""Awarded grants in the SCDL "subventions" format, version 2.1.1.

One row per grant decided (accepted, accepted under conditions, in support, done). The
attributing organisation is a setting (``FUND_GRANTOR_NAME``, ``FUND_GRANTOR_SIRET``). The
beneficiary is identified by its SIRET, else by its RNA number. Known limit of the schema: an
RNA number with letters (``W2A…`` in Corsica, ``W9T…`` overseas) breaks the schema's pattern;
it is written as it is rather than altered (none in this region).
"""

import csv
import io
import json
from pathlib import Path

from django.conf import settings

from assonum.core.spreadsheets import neutralise_row

from .models import Application

SCHEMA_PATH = Path(__file__).parent / "schema" / "scdl-subventions-2.1.1.json"
FIELDS = [f["name"] for f in json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["fields"]]


def _payment_dates(application):
    days = sorted(p.due_on for p in application.payments.all())
    if not days:
        return application.decided_at.date().isoformat()
    if days[0] == days[-1]:
        return days[0].isoformat()
    return f"{days[0].isoformat()}/{days[-1].isoformat()}"


def rows():
    queryset = (Application.objects.granted().select_related("call", "organisation")
                .prefetch_related("payments").order_by("decided_at", "pk"))
    for application in queryset:
        organisation = application.organisation
        payments = list(application.payments.all())
        requested = application.amount_requested or application.amount_granted
        share = min(1, max(0.01, float(application.amount_granted / requested))) \
            if requested else 1
        yield {
            "nomAttribuant": settings.FUND_GRANTOR_NAME,
            "idAttribuant": settings.FUND_GRANTOR_SIRET,
            "dateConvention": application.decided_at.date().isoformat(),
            "referenceDecision": application.reference,
            "nomBeneficiaire": organisation.name,
            "idBeneficiaire": organisation.siret or "",
            "rnaBeneficiaire": "" if organisation.siret else organisation.rna,
            "objet": (application.title or application.call.title)[:256],
            "montant": f"{application.amount_granted:.2f}",
            "nature": "aide en numéraire",
            "conditionsVersement": "échelonné" if len(payments) > 1 else "unique",
            "datesPeriodeVersement": _payment_dates(application),
            "idRAE": "",
            "notificationUE": "false",
            "pourcentageSubvention": f"{share:.2f}",
            "dispositifAide": application.call.title[:256],
        }


def scdl_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for row in rows():
        writer.writerow(neutralise_row([row[name] for name in FIELDS]))
    return out.getvalue()

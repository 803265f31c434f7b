"""The observatory's tables as open data: CSV, UTF-8 with a BOM (spreadsheets read it), comma
separated, dot decimals, one header row; every row carries the date of the figures and the
licence (Licence Ouverte 2.0). Each file holds the region and every department; a territory
whose group is under the anonymity threshold has no row (answers, maturity) or an empty cell
(departments). The columns are documented on the pages (:data:`COLUMNS`)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from assonum.core.spreadsheets import neutralise_row

from .figures import LEVELS, LICENCE, QUESTIONS, Observatory

COMMON_START = [
    ("territoire_code", _("code INSEE du territoire : la région ou un département")),
    ("territoire", _("nom du territoire")),
]
COMMON_END = [
    ("date_des_donnees", _("date et heure du calcul des chiffres (ISO 8601)")),
    ("licence", _("licence de réutilisation")),
]
ANSWER_COLUMNS = [
    ("reponse", _("réponse proposée dans l'autodiagnostic")),
    ("part_associations_pct", _("part des associations répondantes ayant choisi cette "
                                "réponse, en %")),
    ("associations", _("nombre d'associations ayant choisi cette réponse")),
    ("associations_repondantes", _("nombre d'associations ayant répondu à la question")),
]
MATURITY_COLUMNS = [
    ("theme", _("thème de l'autodiagnostic")),
    *[(f"niveau_{n}_pct", _("part des associations au niveau « %(level)s », en %%")
       % {"level": label}) for n, label in LEVELS],
    ("associations", _("nombre d'associations ayant un résultat pour ce thème")),
]
SERVICE_COLUMNS = [
    ("service", _("service proposé (vocabulaire national des lieux de médiation numérique)")),
    ("lieux", _("nombre de lieux publiés qui le proposent")),
]
TABLES = {
    "outils": _("Outils utilisés"),
    "difficultes": _("Difficultés rencontrées"),
    "maturite": _("Maturité par thème"),
    "departements": _("Chiffres par département"),
    "services": _("Acteurs du numérique par service"),
}


def number(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def columns(observatory: Observatory, table: str) -> list[tuple[str, str]]:
    if table in QUESTIONS:
        middle = ANSWER_COLUMNS
    elif table == "maturite":
        middle = MATURITY_COLUMNS
    elif table == "services":
        middle = SERVICE_COLUMNS
    else:
        middle = [(i.slug, f"{i.label}{' (' + str(i.unit) + ')' if i.unit else ''}")
                  for i in observatory.indicators()]
    return COMMON_START + middle + COMMON_END


def _scopes(observatory: Observatory):
    yield observatory.data.get("region_code", ""), "", observatory.region_name
    for department in observatory.departments:
        yield department["code"], department["code"], department["name"]


def rows(observatory: Observatory, table: str) -> list[list]:
    result = []
    for code, scope, name in _scopes(observatory):
        middle_rows = []
        if table in QUESTIONS:
            answers = observatory.answers(table, scope)
            for row in (answers or {}).get("rows", []):
                middle_rows.append([row["label"], number(row["share"]), row["associations"],
                                    row["total"]])
        elif table == "maturite":
            maturity = observatory.maturity(scope)
            for row in (maturity or {}).get("rows", []):
                middle_rows.append([row["label"], *[number(v) for v in row["levels"]],
                                    row["total"]])
        elif table == "services":
            for row in observatory.services(scope):
                middle_rows.append([row["label"], number(row["places"])])
        else:
            middle_rows.append([number(observatory.value(i, scope))
                                for i in observatory.indicators()])
        for middle in middle_rows:
            result.append([code, name, *middle, observatory.computed_at.isoformat(), LICENCE])
    return result


def as_csv(observatory: Observatory, table: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _doc in columns(observatory, table)])
    for row in rows(observatory, table):
        writer.writerow(neutralise_row(row))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")

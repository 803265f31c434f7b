"""The SCDL subventions 2.1.1 export, validated with frictionless; the report's xlsx export."""

import csv
import io
from decimal import Decimal

import frictionless
import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from assonum.fund import services
from assonum.fund.opendata import FIELDS, SCHEMA_PATH
from tests.conftest import login_with_mfa

from .conftest import granted

SCDL_ORDER = ["nomAttribuant", "idAttribuant", "dateConvention", "referenceDecision",
              "nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire", "objet", "montant",
              "nature", "conditionsVersement", "datesPeriodeVersement", "idRAE",
              "notificationUE", "pourcentageSubvention", "dispositifAide"]


def luhn(number: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char) * (2 if index % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def validate(path):
    with frictionless.system.use_context(trusted=True):
        return frictionless.validate(str(path), schema=str(SCHEMA_PATH))


@pytest.fixture
def grants(world):
    first = granted(world, amount=Decimal("3000"))
    services.stage_payment(application=first, by=world.staff, amount=Decimal("1000"),
                           due_on=timezone.localdate(), payee="association")
    world.other.siret = "99990001200017"
    world.other.save()
    second = services.start_application(call=world.call, organisation=world.other,
                                         by=world.other_admin)
    from assonum.fund.models import Application

    Application.objects.filter(pk=second.pk).update(
        status="accepted", amount_granted=Decimal("1200"), amount_requested=Decimal("2400"),
        decided_at=timezone.now(), title="=HYPERLINK(\"http://x\")")
    return first, second


def test_columns_are_the_schema_s_in_order():
    assert FIELDS == SCDL_ORDER


def test_the_export_is_valid_scdl_and_identifies_by_siret_else_rna(world, grants, tmp_path):
    response = Client().get("/fonds/donnees/subventions.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode("utf-8")
    path = tmp_path / "subventions.csv"
    path.write_text(body, encoding="utf-8")
    report = validate(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 2
    by_name = {r["nomBeneficiaire"]: r for r in rows}
    foyer, judo = by_name["Foyer rural de Jeu-les-Bois"], by_name["Judo club d'Orléans"]
    assert foyer["rnaBeneficiaire"] == world.foyer.rna and foyer["idBeneficiaire"] == ""
    assert judo["idBeneficiaire"] == "99990001200017" and judo["rnaBeneficiaire"] == ""
    assert judo["pourcentageSubvention"] == "0.50" and judo["objet"].startswith("'=")
    assert all(luhn(r["idAttribuant"]) for r in rows)
    assert all(luhn(r["idBeneficiaire"]) for r in rows if r["idBeneficiaire"])


def test_frictionless_catches_a_broken_row(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text(",".join(SCDL_ORDER) + "\n" + ",".join(
        ["Région", "123", "2026-13-01", "", "Asso", "", "X123", "objet", "beaucoup",
         "aide", "unique", "2026", "", "peut-être", "2", ""]) + "\n", encoding="utf-8")
    assert not validate(path).valid


def test_public_page_lists_the_grants_decided(world, grants):
    page = Client().get("/fonds/subventions/").content.decode()
    assert "Foyer rural de Jeu-les-Bois" in page and "Jeu-les-Bois" in page


def test_xlsx_export_has_every_table_and_no_formula(world, grants):
    from assonum.organisations.models import Organisation

    Organisation.objects.filter(pk=world.other.pk).update(sector="sport")
    from assonum.fund.models import Call

    Call.objects.update(title="=1+2 appel")
    client = login_with_mfa(Client(), world.staff)
    response = client.get("/fonds/rapports/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["department", "rurality", "sector", "call"]
    labels = [row[0] for row in workbook["call"].iter_rows(min_row=2, values_only=True)]
    assert labels == ["'=1+2 appel"]
    departments = {row[0]: row for row in workbook["department"].iter_rows(min_row=2,
                                                                            values_only=True)}
    assert departments["Indre (36)"][4] == 3000 and departments["Loiret (45)"][4] == 1200

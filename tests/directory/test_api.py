"""The directory's read-only API: paginated list with filters, GeoJSON, OpenAPI description."""

import gzip
import json

import pytest

from assonum.directory.models import Place
from tests.territory.factories import make_real_communes

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return make_real_communes(["45234", "36044", "37261"])


def in_commune(commune, **kwargs):
    return PlaceFactory(
        commune=commune, code_insee=commune.code, commune_nom=commune.name,
        latitude=commune.latitude, longitude=commune.longitude, **kwargs,
    )


def test_list_shape_and_only_published(client, communes):
    place = in_commune(communes["36044"], nom="Relais numérique", offers=["formation", "materiel"],
                       telephones=["+33254000000"], contact_name="Jeanne Martin")
    in_commune(communes["36044"], nom="Brouillon", status=Place.Status.DRAFT)
    response = client.get("/api/v1/lieux/")
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"], data["page_size"], data["num_pages"]) == (1, 1, 20, 1)
    [item] = data["results"]
    assert item["id"] == str(place.uid)
    assert item["nom"] == "Relais numérique"
    assert item["url"] == f"/annuaire/{place.slug}/"
    assert item["commune"] == "Châteauroux" and item["departement"] == "36"
    assert item["offres"] == ["formation", "materiel"]
    assert item["telephones"] == ["+33254000000"]
    assert "Jeanne Martin" not in response.content.decode()  # no personal data


@pytest.mark.parametrize("params, expected", [
    ("departement=36", {"A"}),
    ("commune=45234", {"B", "C"}),
    ("offre=materiel", {"A", "C"}),
    ("service=Loisirs et créations numériques", {"B"}),
    ("typologie=epn", {"C"}),
    ("q=fab", {"B"}),
    ("departement=45&offre=materiel", {"C"}),
    ("offre=inconnue", set()),
])
def test_list_filters(client, communes, params, expected):
    in_commune(communes["36044"], nom="A", offers=["materiel"],
               services=["Aide aux démarches administratives"])
    in_commune(communes["45234"], nom="B", offers=["fablab"], presentation_resume="Notre fab lab",
               services=["Loisirs et créations numériques"])
    in_commune(communes["45234"], nom="C", offers=["materiel", "formation"],
               typologie=["EPN", "ASSO"])
    data = client.get(f"/api/v1/lieux/?{params}").json()
    assert {r["nom"] for r in data["results"]} == expected
    assert data["count"] == len(expected)


def test_list_pagination_and_page_size_limit(client, communes):
    for n in range(25):
        PlaceFactory(nom=f"Lieu {n:02d}")
    data = client.get("/api/v1/lieux/?page=2&page_size=10").json()
    assert [r["nom"] for r in data["results"]] == [f"Lieu {n}" for n in range(10, 20)]
    assert data["num_pages"] == 3
    assert client.get("/api/v1/lieux/?page_size=101").status_code == 422
    assert client.get("/api/v1/lieux/?page=0").status_code == 422
    assert client.get("/api/v1/lieux/?page=9").json()["results"] == []


def test_list_query_count_does_not_grow(client, communes, django_assert_num_queries):
    in_commune(communes["36044"])
    with django_assert_num_queries(2):
        assert client.get("/api/v1/lieux/").status_code == 200
    for _ in range(30):
        in_commune(communes["37261"])
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/lieux/").json()["results"]) == 20


def test_geojson_shape(client, communes):
    place = in_commune(communes["45234"], nom="Fab lab", offers=["fablab"], typologie=["FABLAB"])
    fictional = in_commune(communes["36044"], nom="Exemple", is_fictional=True)
    PlaceFactory(latitude=None, longitude=None, nom="Sans position")
    PlaceFactory(draft=True, nom="Brouillon")
    response = client.get("/api/v1/lieux.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert "public" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    feature = next(f for f in data["features"] if f["properties"]["id"] == place.pk)
    assert feature["geometry"] == {"type": "Point", "coordinates": [1.90845, 47.9032]}
    assert feature["properties"] == {
        "id": place.pk, "name": "Fab lab", "slug": place.slug, "url": f"/annuaire/{place.slug}/",
        "commune": "Orléans", "offers": ["fablab"], "typologie": ["FABLAB"],
    }
    other = next(f for f in data["features"] if f["properties"]["id"] == fictional.pk)
    assert other["properties"]["is_fictional"] is True
    # filters work there too
    filtered = client.get("/api/v1/lieux.geojson?offre=fablab").json()
    assert [f["properties"]["id"] for f in filtered["features"]] == [place.pk]


def test_geojson_etag(client, communes):
    place = in_commune(communes["45234"])
    first = client.get("/api/v1/lieux.geojson")
    etag = first["ETag"]
    again = client.get("/api/v1/lieux.geojson", headers={"If-None-Match": etag})
    assert again.status_code == 304
    place.nom = "Autre nom"
    place.save()
    changed = client.get("/api/v1/lieux.geojson", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_geojson_query_count_and_size_per_place(client, communes, django_assert_num_queries):
    for n in range(200):
        in_commune(communes["45234"], nom=f"Espace public numérique {n}",
                   offers=["formation", "materiel"], typologie=["EPN"])
    with django_assert_num_queries(2):
        response = client.get("/api/v1/lieux.geojson")
    compressed = len(gzip.compress(response.content))
    # 250 KB for 5,000 places = 51 bytes per place once compressed
    assert compressed / 200 < 51, compressed


def test_openapi_describes_the_directory(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/lieux/" in doc["paths"]
    assert "/api/v1/lieux.geojson" in doc["paths"]
    params = {p["name"] for p in doc["paths"]["/api/v1/lieux/"]["get"]["parameters"]}
    assert {
        "departement", "commune", "offre", "service", "typologie", "q", "page", "page_size",
    } <= params

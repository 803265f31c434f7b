"""The map data: every published place, a strong ETag, the compressed body from the cache."""

import gzip
import json

import brotli
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assonum.directory import api
from assonum.directory.models import Place

from .factories import PlaceFactory

pytestmark = pytest.mark.django_db

MAP_URL = "/annuaire/carte.geojson"
API_URL = "/api/v1/lieux.geojson"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_map_url_is_the_one_map_js_reads():
    assert reverse("directory:map_data") == MAP_URL


@pytest.mark.parametrize("url", [MAP_URL, API_URL])
def test_every_published_place_is_on_the_map(client, url):
    Place.objects.bulk_create(PlaceFactory.build_batch(5038), batch_size=1000)
    PlaceFactory(draft=True, nom="Brouillon")
    response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    data = json.loads(brotli.decompress(response.content))
    assert data["type"] == "FeatureCollection"
    names = {feature["properties"]["name"] for feature in data["features"]}
    assert len(data["features"]) == 5038 == len(names)
    assert "Brouillon" not in names
    # Budget: 250 KB compressed at 5,000 places.
    assert len(response.content) <= 250 * 1024


def test_map_features_are_compact(client):
    PlaceFactory(nom="Sur la carte", latitude=47.902964123, longitude=1.909251789)
    data = client.get(MAP_URL).json()
    (feature,) = data["features"]
    assert feature["geometry"]["coordinates"] == [1.90925, 47.90296]
    assert set(feature["properties"]) == {"name", "url", "commune"}


@pytest.mark.parametrize("url", [MAP_URL, API_URL])
def test_etag_304_and_change(client, url):
    place = PlaceFactory()
    first = client.get(url, headers={"Accept-Encoding": "gzip"})
    etag = first["ETag"]
    assert not etag.startswith("W/") and etag.endswith('-gzip"')
    assert "public" in first["Cache-Control"] and "Accept-Encoding" in first["Vary"]
    assert json.loads(gzip.decompress(first.content))["features"]
    again = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert again.status_code == 304 and again["ETag"] == etag
    # Changed: a new ETag, a new body.
    place.nom = "Autre nom"
    place.save()
    changed = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Autre nom" in gzip.decompress(changed.content).decode()
    # Published: a new ETag too.
    draft = PlaceFactory(draft=True, nom="Bientôt publié")
    etag = changed["ETag"]
    draft.status = Place.Status.PUBLISHED
    draft.save()
    published = client.get(url, headers={"If-None-Match": etag, "Accept-Encoding": "gzip"})
    assert published.status_code == 200 and published["ETag"] != etag
    assert "Bientôt publié" in gzip.decompress(published.content).decode()


@pytest.mark.parametrize("url", [MAP_URL, API_URL])
def test_cached_request_runs_no_query_and_does_not_recompress(
    client, url, monkeypatch,
):
    PlaceFactory.create_batch(3)
    compressed = []
    real = api._compress

    def counting(body, encoding):
        compressed.append(encoding)
        return real(body, encoding)

    monkeypatch.setattr(api, "_compress", counting)
    first = client.get(url, headers={"Accept-Encoding": "br"})
    assert compressed == ["br"]
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url, headers={"Accept-Encoding": "br"})
    assert compressed == ["br"]
    assert second.content == first.content
    place_queries = [q["sql"] for q in queries.captured_queries if "directory_place" in q["sql"]]
    # The ETag's query is kept under the page cache's generation (a saved place bumps it).
    assert place_queries == []

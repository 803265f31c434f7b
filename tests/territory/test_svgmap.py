"""The server-drawn region map: outline, departments and places as dots in one path."""

import re

import pytest
from django.core.cache import cache
from django.test import override_settings

from assonum.territory.models import Department, Outline, Region
from assonum.territory.svgmap import region_map

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[0, 47], [2, 47], [2, 48], [0, 48], [0, 47]]]}
HALF = {"type": "Polygon", "coordinates": [[[0, 47], [1, 47], [1, 48], [0, 48], [0, 47]]]}


@pytest.fixture
def region():
    cache.clear()
    Region.objects.create(code="24", name="Centre-Val de Loire", data_checksum="x")
    Department.objects.create(code="18", name="Cher", region_code="24")
    Outline.store(Outline.Kind.REGION, "24", SQUARE)
    Outline.store(Outline.Kind.DEPARTMENT, "18", HALF)
    yield
    cache.clear()


@override_settings(REGION_CODE="24")
def test_places_are_dots_of_one_path(region):
    points = [(47.5, 1.0), (47.5, 1.0001), (47.2, 0.5), (None, None), (40.0, 10.0)]
    svg = str(region_map(points, label="Carte"))
    assert svg.startswith('<svg class="svg-map" viewBox="0 0 400 ')
    assert 'role="img" aria-label="Carte"' in svg
    assert svg.count("<path") == 3  # region, departments, dots: whatever the number of places
    dots = re.search(r'class="svg-map__dots" d="([^"]*)"', svg).group(1)
    # Two distinct spots (the near-duplicate merges, the missing and the far away are dropped).
    assert dots.count("h0") == 2
    departments = re.search(r'class="svg-map__departments" d="([^"]*)"', svg).group(1)
    assert departments.startswith("M") and departments.endswith("Z")


@override_settings(REGION_CODE="24")
def test_no_map_without_an_outline(db):
    cache.clear()
    Region.objects.create(code="24", name="Centre-Val de Loire")
    assert str(region_map([(47.5, 1.0)], label="Carte")) == ""


@override_settings(REGION_CODE="24")
def test_the_dots_of_a_queryset_are_computed_in_sql_and_match_the_python_ones(region):
    import random

    from assonum.territory.models import Commune
    from assonum.territory.svgmap import _background, decode_dots, dots_path, dots_path_sql

    rng = random.Random(18)
    points = [(rng.uniform(46.9, 48.1), rng.uniform(-0.1, 2.1)) for _ in range(300)]
    points += [(47.5, 1.0), (47.5, 1.0001), (None, None), (40.0, 10.0)]
    Commune.objects.bulk_create(
        Commune(code=f"18{i:03d}", name=f"Commune {i}", search_name=f"commune {i}",
                department_id="18", latitude=lat, longitude=lon)
        for i, (lat, lon) in enumerate(points))
    frame = _background()["frame"]
    in_python, count = dots_path(points, frame)
    in_sql, sql_count = dots_path_sql(Commune.objects.all(), frame)
    # The same dots (the SQL ones sorted); the database returns one row per dot.
    cells = decode_dots(in_python)
    assert sql_count == count == len(set(cells)) == len(cells)
    assert in_sql == in_python  # the same cells, in the same order
    # Every dot is inside the region's box, row by row.
    assert all(0 <= x <= 400 and 0 <= y <= frame.height for x, y in cells)
    assert cells == sorted(cells, key=lambda cell: (cell[1], cell[0]))
    # A queryset given to the map: the same svg as its pairs, the dots kept until a change.
    svg = str(region_map(Commune.objects.all(), label="Carte"))
    assert svg.count("h0") == count


def test_dots_are_moves_from_the_previous_one_and_decode_back():
    from assonum.territory.svgmap import decode_dots, encode_dots

    cells = {(10, 20), (14, 20), (2, 24), (400, 0)}
    path = encode_dots(cells)
    assert path == "M400 0h0m-390 20h0m4 0h0m-12 4h0"
    assert decode_dots(path) == [(400, 0), (10, 20), (14, 20), (2, 24)]

import pytest
from django.db import connection

from assonum.territory.geo import bounding_box, communes_near, haversine_km, within_radius
from assonum.territory.models import Commune
from tests.territory.factories import REAL_COMMUNES, make_real_communes

pytestmark = pytest.mark.django_db

CHATEAUROUX = (46.81096, 1.69198)


def test_haversine_known_distances():
    assert haversine_km(*CHATEAUROUX, *CHATEAUROUX) == 0
    # Paris (Notre-Dame) - London (Charing Cross): about 344 km as the crow flies.
    assert haversine_km(48.8530, 2.3499, 51.5073, -0.1276) == pytest.approx(344, abs=2)
    # One degree of latitude is about 111.2 km.
    assert haversine_km(46.0, 1.0, 47.0, 1.0) == pytest.approx(111.19, abs=0.01)


def test_bounding_box_contains_the_circle():
    min_lat, max_lat, min_lon, max_lon = bounding_box(*CHATEAUROUX, 20)
    edges = [(min_lat, CHATEAUROUX[1]), (CHATEAUROUX[0], min_lon), (CHATEAUROUX[0], max_lon)]
    for lat, lon in edges:
        assert haversine_km(*CHATEAUROUX, lat, lon) >= 20 - 1e-6


def test_within_radius_of_chateauroux_in_the_database():
    make_real_communes()
    results = list(within_radius(Commune.objects.all(), latitude=CHATEAUROUX[0],
                                 longitude=CHATEAUROUX[1], radius_km=20))
    codes = [c.code for c in results]
    # Everything within 20 km, nothing else, nearest first.
    expected = sorted(
        (haversine_km(*CHATEAUROUX, lat, lon), code)
        for code, _n, _d, _p, _pop, lat, lon, *_ in REAL_COMMUNES
        if haversine_km(*CHATEAUROUX, lat, lon) <= 20
    )
    assert codes == [code for _, code in expected]
    assert codes[:3] == ["36044", "36063", "36071"]  # Châteauroux, Déols, Étrechet
    assert "36093" in codes  # Levroux, 19.6 km
    assert "45234" not in codes and "36089" in codes
    for commune, (distance, _) in zip(results, expected, strict=True):
        assert commune.distance_km == pytest.approx(distance, abs=1e-6)


def test_radius_excludes_farther_places_and_accepts_related_fields():
    communes = make_real_communes()
    near = list(communes_near(communes["36044"], 10))
    assert [c.code for c in near] == ["36044", "36063", "36071", "36057"]
    assert near[-1].distance_km < 10
    # Any model: here departments through their communes' positions (lat_field follows a relation).
    from assonum.territory.models import Department

    deps = within_radius(
        Department.objects.all(), latitude=CHATEAUROUX[0], longitude=CHATEAUROUX[1], radius_km=5,
        lat_field="communes__latitude", lon_field="communes__longitude",
    )
    assert {d.code for d in deps} == {"36"}


def test_rows_without_position_are_left_out():
    communes = make_real_communes(["36044"])
    Commune.objects.create(
        code="36999", name="Sans position", department=communes["36044"].department
    )
    assert [c.code for c in within_radius(Commune.objects.all(), latitude=CHATEAUROUX[0],
                                          longitude=CHATEAUROUX[1], radius_km=50)] == ["36044"]


def test_one_query_and_bounding_box_in_sql(django_assert_num_queries):
    make_real_communes()
    with django_assert_num_queries(1) as ctx:
        list(within_radius(Commune.objects.all(), latitude=CHATEAUROUX[0],
                           longitude=CHATEAUROUX[1], radius_km=20))
    sql = ctx.captured_queries[0]["sql"].lower()
    assert "latitude" in sql and ">=" in sql and "<=" in sql
    assert connection.vendor in ("sqlite", "postgresql")

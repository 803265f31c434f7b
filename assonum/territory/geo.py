"""Distances: "the places within R km", computed in the database (SQLite and PostgreSQL).

A bounding box on the indexed latitude/longitude columns first narrows the rows; the
great-circle (haversine) distance is then computed by the database with Django's math
functions, filtered to the radius and ordered nearest first.
"""

import math

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
KM_PER_DEGREE_LAT = math.pi * EARTH_RADIUS_KM / 180  # about 111.2 km


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two WGS84 points (Python, for checks)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(latitude: float, longitude: float, radius_km: float):
    """(min_lat, max_lat, min_lon, max_lon) containing every point within ``radius_km``."""
    dlat = radius_km / KM_PER_DEGREE_LAT
    cos_lat = math.cos(math.radians(min(89.0, abs(latitude) + dlat)))
    dlon = min(180.0, radius_km / (KM_PER_DEGREE_LAT * max(cos_lat, 1e-6)))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def distance_expression(latitude: float, longitude: float, lat_field="latitude",
                        lon_field="longitude"):
    """A database expression: haversine distance (km) from the point to the row's position."""
    lat1 = Radians(Value(float(latitude), output_field=FloatField()))
    lat2 = Radians(F(lat_field))
    dlat = Radians(F(lat_field) - Value(float(latitude), output_field=FloatField()))
    dlon = Radians(F(lon_field) - Value(float(longitude), output_field=FloatField()))
    h = Power(Sin(dlat / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin(dlon / 2), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(
        Least(Sqrt(h), Value(1.0, output_field=FloatField()))
    )


def within_radius(queryset, *, latitude: float, longitude: float, radius_km: float,
                  lat_field: str = "latitude", lon_field: str = "longitude"):
    """Rows of ``queryset`` within ``radius_km`` of the point, nearest first, with ``distance_km``.

    Works for any model with latitude/longitude columns (``lat_field``/``lon_field`` may follow
    relations, e.g. ``commune__latitude``). Rows without a position are left out.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius_km)
    return (
        queryset.filter(**{
            f"{lat_field}__gte": min_lat, f"{lat_field}__lte": max_lat,
            f"{lon_field}__gte": min_lon, f"{lon_field}__lte": max_lon,
        })
        .annotate(distance_km=distance_expression(latitude, longitude, lat_field, lon_field))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", *[f for f in queryset.query.order_by if f != "distance_km"])
    )


def communes_near(commune, radius_km: float, queryset=None):
    """The communes within ``radius_km`` of ``commune`` (itself included, at 0 km)."""
    from .models import Commune

    qs = queryset if queryset is not None else Commune.objects.all()
    return within_radius(qs, latitude=commune.latitude, longitude=commune.longitude,
                         radius_km=radius_km)

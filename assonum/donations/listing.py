"""The public lists' queries: offers (filters, near a commune) and drop-off points."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from assonum.directory.listing import json_has
from assonum.directory.models import Place
from assonum.territory.geo import within_radius

from .models import Lot, Offer, Photo

# directory.vocabularies.OFFERS: "Matériel informatique et reconditionnement".
DROPOFF_OFFER = "materiel"


@dataclass
class Near:
    commune: object
    radius_km: int


def offers_for_listing() -> QuerySet:
    """Published offers with units left, and what a card shows, in a fixed number of queries."""
    left = Lot.objects.filter(offer=OuterRef("pk"), reserved__lt=F("quantity"))
    return (Offer.objects.published().filter(Exists(left))
            .select_related("commune__department", "donor_organisation", "dropoff_point")
            .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("pk")),
                              Prefetch("photos", queryset=Photo.objects.order_by("pk"))))


def search_offers(cleaned: dict | None) -> tuple[QuerySet, Near | None]:
    cleaned = cleaned or {}
    queryset = offers_for_listing()
    kind = cleaned.get("type")
    if kind:
        queryset = queryset.filter(Exists(Lot.objects.filter(
            offer=OuterRef("pk"), kind=kind, reserved__lt=F("quantity"))))
    department = cleaned.get("departement")
    if department:
        queryset = queryset.filter(commune__department_id=department)
    handover = cleaned.get("remise")
    if handover:
        queryset = queryset.filter(handover=handover)
    commune = cleaned.get("pres_de")
    if commune is not None and commune.latitude is not None:
        radius = int(cleaned.get("rayon") or 20)
        return within_radius(queryset, latitude=commune.latitude, longitude=commune.longitude,
                             radius_km=radius, lat_field="commune__latitude",
                             lon_field="commune__longitude"), Near(commune, radius)
    return queryset.order_by("-published_at", "-pk"), None


def dropoff_points() -> QuerySet:
    """Published directory places offering "Matériel informatique et reconditionnement"."""
    return (Place.objects.published().filter(json_has("offers", DROPOFF_OFFER))
            .select_related("commune__department", "owner").order_by("nom", "pk"))

"""Read-only API of the directory: ``/api/v1/lieux/`` (paginated, filterable) and
``/api/v1/lieux.geojson`` (every published place with a position, minimal properties for a map).

Only published places; no personal data (the contact person's name is left out).
"""

import hashlib
import json
from datetime import date
from json.encoder import encode_basestring

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, TextField
from django.db.models.functions import Cast
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import NoReverseMatch, reverse
from ninja import Query, Router, Schema
from pydantic import Field

from assonum.core import page_cache

from . import vocabularies as voc
from .models import Place

API_PREFIX = ""
router = Router(tags=["annuaire"])

MAX_PAGE_SIZE = 100
GEOJSON_MAX_AGE = 300


def json_has(field: str, value: str) -> Q:
    """Q: the JSON list ``field`` contains ``value``.

    Containment on PostgreSQL; quoted text on SQLite.
    """
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__contains": [value]})
    return Q(**{f"{field}__icontains": json.dumps(value)})


def place_url_prefix() -> str:
    try:
        return reverse("directory:place_list")
    except NoReverseMatch:
        return "/annuaire/"


class PlaceFilters(Schema):
    departement: str = Field("", max_length=3, description="Code du département, par exemple 36")
    commune: str = Field("", max_length=5, description="Code INSEE de la commune")
    offre: str = Field(
        "", max_length=40,
        description="Offre pour les associations : " + ", ".join(voc.OFFER_SLUGS),
    )
    service: str = Field("", max_length=100, description="Un des 9 services du standard national")
    typologie: str = Field(
        "", max_length=20, description="Code de typologie (data·inclusion v0), par exemple EPN",
    )
    q: str = Field(
        "", max_length=100, description="Texte cherché dans le nom, la commune et la présentation",
    )


class PageParams(Schema):
    page: int = Field(1, ge=1, le=100000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class PlaceOut(Schema):
    id: str = Field(description="Identifiant stable (celui de l'export au standard national)")
    slug: str
    url: str
    nom: str
    pivot: str
    adresse: str
    complement_adresse: str
    code_postal: str
    commune: str
    code_insee: str
    departement: str | None
    latitude: float | None
    longitude: float | None
    typologie: list[str]
    telephones: list[str]
    courriels: list[str]
    sites_web: list[str]
    horaires: str = Field(description="Format OpenStreetMap opening_hours, tel que saisi")
    presentation_resume: str
    itinerance: list[str]
    services: list[str]
    publics_specifiquement_adresses: list[str]
    prise_en_charge_specifique: list[str]
    frais_a_charge: list[str]
    dispositif_programmes_nationaux: list[str]
    modalites_acces: list[str]
    modalites_accompagnement: list[str]
    prise_rdv: str
    fiche_acces_libre: str
    offres: list[str] = Field(description="Offres pour les associations (identifiants)")
    date_maj: date
    exemple_fictif: bool


class PlacePage(Schema):
    count: int
    page: int
    page_size: int
    num_pages: int
    results: list[PlaceOut]


def filter_places(queryset, filters: PlaceFilters):
    if filters.departement:
        queryset = queryset.filter(commune__department_id=filters.departement)
    if filters.commune:
        queryset = queryset.filter(Q(commune_id=filters.commune) | Q(code_insee=filters.commune))
    if filters.offre:
        queryset = queryset.filter(json_has("offers", filters.offre))
    if filters.service:
        queryset = queryset.filter(json_has("services", filters.service))
    if filters.typologie:
        queryset = queryset.filter(json_has("typologie", filters.typologie.upper()))
    q = filters.q.strip()
    if q:
        queryset = queryset.filter(
            Q(nom__icontains=q) | Q(commune_nom__icontains=q) | Q(presentation_resume__icontains=q)
        )
    return queryset


def _out(place: Place, prefix: str) -> PlaceOut:
    return PlaceOut(
        id=str(place.uid), slug=place.slug, url=f"{prefix}{place.slug}/", nom=place.nom,
        pivot=place.pivot, adresse=place.adresse, complement_adresse=place.complement_adresse,
        code_postal=place.code_postal,
        commune=place.commune.name if place.commune else place.commune_nom,
        code_insee=place.code_insee,
        departement=place.commune.department_id if place.commune else None,
        latitude=place.latitude, longitude=place.longitude, typologie=place.typologie,
        telephones=place.telephones, courriels=place.courriels, sites_web=place.sites_web,
        horaires=place.horaires, presentation_resume=place.presentation_resume,
        itinerance=place.itinerance, services=place.services,
        publics_specifiquement_adresses=place.publics_specifiquement_adresses,
        prise_en_charge_specifique=place.prise_en_charge_specifique,
        frais_a_charge=place.frais_a_charge,
        dispositif_programmes_nationaux=place.dispositif_programmes_nationaux,
        modalites_acces=place.modalites_acces,
        modalites_accompagnement=place.modalites_accompagnement,
        prise_rdv=place.prise_rdv, fiche_acces_libre=place.fiche_acces_libre, offres=place.offers,
        date_maj=place.date_maj, exemple_fictif=place.is_fictional,
    )


@router.get("/lieux/", response=PlacePage, url_name="lieux")
def lieux(request, filters: Query[PlaceFilters], paging: Query[PageParams]):
    """Lieux publiés de l'annuaire, 20 par page (au plus 100), triés par nom."""
    queryset = filter_places(Place.objects.published(), filters)
    count = queryset.count()
    num_pages = max(1, -(-count // paging.page_size))
    start = (paging.page - 1) * paging.page_size
    rows = queryset.select_related("commune").order_by("nom", "pk")[start:start + paging.page_size]
    prefix = place_url_prefix()
    return PlacePage(
        count=count, page=paging.page, page_size=paging.page_size, num_pages=num_pages,
        results=[_out(p, prefix) for p in rows],
    )


def geojson_bytes(queryset=None) -> bytes:
    """The FeatureCollection of published places with a position (compact JSON, UTF-8).

    Built as text: the JSON lists come out of the database as JSON text (no decode/encode per
    row), names are escaped with the C encoder. About 40 bytes a place once gzipped.
    """
    if queryset is None:
        queryset = Place.objects.published()
    rows = (
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .annotate(
            offers_json=Cast("offers", TextField()),
            typologie_json=Cast("typologie", TextField()),
        )
        .values_list("pk", "nom", "slug", "commune_nom", "offers_json", "typologie_json",
                     "is_fictional", "latitude", "longitude")
    )
    prefix = place_url_prefix()
    esc = encode_basestring
    parts = []
    for pk, nom, slug, commune, offers, typologie, fictional, lat, lon in rows:
        extra = ',"is_fictional":true' if fictional else ""
        parts.append(
            '{"type":"Feature","geometry":{"type":"Point",'
            f'"coordinates":[{round(lon, 5)},{round(lat, 5)}]}},'
            f'"properties":{{"id":{pk},"name":{esc(nom)},"slug":{esc(slug)},'
            f'"url":{esc(prefix + slug + "/")},'
            f'"commune":{esc(commune)},"offers":{_compact(offers)},"typologie":{_compact(typologie)}'
            f"{extra}}}}}"
        )
    return ('{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}").encode("utf-8")


def _compact(json_text) -> str:
    if not json_text:
        return "[]"
    if json_text[0] == "[":
        return json_text.replace(", ", ",")
    return json.dumps(json.loads(json_text))


# --- Cached, pre-compressed GeoJSON ------------------------------------------------------------

# Preferred first: what the response is compressed with when the client accepts it.
ENCODINGS = ("br", "gzip")


def _encoding(request) -> str:
    accepted = {
        part.split(";")[0].strip().lower()
        for part in request.headers.get("Accept-Encoding", "").split(",")
        if part.strip() and not part.strip().replace(" ", "").endswith(";q=0")
    }
    return next((name for name in ENCODINGS if name in accepted), "identity")


def _compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        import brotli

        return brotli.compress(body, quality=9)
    if encoding == "gzip":
        import gzip

        return gzip.compress(body, compresslevel=6, mtime=0)
    return body


def cached_geojson(request, queryset, *, namespace: str, build) -> HttpResponse:
    """A FeatureCollection answered from the cache, keyed by a strong ETag.

    The ETag is a hash of the last change of the filtered places (``max(updated_at)`` and
    their count, one query) and of the filters; each encoding has its own tag (``"<hash>-br"``,
    ``"<hash>-gzip"``, ``"<hash>"``). A matching ``If-None-Match`` gets a 304; otherwise the
    body, already compressed for the client's ``Accept-Encoding``, comes from the cache, so a
    cached request never recompresses. The ETag query itself is kept under the page cache's
    generation (a saved or deleted place bumps it; a ``QuerySet.update()`` shows after
    ``page_cache.LOCAL_SECONDS`` at most): a request then runs no query. ``build(queryset)``
    returns the JSON bytes on a miss.
    """
    params = sorted(request.GET.lists())
    stamp = page_cache.derived(
        "geojson-stamp", (namespace, params),
        lambda: queryset.aggregate(last=Max("updated_at"), n=Count("pk")), request)
    key = f"{namespace}|{stamp['last']}|{stamp['n']}|{params}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    encoding = _encoding(request)
    etag = f'"{digest}"' if encoding == "identity" else f'"{digest}-{encoding}"'
    sent = [tag.strip().removeprefix("W/") for tag in
            request.headers.get("If-None-Match", "").split(",")]
    if any(tag == "*" or tag.strip('"').split("-")[0] == digest for tag in sent):
        response = HttpResponseNotModified()
    else:
        cache_key = f"directory:geojson:{digest}:{encoding}"
        body = cache.get(cache_key)
        if body is None:
            raw = cache.get(f"directory:geojson:{digest}:identity")
            if raw is None:
                raw = build(queryset)
                cache.set(f"directory:geojson:{digest}:identity", raw, GEOJSON_MAX_AGE)
            body = _compress(raw, encoding)
            if encoding != "identity":
                cache.set(cache_key, body, GEOJSON_MAX_AGE)
        response = HttpResponse(body, content_type="application/geo+json")
        if encoding != "identity":
            response["Content-Encoding"] = encoding
    response["ETag"] = etag
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = f"public, max-age={GEOJSON_MAX_AGE}"
    return response


@router.get("/lieux.geojson", url_name="lieux_geojson", response={200: dict, 304: None},
            # What is served is application/geo+json (RFC 7946), not the default JSON type.
            openapi_extra={"responses": {200: {"description": "OK", "content": {
                "application/geo+json": {"schema": {"type": "object"}}}}}})
def lieux_geojson(request, filters: Query[PlaceFilters]):
    """Lieux publiés ayant une position, en GeoJSON (FeatureCollection de points).

    Propriétés : id, name, slug, url, commune, offers, typologie (et is_fictional pour les exemples
    fictifs). Mêmes filtres que la liste. Réponse en cache public 5 minutes, avec ETag.
    """
    queryset = filter_places(Place.objects.published(), filters)
    response = cached_geojson(request, queryset, namespace="api", build=geojson_bytes)
    response["Access-Control-Allow-Origin"] = "*"
    return response

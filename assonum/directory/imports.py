"""Import of places from files in the national standard (schema v1.0.2) and its older versions.

Entry point: :func:`import_places`. What it accepts:

- CSV (delimiter ``,`` ``;`` or tab, sniffed from the header line; UTF-8, UTF-8 with BOM, or
  Windows-1252 / Latin-1) or JSON (a list of objects, an object holding such a list, or a GeoJSON
  FeatureCollection; nested objects such as ``adresse: {voie, code_postal...}`` are flattened);
- the current column names and the older ones (v0.x: ``courriel``, ``conditions_acces``,
  ``publics_accueillis``, ``labels_nationaux``, ``labels_autres``...), whatever their case and
  accents;
- multiple values separated by ``|`` (current) or ``;`` / ``,`` (older files);
- phone numbers in any French writing ("02 47 00 00 00"), normalised to E.164 with ``phonenumbers``.

Decisions (documented in docs/architecture.md, directory section):

- A row is **rejected** (and reported with line, field, reason) only when the place lacks what the
  standard needs to exist: a name, an address or a position, a commune; or when its id repeats an
  earlier row of the file, or when the place is outside the region (unless
  ``DIRECTORY_ACCEPT_OUTSIDE_REGION``). A place is worth more than one of its fields.
- An **optional value that fails validation** (pivot, phone, e-mail, URL, position, INSEE code,
  date...) is **dropped with a warning** and the place is imported. A missing ``id`` gets a stable
  one built from the name and address; a missing date is today's.
- An **unknown vocabulary value** (a service, a public, a label... that neither the current list nor
  the v0.x table :data:`vocabularies.V0_VALUES` knows) is dropped with a warning; an old value with
  no equivalent in v1.0.2 is reported too (and an old national label is kept as text in
  ``autres_formations_labels``).
- The report **groups** its warnings and errors: one entry per (field, message) with its count and
  the first lines, so that a 5,000-row file gives a report that fits on a screen.
- The **commune** is recognised by its INSEE code (an arrondissement's code gives its city, a
  former commune's code the commune it joined), else by postal code plus a tolerant name (case,
  accents, hyphens, spaces, article, Saint/St, CEDEX, arrondissement number, former communes).
- ``imported + rejected == rows`` always; ``imported`` = created + updated + held as a likely
  duplicate for staff review (a duplicate's data is kept in :class:`DuplicateCandidate`).
- Everything runs in one transaction: a dry run, an all-or-nothing run with a bad row, or a crash
  leaves no place, no duplicate candidate behind; the :class:`ImportRun` (the report) is kept.
- Re-importing updates: the key is (source, id); an ``id`` that is the ``uid`` of one of our places
  (what our own export writes) updates that place, so an export re-imports to the same places.
"""

import csv
import io
import json
import logging
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone

from assonum.core.workflow import transition

from . import vocabularies as voc
from .models import DuplicateCandidate, ImportRun, Place, unique_slug

logger = logging.getLogger(__name__)

MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_ERROR_ROWS = 200  # rejected rows listed one by one in the report (all are counted)
DUPLICATE_DISTANCE_M = 50

# Normalised header -> Place field (or a legacy pseudo-field handled below).
HEADER_ALIASES = {
    "id": "id", "identifiant": "id", "id_lieu": "id", "identifiant_unique": "id",
    "identifiant_unique_local_du_lieu": "id",
    "pivot": "pivot", "siret": "pivot", "siret_ou_rna": "pivot", "siret_ou_rna_ou_ridet": "pivot",
    "rna": "pivot",
    "nom": "nom", "nom_lieu": "nom", "nom_du_lieu": "nom",
    "commune": "commune_nom", "ville": "commune_nom", "nom_commune": "commune_nom",
    "code_postal": "code_postal", "cp": "code_postal", "codepostal": "code_postal",
    "code_insee": "code_insee", "insee": "code_insee", "code_commune": "code_insee",
    "code_commune_insee": "code_insee",
    "adresse": "adresse", "voie": "adresse", "adresse_lieu": "adresse",
    "complement_adresse": "complement_adresse", "complement_d_adresse": "complement_adresse",
    "latitude": "latitude", "lat": "latitude",
    "longitude": "longitude", "lon": "longitude", "lng": "longitude", "long": "longitude",
    "typologie": "typologie", "typologies": "typologie", "type": "typologie",
    "telephone": "telephones", "telephones": "telephones", "tel": "telephones",
    "numero_de_telephone": "telephones",
    "courriels": "courriels", "courriel": "courriels", "email": "courriels", "emails": "courriels",
    "e_mail": "courriels", "mail": "courriels",
    "site_web": "sites_web", "sites_web": "sites_web", "site_internet": "sites_web",
    "horaires": "horaires", "horaires_ouverture": "horaires", "horaires_accueil": "horaires",
    "presentation_resume": "presentation_resume", "presentation_resumee": "presentation_resume",
    "presentation_detail": "presentation_detail", "presentation_detaillee": "presentation_detail",
    "description": "presentation_detail",
    "source": "collected_by", "structure_collectant_la_donnee": "collected_by",
    "itinerance": "itinerance",
    "structure_parente": "structure_parente",
    "date_maj": "date_maj", "date_mise_a_jour": "date_maj", "date_de_mise_a_jour": "date_maj",
    "services": "services",
    "publics_specifiquement_adresses": "publics_specifiquement_adresses",
    "prise_en_charge_specifique": "prise_en_charge_specifique",
    "publics_accueillis": "_publics_accueillis",
    "frais_a_charge": "frais_a_charge", "conditions_acces": "frais_a_charge",
    "conditions_d_acces": "frais_a_charge",
    "dispositif_programmes_nationaux": "dispositif_programmes_nationaux",
    "dispositifs_programmes_nationaux": "dispositif_programmes_nationaux",
    "labels_nationaux": "_labels_nationaux",
    "formations_labels": "formations_labels",
    "autres_formations_labels": "autres_formations_labels",
    "labels_autres": "autres_formations_labels",
    "modalites_acces": "modalites_acces", "modalites_d_acces": "modalites_acces",
    "modalites_accompagnement": "modalites_accompagnement",
    "modalites_d_accompagnement": "modalites_accompagnement",
    "fiche_acces_libre": "fiche_acces_libre", "accessibilite": "fiche_acces_libre",
    "prise_rdv": "prise_rdv", "prise_de_rdv": "prise_rdv",
    # ours (round trip of extras is not part of the standard, but harmless)
    "offres": "offers", "offers": "offers",
}

# v0.1.1 columns that v1.0.2 dropped (the BAN key of the address).
V0_COLUMNS_WITHOUT_EQUIVALENT = {"cle_ban"}

# Field -> French name used in the report (the standard's column name).
FIELD_LABELS = {
    "id": "id", "nom": "nom", "pivot": "pivot", "commune_nom": "commune",
    "code_postal": "code_postal", "code_insee": "code_insee", "adresse": "adresse",
    "complement_adresse": "complement_adresse", "latitude": "latitude", "longitude": "longitude",
    "telephones": "telephone", "courriels": "courriels", "sites_web": "site_web",
    "collected_by": "source", "date_maj": "date_maj", "fiche_acces_libre": "fiche_acces_libre",
    "prise_rdv": "prise_rdv", "_publics_accueillis": "publics_accueillis",
    "_labels_nationaux": "labels_nationaux", "_row": "ligne",
}

# What a place cannot be imported without (besides "an address or a position" and "a commune":
# a commune name, or an INSEE / postal code that designates one).
REQUIRED = ["nom"]
# Required by the standard but not worth losing a place for: a warning, the place is imported.
EXPECTED = ["id", "pivot", "code_postal", "date_maj"]
MAX_LENGTHS = {"id": 200, "nom": 250, "adresse": 300, "commune_nom": 150}
# Optional text fields: a longer value is cut (with a warning).
CUT_LENGTHS = {"complement_adresse": 300, "structure_parente": 250, "collected_by": 200}
PRESENTATION_RESUME_MAX = 280
PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$")  # the standard's pattern (exports.py)
POSTCODE_RE = re.compile(r"^\d{5}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
_BAD_CHARS = re.compile(r"[\x00\ud800-\udfff]")
_url_validator = URLValidator(schemes=["http", "https"])

LIST_FIELDS = [
    "typologie", "telephones", "courriels", "sites_web", "itinerance", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "modalites_acces",
    "modalites_accompagnement", "offers",
]
TEXT_FIELDS = [
    "pivot", "nom", "adresse", "complement_adresse", "code_postal", "commune_nom", "code_insee",
    "horaires", "presentation_resume", "presentation_detail", "structure_parente",
    "autres_formations_labels", "fiche_acces_libre", "prise_rdv", "collected_by",
]
# What a row sets on a place (and what a duplicate candidate holds).
DATA_FIELDS = [
    "source", "source_id", *TEXT_FIELDS, "commune_id", "latitude", "longitude", "date_maj",
    *LIST_FIELDS,
]


def normalise_header(name) -> str:
    key = voc.normalise_label(str(name)).strip("\"' ")
    key = re.sub(r"[\s\-'\".()/]+", "_", key).strip("_")
    return key


def normalise_name(name: str) -> str:
    """Name comparison key: no case, accents, punctuation; "saint" written "st"."""
    key = voc.normalise_label(name)
    key = re.sub(r"[^a-z0-9]+", " ", key)
    key = re.sub(r"\bsainte?\b", lambda m: "ste" if m.group(0) == "sainte" else "st", key)
    return " ".join(key.split())


def distance_m(lat1, lon1, lat2, lon2) -> float:
    r = 6371000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------------------------------------
# Reading the file


class FileError(Exception):
    """The file cannot be read at all (reported as a fatal error of the run)."""


def _decode(raw: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig",):
        try:
            return raw.decode(encoding), "UTF-8"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "Latin-1"


def _sniff_delimiter(text: str) -> str:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    counts = {}
    for delim in (",", ";", "\t"):
        try:
            counts[delim] = sum(len(r) - 1 for r in csv.reader([first], delimiter=delim))
        except csv.Error:
            counts[delim] = 0
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) > 1000:
        value = int(value)
    return _BAD_CHARS.sub("", str(value)).strip()


@dataclass
class ParsedFile:
    format: str
    headers: dict[str, str]  # original column -> field
    unknown_columns: list[str]
    rows: list[tuple[int, dict]]  # (line number, {field: raw value}); raw is str or list


def _map_record(record: dict, headers: dict[str, str], unknown: list[str]) -> dict:
    out: dict = {}
    for column, value in record.items():
        if isinstance(value, dict):  # nested object (adresse, localisation, contact...)
            out.update(_map_record(value, headers, unknown))
            continue
        target = headers.get(column)
        if target is None:
            target = HEADER_ALIASES.get(normalise_header(column))
            headers[column] = target
            if target is None and column not in unknown:
                unknown.append(str(column))
        if target is None:
            continue
        if isinstance(value, list):
            value = [_clean(v) for v in value if not isinstance(v, (dict, list))]
        else:
            value = _clean(value)
        if target in out and out[target] and not value:
            continue
        out[target] = value
    return out


def parse_file(raw: bytes, file_name: str = "") -> ParsedFile:
    if not raw.strip():
        raise FileError("Le fichier est vide.")
    head = raw[:4096]
    if head.count(b"\x00") > max(2, len(head) // 100):  # a stray NUL in a cell is just removed
        raise FileError("Ce fichier n'est ni un CSV ni un JSON (fichier binaire).")
    text, encoding = _decode(raw)
    text = text.replace("\x00", "")
    stripped = text.lstrip()
    if file_name.lower().endswith((".json", ".geojson")) or stripped[:1] in ("[", "{"):
        return _parse_json(stripped, encoding)
    return _parse_csv(text, encoding)


def _parse_json(text: str, encoding: str) -> ParsedFile:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise FileError(f"JSON illisible : {exc}") from exc
    fmt = f"JSON ({encoding})"
    items = data
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            fmt = f"GeoJSON ({encoding})"
            items = []
            for feature in data.get("features") or []:
                if not isinstance(feature, dict):
                    items.append(feature)
                    continue
                props = dict(feature.get("properties") or {})
                geometry = feature.get("geometry") or {}
                coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
                if isinstance(coords, list) and len(coords) == 2 and "latitude" not in props:
                    props["longitude"], props["latitude"] = coords
                items.append(props)
        else:
            lists = [v for v in data.values() if isinstance(v, list)]
            items = lists[0] if lists else [data]
    if not isinstance(items, list):
        raise FileError("Le JSON doit contenir une liste de lieux.")
    headers: dict = {}
    unknown: list = []
    rows = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            rows.append((number, _map_record(item, headers, unknown)))
        else:
            rows.append((number, {"_invalid": "élément qui n'est pas un objet"}))
    return ParsedFile(fmt, {k: v for k, v in headers.items() if v}, unknown, rows)


def _parse_csv(text: str, encoding: str) -> ParsedFile:
    csv.field_size_limit(max(csv.field_size_limit(), 50 * 1024 * 1024))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileError("Le fichier n'a pas de ligne d'en-tête.") from exc
    columns = [_clean(c) for c in header_row]
    headers = {c: HEADER_ALIASES.get(normalise_header(c)) for c in columns}
    unknown = [c for c in columns if headers[c] is None and c]
    rows = []
    previous_end = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = previous_end + 1
            rows.append((line, {"_invalid": f"ligne illisible ({exc})"}))
            previous_end = reader.line_num
            continue
        line = previous_end + 1
        previous_end = reader.line_num
        if not cells:  # a blank line is not a row
            continue
        record: dict = {}
        extra = cells[len(columns):]
        for column, value in zip(columns, cells, strict=False):
            target = headers.get(column)
            if target and not (record.get(target) and not _clean(value)):
                record[target] = _clean(value)
        if any(_clean(v) for v in extra):
            record["_invalid"] = (
                f"la ligne a {len(cells)} colonnes alors que l'en-tête en a {len(columns)}"
            )
        elif len(cells) != len(columns):
            record["_cells"] = (len(cells), len(columns))
        rows.append((line, record))
    delim_name = {",": "virgule", ";": "point-virgule", "\t": "tabulation"}[delimiter]
    return ParsedFile(
        f"CSV ({encoding}, {delim_name})", {c: t for c, t in headers.items() if t}, unknown, rows,
    )


# ----------------------------------------------------------------------------------------------
# Cleaning one row


def split_values(raw, *, commas: bool = True, field_name: str | None = None) -> list[str]:
    """Split a multi-valued cell: ``|`` first (current), else ``;``, else ``,`` (older files)."""
    if isinstance(raw, list):
        parts = raw
    else:
        raw = raw or ""
        if "|" in raw:
            parts = raw.split("|")
        elif ";" in raw:
            parts = raw.split(";")
        elif (
            commas and "," in raw
            and not (field_name and voc.map_value(field_name, raw) is not None)
        ):
            parts = raw.split(",")
        else:
            parts = [raw]
    return [p.strip() for p in (_clean(p) for p in parts) if p.strip()]


@dataclass
class RowOutcome:
    line: int
    data: dict = field(default_factory=dict)
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def error(self, field_name, reason, group=None):
        self.errors.append(self._entry(field_name, reason, group))

    def warn(self, field_name, reason, group=None):
        """``group``: the message without the value, when values differ row by row (e-mails)."""
        self.warnings.append(self._entry(field_name, reason, group))

    def _entry(self, field_name, reason, group):
        entry = {"line": self.line, "field": FIELD_LABELS.get(field_name, field_name),
                 "reason": reason}
        if group:
            entry["group"] = group
        return entry


EXAMPLE_LINES = 5  # line numbers shown per group
EXAMPLE_VALUES = 3


def group_entries(entries: list[dict]) -> list[dict]:
    """One entry per (field, message): count, first lines, a few examples; biggest first.

    Keeps ``line`` (the first line) so a group reads like a single entry when it has one row.
    """
    groups: dict[tuple, dict] = {}
    for entry in entries:
        reason = entry.get("group") or entry["reason"]
        key = (entry["field"], reason)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"field": entry["field"], "reason": reason, "count": 0,
                                   "lines": [], "line": entry["line"], "examples": []}
        group["count"] += 1
        if len(group["lines"]) < EXAMPLE_LINES and entry["line"] not in group["lines"]:
            group["lines"].append(entry["line"])
        if entry.get("group") and len(group["examples"]) < EXAMPLE_VALUES:
            group["examples"].append(entry["reason"])
    return sorted(groups.values(), key=lambda g: (-g["count"], g["line"]))


def _parse_date(value: str):
    value = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(value[:10], pattern).date()
        except ValueError:
            continue
    return None


def _parse_float(value):
    if isinstance(value, (int, float)):
        return float(value)
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _normalise_phone(value: str) -> str | None:
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164 if PHONE_RE.match(e164) else None


def _normalise_url(value: str) -> str | None:
    value = value.strip()
    if value.lower().startswith("www."):
        value = "https://" + value
    try:
        _url_validator(value)
    except ValidationError:
        return None
    return value if len(value) <= 500 else None


def _stable_id(raw_text) -> str:
    """An id for a row without one: the same row gives the same id (re-imports update)."""
    import hashlib

    names = ("nom", "adresse", "code_postal", "commune_nom")
    key = "|".join(normalise_name(raw_text(n)) for n in names)
    return "sans-id-" + hashlib.sha1(key.encode()).hexdigest()[:12]


def clean_row(line: int, raw: dict, *, source: str) -> RowOutcome:
    """Validate and normalise one row into Place field values (``outcome.data``).

    Errors (the row is rejected) only for what a place cannot lack; every other bad value is
    dropped with a warning (see the module docstring).
    """
    from assonum.organisations.validators import validate_pivot

    out = RowOutcome(line=line)
    if raw.get("_invalid"):
        out.error("_row", f"Ligne invalide : {raw['_invalid']}.")
        return out
    if not any((v if isinstance(v, str) else "".join(v)) for k, v in raw.items() if k != "_cells"):
        out.error("_row", "Ligne vide.")
        return out

    def text(name) -> str:
        value = raw.get(name, "")
        if isinstance(value, list):
            value = "|".join(value)
        return value.strip()

    data: dict = {"source": source}
    if raw.get("_cells"):
        found, expected = raw["_cells"]
        if found > expected:  # a stray separator shifted every value after it
            out.error("_row", (
                f"La ligne a {found} colonnes alors que l'en-tête en a {expected} : "
                "un séparateur en trop (dans une valeur non entre guillemets ?)."
            ))
        else:
            out.warn("_row", f"La ligne a {found} colonnes alors que l'en-tête en a {expected} : "
                     "les dernières sont prises pour vides.")
    for name in REQUIRED:
        if not text(name):
            out.error(name, "Champ obligatoire manquant.")
    for name, limit in MAX_LENGTHS.items():
        if len(text(name)) > limit:
            out.error(name, f"Trop long : {len(text(name))} caractères (au plus {limit}).")

    data["source_id"] = text("id")
    for name in TEXT_FIELDS:
        data[name] = text(name)
    if not data["source_id"]:
        data["source_id"] = _stable_id(text)
        out.warn("id", "Identifiant manquant : un identifiant stable a été calculé (nom, adresse).")
    for name, limit in CUT_LENGTHS.items():
        if len(data[name]) > limit:
            out.warn(name, f"Trop long : coupé à {limit} caractères.")
            data[name] = data[name][:limit].rstrip()
    resume = data["presentation_resume"]
    if len(resume) > PRESENTATION_RESUME_MAX:  # v0.1.1 allowed 500 characters
        if not data["presentation_detail"]:
            data["presentation_detail"] = resume
            out.warn("presentation_resume", "Plus de 280 caractères : le texte entier est gardé "
                     "dans presentation_detail, le résumé est coupé.")
        else:
            out.warn("presentation_resume", "Plus de 280 caractères : le résumé est coupé.")
        cut = resume[: PRESENTATION_RESUME_MAX - 1]
        data["presentation_resume"] = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"

    pivot = data["pivot"]
    if pivot and not pivot.strip("0"):  # 00000000000000: the national map's "unknown"
        pivot = ""
    if pivot:
        try:
            pivot = validate_pivot(pivot)
        except ValidationError as exc:
            out.warn("pivot", f"« {pivot[:40]} » laissé de côté : {exc.messages[0]}",
                     group="SIRET ou RNA invalide, laissé de côté.")
            pivot = ""
    data["pivot"] = pivot

    code_postal = data["code_postal"].replace(" ", "")
    if re.fullmatch(r"\d{4}", code_postal):
        code_postal = "0" + code_postal
    if code_postal and not POSTCODE_RE.match(code_postal):
        out.warn("code_postal", f"« {data['code_postal'][:20]} » n'est pas un code postal à 5 "
                 "chiffres : laissé de côté.", group="Code postal invalide, laissé de côté.")
        code_postal = ""
    data["code_postal"] = code_postal

    code_insee = data["code_insee"].replace(" ", "").upper()
    if re.fullmatch(r"\d{4}", code_insee):
        code_insee = "0" + code_insee
    if code_insee and not INSEE_RE.match(code_insee):
        out.warn("code_insee", f"« {data['code_insee'][:20]} » n'est pas un code INSEE de "
                 "commune : laissé de côté.", group="Code INSEE invalide, laissé de côté.")
        code_insee = ""
    data["code_insee"] = code_insee

    lat_raw, lon_raw = raw.get("latitude", ""), raw.get("longitude", "")
    lat = _parse_float(lat_raw) if lat_raw not in ("", None) else None
    lon = _parse_float(lon_raw) if lon_raw not in ("", None) else None
    bad_position = None
    if lat_raw not in ("", None) and (lat is None or not -90 <= lat <= 90):
        bad_position = ("latitude", f"« {str(lat_raw)[:20]} » n'est pas une latitude (nombre "
                        "entre -90 et 90) : position laissée de côté.")
    elif lon_raw not in ("", None) and (lon is None or not -180 <= lon <= 180):
        bad_position = ("longitude", f"« {str(lon_raw)[:20]} » n'est pas une longitude (nombre "
                        "entre -180 et 180) : position laissée de côté.")
    elif (lat is None) != (lon is None):
        bad_position = ("latitude", "La latitude et la longitude vont ensemble : il en manque "
                        "une, position laissée de côté.")
    if bad_position:
        out.warn(*bad_position, group="Position invalide, laissée de côté.")
        lat = lon = None
    data["latitude"], data["longitude"] = lat, lon
    if not (data["commune_nom"] or data["code_insee"] or data["code_postal"]):
        out.error("commune_nom", "Champ obligatoire manquant.")
    if not data["adresse"] and lat is None:
        out.error("adresse", "Ni adresse ni position : le lieu ne peut pas être situé.")

    date_maj = text("date_maj")
    parsed_date = _parse_date(date_maj) if date_maj else None
    if date_maj and parsed_date is None:
        out.warn("date_maj", f"« {date_maj[:20]} » n'est pas une date (AAAA-MM-JJ) : la date du "
                 "jour est prise.", group="Date invalide : la date du jour est prise.")
    data["date_maj"] = parsed_date.isoformat() if parsed_date else None
    for name in EXPECTED:
        if not text(name) and name != "id" and not (name == "pivot" and raw.get("pivot")):
            out.warn(name, "Champ obligatoire du standard manquant ; le lieu est importé.")

    phones = []
    for value in split_values(raw.get("telephones", ""), commas=True):
        for piece in re.split(r"\s+(?:ou|/)\s+|/", value):
            if not piece.strip():
                continue
            phone = _normalise_phone(piece)
            if phone is None:
                out.warn("telephones", f"« {piece[:30]} » n'est pas un numéro de téléphone "
                         "valide : laissé de côté.", group="Téléphone invalide, laissé de côté.")
            elif phone not in phones:
                phones.append(phone)
    data["telephones"] = phones

    emails = []
    for value in split_values(raw.get("courriels", "")):
        for piece in value.split():
            try:
                validate_email(piece)
            except ValidationError:
                out.warn("courriels", f"« {piece[:60]} » n'est pas une adresse électronique "
                         "valide : laissée de côté.", group="Courriel invalide, laissé de côté.")
            else:
                if piece not in emails:
                    emails.append(piece)
    data["courriels"] = emails

    sites = []
    raw_sites = raw.get("sites_web", "")
    if isinstance(raw_sites, str):
        raw_sites = re.sub(r"\s*,\s*(?=(https?://|www\.))", "|", raw_sites)
    for value in split_values(raw_sites, commas=False):
        for piece in value.split():
            url = _normalise_url(piece)
            if url is None:
                out.warn("sites_web", f"« {piece[:60]} » n'est pas une adresse web valide : "
                         "laissée de côté.", group="Adresse web invalide, laissée de côté.")
            elif url not in sites:
                sites.append(url)
    data["sites_web"] = sites

    for name in ("fiche_acces_libre", "prise_rdv"):
        if data[name]:
            url = _normalise_url(data[name])
            if url is None:
                out.warn(name, f"« {data[name][:60]} » n'est pas une adresse web valide : "
                         "laissée de côté.", group="Adresse web invalide, laissée de côté.")
            data[name] = url or ""

    # Vocabulary lists, current or v0.x (vocabularies.V0_VALUES): unknown values are dropped
    # with a warning, old values without equivalent are reported (see module docstring).
    for name in VOCABULARY_COLUMNS:
        data[name] = []
    no_equivalent_labels = []
    for name in (*VOCABULARY_COLUMNS, "_publics_accueillis", "_labels_nationaux"):
        field_name = name if name in VOCABULARY_COLUMNS else None
        for value in split_values(raw.get(name, ""), field_name=field_name or name):
            targets = voc.map_value(name, value)
            if targets is None and name == "_labels_nationaux":  # no label is lost
                no_equivalent_labels.append(value)
                out.warn(name, f"Label inconnu : « {value[:80]} », gardé dans "
                         "autres_formations_labels.")
                continue
            if targets is None:
                out.warn(name, f"Valeur inconnue ignorée : « {value[:80]} ».")
                continue
            if not targets:
                if name in ("_labels_nationaux", "dispositif_programmes_nationaux"):
                    no_equivalent_labels.append(value)
                    out.warn(name, f"« {value[:80]} » : sans équivalent dans le standard v1.0.2, "
                             "gardé dans autres_formations_labels.")
                else:
                    out.warn(name, f"« {value[:80]} » : sans équivalent dans le standard v1.0.2, "
                             "rien à enregistrer.")
                continue
            for target, label in targets:
                if label not in data[target]:
                    data[target].append(label)
    if no_equivalent_labels:
        kept = [data["autres_formations_labels"]] if data["autres_formations_labels"] else []
        kept += [v for v in no_equivalent_labels if v not in kept]
        data["autres_formations_labels"] = ", ".join(kept)

    if data["horaires"]:
        import opening_hours

        if not opening_hours.validate(data["horaires"]):
            out.warn(
                "horaires",
                "Horaires hors du format OpenStreetMap : ils seront affichés tels quels.",
            )

    out.data = data
    return out


VOCABULARY_COLUMNS = (
    "typologie", "itinerance", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
    "formations_labels", "modalites_acces", "modalites_accompagnement", "offers",
)


# ----------------------------------------------------------------------------------------------
# Applying rows


def place_from_data(data: dict, *, place: Place | None = None) -> Place:
    """A Place (new or given) with the row values set; not saved. Keeps status, slug and owner."""
    if place is None:
        place = Place(status=Place.Status.PUBLISHED)
    for name in DATA_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "date_maj":
            value = date.fromisoformat(value) if value else timezone.localdate()
        setattr(place, name, value)
    if not place.slug:
        place.slug = unique_slug(place.nom, place.commune_nom)
    return place


def merge_into(place: Place, data: dict) -> None:
    """Fill the empty fields of ``place`` with the values in ``data`` (never overwrite)."""
    for name in DATA_FIELDS:
        if name in ("source", "source_id") or name not in data:
            continue
        value = data[name]
        if name == "date_maj":
            continue
        if value in (None, "", []):
            continue
        current = getattr(place, name)
        if current in (None, "", []):
            setattr(place, name, value)
        elif name in LIST_FIELDS:
            setattr(place, name, current + [v for v in value if v not in current])
    place.save()


_CEDEX_RE = re.compile(r"\s+cedex(\s+\d+)?$")
# "Lyon 8e", "Marseille 1er arrondissement", "Paris 15", "Lyon 3eme arrondissement"
_ARRONDISSEMENT_RE = re.compile(r"\s+\d{1,2}\s*(e|er|eme|ieme)?(\s+arrondissement)?$")
_ARTICLE_RE = re.compile(r"^(le|la|les|l|aux|las|los)\s+")
_TRAILING_ARTICLE_RE = re.compile(r"\s+(le|la|les|l|aux|las|los)$")


def commune_key(name: str) -> str:
    """Tolerant comparison key of a commune name: no case, accents, hyphens, article, CEDEX.

    "L'Île-Bouchard", "ile bouchard" and "L ILE BOUCHARD CEDEX" give the same key; "Saint" and
    "St" too; "Lyon 8e" gives "lyon".
    """
    key = normalise_name(name)
    key = _CEDEX_RE.sub("", key)
    key = _ARRONDISSEMENT_RE.sub("", key)
    key = _TRAILING_ARTICLE_RE.sub("", key)  # "CHATRE (LA)", the old INSEE writing
    return _ARTICLE_RE.sub("", key).strip()


def _word_prefix(a: str, b: str) -> bool:
    """One key is the other's first words: "ardes" / "ardes sur couze"."""
    short, long = sorted((a, b), key=len)
    return bool(short) and long.startswith(short + " ")


class _Communes:
    """Commune lookup for one import: the region's communes in memory, others on demand."""

    def __init__(self):
        from assonum.territory.models import Commune, Department

        self.model = Commune
        self.region = {}
        self.by_postcode: dict[str, list] = {}
        self.by_former_code: dict[str, object] = {}
        self.by_key: dict[str, list] = {}
        fields = ("code", "name", "postal_codes", "department_id", "former_names", "former_codes")
        for commune in Commune.objects.in_region().only(*fields):
            self.region[commune.code] = commune
            for postcode in commune.postal_codes or []:
                self.by_postcode.setdefault(postcode, []).append(commune)
            for code in commune.former_codes or []:
                self.by_former_code[code] = commune
            for name in [commune.name, *(commune.former_names or [])]:
                self.by_key.setdefault(commune_key(name), []).append(commune)
        self.departments = set(
            Department.objects.filter(region_code=settings.REGION_CODE)
            .values_list("code", flat=True)
        )
        self.others: dict[str, object] = {}

    @staticmethod
    def _matches(commune, key: str) -> bool:
        return any(commune_key(n) == key for n in [commune.name, *(commune.former_names or [])])

    def find(self, code_insee: str, code_postal: str, name: str):
        """(commune or None, in_region)"""
        from assonum.territory.reference import commune_code

        code = commune_code(code_insee)
        if code in self.region:
            return self.region[code], True
        if code in self.by_former_code:
            return self.by_former_code[code], True
        key = commune_key(name)
        candidates = self.by_postcode.get(code_postal, [])
        if candidates:
            for commune in candidates:
                if self._matches(commune, key):
                    return commune, True
            if len(candidates) == 1:
                return candidates[0], True
            # "Ardes sur Couze" for Ardes: one name that starts the other, among this postal
            # code's communes only, and only if a single one fits.
            near = [c for c in candidates if key and _word_prefix(commune_key(c.name), key)]
            if len(near) == 1:
                return near[0], True
            return None, True
        # A postal code that is no commune's (CEDEX, typo) or none: the name in the department.
        department = (code_postal or code)[:2]
        if key and department in self.departments:
            named = [c for c in self.by_key.get(key, []) if c.department_id == department]
            if len(named) == 1:
                return named[0], True
        if code:
            if code not in self.others:
                self.others[code] = self.model.objects.filter(code=code).first()
            if self.others[code] is not None:
                return self.others[code], False
        if department and department in self.departments:
            return None, True
        if not code and not code_postal and key:
            named = self.by_key.get(key, [])
            if len(named) == 1:
                return named[0], True
        return None, False


class _PlaceIndex:
    """What duplicate detection compares against: every place, plus those created by this run."""

    def __init__(self):
        self.by_pivot: dict[str, list[tuple[int, str]]] = {}
        self.by_name: dict[str, list[tuple[int, float, float]]] = {}
        rows = Place.objects.values_list("pk", "pivot", "source", "nom", "latitude", "longitude")
        for pk, pivot, source, nom, lat, lon in rows:
            self.add(pk, pivot, source, nom, lat, lon)

    def add(self, pk, pivot, source, nom, lat, lon):
        if pivot:
            self.by_pivot.setdefault(pivot, []).append((pk, source))
        if lat is not None and lon is not None:
            self.by_name.setdefault(normalise_name(nom), []).append((pk, lat, lon))

    def find(self, data: dict) -> tuple[int, str] | None:
        for pk, source in self.by_pivot.get(data["pivot"], []):
            if source != data["source"]:
                return pk, DuplicateCandidate.Reason.SAME_PIVOT
        if data["latitude"] is not None:
            for pk, lat, lon in self.by_name.get(normalise_name(data["nom"]), []):
                distance = distance_m(lat, lon, data["latitude"], data["longitude"])
                if distance <= DUPLICATE_DISTANCE_M:
                    return pk, DuplicateCandidate.Reason.SAME_NAME_NEAR
        return None


class _Rollback(Exception):
    pass


def _read(file) -> tuple[bytes, str]:
    if isinstance(file, (str, Path)):
        path = Path(file)
        return path.read_bytes(), path.name
    if isinstance(file, bytes):
        return file, "fichier"
    name = Path(getattr(file, "name", "") or "fichier").name
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read()
    if isinstance(content, str):
        content = content.encode("utf-8")
    return content, name


def import_places(*, file, source: str, dry_run: bool = False, all_or_nothing: bool = False,
                  user=None, run: ImportRun | None = None,
                  file_name: str | None = None) -> ImportRun:
    """Import a file of places; returns the finished :class:`ImportRun` (never raises on bad data).

    ``file`` is a path, bytes or a file object. ``run`` lets a background task fill a run created
    beforehand (the upload view creates it so the status page exists at once).
    """
    raw, guessed_name = _read(file)
    if run is None:
        run = ImportRun.objects.create(
            file_name=(file_name or guessed_name)[:255], source=source, dry_run=dry_run,
            all_or_nothing=all_or_nothing, created_by=user if getattr(user, "pk", None) else None,
        )
    by = user if getattr(user, "pk", None) else None
    transition(run, ImportRun.State.RUNNING, by=by, changes={"started_at": timezone.now()})
    report: dict = {"errors": [], "warnings": [], "fatal": None}
    final = ImportRun.State.DONE
    if (run.report or {}).get("retries"):  # kept: retry_stalled_imports counts the retries
        report["retries"] = run.report["retries"]
    try:
        _run(run, raw, report)
    except FileError as exc:
        report["fatal"] = str(exc)
    except Exception as exc:  # a bug: nothing was applied (the transaction rolled back)
        logger.exception("Import %s failed", run.pk)
        report["fatal"] = f"Erreur inattendue, rien n'a été importé ({type(exc).__name__})."
        run.applied = False
        run.created = run.updated = run.duplicates = 0
        final = ImportRun.State.FAILED
    report["warnings"] = group_entries(report["warnings"])
    report["error_groups"] = group_entries(report["errors"])
    if len(report["errors"]) > MAX_ERROR_ROWS:  # the groups above count them all
        report["errors_left_out"] = len(report["errors"]) - MAX_ERROR_ROWS
        report["errors"] = report["errors"][:MAX_ERROR_ROWS]
    run.report = report
    run.finished_at = timezone.now()
    run.save()
    transition(run, final, by=by)
    return run


def _run(run: ImportRun, raw: bytes, report: dict) -> None:
    if len(raw) > MAX_FILE_SIZE:
        raise FileError(f"Fichier trop gros (au plus {MAX_FILE_SIZE // (1024 * 1024)} Mo).")
    parsed = parse_file(raw, run.file_name)
    run.format_detected = parsed.format[:100]
    for column in parsed.unknown_columns:
        reason = "Colonne inconnue, ignorée."
        if normalise_header(column) in V0_COLUMNS_WITHOUT_EQUIVALENT:
            reason = "Colonne du schéma v0.1.1 sans équivalent en v1.0.2, ignorée."
        report["warnings"].append({"line": 1, "field": column[:80], "reason": reason})
    run.rows = len(parsed.rows)
    accept_outside = getattr(settings, "DIRECTORY_ACCEPT_OUTSIDE_REGION", False)
    counts = {"created": 0, "updated": 0, "duplicates": 0, "rejected": 0, "out_of_region": 0}
    try:
        with transaction.atomic():
            communes = _Communes()
            index = _PlaceIndex()
            existing = {
                (s, i): pk for s, i, pk in Place.objects.filter(source=run.source)
                .values_list("source", "source_id", "pk")
            }
            seen_ids: dict[str, int] = {}
            for line, record in parsed.rows:
                outcome = clean_row(line, record, source=run.source)
                data = outcome.data
                if data and not outcome.errors:
                    if data["source_id"] in seen_ids:
                        outcome.error(
                            "id", f"Identifiant déjà utilisé ligne {seen_ids[data['source_id']]}.",
                        )
                    else:
                        seen_ids[data["source_id"]] = line
                if data and not outcome.errors:
                    commune, in_region = communes.find(
                        data["code_insee"], data["code_postal"], data["commune_nom"],
                    )
                    data["commune_id"] = commune.pk if commune else None
                    if commune is not None:
                        # The official name, with its article ("La Châtre", not "CHATRE (LA)").
                        data["commune_nom"] = commune.name
                        data["code_insee"] = commune.pk
                        if not data["code_postal"] and commune.postal_codes:
                            data["code_postal"] = commune.postal_codes[0]
                            if len(commune.postal_codes) > 1:
                                outcome.warn("code_postal", "Code postal absent ou invalide : le "
                                             "premier de la commune est pris, à vérifier.")
                    elif not data["commune_nom"]:
                        outcome.error("commune_nom", "Commune absente et codes non reconnus : le "
                                      "lieu ne peut pas être rattaché à une commune.")
                    elif not data["code_postal"]:
                        outcome.error("code_postal", "Pas de code postal valide et commune non "
                                      "reconnue : le lieu ne peut pas être rattaché à une commune.")
                    if not in_region:
                        counts["out_of_region"] += 1
                        if not accept_outside:
                            outcome.error(
                                "code_insee" if data["code_insee"] else "code_postal",
                                "Lieu hors de la région : il n'est pas importé.",
                            )
                    elif commune is None:
                        outcome.warn(
                            "commune_nom",
                            f"Commune « {data['commune_nom'][:60]} » "
                            f"non reconnue (code postal {data['code_postal'] or 'absent'}).",
                        )
                report["warnings"].extend(outcome.warnings)
                if outcome.errors:
                    counts["rejected"] += 1
                    for error in outcome.errors:
                        error["id"] = (
                            (record.get("id") or "")[:60]
                            if isinstance(record.get("id"), str) else ""
                        )
                        error["nom"] = (
                            (record.get("nom") or "")[:80]
                            if isinstance(record.get("nom"), str) else ""
                        )
                    report["errors"].extend(outcome.errors)
                    continue
                _apply(run, line, data, existing, index, counts)
            run.created, run.updated = counts["created"], counts["updated"]
            run.duplicates, run.rejected = counts["duplicates"], counts["rejected"]
            run.out_of_region = counts["out_of_region"]
            run.imported = run.created + run.updated + run.duplicates
            run.applied = not run.dry_run and not (run.all_or_nothing and run.rejected)
            if not run.applied:
                raise _Rollback
    except _Rollback:
        pass


def _apply(run, line, data, existing, index, counts) -> None:
    pk = existing.get((data["source"], data["source_id"]))
    place = None
    if pk is None:
        try:
            uid = uuid.UUID(data["source_id"])
        except ValueError:
            uid = None
        if uid is not None:
            place = Place.objects.filter(uid=uid).first()
    else:
        place = Place.objects.get(pk=pk)
    if place is not None:
        source, source_id = place.source, place.source_id
        place_from_data(data, place=place)
        place.source, place.source_id = source, source_id  # keep the key of the place
        place.save()
        counts["updated"] += 1
        return
    duplicate = index.find(data)
    if duplicate is not None:
        existing_pk, reason = duplicate
        known = DuplicateCandidate.objects.filter(
            existing_place_id=existing_pk,
            incoming_data__source=data["source"],
            incoming_data__source_id=data["source_id"],
        ).first()
        if known is None:
            DuplicateCandidate.objects.create(
                import_run=run, line=line, incoming_data=data, existing_place_id=existing_pk,
                reason=reason,
            )
        elif known.status == DuplicateCandidate.Status.OPEN:
            known.incoming_data, known.import_run, known.line = data, run, line
            known.save(update_fields=["incoming_data", "import_run", "line"])
        counts["duplicates"] += 1
        return
    place = place_from_data(data)
    place.status = Place.Status.PUBLISHED
    place.save()
    existing[(data["source"], data["source_id"])] = place.pk
    index.add(place.pk, place.pivot, place.source, place.nom, place.latitude, place.longitude)
    counts["created"] += 1

"""Cleaning one row of an import file into Place field values, with the report's warnings."""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from .. import vocabularies as voc
from .columns import FIELD_LABELS
from .matching import normalise_name
from .reading import _clean

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

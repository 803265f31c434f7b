"""Cleaning one row of an import file into Place field values, with the report's warnings."""

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError

from .. import opening_hours, rules
from .. import vocabularies as voc
from ..models import DATA_FIELDS, LIST_FIELDS, TEXT_FIELDS  # noqa: F401 - re-exported
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
POSTCODE_RE, INSEE_RE, PHONE_RE = rules.POSTCODE_RE, rules.INSEE_RE, rules.PHONE_RE



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


def _stable_id(raw_text) -> str:
    """An id for a row without one: the same row gives the same id (re-imports update)."""
    import hashlib

    names = ("nom", "adresse", "code_postal", "commune_nom")
    key = "|".join(normalise_name(raw_text(n)) for n in names)
    return "sans-id-" + hashlib.sha1(key.encode()).hexdigest()[:12]


VOCABULARY_COLUMNS = (
    "typologie", "itinerance", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
    "formations_labels", "modalites_acces", "modalites_accompagnement", "offers",
)


class Row:
    """One row's raw values, as read (``raw``), and its text values (``text(name)``)."""

    def __init__(self, raw: dict):
        self.raw = raw

    def get(self, name, default=""):
        return self.raw.get(name, default)

    def text(self, name) -> str:
        value = self.raw.get(name, "")
        if isinstance(value, list):
            value = "|".join(value)
        return value.strip()


def _rule(rule, value: str):
    """(cleaned value, None) or (None, the rule's French message)."""
    try:
        return rule(value), None
    except ValidationError as exc:
        return None, exc.messages[0]


# One cleaner per field (or per group of fields checked together): each reads the row, writes
# ``data`` and reports on ``out``. They run in the order of ROW_CLEANERS (the report's order).


def check_cells(row: Row, data: dict, out: RowOutcome) -> None:
    if not row.get("_cells"):
        return
    found, expected = row.get("_cells")
    if found > expected:  # a stray separator shifted every value after it
        out.error("_row", (
            f"La ligne a {found} colonnes alors que l'en-tête en a {expected} : "
            "un séparateur en trop (dans une valeur non entre guillemets ?)."
        ))
    else:
        out.warn("_row", f"La ligne a {found} colonnes alors que l'en-tête en a {expected} : "
                 "les dernières sont prises pour vides.")


def check_required(row: Row, data: dict, out: RowOutcome) -> None:
    for name in REQUIRED:
        if not row.text(name):
            out.error(name, "Champ obligatoire manquant.")
    for name, limit in MAX_LENGTHS.items():
        if len(row.text(name)) > limit:
            out.error(name, f"Trop long : {len(row.text(name))} caractères (au plus {limit}).")


def clean_texts(row: Row, data: dict, out: RowOutcome) -> None:
    data["source_id"] = row.text("id")
    for name in TEXT_FIELDS:
        data[name] = row.text(name)
    if not data["source_id"]:
        data["source_id"] = _stable_id(row.text)
        out.warn("id", "Identifiant manquant : un identifiant stable a été calculé (nom, adresse).")
    for name, limit in CUT_LENGTHS.items():
        if len(data[name]) > limit:
            out.warn(name, f"Trop long : coupé à {limit} caractères.")
            data[name] = data[name][:limit].rstrip()


def clean_presentation_resume(row: Row, data: dict, out: RowOutcome) -> None:
    resume = data["presentation_resume"]
    if len(resume) <= PRESENTATION_RESUME_MAX:  # v0.1.1 allowed 500 characters
        return
    if not data["presentation_detail"]:
        data["presentation_detail"] = resume
        out.warn("presentation_resume", "Plus de 280 caractères : le texte entier est gardé "
                 "dans presentation_detail, le résumé est coupé.")
    else:
        out.warn("presentation_resume", "Plus de 280 caractères : le résumé est coupé.")
    cut = resume[: PRESENTATION_RESUME_MAX - 1]
    data["presentation_resume"] = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def clean_pivot(row: Row, data: dict, out: RowOutcome) -> None:
    pivot, message = _rule(rules.clean_pivot, data["pivot"])
    if message:
        out.warn("pivot", f"« {data['pivot'][:40]} » laissé de côté : {message}",
                 group="SIRET ou RNA invalide, laissé de côté.")
    data["pivot"] = pivot or ""


def clean_postcode(row: Row, data: dict, out: RowOutcome) -> None:
    code_postal, message = _rule(rules.clean_postcode, data["code_postal"])
    if message:
        out.warn("code_postal", f"« {data['code_postal'][:20]} » n'est pas un code postal à 5 "
                 "chiffres : laissé de côté.", group="Code postal invalide, laissé de côté.")
    data["code_postal"] = code_postal or ""


def clean_insee(row: Row, data: dict, out: RowOutcome) -> None:
    code_insee, message = _rule(rules.clean_insee, data["code_insee"])
    if message:
        out.warn("code_insee", f"« {data['code_insee'][:20]} » n'est pas un code INSEE de "
                 "commune : laissé de côté.", group="Code INSEE invalide, laissé de côté.")
    data["code_insee"] = code_insee or ""


def clean_position(row: Row, data: dict, out: RowOutcome) -> None:
    lat_raw, lon_raw = row.get("latitude", ""), row.get("longitude", "")
    lat = _parse_float(lat_raw) if lat_raw not in ("", None) else None
    lon = _parse_float(lon_raw) if lon_raw not in ("", None) else None
    bad_position = None
    if lat_raw not in ("", None) and (lat is None or not -90 <= lat <= 90):
        bad_position = ("latitude", f"« {str(lat_raw)[:20]} » n'est pas une latitude (nombre "
                        "entre -90 et 90) : position laissée de côté.")
    elif lon_raw not in ("", None) and (lon is None or not -180 <= lon <= 180):
        bad_position = ("longitude", f"« {str(lon_raw)[:20]} » n'est pas une longitude (nombre "
                        "entre -180 et 180) : position laissée de côté.")
    elif (lat is None) != (lon is None):
        bad_position = ("latitude", "La latitude et la longitude vont ensemble : il en manque "
                        "une, position laissée de côté.")
    if bad_position:
        out.warn(*bad_position, group="Position invalide, laissée de côté.")
        lat = lon = None
    data["latitude"], data["longitude"] = lat, lon


def check_location(row: Row, data: dict, out: RowOutcome) -> None:
    if not (data["commune_nom"] or data["code_insee"] or data["code_postal"]):
        out.error("commune_nom", "Champ obligatoire manquant.")
    if not data["adresse"] and data["latitude"] is None:
        out.error("adresse", "Ni adresse ni position : le lieu ne peut pas être situé.")


def clean_date(row: Row, data: dict, out: RowOutcome) -> None:
    date_maj = row.text("date_maj")
    parsed_date = _parse_date(date_maj) if date_maj else None
    if date_maj and parsed_date is None:
        out.warn("date_maj", f"« {date_maj[:20]} » n'est pas une date (AAAA-MM-JJ) : la date du "
                 "jour est prise.", group="Date invalide : la date du jour est prise.")
    data["date_maj"] = parsed_date.isoformat() if parsed_date else None


def check_expected(row: Row, data: dict, out: RowOutcome) -> None:
    for name in EXPECTED:
        if not row.text(name) and name != "id" and not (name == "pivot" and row.get("pivot")):
            out.warn(name, "Champ obligatoire du standard manquant ; le lieu est importé.")


def clean_phones(row: Row, data: dict, out: RowOutcome) -> None:
    phones = []
    for value in split_values(row.get("telephones", ""), commas=True):
        for piece in re.split(r"\s+(?:ou|/)\s+|/", value):
            if not piece.strip():
                continue
            phone, message = _rule(rules.clean_phone, piece)
            if message:
                out.warn("telephones", f"« {piece[:30]} » n'est pas un numéro de téléphone "
                         "valide : laissé de côté.", group="Téléphone invalide, laissé de côté.")
            elif phone not in phones:
                phones.append(phone)
    data["telephones"] = phones


def clean_emails(row: Row, data: dict, out: RowOutcome) -> None:
    emails = []
    for value in split_values(row.get("courriels", "")):
        for piece in value.split():
            email, message = _rule(rules.clean_email, piece)
            if message:
                out.warn("courriels", f"« {piece[:60]} » n'est pas une adresse électronique "
                         "valide : laissée de côté.", group="Courriel invalide, laissé de côté.")
            elif email not in emails:
                emails.append(email)
    data["courriels"] = emails


def _url(value: str) -> str | None:
    """A file's web address: with its scheme, or starting with "www." (then https:// is added)."""
    value = value.strip()
    if not value.lower().startswith(("http://", "https://", "www.")):
        return None
    url, _message = _rule(rules.clean_url, value)
    return url


def clean_sites(row: Row, data: dict, out: RowOutcome) -> None:
    sites = []
    raw_sites = row.get("sites_web", "")
    if isinstance(raw_sites, str):
        raw_sites = re.sub(r"\s*,\s*(?=(https?://|www\.))", "|", raw_sites)
    for value in split_values(raw_sites, commas=False):
        for piece in value.split():
            url = _url(piece)
            if url is None:
                out.warn("sites_web", f"« {piece[:60]} » n'est pas une adresse web valide : "
                         "laissée de côté.", group="Adresse web invalide, laissée de côté.")
            elif url not in sites:
                sites.append(url)
    data["sites_web"] = sites


def clean_single_urls(row: Row, data: dict, out: RowOutcome) -> None:
    for name in ("fiche_acces_libre", "prise_rdv"):
        if data[name]:
            url = _url(data[name])
            if url is None:
                out.warn(name, f"« {data[name][:60]} » n'est pas une adresse web valide : "
                         "laissée de côté.", group="Adresse web invalide, laissée de côté.")
            data[name] = url or ""


def clean_vocabularies(row: Row, data: dict, out: RowOutcome) -> None:
    """Vocabulary lists, current or v0.x (vocabularies.V0_VALUES): unknown values are dropped
    with a warning, old values without equivalent are reported (see the package docstring)."""
    for name in VOCABULARY_COLUMNS:
        data[name] = []
    no_equivalent_labels = []
    for name in (*VOCABULARY_COLUMNS, "_publics_accueillis", "_labels_nationaux"):
        field_name = name if name in VOCABULARY_COLUMNS else None
        for value in split_values(row.get(name, ""), field_name=field_name or name):
            targets = voc.map_value(name, value)
            if targets is None and name == "_labels_nationaux":  # no label is lost
                no_equivalent_labels.append(value)
                out.warn(name, f"Label inconnu : « {value[:80]} », gardé dans "
                         "autres_formations_labels.")
                continue
            if targets is None:
                out.warn(name, f"Valeur inconnue ignorée : « {value[:80]} ».")
                continue
            if not targets:
                if name in ("_labels_nationaux", "dispositif_programmes_nationaux"):
                    no_equivalent_labels.append(value)
                    out.warn(name, f"« {value[:80]} » : sans équivalent dans le standard v1.0.2, "
                             "gardé dans autres_formations_labels.")
                else:
                    out.warn(name, f"« {value[:80]} » : sans équivalent dans le standard v1.0.2, "
                             "rien à enregistrer.")
                continue
            for target, label in targets:
                if label not in data[target]:
                    data[target].append(label)
    if no_equivalent_labels:
        kept = [data["autres_formations_labels"]] if data["autres_formations_labels"] else []
        kept += [v for v in no_equivalent_labels if v not in kept]
        data["autres_formations_labels"] = ", ".join(kept)


def check_opening_hours(row: Row, data: dict, out: RowOutcome) -> None:
    if data["horaires"] and not opening_hours.validate(data["horaires"]):
        out.warn("horaires",
                 "Horaires hors du format OpenStreetMap : ils seront affichés tels quels.")


# The table: (field, cleaner), run in this order. The form and the model apply the same rules
# (assonum.directory.rules); here a bad optional value is dropped with a warning instead.
ROW_CLEANERS = [
    ("_row", check_cells),
    ("nom", check_required),
    ("id", clean_texts),
    ("presentation_resume", clean_presentation_resume),
    ("pivot", clean_pivot),
    ("code_postal", clean_postcode),
    ("code_insee", clean_insee),
    ("latitude", clean_position),
    ("commune_nom", check_location),
    ("date_maj", clean_date),
    ("_expected", check_expected),
    ("telephones", clean_phones),
    ("courriels", clean_emails),
    ("sites_web", clean_sites),
    ("prise_rdv", clean_single_urls),
    ("services", clean_vocabularies),
    ("horaires", check_opening_hours),
]


def clean_row(line: int, raw: dict, *, source: str) -> RowOutcome:
    """Validate and normalise one row into Place field values (``outcome.data``).

    Errors (the row is rejected) only for what a place cannot lack; every other bad value is
    dropped with a warning (see the package docstring).
    """
    out = RowOutcome(line=line)
    if raw.get("_invalid"):
        out.error("_row", f"Ligne invalide : {raw['_invalid']}.")
        return out
    if not any((v if isinstance(v, str) else "".join(v)) for k, v in raw.items() if k != "_cells"):
        out.error("_row", "Ligne vide.")
        return out
    row, data = Row(raw), {"source": source}
    for _field, cleaner in ROW_CLEANERS:
        cleaner(row, data, out)
    out.data = data
    return out


# ----------------------------------------------------------------------------------------------

"""Export of the published places in the national standard, schema v1.0.2 (CSV and JSON).

Exactly the schema's columns, in its order; ``|`` between values; ISO dates; UTF-8; only published
places. Rows are produced one by one from a chunked queryset so that large sets stream.

Choices where our data and the schema differ (documented in docs/architecture.md):

- ``id`` is the place's ``uid`` (unique across sources, stable); re-importing our export updates the
  same places (the importer recognises its own uids);
- ``telephone`` holds one number in the schema: we write the first valid one;
- a place without a known SIRET/RNA gets ``00000000000000``, the placeholder the national map uses;
- vocabulary values that are not in the schema's lists are left out, so the file always validates;
- ``source`` is the structure that collected the data, or this platform's producer name.
"""

import csv
import json
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from assonum.core.spreadsheets import neutralise_row

from . import vocabularies as voc
from .importing import INSEE_RE, PHONE_RE, PIVOT_RE, POSTCODE_RE
from .models import Place

SCHEMA_PATH = Path(__file__).parent / "schema" / "lieux-mediation-numerique-1.0.2.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
COLUMNS = [f["name"] for f in SCHEMA["fields"]]
UNKNOWN_PIVOT = "00000000000000"

EXPORT_FIELDS = [
    "uid", "pivot", "nom", "commune_nom", "code_postal", "code_insee", "adresse",
    "complement_adresse", "latitude", "longitude", "typologie", "telephones", "courriels",
    "sites_web", "horaires", "presentation_resume", "presentation_detail", "collected_by",
    "itinerance", "structure_parente", "date_maj", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
    "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]


def producer_name() -> str:
    return getattr(settings, "DIRECTORY_PRODUCER_NAME", "AssoNum")


def export_queryset():
    return Place.objects.published().only(*EXPORT_FIELDS).order_by("pk")


def _vocabulary(values, field: str) -> str:
    allowed = set(voc.VOCABULARY_FIELDS[field])
    return "|".join(v for v in values if v in allowed)


def _clean_text(value: str) -> str:
    return (value or "").replace("\r\n", "\n").strip()


def _number(value) -> str:
    return "" if value is None else repr(round(float(value), 7))


def place_record(place: Place) -> dict:
    """One place as a dict of the schema's columns (strings, except latitude/longitude numbers)."""
    phone = next((p for p in place.telephones if isinstance(p, str) and PHONE_RE.match(p)), "")
    pivot = place.pivot if place.pivot and PIVOT_RE.match(place.pivot) else UNKNOWN_PIVOT
    code_insee = place.code_insee if place.code_insee and INSEE_RE.match(place.code_insee) else ""
    return {
        "id": str(place.uid),
        "pivot": pivot,
        "nom": _clean_text(place.nom),
        "commune": _clean_text(place.commune_nom),
        "code_postal": place.code_postal if POSTCODE_RE.match(place.code_postal or "") else "",
        "code_insee": code_insee,
        "adresse": _clean_text(place.adresse),
        "complement_adresse": _clean_text(place.complement_adresse),
        "latitude": place.latitude,
        "longitude": place.longitude,
        "typologie": _vocabulary(place.typologie, "typologie"),
        "telephone": phone,
        "courriels": "|".join(place.courriels),
        "site_web": "|".join(place.sites_web),
        "horaires": _clean_text(place.horaires),
        "presentation_resume": _clean_text(place.presentation_resume)[:280],
        "presentation_detail": _clean_text(place.presentation_detail),
        "source": _clean_text(place.collected_by) or producer_name(),
        "itinerance": _vocabulary(place.itinerance, "itinerance"),
        "structure_parente": _clean_text(place.structure_parente),
        "date_maj": (
            place.date_maj.isoformat() if place.date_maj else timezone.localdate().isoformat()
        ),
        "services": _vocabulary(place.services, "services"),
        "publics_specifiquement_adresses": _vocabulary(
            place.publics_specifiquement_adresses, "publics_specifiquement_adresses"
        ),
        "prise_en_charge_specifique": _vocabulary(
            place.prise_en_charge_specifique, "prise_en_charge_specifique"
        ),
        "frais_a_charge": _vocabulary(place.frais_a_charge, "frais_a_charge"),
        "dispositif_programmes_nationaux": _vocabulary(
            place.dispositif_programmes_nationaux, "dispositif_programmes_nationaux"
        ),
        "formations_labels": _vocabulary(place.formations_labels, "formations_labels"),
        "autres_formations_labels": _clean_text(place.autres_formations_labels),
        "modalites_acces": _vocabulary(place.modalites_acces, "modalites_acces"),
        "modalites_accompagnement": _vocabulary(
            place.modalites_accompagnement, "modalites_accompagnement"
        ),
        "fiche_acces_libre": place.fiche_acces_libre,
        "prise_rdv": place.prise_rdv,
    }


class _Echo:
    def write(self, value):
        return value


def iter_csv(queryset=None):
    """Lines of the CSV export (header first), for a StreamingHttpResponse or a file."""
    queryset = export_queryset() if queryset is None else queryset
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield writer.writerow(COLUMNS)
    for place in queryset.iterator(chunk_size=1000):
        record = place_record(place)
        record["latitude"] = _number(record["latitude"])
        record["longitude"] = _number(record["longitude"])
        yield writer.writerow(neutralise_row(record[c] for c in COLUMNS))


def iter_json(queryset=None):
    """Chunks of the JSON export: an array of objects with the schema's columns as keys."""
    queryset = export_queryset() if queryset is None else queryset
    yield "[\n"
    first = True
    for place in queryset.iterator(chunk_size=1000):
        record = place_record(place)
        yield ("" if first else ",\n") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def suggested_filename(extension: str) -> str:
    """``YYYY-MM-DD_<producer>_lieux-de-mediation-numerique_<territory>.<ext>`` (the standard's)."""
    from assonum.territory.models import Region

    producer = getattr(settings, "DIRECTORY_PRODUCER_ID", "") or slugify(producer_name())
    region = Region.objects.filter(code=settings.REGION_CODE).values_list("name", flat=True).first()
    territory = slugify(region) if region else f"region-{settings.REGION_CODE}"
    today = timezone.localdate().isoformat()
    name = f"{today}_{producer}_lieux-de-mediation-numerique_{territory}.{extension}"
    return re.sub(r"[^A-Za-z0-9_.-]", "", name)


def export_places(out, fmt: str = "csv") -> int:
    """Write the export to the text stream ``out``; return the number of places written."""
    count = 0
    chunks = iter_csv() if fmt == "csv" else iter_json()
    for chunk in chunks:
        out.write(chunk)
        count += 1
    return max(count - (1 if fmt == "csv" else 2), 0)

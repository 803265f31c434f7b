from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Department(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, primary_key=True)
    name = models.CharField(_("nom"), max_length=100)
    region_code = models.CharField(_("code de la région"), max_length=3, db_index=True)
    # Simplified outline for maps (GeoJSON geometry, WGS84).
    outline = models.JSONField(_("contour"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("département")

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def in_region(self):
        return self.filter(department__region_code=settings.REGION_CODE)


class Commune(models.Model):
    code = models.CharField(_("code INSEE"), max_length=5, primary_key=True)
    name = models.CharField(_("nom"), max_length=150)
    # Lower case, no accents, "saint" written "st": what a search compares against.
    search_name = models.CharField(max_length=150, db_index=True, editable=False)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="communes", verbose_name=_("département")
    )
    postal_codes = models.JSONField(_("codes postaux"), default=list, blank=True)
    population = models.PositiveIntegerField(_("population municipale"), null=True, blank=True)
    epci_code = models.CharField(_("code de l'EPCI"), max_length=9, blank=True)
    epci_name = models.CharField(_("nom de l'EPCI"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        indexes = [models.Index(fields=["latitude", "longitude"], name="commune_position_idx")]

    def __str__(self):
        return f"{self.name} ({self.department_id})"

    @property
    def is_rural(self) -> bool:
        threshold = settings.RURAL_POPULATION_THRESHOLD
        return self.population is not None and self.population < threshold

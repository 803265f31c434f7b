"""Directory of the region's digital actors: places in the national standard (schema v1.0.2).

Field names of :class:`Place` follow the standard's column names (French) so that import and export
are a plain mapping; multi-valued fields are JSON lists of the vocabulary's exact strings
(see :mod:`assonum.directory.vocabularies`). What associations need on top (offers, contact person,
owning organisation, moderation status) has English names.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from assonum.core.validators import NAME_VALIDATORS
from assonum.core.workflow import log_creation, state_label, transition

from . import rules
from . import vocabularies as voc

OWN_SOURCE = "assonum"  # source of the listings created on the platform itself

# Patterns of the national schema v1.0.2.
class _PivotValidator(RegexValidator):
    """The standard's pattern, plus the platform's one RNA check for a number starting with W.

    Deconstructs as the plain RegexValidator it was (migrations need only the pattern).
    """

    def __call__(self, value):
        from assonum.organisations.validators import validate_pivot

        super().__call__(value)
        validate_pivot(value)

    def deconstruct(self):
        return ("django.core.validators.RegexValidator", self._constructor_args[0],
                self._constructor_args[1])


pivot_validator = _PivotValidator(
    r"^[a-zA-Z0-9]{9,14}$", _("Un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 chiffres).")
)

postcode_validator = RegexValidator(r"^\d{5}$", _("Un code postal à 5 chiffres."))
insee_validator = RegexValidator(
    r"^([013-9]\d|2[AB1-9])\d{3}$", _("Un code INSEE de commune (5 caractères).")
)


def _refusal(obj, target) -> str:
    """The French refusal when a reviewed object is asked to move again."""
    return _("Impossible de passer à « %(target)s » : cette demande a déjà été traitée.") % {
        "target": state_label(obj, target)}


# The fields an import row (or a duplicate candidate) sets on a place.
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
DATA_FIELDS = [
    "source", "source_id", *TEXT_FIELDS, "commune_id", "latitude", "longitude", "date_maj",
    *LIST_FIELDS,
]


def json_has(field: str, value: str) -> models.Q:
    """Q: the JSON list ``field`` contains the string ``value``.

    PostgreSQL answers "the list contains X" with ``@>``; SQLite has no JSON containment, so
    there we look for the JSON-encoded string (quotes included, so "Gratuit" does not match
    "Gratuit sous condition").
    """
    if connection.vendor == "postgresql":
        return models.Q(**{f"{field}__contains": [value]})
    return models.Q(**{f"{field}__icontains": json.dumps(value)})


def json_has_any(field: str, values) -> models.Q:
    q = models.Q()
    for value in values:
        q |= json_has(field, value)
    return q


# GET parameter of the public list -> model field, for the single-valued filters.
FILTER_FIELDS = {
    "service": "services",
    "typologie": "typologie",
    "frais": "frais_a_charge",
    "acces": "modalites_acces",
}


@dataclass
class Near:
    commune: object  # territory.Commune
    radius_km: int


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Place.Status.PUBLISHED)

    def in_department(self, code: str):
        return self.filter(commune__department_id=code)

    def for_list(self):
        """What a list card shows, with its commune and department."""
        return self.select_related("commune__department").only(
            "nom", "slug", "commune_nom", "code_postal", "latitude", "longitude", "offers",
            "horaires", "is_fictional", "itinerance", "presentation_resume", "status",
            "commune__name", "commune__department__code", "commune__department__name",
        )

    def filtered(self, cleaned: dict):
        """Narrowed by the public filter form's values (offers, vocabularies, department)."""
        queryset = self
        offers = cleaned.get("offre") or []
        if offers:
            queryset = queryset.filter(json_has_any("offers", offers))
        for key, field in FILTER_FIELDS.items():
            value = cleaned.get(key)
            if value:
                queryset = queryset.filter(json_has(field, value))
        department = cleaned.get("departement")
        if department:
            queryset = queryset.filter(commune__department_id=department)
        return queryset

    def near(self, commune, radius_km: int):
        """Places within ``radius_km`` of the commune's centre, nearest first (in the database)."""
        from assonum.territory.geo import within_radius

        return within_radius(
            self.filter(latitude__isnull=False, longitude__isnull=False),
            latitude=commune.latitude, longitude=commune.longitude, radius_km=radius_km,
        )

    def search(self, cleaned: dict | None) -> tuple[PlaceQuerySet, Near | None]:
        """(queryset, near) for the validated filter values (None or {} = every place here):
        near a commune nearest first, else by name."""
        cleaned = cleaned or {}
        queryset = self.filtered(cleaned)
        commune = cleaned.get("pres_de")
        if commune is not None and commune.latitude is not None:
            radius = int(cleaned.get("rayon") or 20)
            return queryset.near(commune, radius), Near(commune, radius)
        return queryset.order_by("nom", "pk"), None


class Place(index.Indexed, models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")
        ARCHIVED = "archived", _("Archivé")

    TRANSITIONS = {
        Status.DRAFT: {Status.PENDING, Status.PUBLISHED, Status.ARCHIVED},
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED, Status.ARCHIVED},
        Status.PUBLISHED: {Status.ARCHIVED},
        Status.REJECTED: {Status.PENDING, Status.PUBLISHED, Status.ARCHIVED},
        Status.ARCHIVED: {Status.PUBLISHED},
    }

    # Identity. (source, source_id) is the import key; uid is what our exports write as `id`.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source = models.CharField(
        _("source des données"), max_length=100, default=OWN_SOURCE, db_index=True,
        help_text=_("Jeu de données d'origine (import) ou « assonum » pour une fiche créée ici."),
    )
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    collected_by = models.CharField(
        _("structure collectant la donnée"), max_length=200, blank=True,
        help_text=_("Champ « source » du standard national."),
    )
    pivot = models.CharField(
        _("SIRET ou RNA"), max_length=14, blank=True, db_index=True, validators=[pivot_validator]
    )
    nom = models.CharField(_("nom"), max_length=250, validators=NAME_VALIDATORS)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=270, unique=True)

    # Address and position.
    adresse = models.CharField(_("adresse"), max_length=300)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=300, blank=True)
    code_postal = models.CharField(_("code postal"), max_length=5, validators=[postcode_validator])
    commune_nom = models.CharField(_("commune (telle que saisie)"), max_length=150)
    code_insee = models.CharField(
        _("code INSEE"), max_length=5, blank=True, db_index=True, validators=[insee_validator]
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="places", verbose_name=_("commune"),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    # Contacts.
    telephones = models.JSONField(_("téléphones"), default=list, blank=True)
    courriels = models.JSONField(_("courriels"), default=list, blank=True)
    sites_web = models.JSONField(_("sites web"), default=list, blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=150, blank=True)
    horaires = models.TextField(
        _("horaires"), blank=True, max_length=500,
        help_text=_(
            "Format OpenStreetMap « opening_hours », par exemple : "
            "Mo-Fr 09:00-12:00,14:00-18:00"
        ),
    )
    prise_rdv = models.URLField(_("prise de rendez-vous"), max_length=500, blank=True)
    fiche_acces_libre = models.URLField(_("fiche Accès libre"), max_length=500, blank=True)

    # Description.
    typologie = models.JSONField(_("typologie"), default=list, blank=True)
    presentation_resume = models.CharField(_("présentation résumée"), max_length=280, blank=True)
    presentation_detail = models.TextField(_("présentation détaillée"), blank=True,
                                           max_length=5000)
    itinerance = models.JSONField(_("itinérance"), default=list, blank=True)
    structure_parente = models.CharField(_("structure parente"), max_length=250, blank=True)
    date_maj = models.DateField(_("date de mise à jour"), default=timezone.localdate)

    # Vocabulary lists of the national standard.
    services = models.JSONField(_("services"), default=list, blank=True)
    publics_specifiquement_adresses = models.JSONField(
        _("publics spécifiquement adressés"), default=list, blank=True
    )
    prise_en_charge_specifique = models.JSONField(
        _("prise en charge spécifique"), default=list, blank=True
    )
    frais_a_charge = models.JSONField(_("frais à charge"), default=list, blank=True)
    dispositif_programmes_nationaux = models.JSONField(
        _("dispositifs et programmes nationaux"), default=list, blank=True
    )
    formations_labels = models.JSONField(_("formations et labels"), default=list, blank=True)
    autres_formations_labels = models.TextField(_("autres formations et labels"), blank=True,
                                                max_length=500)
    modalites_acces = models.JSONField(_("modalités d'accès"), default=list, blank=True)
    modalites_accompagnement = models.JSONField(
        _("modalités d'accompagnement"), default=list, blank=True
    )

    # For associations.
    offers = models.JSONField(
        _("offres pour les associations"), default=list, blank=True,
        help_text=_("Identifiants de assonum.directory.vocabularies.OFFERS"),
    )
    owner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="places", verbose_name=_("organisation responsable"),
    )
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PlaceQuerySet.as_manager()

    search_fields = [
        index.SearchField("nom", boost=3),
        index.AutocompleteField("nom"),
        index.SearchField("presentation_resume"),
        index.SearchField("presentation_detail"),
        index.SearchField("commune_nom"),
        index.SearchField("structure_parente"),
        # SQLite: stems of the text, so that "ecole" finds "écoles" (see assonum.core.search).
        index.SearchField("search_stems"),
        index.FilterField("id"),
        index.FilterField("status"),
        index.FilterField("code_insee"),
    ]

    class Meta:
        ordering = ["nom"]
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="place_unique_source_id"),
        ]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="place_position_idx"),
            models.Index(fields=["status", "nom"], name="place_status_nom_idx"),
            # The newsletter digest: the newest published places, LIMIT n, in the index's order
            # to the last key (places imported together share a creation time).
            models.Index(fields=["status", "-created_at", "-id"],
                         name="place_status_created_id_idx"),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if not self.source_id:
            self.source_id = str(self.uid)
        if not self.slug:
            self.slug = unique_slug(self.nom, self.commune_nom, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse("directory:place_detail", kwargs={"slug": self.slug})
        except NoReverseMatch:
            return f"/annuaire/{self.slug}/"

    def clean(self):
        """Normalise and check every field that has a rule (:mod:`assonum.directory.rules`)."""
        errors = {}
        for name, rule in rules.FIELD_RULES.items():
            try:
                setattr(self, name, rule(getattr(self, name)))
            except ValidationError as exc:
                errors[name] = exc.error_list
        if errors:
            raise ValidationError(errors)

    def search_stems(self) -> str:
        from assonum.core.search import search_stems

        return search_stems(" ".join([
            self.nom, self.presentation_resume, self.presentation_detail, self.commune_nom,
            self.structure_parente,
        ]))

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def offer_labels(self) -> list[str]:
        return [str(voc.OFFERS[o]) for o in self.offers if o in voc.OFFERS]

    @classmethod
    def from_data(cls, data: dict, *, place: Place | None = None) -> Place:
        """A Place (new or given) with the values of ``data`` (:data:`DATA_FIELDS`) set; not
        saved. Keeps status, slug and owner; a new place is published."""
        if place is None:
            place = cls(status=cls.Status.PUBLISHED)
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

    def merge_data(self, data: dict) -> None:
        """Fill the empty fields with the values in ``data`` (never overwrite); saves."""
        for name in DATA_FIELDS:
            if name in ("source", "source_id", "date_maj") or name not in data:
                continue
            value = data[name]
            if value in (None, "", []):
                continue
            current = getattr(self, name)
            if current in (None, "", []):
                setattr(self, name, value)
            elif name in LIST_FIELDS:
                setattr(self, name, current + [v for v in value if v not in current])
        self.save()


def base_slug(nom: str, commune_nom: str = "") -> str:
    base = slugify(f"{nom} {commune_nom}".strip())[:250].strip("-")
    return base or "lieu"


def unique_slug(
    nom: str, commune_nom: str = "", *, exclude_pk=None, taken: set | None = None,
) -> str:
    """A slug free in the database (and not in ``taken``, for bulk creation)."""
    base = base_slug(nom, commune_nom)
    qs = Place.objects.filter(slug__startswith=base)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    used = set(qs.values_list("slug", flat=True)) | (taken or set())
    slug, n = base, 2
    while slug in used:
        slug = f"{base}-{n}"
        n += 1
    return slug


# Fields a PlaceChange may set (what an owner edits in the self-service form).
EDITABLE_FIELDS = [
    "nom", "pivot", "adresse", "complement_adresse", "code_postal", "commune_nom", "code_insee",
    "commune_id", "latitude", "longitude", "telephones", "courriels", "sites_web", "contact_name",
    "horaires", "prise_rdv", "fiche_acces_libre", "typologie", "presentation_resume",
    "presentation_detail", "itinerance", "structure_parente", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
    "modalites_acces", "modalites_accompagnement", "offers",
]


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Refusée")


class PlaceChange(models.Model):
    """A creation or an edit proposed by a non-staff owner, waiting for staff moderation."""

    Status = ReviewStatus
    TRANSITIONS = {
        ReviewStatus.PENDING: {ReviewStatus.APPROVED, ReviewStatus.REJECTED},
        ReviewStatus.APPROVED: set(),
        ReviewStatus.REJECTED: set(),
    }

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, null=True, blank=True, related_name="changes",
        verbose_name=_("lieu"), help_text=_("Vide pour une création."),
    )
    data = models.JSONField(_("valeurs proposées"), default=dict)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="place_changes", verbose_name=_("proposée par"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, null=True, blank=True,
        related_name="place_changes", verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING,
        db_index=True,
    )
    reason = models.TextField(_("motif"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("examinée par"),
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("modification proposée")
        verbose_name_plural = _("modifications proposées")

    def __str__(self):
        name = self.data.get("nom") or (self.place.nom if self.place_id else "")
        kind = _("Modification") if self.place_id else _("Création")
        return f"{kind} : {name}"

    @property
    def is_creation(self) -> bool:
        return self.place_id is None

    def approve(self, by) -> Place:
        """Apply the proposed values (creating the place if needed) and publish it.

        The change moves first, under its row lock: a second approval of the same proposal
        (another tab, another moderator) waits, then gets ``InvalidTransition``.
        """
        with transaction.atomic():
            change = transition(
                self, ReviewStatus.APPROVED, by=by, message=_refusal(self, ReviewStatus.APPROVED),
                changes={"reviewed_by": by, "reviewed_at": timezone.now()},
            )
            place = Place.objects.get(pk=change.place_id) if change.place_id else None
            created = place is None
            if created:
                place = Place(source=OWN_SOURCE, owner=change.organisation,
                              status=Place.Status.PUBLISHED)
            for field, value in change.data.items():
                if field in EDITABLE_FIELDS:
                    setattr(place, field, value)
            place.date_maj = timezone.localdate()
            if place.owner_id is None and change.organisation_id:
                place.owner = change.organisation
            if created:
                place.save()
                log_creation(place, by=by)
                PlaceChange.objects.filter(pk=self.pk).update(place=place)
            else:
                place.save(update_fields=[
                    *{f.removesuffix("_id") for f in change.data if f in EDITABLE_FIELDS},
                    "date_maj", "owner", "updated_at"])
                if place.status != Place.Status.PUBLISHED:
                    place = transition(place, Place.Status.PUBLISHED, by=by,
                                       changes={"updated_at": timezone.now()})
            self.place = place
        return place

    def reject(self, by, reason: str) -> None:
        if not (reason or "").strip():
            raise ValueError(_("Un motif est nécessaire pour refuser."))
        with transaction.atomic():
            transition(
                self, ReviewStatus.REJECTED, by=by, note=reason.strip(),
                message=_refusal(self, ReviewStatus.REJECTED),
                changes={"reason": reason.strip(), "reviewed_by": by,
                         "reviewed_at": timezone.now()},
            )
            if self.place_id and Place.objects.filter(
                    pk=self.place_id, status=Place.Status.PENDING).exists():
                transition(self.place, Place.Status.REJECTED, by=by,
                           changes={"updated_at": timezone.now()})


class PlaceClaim(models.Model):
    """An organisation asks to become the owner of an existing listing."""

    Status = ReviewStatus
    TRANSITIONS = PlaceChange.TRANSITIONS

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="claims", verbose_name=_("lieu")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="place_claims",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="place_claims", verbose_name=_("demandée par"),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    status = models.CharField(
        _("statut"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING,
        db_index=True,
    )
    reason = models.TextField(_("motif"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("examinée par"),
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande de gestion d'une fiche")
        verbose_name_plural = _("demandes de gestion de fiches")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "organisation"], condition=models.Q(status="pending"),
                name="place_claim_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.place}"

    def approve(self, by) -> None:
        with transaction.atomic():
            transition(
                self, ReviewStatus.APPROVED, by=by, message=_refusal(self, ReviewStatus.APPROVED),
                changes={"reviewed_by": by, "reviewed_at": timezone.now()},
            )
            Place.objects.filter(pk=self.place_id).update(
                owner_id=self.organisation_id, updated_at=timezone.now())
            self.place.refresh_from_db(fields=["owner", "updated_at"])

    def reject(self, by, reason: str) -> None:
        if not (reason or "").strip():
            raise ValueError(_("Un motif est nécessaire pour refuser."))
        transition(
            self, ReviewStatus.REJECTED, by=by, note=reason.strip(),
            message=_refusal(self, ReviewStatus.REJECTED),
            changes={"reason": reason.strip(), "reviewed_by": by, "reviewed_at": timezone.now()},
        )


class ImportRun(models.Model):
    """One import of a file (CSV or JSON), with its figures and the report of rejected rows."""

    class State(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    WORKFLOW_STATE_FIELD = "state"
    TRANSITIONS = {
        State.QUEUED: {State.RUNNING, State.FAILED},
        State.RUNNING: {State.RUNNING, State.DONE, State.FAILED},  # RUNNING again: a retry
        State.DONE: set(),
        State.FAILED: set(),
    }

    file_name = models.CharField(_("fichier"), max_length=255)
    source = models.CharField(_("source"), max_length=100)
    format_detected = models.CharField(_("format détecté"), max_length=100, blank=True)
    state = models.CharField(
        _("état"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    dry_run = models.BooleanField(_("essai à blanc"), default=False)
    all_or_nothing = models.BooleanField(_("tout ou rien"), default=False)
    applied = models.BooleanField(_("appliqué"), default=False)
    # The uploaded file, kept until a background worker has run the import (then emptied).
    upload = models.BinaryField(blank=True, default=b"", editable=False)
    rows = models.PositiveIntegerField(_("lignes"), default=0)
    imported = models.PositiveIntegerField(_("lignes acceptées"), default=0)
    created = models.PositiveIntegerField(_("lieux créés"), default=0)
    updated = models.PositiveIntegerField(_("lieux mis à jour"), default=0)
    rejected = models.PositiveIntegerField(_("lignes refusées"), default=0)
    duplicates = models.PositiveIntegerField(_("doublons probables"), default=0)
    out_of_region = models.PositiveIntegerField(_("hors région"), default=0)
    # {"errors": [{"line", "field", "reason", "id"}], "warnings": [...], "fatal": str|None}
    report = models.JSONField(_("rapport"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("lancé par"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import de lieux")
        verbose_name_plural = _("imports de lieux")

    def __str__(self):
        if self.created_at:
            return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"
        return self.file_name

    @property
    def errors(self) -> list[dict]:
        return self.report.get("errors", [])

    @property
    def warnings(self) -> list[dict]:
        """Grouped: field, reason, count, lines (the first ones), examples.

        See importing.group_entries.
        """
        return self.report.get("warnings", [])

    @property
    def error_groups(self) -> list[dict]:
        """The rejected rows' reasons, grouped like the warnings (older reports: one per row)."""
        return self.report.get("error_groups") or self.errors

    @property
    def errors_left_out(self) -> int:
        return self.report.get("errors_left_out", 0)

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class DuplicateCandidate(models.Model):
    """An imported row that looks like an existing place: staff decide, nothing merges silently."""

    class Reason(models.TextChoices):
        SAME_PIVOT = "same_pivot", _("même pivot")
        SAME_NAME_NEAR = "same_name_near", _("même nom à moins de 50 m")

    class Status(models.TextChoices):
        OPEN = "open", _("À examiner")
        MERGED = "merged", _("Fusionné")
        KEPT_BOTH = "kept_both", _("Les deux conservés")
        IGNORED = "ignored", _("Ignoré")

    TRANSITIONS = {
        Status.OPEN: {Status.MERGED, Status.KEPT_BOTH, Status.IGNORED},
        Status.MERGED: set(),
        Status.KEPT_BOTH: set(),
        Status.IGNORED: set(),
    }

    import_run = models.ForeignKey(
        ImportRun, on_delete=models.CASCADE, related_name="duplicate_candidates",
        verbose_name=_("import"),
    )
    line = models.PositiveIntegerField(_("ligne du fichier"), default=0)
    incoming_data = models.JSONField(_("données reçues"), default=dict)
    existing_place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="duplicate_candidates",
        verbose_name=_("lieu existant"),
    )
    created_place = models.ForeignKey(
        Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("lieu créé"),
    )
    reason = models.CharField(_("raison"), max_length=20, choices=Reason.choices)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("examiné par"),
    )
    reviewed_at = models.DateTimeField(_("examiné le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("doublon probable")
        verbose_name_plural = _("doublons probables")

    def __str__(self):
        return f"{self.incoming_data.get('nom', '?')} ≈ {self.existing_place}"

    def _close(self, status, by, changes=None):
        return transition(
            self, status, by=by, message=_refusal(self, status),
            changes={"reviewed_by": by, "reviewed_at": timezone.now(), **(changes or {})},
        )

    def keep_both(self, by) -> Place:
        """Create the incoming place beside the existing one."""
        with transaction.atomic():
            candidate = self._close(self.Status.KEPT_BOTH, by)
            place = Place.from_data(candidate.incoming_data)
            place.save()
            log_creation(place, by=by)
            DuplicateCandidate.objects.filter(pk=self.pk).update(created_place=place)
            self.created_place = place
        return place

    def merge(self, by) -> Place:
        """Fill the existing place's empty fields with the incoming values (never overwrite)."""
        with transaction.atomic():
            candidate = self._close(self.Status.MERGED, by)
            place = Place.objects.select_for_update().get(pk=candidate.existing_place_id)
            place.merge_data(candidate.incoming_data)
            self.existing_place = place
        return place

    def ignore(self, by) -> None:
        self._close(self.Status.IGNORED, by)

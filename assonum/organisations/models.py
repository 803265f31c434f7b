from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assonum.core.validators import NAME_VALIDATORS, validate_no_bidi_control_text

from .validators import RNA_HELP, SIRET_HELP, validate_rna, validate_siret

DESCRIPTION_MAX_LENGTH = 5000


class OrganisationQuerySet(models.QuerySet):
    def associations(self):
        return self.filter(kind=Organisation.Kind.ASSOCIATION)

    def networks(self):
        return self.filter(kind=Organisation.Kind.NETWORK)

    def in_department(self, code):
        return self.filter(seat_commune__department_id=code)

    def with_member_count(self):
        return self.annotate(member_count=Count("memberships", distinct=True))


class Organisation(models.Model):
    """An association, a digital actor, a donor or a network: who owns what is published."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        ACTOR = "actor", _("Acteur du numérique")
        DONOR = "donor", _("Donateur (entreprise, collectivité, autre structure)")
        NETWORK = "network", _("Réseau ou fédération")

    class Sector(models.TextChoices):
        # Broad fields of the national association survey (culture, sport, social...).
        CULTURE = "culture", _("Culture, patrimoine")
        SPORT = "sport", _("Sport")
        LEISURE = "leisure", _("Loisirs, vie sociale")
        SOCIAL = "social", _("Action sociale, solidarité")
        HEALTH = "health", _("Santé, handicap")
        EDUCATION = "education", _("Éducation, formation, jeunesse")
        ENVIRONMENT = "environment", _("Environnement, cadre de vie")
        HUMANITARIAN = "humanitarian", _("Humanitaire, solidarité internationale")
        RIGHTS = "rights", _("Défense des droits et des causes")
        ECONOMY = "economy", _("Économie, emploi, insertion")
        DIGITAL = "digital", _("Numérique, médiation numérique")
        OTHER = "other", _("Autre")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=200, validators=NAME_VALIDATORS)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=220, unique=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, db_index=True,
                           help_text=RNA_HELP)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True,
                             help_text=SIRET_HELP)
    seat_commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name=_("commune du siège"),
    )
    sector = models.CharField(_("secteur d'activité"), max_length=20, choices=Sector.choices,
                              blank=True)
    description = models.TextField(_("présentation"), blank=True, max_length=DESCRIPTION_MAX_LENGTH,
                                   validators=[MaxLengthValidator(DESCRIPTION_MAX_LENGTH),
                                               validate_no_bidi_control_text])
    members_count = models.PositiveIntegerField(_("nombre d'adhérents"), null=True, blank=True)
    volunteers_count = models.PositiveIntegerField(_("nombre de bénévoles"), null=True, blank=True)
    employees_count = models.PositiveIntegerField(_("nombre de salariés"), null=True, blank=True)
    website = models.URLField(_("site web"), blank=True)
    public_email = models.EmailField(_("e-mail de contact public"), blank=True)
    public_phone = models.CharField(_("téléphone public"), max_length=30, blank=True)
    networks = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="member_organisations",
        limit_choices_to={"kind": "network"}, verbose_name=_("réseaux dont elle est membre"),
    )
    is_verified = models.BooleanField(_("vérifiée"), default=False)
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("vérifiée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        for field, validator in (("rna", validate_rna), ("siret", validate_siret)):
            value = getattr(self, field)
            if value:
                try:
                    setattr(self, field, validator(value))
                except ValidationError as error:
                    errors[field] = error
        if (self.kind == self.Kind.ASSOCIATION and not self.rna and not self.siret
                and "rna" not in errors and "siret" not in errors):
            errors["rna"] = ValidationError(
                _("Indiquez le numéro RNA ou le SIRET de l'association (l'un des deux suffit)."),
                code="identifier_required",
            )
        if errors:
            raise ValidationError(errors)

    @property
    def department(self):
        return self.seat_commune.department if self.seat_commune_id else None

    # Flat values for the spreadsheet export of the back office.
    @property
    def seat_commune_code(self):
        return self.seat_commune_id or ""

    @property
    def seat_commune_name(self):
        return self.seat_commune.name if self.seat_commune_id else ""

    @property
    def department_code(self):
        return self.seat_commune.department_id if self.seat_commune_id else ""


class MembershipQuerySet(models.QuerySet):
    def admins(self):
        return self.filter(role=Membership.Role.ADMIN)


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrateur")
        MEMBER = "member", _("Membre")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

    # Flat values for the spreadsheet export of the back office.
    @property
    def user_email(self):
        return self.user.email

    @property
    def user_name(self):
        return self.user.get_full_name()

    @property
    def organisation_name(self):
        return self.organisation.name

    @property
    def organisation_kind(self):
        return self.organisation.get_kind_display()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Invitation.Status.PENDING)

    def for_emails(self, emails):
        query = Q()
        for email in emails:
            query |= Q(email__iexact=email)
        return self.filter(query) if emails else self.none()


class Invitation(models.Model):
    """An administrator invites someone by email to join an organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        ACCEPTED = "accepted", _("Acceptée")
        DECLINED = "declined", _("Refusée")
        REVOKED = "revoked", _("Annulée")

    # Allowed state changes: from -> set of targets.
    TRANSITIONS = {
        Status.PENDING: {Status.ACCEPTED, Status.DECLINED, Status.REVOKED},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
        Status.REVOKED: set(),
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="invitations", verbose_name=_("organisation"))
    email = models.EmailField(_("adresse e-mail"))
    role = models.CharField(_("rôle"), max_length=10, choices=Membership.Role.choices,
                            default=Membership.Role.MEMBER)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("invitée par"),
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("réponse de"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    responded_at = models.DateTimeField(_("réponse le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], condition=Q(status="pending"),
                name="unique_pending_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


class NetworkRequest(models.Model):
    """An organisation asks to appear among a network's members; a network admin decides.

    Nobody lists themselves under a network without its consent: ticking a network in the
    organisation's form creates a pending request; the organisation joins
    ``Organisation.networks`` only when an administrator of the network approves.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    TRANSITIONS = {
        Status.PENDING: {Status.APPROVED, Status.REFUSED},
        Status.APPROVED: set(),
        Status.REFUSED: set(),
    }

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="network_requests",
                                     verbose_name=_("organisation"))
    network = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                related_name="member_requests", verbose_name=_("réseau"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("demandée par"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("décision de"))
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("demande d'adhésion à un réseau")
        verbose_name_plural = _("demandes d'adhésion à un réseau")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "network"], condition=Q(status="pending"),
                name="unique_pending_network_request",
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.network}"

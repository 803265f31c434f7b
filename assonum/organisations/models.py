from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """An association, a digital actor, a donor or a network: who owns what is published."""

    class Kind(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        ACTOR = "actor", _("Acteur du numérique")
        DONOR = "donor", _("Donateur (entreprise, collectivité, autre structure)")
        NETWORK = "network", _("Réseau ou fédération")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=220, unique=True)
    rna = models.CharField(_("numéro RNA"), max_length=10, blank=True, db_index=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    seat_commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, null=True, blank=True,
        related_name="organisations", verbose_name=_("commune du siège"),
    )
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    public_email = models.EmailField(_("courriel de contact public"), blank=True)
    public_phone = models.CharField(_("téléphone public"), max_length=30, blank=True)
    is_verified = models.BooleanField(_("vérifiée"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self):
        return self.name


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

    class Meta:
        verbose_name = _("adhésion")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"

"""Computer donations: offers of lots, needs of associations, reservations without double booking.

- An :class:`Offer` (by a donor organisation, an association, or a person) holds one or more
  :class:`Lot` rows (kind, quantity, year, condition, system, how the data was wiped) and
  optional :class:`Photo` rows (private files, served only while the offer is published).
- A :class:`Reservation` takes some units of one lot for an association. ``Lot.reserved``
  counts the units of every live or closed reservation; the database refuses
  ``reserved > quantity`` (CheckConstraint) and the service increments it with one conditional
  UPDATE (``assonum.core.concurrency.take_within``), so a unit is never given twice.
- A :class:`Need` says what an association is looking for, near which commune.

States move only through ``assonum.core.workflow.transition`` (tables below).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assonum.core.private_files import PrivateFileField


class Kind(models.TextChoices):
    LAPTOP = "laptop", _("Ordinateur portable")
    DESKTOP = "desktop", _("Ordinateur fixe")
    SCREEN = "screen", _("Écran")
    PRINTER = "printer", _("Imprimante")
    TABLET = "tablet", _("Tablette")
    SMARTPHONE = "smartphone", _("Smartphone")
    NETWORK = "network", _("Matériel réseau")
    OTHER = "other", _("Autre matériel")


#: Plural labels for the plain-words answers ("Réservé : 2 ordinateurs portables").
KIND_PLURALS = {
    "laptop": _("ordinateurs portables"), "desktop": _("ordinateurs fixes"),
    "screen": _("écrans"), "printer": _("imprimantes"), "tablet": _("tablettes"),
    "smartphone": _("smartphones"), "network": _("appareils réseau"),
    "other": _("appareils"),
}


def kind_count(kind: str, units: int) -> str:
    """"1 ordinateur portable", "2 ordinateurs portables"."""
    if units == 1:
        return f"1 {str(Kind(kind).label).lower()}"
    return f"{units} {KIND_PLURALS[kind]}"


class Condition(models.TextChoices):
    WORKING = "working", _("En état de marche")
    MINOR = "minor", _("Fonctionne, petits défauts")
    REPAIR = "repair", _("À réparer")
    PARTS = "parts", _("Pour pièces")


class OperatingSystem(models.TextChoices):
    WINDOWS = "windows", _("Windows")
    MACOS = "macos", _("macOS")
    LINUX = "linux", _("Linux")
    CHROMEOS = "chromeos", _("ChromeOS")
    ANDROID = "android", _("Android")
    IOS = "ios", _("iOS / iPadOS")
    NONE = "none", _("Aucun (disque vide ou retiré)")
    OTHER = "other", _("Autre ou ne sait pas")


class Wiping(models.TextChoices):
    OVERWRITE = "overwrite", _("Effacement par réécriture (méthode ANSSI / NIST 800-88)")
    CRYPTO = "crypto", _("Effacement cryptographique (disque chiffré, clé détruite)")
    REMOVED = "removed", _("Disque retiré ou détruit")
    NOT_YET = "not_yet", _("Pas encore effacé")


class Handover(models.TextChoices):
    COLLECT = "collect", _("À retirer chez le donateur")
    DELIVERY = "delivery", _("Livraison par le donateur")
    DROPOFF = "dropoff", _("Dépôt dans un point de reprise")


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Offer.Status.PUBLISHED)

    def visible(self):
        """Offers the public may see: published, or received by their drop-off point."""
        return self.filter(status__in=[Offer.Status.PUBLISHED, Offer.Status.RECEIVED])


class Offer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publiée")
        REJECTED = "rejected", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée")
        RECEIVED = "received", _("Reçue par le point de reprise")

    TRANSITIONS = {
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN},
        Status.PUBLISHED: {Status.WITHDRAWN, Status.RECEIVED},
        Status.REJECTED: set(),
        Status.WITHDRAWN: set(),
        Status.RECEIVED: set(),
    }

    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    donor_organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="donation_offers", verbose_name=_("organisation donatrice"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="donation_offers", verbose_name=_("proposée par"))
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT,
                                related_name="donation_offers", verbose_name=_("commune"))
    available_from = models.DateField(_("disponible à partir du"), default=timezone.localdate)
    available_until = models.DateField(_("disponible jusqu'au"), null=True, blank=True)
    handover = models.CharField(_("remise"), max_length=10, choices=Handover.choices,
                                default=Handover.COLLECT)
    dropoff_point = models.ForeignKey(
        "directory.Place", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="donation_offers", verbose_name=_("point de reprise"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    moderation_note = models.TextField(_("note de modération"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("reçue le"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("réception confirmée par"))
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("offre de don")
        verbose_name_plural = _("offres de don")
        indexes = [models.Index(fields=["status", "-published_at"], name="offer_status_pub_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("donations:offer_detail", kwargs={"pk": self.pk})

    @property
    def donor_name(self) -> str:
        if self.donor_organisation_id:
            return self.donor_organisation.name
        return str(_("Un particulier"))

    @property
    def is_reservable(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.handover != Handover.DROPOFF

    # Flat values for the spreadsheet export.
    @property
    def commune_name(self):
        return self.commune.name

    @property
    def department_code(self):
        return self.commune.department_id

    @property
    def donor_label(self):
        return self.donor_name


class Lot(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="lots",
                              verbose_name=_("offre"))
    kind = models.CharField(_("type de matériel"), max_length=12, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("quantité"))
    reserved = models.PositiveIntegerField(_("unités réservées"), default=0)
    year = models.PositiveSmallIntegerField(_("année d'achat"), null=True, blank=True)
    condition = models.CharField(_("état"), max_length=10, choices=Condition.choices,
                                 default=Condition.WORKING)
    operating_system = models.CharField(_("système"), max_length=10,
                                        choices=OperatingSystem.choices,
                                        default=OperatingSystem.OTHER)
    wiping = models.CharField(_("effacement des données"), max_length=10, choices=Wiping.choices,
                              default=Wiping.NOT_YET)
    details = models.CharField(_("précisions"), max_length=300, blank=True)

    class Meta:
        ordering = ["offer", "pk"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.CheckConstraint(condition=models.Q(reserved__lte=models.F("quantity")),
                                   name="lot_reserved_within_quantity"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                   name="lot_quantity_positive"),
        ]
        indexes = [models.Index(fields=["kind"], name="lot_kind_idx")]

    def __str__(self):
        return kind_count(self.kind, self.quantity)

    @property
    def available(self) -> int:
        return self.quantity - self.reserved


class Photo(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="photos",
                              verbose_name=_("offre"))
    image = PrivateFileField(_("photo"), upload_to="donations/%Y/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("photo")

    def __str__(self):
        return f"{self.offer} ({self.pk})"


class Need(models.Model):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE,
                                     related_name="donation_needs", verbose_name=_("association"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("créé par"))
    kind = models.CharField(_("type de matériel"), max_length=12, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("combien"), default=1)
    purpose = models.CharField(_("pour quoi faire"), max_length=300)
    commune = models.ForeignKey("territory.Commune", on_delete=models.PROTECT,
                                related_name="donation_needs", verbose_name=_("commune"))
    notify = models.BooleanField(_("prévenir par e-mail"), default=False)
    last_notified_at = models.DateTimeField(_("dernier e-mail"), null=True, blank=True)
    is_active = models.BooleanField(_("en cours"), default=True)
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("besoin de matériel")
        verbose_name_plural = _("besoins de matériel")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                   name="need_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.organisation} : {kind_count(self.kind, self.quantity)}"


class Reservation(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Demandée")
        ACCEPTED = "accepted", _("Acceptée par le donateur")
        DECLINED = "declined", _("Refusée par le donateur")
        CANCELLED = "cancelled", _("Annulée")
        EXPIRED = "expired", _("Expirée")
        CLOSED = "closed", _("Remise confirmée")

    #: Units are returned to the lot on declined, cancelled and expired; closed keeps them.
    TRANSITIONS = {
        Status.REQUESTED: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED},
        Status.ACCEPTED: {Status.CLOSED, Status.CANCELLED},
        Status.DECLINED: set(),
        Status.CANCELLED: set(),
        Status.EXPIRED: set(),
        Status.CLOSED: set(),
    }
    RETURNS_UNITS = {Status.DECLINED, Status.CANCELLED, Status.EXPIRED}
    LIVE = {Status.REQUESTED, Status.ACCEPTED}

    lot = models.ForeignKey(Lot, on_delete=models.PROTECT, related_name="reservations",
                            verbose_name=_("lot"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="donation_reservations",
                                     verbose_name=_("association"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("demandée par"))
    quantity = models.PositiveIntegerField(_("quantité"))
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.REQUESTED, db_index=True)
    created_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    donor_confirmed_at = models.DateTimeField(_("remise confirmée par le donateur"), null=True,
                                              blank=True)
    receiver_confirmed_at = models.DateTimeField(_("réception confirmée par l'association"),
                                                 null=True, blank=True)
    closed_at = models.DateTimeField(_("clôturée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1),
                                   name="reservation_quantity_positive"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="reservation_status_idx")]

    def __str__(self):
        return f"{kind_count(self.lot.kind, self.quantity)} → {self.organisation}"

    def expires_at(self):
        return self.created_at + timedelta(days=settings.DONATIONS_RESERVATION_DAYS)

    @property
    def what(self) -> str:
        return kind_count(self.lot.kind, self.quantity)

    # Flat values for the spreadsheet export.
    @property
    def offer_title(self):
        return self.lot.offer.title

    @property
    def kind_label(self):
        return self.lot.get_kind_display()

    @property
    def organisation_name(self):
        return self.organisation.name

"""The training and awareness agenda: events, tours, recurring series, registrations.

- An :class:`Event` is proposed by a member of a digital-actor organisation (``pending``, then
  a moderator publishes or rejects it) or created by staff (published at once). Its state moves
  only through :func:`assonum.core.workflow.transition` (see ``services.py``).
- Seats: ``seats_taken`` counts the confirmed registrations; it is raised with
  ``take_within(..., used="seats_taken", cap="capacity")`` and the ``CheckConstraint``
  ``seats_taken <= capacity`` is the last line. ``capacity`` empty = no limit (a webinar).
- ``sequence`` is the iCalendar SEQUENCE: :meth:`Event.save` bumps it when something a calendar
  shows (times, place, title, status) changed, so calendar clients follow updates.
- A :class:`Registration` is ``pending`` (waiting for the emailed confirmation), then
  ``confirmed`` (a seat) or ``waiting`` (the waiting list, first come first served), and may be
  ``cancelled``. ``reminder_sent_at`` / ``followup_sent_at`` make each email go exactly once.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AWARENESS = "sensibilisation", _("Sensibilisation")
    TRAINING = "formation", _("Formation")
    WORKSHOP = "atelier", _("Atelier")
    WEBINAR = "webinaire", _("Webinaire")
    DROP_IN = "permanence", _("Permanence")
    TOUR_STOP = "etape", _("Étape d'une tournée")


class Audience(models.TextChoices):
    ALL = "tous", _("Tout public associatif")
    VOLUNTEERS = "benevoles", _("Bénévoles")
    LEADERS = "dirigeants", _("Dirigeants bénévoles")
    EMPLOYEES = "salaries", _("Salariés associatifs")


class Level(models.TextChoices):
    BEGINNER = "debutant", _("Débutant")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Avancé")


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Tour(models.Model):
    """A tour ("tournée", like the Inter Truck numérique): many stops, each an Event."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=220, unique=True)
    description = models.TextField(_("présentation"), blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="tours", verbose_name=_("organisateur"),
    )
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tournée")
        verbose_name_plural = _("tournées")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:tour", kwargs={"slug": self.slug})


class Series(models.Model):
    """A recurring event: an RFC 5545 rule ("FREQ=MONTHLY;BYDAY=+1TU;COUNT=6") and its events."""

    title = models.CharField(_("titre"), max_length=200)
    rule = models.CharField(
        _("règle de récurrence"), max_length=200,
        help_text=_("Règle iCalendar, par exemple FREQ=MONTHLY;BYDAY=+1TU;COUNT=6 "
                    "(le premier mardi du mois, six fois)."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("série d'événements")
        verbose_name_plural = _("séries d'événements")

    def __str__(self):
        return self.title


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def listed(self):
        """What calendars and pages show: published, and cancelled ones (so feeds update)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self, now=None):
        return self.filter(end__gte=now or timezone.now())

    def for_listing(self):
        return self.select_related("commune__department", "organisation", "place", "tour")

    def for_links(self):
        """What a short list of links shows (title, date, commune, organiser): without the
        place, the tour and the long texts that the agenda and the calendars read."""
        return (self.select_related("commune", "organisation")
                .defer("description", "accessibility"))


class Event(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")
        CANCELLED = "cancelled", _("Annulé")

    TRANSITIONS = {
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED},
        Status.PUBLISHED: {Status.CANCELLED},
        Status.REJECTED: {Status.PENDING},
        Status.CANCELLED: set(),
    }

    #: Fields a calendar shows: a change bumps SEQUENCE.
    CALENDAR_FIELDS = ("title", "start", "end", "address", "commune_id", "place_id", "is_online",
                       "online_url", "status", "summary")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=240, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    summary = models.CharField(_("résumé en une ligne"), max_length=300)
    description = models.TextField(_("programme"), blank=True)
    topics = models.ManyToManyField(
        "toolbox.Need", blank=True, related_name="events", verbose_name=_("thèmes (besoins)"))
    tools = models.ManyToManyField(
        "toolbox.ToolPage", blank=True, related_name="events", verbose_name=_("outils enseignés"))
    guides = models.ManyToManyField(
        "toolbox.GuidePage", blank=True, related_name="events",
        verbose_name=_("fiches pratiques liées"))
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices,
                                default=Audience.ALL)
    level = models.CharField(_("niveau"), max_length=20, choices=Level.choices,
                             default=Level.BEGINNER)
    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"), db_index=True)
    place = models.ForeignKey(
        "directory.Place", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events", verbose_name=_("lieu de l'annuaire"))
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, null=True, blank=True,
        related_name="events", verbose_name=_("commune"))
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    is_online = models.BooleanField(_("en ligne"), default=False)
    online_url = models.URLField(
        _("lien de connexion"), max_length=500, blank=True,
        help_text=_("Montré seulement aux personnes inscrites."))
    accessibility = models.TextField(_("accessibilité du lieu"), blank=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite."))
    seats_taken = models.PositiveIntegerField(_("places prises"), default=0, editable=False)
    price = models.CharField(_("tarif"), max_length=120, blank=True,
                             help_text=_("Vide : gratuit."))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="events", verbose_name=_("organisateur"))
    contact_email = models.EmailField(_("e-mail de l'organisateur"), blank=True)
    tour = models.ForeignKey(Tour, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="stops", verbose_name=_("tournée"))
    series = models.ForeignKey(Series, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="events", verbose_name=_("série"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("créé par"))
    status = models.CharField(_("statut"), max_length=12, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    sequence = models.PositiveIntegerField(_("version (SEQUENCE)"), default=0, editable=False)
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    followups_done = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="event_seats_within_capacity"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_ends_after_start"),
        ]
        indexes = [models.Index(fields=["latitude", "longitude"], name="event_position_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.place_id and self.place is not None:
            place = self.place
            if place.commune_id and not self.commune_id:
                self.commune_id = place.commune_id
            if not self.address:
                self.address = f"{place.adresse}, {place.code_postal} {place.commune_nom}"
            self.latitude, self.longitude = place.latitude, place.longitude
        elif self.commune_id:
            self.latitude, self.longitude = self.commune.latitude, self.commune.longitude
        else:
            self.latitude = self.longitude = None
        previous = getattr(self, "_calendar_state", None)
        if previous is not None and previous != self._calendar_values():
            self.sequence = (self.sequence or 0) + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)
        self._calendar_state = self._calendar_values()

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._calendar_state = instance._calendar_values()
        return instance

    def _calendar_values(self):
        return tuple(getattr(self, name, None) for name in self.CALENDAR_FIELDS
                     if name in self.__dict__)

    @property
    def is_free(self) -> bool:
        return not self.price.strip()

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def accepts_registrations(self) -> bool:
        return self.is_published and self.start > timezone.now()

    @property
    def department(self):
        return self.commune.department if self.commune_id else None

    @property
    def organiser_name(self) -> str:
        return self.organisation.name if self.organisation_id else str(_("AssoNum"))

    @property
    def location_label(self) -> str:
        if self.is_online and not self.commune_id:
            return str(_("En ligne"))
        parts = [self.place.nom if self.place_id else "", self.address]
        if self.commune_id and self.commune.name not in self.address:
            parts.append(self.commune.name)
        return ", ".join(p for p in parts if p)


def unique_event_slug(title: str, start, *, exclude_pk=None) -> str:
    local = timezone.localtime(start)
    base = slugify(f"{title} {local:%Y-%m-%d}")[:220] or "evenement"
    slug, n = base, 2
    queryset = Event.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def attendees(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting_list(self):
        return self.filter(status=Registration.Status.WAITING).order_by("waiting_since", "pk")


class Registration(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("À confirmer")
        CONFIRMED = "confirmed", _("Inscrite")
        WAITING = "waiting", _("Sur liste d'attente")
        CANCELLED = "cancelled", _("Annulée")

    TRANSITIONS = {
        Status.PENDING: {Status.CONFIRMED, Status.WAITING, Status.CANCELLED},
        Status.CONFIRMED: {Status.CANCELLED},
        Status.WAITING: {Status.CONFIRMED, Status.CANCELLED},
        Status.CANCELLED: set(),
    }
    ACTIVE = (Status.PENDING, Status.CONFIRMED, Status.WAITING)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("événement"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="event_registrations",
                             verbose_name=_("compte"))
    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("e-mail"))
    organisation_name = models.CharField(_("association ou structure"), max_length=200,
                                         blank=True)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    attended = models.BooleanField(_("présente"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrite le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    waiting_since = models.DateTimeField(_("en attente depuis"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    followup_sent_at = models.DateTimeField(_("suivi envoyé le"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=Q(status__in=["pending", "confirmed", "waiting"]),
                name="registration_one_active_per_email"),
        ]
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]

    def __str__(self):
        return f"{self.name} – {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def waiting_position(self) -> int | None:
        if self.status != self.Status.WAITING:
            return None
        return Registration.objects.filter(
            event_id=self.event_id, status=self.Status.WAITING
        ).filter(Q(waiting_since__lt=self.waiting_since)
                 | Q(waiting_since=self.waiting_since, pk__lt=self.pk)).count() + 1


#: How long an emailed confirmation link stays valid.
CONFIRMATION_MAX_AGE = timedelta(days=7)

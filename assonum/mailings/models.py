"""Campaigns and their deliveries: one row per (campaign, recipient), unique in the database.

A delivery moves ``pending -> sending (claimed with a lease) -> sent | failed | bounced``.
A claimed delivery whose lease expired (its worker died) goes back to ``pending``. See
``assonum.mailings.sending`` for the exactly-once rules.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CampaignState(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmé")
    SENDING = "sending", _("En cours d'envoi")
    DONE = "done", _("Terminé")
    CANCELLED = "cancelled", _("Annulé")
    DRAFT = "draft", _("Brouillon")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("En attente")
    SENDING = "sending", _("En cours")
    SENT = "sent", _("Envoyé")
    FAILED = "failed", _("Échec")
    BOUNCED = "bounced", _("Adresse rejetée")
    SKIPPED = "skipped", _("Non envoyé (plus inscrit)")


FINAL_STATES = (DeliveryState.SENT, DeliveryState.FAILED, DeliveryState.BOUNCED,
                DeliveryState.SKIPPED)


@dataclass(frozen=True)
class Progress:
    """Where a campaign stands, for the back office and the command line."""

    total: int
    sent: int
    failed: int
    bounced: int
    skipped: int
    pending: int
    in_flight: int
    rate_per_second: float
    eta_seconds: float | None

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.bounced + self.skipped

    @property
    def remaining(self) -> int:
        return self.total - self.done

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100

    @property
    def eta_minutes(self) -> int | None:
        if self.eta_seconds is None:
            return None
        return int(-(-self.eta_seconds // 60))

    @property
    def finished(self) -> bool:
        return self.remaining == 0


def _progress_aggregates(prefix: str = "") -> dict:
    """Count expressions for a queryset of deliveries (prefix: the relation path)."""
    state = f"{prefix}state"
    recent = timezone.now() - timedelta(seconds=60)
    return {
        "n_total": Count(f"{prefix}id"),
        "n_sent": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.SENT})),
        "n_failed": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.FAILED})),
        "n_bounced": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.BOUNCED})),
        "n_skipped": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.SKIPPED})),
        "n_pending": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.PENDING})),
        "n_in_flight": Count(f"{prefix}id", filter=Q(**{state: DeliveryState.SENDING})),
        "n_recent": Count(f"{prefix}id", filter=Q(**{f"{prefix}sent_at__gte": recent})),
    }


class CampaignQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate each campaign with its delivery counts (one query for the whole list)."""
        return self.annotate(**_progress_aggregates("deliveries__"))

    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(state=CampaignState.SCHEDULED, scheduled_at__lte=now)

    def active(self):
        return self.filter(state=CampaignState.SENDING)


class Campaign(models.Model):
    """One bulk send: a source (e.g. a newsletter issue) rendered per segment, to many people."""

    # The campaign's own state moves through assonum.core.workflow.transition (locked, logged);
    # the deliveries keep their conditional updates (see sending.py).
    WORKFLOW_STATE_FIELD = "state"
    TRANSITIONS = {
        CampaignState.DRAFT: {CampaignState.SCHEDULED, CampaignState.SENDING,
                              CampaignState.CANCELLED},
        CampaignState.SCHEDULED: {CampaignState.SENDING, CampaignState.CANCELLED},
        CampaignState.SENDING: {CampaignState.DONE, CampaignState.CANCELLED},
        CampaignState.DONE: set(),
        CampaignState.CANCELLED: set(),
    }

    name = models.CharField(_("nom"), max_length=200)
    source_ref = models.CharField(_("source"), max_length=200, db_index=True)
    renderer = models.CharField(_("fonction de rendu"), max_length=200)
    list_id = models.CharField(_("List-Id"), max_length=255)
    bounce_handler = models.CharField(_("fonction en cas de rejet"), max_length=200, blank=True)
    recipient_filter = models.CharField(_("filtre des destinataires"), max_length=200, blank=True)
    finished_handler = models.CharField(_("fonction en fin d'envoi"), max_length=200, blank=True)
    from_email = models.CharField(_("expéditeur"), max_length=254, blank=True)
    state = models.CharField(
        _("état"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    scheduled_at = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    total = models.PositiveIntegerField(_("destinataires"), default=0)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")

    def __str__(self) -> str:
        return self.name

    def progress(self) -> Progress:
        """Sent / total, failures, rate and estimated time left (one query)."""
        if hasattr(self, "n_total"):
            counts = {k: getattr(self, k) for k in _progress_aggregates()}
        else:
            counts = self.deliveries.aggregate(**_progress_aggregates())
        done = counts["n_sent"] + counts["n_failed"] + counts["n_bounced"] + counts["n_skipped"]
        remaining = counts["n_total"] - done
        rate = counts["n_recent"] / 60.0
        if not rate and self.started_at and counts["n_sent"]:
            elapsed = max((timezone.now() - self.started_at).total_seconds(), 1.0)
            rate = counts["n_sent"] / elapsed
        eta = None
        if remaining == 0:
            eta = 0.0
        elif rate > 0:
            eta = remaining / rate
        return Progress(
            total=counts["n_total"],
            sent=counts["n_sent"],
            failed=counts["n_failed"],
            bounced=counts["n_bounced"],
            skipped=counts["n_skipped"],
            pending=counts["n_pending"],
            in_flight=counts["n_in_flight"],
            rate_per_second=round(rate, 1),
            eta_seconds=eta,
        )


class DeliveryQuerySet(models.QuerySet):
    def claimable(self, now=None):
        now = now or timezone.now()
        return self.filter(state=DeliveryState.PENDING).filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        )

    def lease_expired(self, now=None):
        now = now or timezone.now()
        return self.filter(state=DeliveryState.SENDING, claimed_until__lt=now)

    def unfinished(self):
        return self.filter(state__in=[DeliveryState.PENDING, DeliveryState.SENDING])


class Delivery(models.Model):
    """One message of a campaign to one recipient; never sent twice (unique campaign+recipient)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    recipient_ref = models.CharField(_("destinataire (référence)"), max_length=100)
    email = models.CharField(_("adresse"), max_length=254, db_index=True)
    segment_key = models.CharField(_("segment"), max_length=255, blank=True)
    context = models.JSONField(_("valeurs propres"), default=dict, blank=True)
    state = models.CharField(
        _("état"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    claimed_by = models.CharField(_("pris par"), max_length=64, blank=True)
    claimed_until = models.DateTimeField(_("réservé jusqu'au"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("prochain essai"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "recipient_ref"], name="mailings_delivery_once_per_recipient"
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "state", "id"], name="mailings_delivery_queue"),
            models.Index(fields=["sent_at"], name="mailings_delivery_sent_at"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.recipient_ref} ({self.state})"

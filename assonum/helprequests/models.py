"""A request for help from an association, the digital actors it is sent to, the exchange.

- :class:`HelpRequest` moves on the shared workflow (``assonum.core.workflow``): envoyée ->
  prise en charge (one actor, who then owns it) -> en cours -> résolue / sans suite.
- :class:`Recipient` is one directory place the request was sent to (routed or added by staff),
  with its "pas pour nous" answer.
- :class:`Message` is one message of the exchange on the request page.
- :class:`ThankYou` is the short public thank-you left on the actor's listing (moderated).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assonum.core.french import of_name

from . import themes as theme_vocabulary


class HelpRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=HelpRequest.Status.SENT)

    def active(self):
        return self.filter(status__in=HelpRequest.ACTIVE)


class HelpRequest(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Envoyée")
        TAKEN = "taken", _("Prise en charge")
        IN_PROGRESS = "in_progress", _("En cours")
        RESOLVED = "resolved", _("Résolue")
        CLOSED = "closed", _("Sans suite")

    class Urgency(models.TextChoices):
        LOW = "low", _("Pas pressé (dans les prochains mois)")
        NORMAL = "normal", _("Dans les prochaines semaines")
        URGENT = "urgent", _("Urgent (dans les prochains jours)")

    class Contact(models.TextChoices):
        EMAIL = "email", _("Par e-mail")
        PHONE = "phone", _("Par téléphone")
        SITE = "site", _("Par messages sur cette plateforme")

    class Outcome(models.TextChoices):
        MET = "met", _("Oui, notre besoin est satisfait")
        PARTLY = "partly", _("En partie")
        NOT_MET = "not_met", _("Non")

    TRANSITIONS = {
        Status.SENT: {Status.TAKEN, Status.CLOSED},
        Status.TAKEN: {Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED, Status.SENT},
        Status.IN_PROGRESS: {Status.RESOLVED, Status.CLOSED, Status.SENT},
        Status.RESOLVED: set(),
        Status.CLOSED: set(),
    }
    ACTIVE = (Status.TAKEN, Status.IN_PROGRESS)

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="help_requests",
        verbose_name=_("association"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="help_requests", verbose_name=_("rédigée par"),
    )
    author_name = models.CharField(_("nom de l'auteur"), max_length=150, blank=True)
    need = models.TextField(_("besoin"), max_length=3000)
    themes = models.JSONField(_("thèmes"), default=list)
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.PROTECT, related_name="help_requests",
        verbose_name=_("commune"),
    )
    urgency = models.CharField(_("urgence"), max_length=10, choices=Urgency.choices,
                               default=Urgency.NORMAL)
    contact_by = models.CharField(_("être contacté"), max_length=10, choices=Contact.choices,
                                  default=Contact.EMAIL)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    source = models.CharField(_("origine"), max_length=100, blank=True,
                              help_text=_("« diagnostic » quand la demande part d'une priorité."))
    status = models.CharField(_("état"), max_length=12, choices=Status.choices,
                              default=Status.SENT, db_index=True)
    actor = models.ForeignKey(
        "directory.Place", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="help_requests_taken", verbose_name=_("acteur qui l'a prise en charge"),
    )
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("prise en charge par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), db_index=True)
    taken_at = models.DateTimeField(_("prise en charge le"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("première réponse le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("signalée à l'équipe le"), null=True, blank=True)
    outcome = models.CharField(_("besoin satisfait ?"), max_length=10, choices=Outcome.choices,
                               blank=True)
    outcome_at = models.DateTimeField(_("avis donné le"), null=True, blank=True)
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)

    objects = HelpRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande de mise en relation")
        verbose_name_plural = _("demandes de mise en relation")
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(status__in=["taken", "in_progress"])
                           | models.Q(actor__isnull=False)),
                name="helprequest_active_has_actor",
            ),
        ]

    def __str__(self):
        return _("Demande n° %(pk)s %(of_org)s") % {"pk": self.pk,
                                                    "of_org": of_name(self.organisation)}

    def get_absolute_url(self):
        return reverse("helprequests:detail", kwargs={"pk": self.pk})

    @property
    def theme_labels(self) -> list[str]:
        return [theme_vocabulary.label(slug) for slug in self.themes]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SENT

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.CLOSED)

    # Read-only views of the back office's inspect page.
    def theme_list(self) -> str:
        return ", ".join(self.theme_labels)

    theme_list.short_description = _("thèmes")

    def recipient_list(self) -> str:
        return "; ".join(
            f"{r.place.nom} ({r.distance_km or '?'} km)"
            + (f" – {_('pas pour nous')} {r.declined_at:%d/%m/%Y}" if r.declined_at else "")
            for r in self.recipients.select_related("place"))

    recipient_list.short_description = _("acteurs sollicités")

    def message_list(self) -> str:
        return " | ".join(f"{m.created_at:%d/%m/%Y %H:%M} {m.get_side_display()} : {m.body}"
                          for m in self.messages.all())

    message_list.short_description = _("messages")

    def state_log(self) -> str:
        from assonum.core.workflow import history

        return " | ".join(f"{e.at:%d/%m/%Y %H:%M} {e.from_state or '–'} → {e.to_state}"
                          + (f" ({e.note})" if e.note else "") for e in history(self))

    state_log.short_description = _("journal des états")

    @property
    def short_need(self) -> str:
        text = " ".join(self.need.split())
        return text if len(text) <= 90 else text[:89].rstrip() + "…"


class Recipient(models.Model):
    """One directory place a request was sent to."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="recipients")
    place = models.ForeignKey("directory.Place", on_delete=models.CASCADE,
                              related_name="help_request_recipients", verbose_name=_("lieu"))
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("ajouté par"),
        help_text=_("Vide quand la plateforme a choisi l'acteur."),
    )
    notified_at = models.DateTimeField(_("prévenu le"), null=True, blank=True)
    declined_at = models.DateTimeField(_("« pas pour nous » le"), null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("décliné par"),
    )
    decline_reason = models.CharField(_("raison"), max_length=300, blank=True)

    class Meta:
        ordering = ["distance_km", "pk"]
        verbose_name = _("acteur sollicité")
        verbose_name_plural = _("acteurs sollicités")
        constraints = [
            models.UniqueConstraint(fields=["request", "place"],
                                    name="helprequest_recipient_unique"),
        ]

    def __str__(self):
        return str(self.place)


class Message(models.Model):
    class Side(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        ACTOR = "actor", _("Acteur du numérique")
        STAFF = "staff", _("Équipe du réseau")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("auteur"))
    author_name = models.CharField(_("signé"), max_length=150, blank=True)
    side = models.CharField(_("côté"), max_length=12, choices=Side.choices)
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("envoyé le"), db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.get_side_display()} – {self.created_at:%d/%m/%Y %H:%M}"


class ThankYou(models.Model):
    """A short public thank-you of the association on the actor's listing, once moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", _("À relire")
        PUBLISHED = "published", _("Publié")
        REJECTED = "rejected", _("Refusé")

    TRANSITIONS = {
        Status.PENDING: {Status.PUBLISHED, Status.REJECTED},
        Status.PUBLISHED: {Status.REJECTED},
        Status.REJECTED: set(),
    }

    request = models.OneToOneField(HelpRequest, on_delete=models.CASCADE, related_name="thank_you")
    place = models.ForeignKey("directory.Place", on_delete=models.CASCADE,
                              related_name="help_request_thanks", verbose_name=_("lieu"))
    organisation_name = models.CharField(_("association"), max_length=200)
    text = models.CharField(_("remerciement"), max_length=400)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices,
                              default=Status.PENDING, db_index=True)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("remerciement")
        verbose_name_plural = _("remerciements")

    def __str__(self):
        return f"{self.organisation_name} → {self.place}"

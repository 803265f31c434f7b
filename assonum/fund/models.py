"""The support fund: calls, applications and their review, supports by experts, payments.

Money: ``Application.staged_total`` (the sum of its staged payments) never exceeds
``amount_granted``; services stage a payment with ``take_within`` (one conditional UPDATE) and a
``CheckConstraint`` is the last line. Paid payments are a subset of the staged ones.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assonum.core.private_files import DOCUMENT_KINDS, PrivateFileField, UploadValidator

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class SupportKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Accompagnement individuel")
    COLLECTIVE = "collective", _("Accompagnement collectif")


class CallQuerySet(models.QuerySet):
    def open_on(self, day=None):
        day = day or timezone.localdate()
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class Call(models.Model):
    """An "appel à projets": dates, envelope, eligibility, priorities, grid, documents."""

    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True)
    summary = models.TextField(_("présentation"), max_length=4000)
    opens_on = models.DateField(_("ouvert le"))
    closes_on = models.DateField(_("clos le"))
    envelope = models.DecimalField(_("enveloppe (€)"), max_digits=12, decimal_places=2)
    # Eligibility
    seat_in_region = models.BooleanField(_("siège dans la région exigé"), default=True)
    diagnostic_within_months = models.PositiveSmallIntegerField(
        _("diagnostic fait depuis moins de (mois)"), null=True, blank=True)
    max_employees = models.PositiveIntegerField(_("salariés au plus"), null=True, blank=True)
    sectors = models.JSONField(_("secteurs admis (vide : tous)"), default=list, blank=True)
    # Priorities: points added to the weighted score (out of 100)
    rural_bonus = models.PositiveSmallIntegerField(_("bonus commune rurale"), default=0)
    small_bonus = models.PositiveSmallIntegerField(_("bonus petite association"), default=0)
    small_max_employees = models.PositiveSmallIntegerField(
        _("petite association : salariés au plus"), default=2)
    priority_sectors = models.JSONField(_("secteurs prioritaires"), default=list, blank=True)
    sector_bonus = models.PositiveSmallIntegerField(_("bonus secteur prioritaire"), default=0)
    first_bonus = models.PositiveSmallIntegerField(_("bonus première demande"), default=0)
    required_documents = models.JSONField(_("pièces demandées"), default=list, blank=True)
    support_kinds = models.JSONField(_("accompagnements proposés"), default=list)
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("appel à projets")
        verbose_name_plural = _("appels à projets")
        constraints = [models.CheckConstraint(
            condition=models.Q(closes_on__gte=models.F("opens_on")),
            name="fund_call_dates_in_order")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:call", args=[self.slug])

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def support_kind_labels(self):
        labels = dict(SupportKind.choices)
        return [labels.get(kind, kind) for kind in self.support_kinds]


class Criterion(models.Model):
    """One line of a call's scoring grid: a weight and a descriptor for each mark 0 to 4."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("critère"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("poids"), default=1)
    descriptors = models.JSONField(_("descripteurs de 0 à 4"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("critère")

    def __str__(self):
        return self.label


class ApplicationQuerySet(models.QuerySet):
    def granted(self):
        return self.filter(amount_granted__isnull=False, status__in=Application.GRANTED_STATES)


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposée")
        IN_REVIEW = "in_review", _("En instruction")
        COMPLEMENT = "complement", _("Complément demandé")
        ACCEPTED = "accepted", _("Acceptée")
        ACCEPTED_CONDITIONS = "accepted_conditions", _("Acceptée sous conditions")
        REFUSED = "refused", _("Refusée")
        IN_SUPPORT = "in_support", _("Accompagnement en cours")
        DONE = "done", _("Terminée")
        ABANDONED = "abandoned", _("Abandonnée")

    S = Status
    TRANSITIONS = {
        S.DRAFT: {S.SUBMITTED},                      # an administrator submits (eligibility)
        S.SUBMITTED: {S.IN_REVIEW},                  # staff open the review
        S.IN_REVIEW: {S.COMPLEMENT,                  # staff ask for a complement...
                      S.ACCEPTED, S.ACCEPTED_CONDITIONS, S.REFUSED},  # ...or decide
        S.COMPLEMENT: {S.SUBMITTED},                 # the association answers and submits again
        S.ACCEPTED: {S.IN_SUPPORT, S.ABANDONED},     # a support starts, or it never does
        S.ACCEPTED_CONDITIONS: {S.IN_SUPPORT, S.ABANDONED},
        S.REFUSED: set(),                            # final
        S.IN_SUPPORT: {S.DONE, S.ABANDONED},         # final report, or dropped on the way
        S.DONE: set(),                               # final
        S.ABANDONED: set(),                          # final
    }
    EDITABLE_STATES = {S.DRAFT, S.COMPLEMENT}
    DECIDED_STATES = {S.ACCEPTED, S.ACCEPTED_CONDITIONS, S.REFUSED, S.IN_SUPPORT, S.DONE,
                      S.ABANDONED}
    GRANTED_STATES = {S.ACCEPTED, S.ACCEPTED_CONDITIONS, S.IN_SUPPORT, S.DONE}
    REVIEW_STATES = {S.SUBMITTED, S.IN_REVIEW}

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("appel"))
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="fund_applications",
                                     verbose_name=_("association"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    status = models.CharField(_("état"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT, db_index=True)
    title = models.CharField(_("intitulé du projet"), max_length=200, blank=True)
    description = models.TextField(_("description du projet"), max_length=6000, blank=True)
    goals = models.TextField(_("objectifs de l'accompagnement"), max_length=3000, blank=True)
    support_kind = models.CharField(_("accompagnement souhaité"), max_length=20,
                                    choices=SupportKind.choices, blank=True)
    amount_requested = models.DecimalField(_("montant demandé (€)"), max_digits=10,
                                           decimal_places=2, null=True, blank=True,
                                           validators=[MinValueValidator(Decimal("1"))])
    budget = models.TextField(_("budget prévisionnel"), max_length=3000, blank=True)
    start_summary = models.JSONField(_("diagnostic de départ"), null=True, blank=True)
    end_summary = models.JSONField(_("diagnostic de fin"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    # Decision
    amount_granted = models.DecimalField(_("montant accordé (€)"), max_digits=10,
                                         decimal_places=2, null=True, blank=True)
    staged_total = models.DecimalField(_("total des versements prévus"), max_digits=10,
                                       decimal_places=2, default=Decimal("0"))
    conditions = models.TextField(_("conditions"), max_length=2000, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), max_length=2000, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    # Support
    support = models.ForeignKey("Support", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="applications", verbose_name=_("accompagnement"))
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1 à 5)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    satisfaction_comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    is_fictional = models.BooleanField(_("exemple fictif"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("demande d'aide")
        verbose_name_plural = _("demandes d'aide")
        constraints = [
            models.CheckConstraint(condition=models.Q(staged_total__gte=0),
                                   name="fund_staged_not_negative"),
            models.CheckConstraint(
                condition=models.Q(staged_total=0)
                | models.Q(staged_total__lte=models.F("amount_granted")),
                name="fund_staged_within_granted"),
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="fund_satisfaction_1_to_5"),
        ]

    def __str__(self):
        return f"{self.reference} — {self.organisation}"

    def get_absolute_url(self):
        return reverse("fund:application", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"FAN-{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else ""

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES


class Document(models.Model):
    """A private document of an application: outside the public media, served through perms."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="documents")
    label = models.CharField(_("intitulé de la pièce"), max_length=200)
    file = PrivateFileField(_("fichier"), upload_to="fund/%Y/%m/",
                            validators=[UploadValidator(kinds=DOCUMENT_KINDS,
                                                        max_bytes=MAX_DOCUMENT_BYTES)])
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("pièce")

    def __str__(self):
        return self.label


class Message(models.Model):
    """The thread between the association and staff; ``private`` notes are staff-only."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+")
    from_staff = models.BooleanField(default=False)
    private = models.BooleanField(_("note interne"), default=False)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.application_id}: {self.body[:40]}"


class Review(models.Model):
    """A committee member assigned to an application: conflict declaration, then scores."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                     related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="fund_reviews")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    # None: not declared yet; True: a conflict of interest (cannot see or score); False: none.
    conflict = models.BooleanField(_("conflit d'intérêts"), null=True, blank=True)
    conflict_note = models.CharField(_("précision"), max_length=500, blank=True)
    comment = models.TextField(_("avis"), max_length=4000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"],
                                               name="fund_one_review_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} → {self.application_id}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)])
    comment = models.CharField(max_length=1000, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="fund_one_score"),
            models.CheckConstraint(condition=models.Q(value__lte=4), name="fund_score_0_to_4"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.value}"


class AuditEvent(models.Model):
    """Who opened and who changed a file."""

    class Action(models.TextChoices):
        OPENED = "opened", _("a consulté le dossier")
        CHANGED = "changed", _("a modifié le dossier")
        DOWNLOADED = "downloaded", _("a téléchargé une pièce")

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="audit_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()}"


class Expert(models.Model):
    """A directory actor that staff approved for the fund; its members log sessions."""

    place = models.OneToOneField("directory.Place", on_delete=models.CASCADE,
                                 related_name="fund_expert", verbose_name=_("acteur"))
    approved = models.BooleanField(_("agréé pour le fonds"), default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("expert du fonds")
        verbose_name_plural = _("experts du fonds")

    def __str__(self):
        return self.place.nom


class Support(models.Model):
    """An individual (one association) or collective (a cohort) support by experts."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="supports")
    kind = models.CharField(_("type"), max_length=20, choices=SupportKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    experts = models.ManyToManyField(Expert, related_name="supports", verbose_name=_("experts"))
    final_report = models.TextField(_("bilan final"), max_length=6000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("accompagnement")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("fund:support", args=[self.pk])


class Session(models.Model):
    support = models.ForeignKey(Support, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(600)])
    content = models.TextField(_("contenu"), max_length=3000)
    logged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(duration_minutes__gte=15),
                                              name="fund_session_duration")]

    def __str__(self):
        return f"{self.support} {self.starts_at:%d/%m/%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="attendances")
    present = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "application"],
                                               name="fund_one_attendance")]

    def __str__(self):
        return f"{self.session_id} {self.application_id}"


class Payment(models.Model):
    class Payee(models.TextChoices):
        ASSOCIATION = "association", _("à l'association")
        EXPERT = "expert", _("à l'expert")

    application = models.ForeignKey(Application, on_delete=models.PROTECT,
                                    related_name="payments")
    payee = models.CharField(_("bénéficiaire"), max_length=12, choices=Payee.choices)
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="payments")
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    due_on = models.DateField(_("échéance"))
    paid_on = models.DateField(_("versé le"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_payment_positive"),
            models.CheckConstraint(
                condition=~models.Q(payee="expert") | models.Q(expert__isnull=False),
                name="fund_expert_payment_has_expert"),
        ]

    def __str__(self):
        return f"{self.amount} € ({self.due_on})"

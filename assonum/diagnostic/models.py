"""The digital-maturity diagnostic: an editable questionnaire, frozen versions, diagnostics.

Staff edit the *draft* referential (``Theme``, ``Question`` with its ``Choice`` rows,
``Measure``) in the back office. Publishing (``services.publish_version``) freezes it into a
``QuestionnaireVersion`` holding a JSON snapshot. A ``Diagnostic`` points to the version it was
taken with and only ever reads that snapshot, so editing or publishing never changes an old
result (MonAideCyber's rule; Recoco lost past answers when its questionnaire changed).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from assonum.directory import vocabularies


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").replace(";", ",").split(",") if part.strip()]


class Theme(models.Model):
    """A theme of the draft questionnaire (communication, security, digital divide...)."""

    slug = models.SlugField(
        _("identifiant"),
        max_length=60,
        unique=True,
        help_text=_("Stable : il relie les résultats d'une version à l'autre."),
    )
    label = models.CharField(_("intitulé"), max_length=120)
    order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    intro = models.TextField(_("présentation"), blank=True)
    needs = models.CharField(
        _("besoins de la boîte à outils"),
        max_length=300,
        blank=True,
        help_text=_(
            "Identifiants des besoins (séparés par des virgules) dont les outils et les "
            "fiches pratiques sont proposés quand ce thème est faible."
        ),
    )
    services = models.JSONField(
        _("services de l'annuaire"),
        default=list,
        blank=True,
        help_text=_(
            "Services (vocabulaire national) des acteurs proposés quand ce thème est faible."
        ),
    )
    offers = models.JSONField(
        _("offres de l'annuaire"),
        default=list,
        blank=True,
        help_text=_("Offres aux associations (formation, accompagnement...) des acteurs proposés."),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("slug"),
        FieldPanel("order"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("needs"), FieldPanel("services"), FieldPanel("offers")],
            heading=_("Recommandations quand le thème est faible"),
        ),
    ]

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("thème du diagnostic")
        verbose_name_plural = _("thèmes du diagnostic")

    def __str__(self):
        return self.label

    def clean(self):
        errors = {}
        unknown = [s for s in self.services or [] if s not in vocabularies.SERVICES]
        if unknown:
            errors["services"] = _("Services inconnus du vocabulaire de l'annuaire : %(v)s") % {
                "v": ", ".join(map(str, unknown))
            }
        unknown = [s for s in self.offers or [] if s not in vocabularies.OFFERS]
        if unknown:
            errors["offers"] = _("Offres inconnues : %(v)s") % {"v": ", ".join(map(str, unknown))}
        if errors:
            raise ValidationError(errors)

    @property
    def need_slugs(self):
        return _split(self.needs)


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Choix unique")
        MULTIPLE = "multiple", _("Choix multiple")
        SCALE = "scale", _("Échelle de 0 à 4")

    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="questions", verbose_name=_("thème")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("pourquoi cette question ?"), blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    weight = models.PositiveSmallIntegerField(
        _("poids"),
        default=2,
        validators=[MaxValueValidator(3)],
        help_text=_("De 0 (non compté dans le score) à 3 (très important)."),
    )
    key = models.SlugField(
        _("clé stable"),
        max_length=40,
        blank=True,
        help_text=_(
            "Pour l'observatoire : « outils » (les outils utilisés) ou « difficultes » "
            "(les difficultés rencontrées). Laisser vide sinon."
        ),
    )
    active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Décochée, la question n'entre pas dans la prochaine version."),
    )

    panels = [
        FieldPanel("theme"),
        FieldPanel("order"),
        FieldPanel("text"),
        FieldPanel("help_text"),
        FieldPanel("kind"),
        FieldPanel("weight"),
        FieldPanel("key"),
        FieldPanel("active"),
        InlinePanel("choices", heading=_("Réponses possibles"), min_num=1, label=_("réponse")),
    ]

    class Meta:
        ordering = ["theme__order", "order", "pk"]
        verbose_name = _("question du diagnostic")
        verbose_name_plural = _("questions du diagnostic")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="diagnostic_question_unique_key"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__lte=3), name="diagnostic_question_weight_0_3"
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def max_score(self) -> int:
        return 4 if self.kind == self.Kind.SCALE else 3


class Choice(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("réponse"), max_length=200)
    score = models.PositiveSmallIntegerField(
        _("score"),
        default=0,
        validators=[MaxValueValidator(4)],
        help_text=_("De 0 à 3 (de 0 à 4 pour une échelle) : plus c'est haut, mieux c'est."),
    )
    tags = models.CharField(
        _("mesures déclenchées"),
        max_length=300,
        blank=True,
        help_text=_(
            "Identifiants des mesures (séparés par des virgules) que cette réponse déclenche."
        ),
    )

    panels = [FieldPanel("label"), FieldPanel("score"), FieldPanel("tags")]

    class Meta(Orderable.Meta):
        verbose_name = _("réponse possible")

    def __str__(self):
        return self.label

    @property
    def tag_list(self):
        return _split(self.tags)


class Measure(models.Model):
    """A recommendation that tagged answers trigger ("Sauvegardez vos fichiers...")."""

    slug = models.SlugField(_("identifiant"), max_length=60, unique=True)
    theme = models.ForeignKey(
        Theme, on_delete=models.CASCADE, related_name="measures", verbose_name=_("thème")
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("en clair : quoi faire"))
    priority = models.PositiveSmallIntegerField(
        _("priorité"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text=_("1 : à faire en premier ; 3 : quand le reste est fait."),
    )
    needs = models.CharField(_("besoins de la boîte à outils"), max_length=300, blank=True)
    services = models.JSONField(_("services de l'annuaire"), default=list, blank=True)
    offers = models.JSONField(_("offres de l'annuaire"), default=list, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("theme"),
        FieldPanel("text"),
        FieldPanel("priority"),
        FieldPanel("needs"),
        FieldPanel("services"),
        FieldPanel("offers"),
    ]

    class Meta:
        ordering = ["priority", "slug"]
        verbose_name = _("mesure recommandée")
        verbose_name_plural = _("mesures recommandées")

    def __str__(self):
        return self.title

    @property
    def need_slugs(self):
        return _split(self.needs)


class QuestionnaireVersionQuerySet(models.QuerySet):
    def current(self):
        return self.order_by("-number").first()


class QuestionnaireVersion(models.Model):
    """A published, frozen copy of the questionnaire (never edited once created)."""

    number = models.PositiveIntegerField(_("numéro"), unique=True)
    published_at = models.DateTimeField(_("publiée le"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publiée par"),
    )
    note = models.CharField(_("ce qui change"), max_length=300, blank=True)
    snapshot = models.JSONField(_("questionnaire figé"))

    objects = QuestionnaireVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("version publiée du questionnaire")
        verbose_name_plural = _("versions publiées du questionnaire")

    def __str__(self):
        return _("Version %(n)s") % {"n": self.number}

    @property
    def question_count(self):
        return sum(len(t["questions"]) for t in self.snapshot.get("themes", []))

    @property
    def theme_count(self):
        return len(self.snapshot.get("themes", []))


def new_token():
    return secrets.token_urlsafe(24)


class DiagnosticQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status=Diagnostic.Status.COMPLETED)

    def in_progress(self):
        return self.filter(status=Diagnostic.Status.IN_PROGRESS)

    def latest_per_organisation(self):
        """The latest completed diagnostic of each organisation (one subquery)."""
        latest = (
            Diagnostic.objects.completed()
            .filter(organisation=models.OuterRef("organisation"))
            .order_by("-completed_at", "-pk")
            .values("pk")[:1]
        )
        return self.completed().filter(organisation__isnull=False, pk=models.Subquery(latest))


class Diagnostic(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("En cours")
        COMPLETED = "completed", _("Terminé")

    TRANSITIONS = {
        Status.IN_PROGRESS: {Status.COMPLETED},
        Status.COMPLETED: set(),
    }

    version = models.ForeignKey(
        QuestionnaireVersion,
        on_delete=models.PROTECT,
        related_name="diagnostics",
        verbose_name=_("version"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="diagnostics",
        verbose_name=_("association"),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diagnostics_started",
        verbose_name=_("commencé par"),
    )
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS, db_index=True
    )
    # {"<question id>": {"choices": [<choice id>...], "unknown": bool}}
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    current_theme = models.PositiveSmallIntegerField(_("dernier thème vu"), default=1)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    started_at = models.DateTimeField(_("commencé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("enregistré le"), auto_now=True)
    completed_at = models.DateTimeField(_("terminé le"), null=True, blank=True, db_index=True)
    overall = models.PositiveSmallIntegerField(_("score global"), null=True, blank=True)
    unknown_count = models.PositiveSmallIntegerField(_("« je ne sais pas »"), default=0)
    unanswered_count = models.PositiveSmallIntegerField(_("sans réponse"), default=0)

    objects = DiagnosticQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_at", "-started_at"]
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall__lte=100), name="diagnostic_overall_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="completed") | models.Q(completed_at__isnull=False),
                name="diagnostic_completed_has_date",
            ),
        ]

    def __str__(self):
        who = self.organisation.name if self.organisation_id else _("anonyme")
        return _("Diagnostic n° %(pk)s (%(who)s)") % {"pk": self.pk, "who": who}

    def get_absolute_url(self):
        if self.is_completed:
            return reverse("diagnostic:result", args=[self.pk])
        return reverse("diagnostic:theme", args=[self.pk, self.current_theme or 1])

    @property
    def is_completed(self):
        return self.status == self.Status.COMPLETED


class ThemeResult(models.Model):
    """A theme's score in a completed diagnostic (what the observatory aggregates in SQL)."""

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="theme_results"
    )
    position = models.PositiveSmallIntegerField(default=0)
    theme_slug = models.SlugField(max_length=60)
    theme_label = models.CharField(max_length=120)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    answered = models.PositiveSmallIntegerField(default=0)
    unknown = models.PositiveSmallIntegerField(default=0)
    unanswered = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "theme_slug"], name="diagnostic_theme_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(score__lte=100), name="diagnostic_theme_score_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.theme_label}: {self.score}"


class SelectedAnswer(models.Model):
    """A chosen answer of a keyed question ("outils", "difficultes"), for the observatory."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="selected")
    question_key = models.SlugField(max_length=40, db_index=True)
    label = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "question_key", "label"], name="diagnostic_selected_unique"
            )
        ]

    def __str__(self):
        return f"{self.question_key}: {self.label}"


class FollowUp(models.Model):
    """Where the association stands with one recommendation of one diagnostic."""

    class Status(models.TextChoices):
        TODO = "todo", _("À faire")
        DOING = "doing", _("En cours")
        DONE = "done", _("Fait")
        NOT_FOR_US = "not_for_us", _("Pas pour nous")

    TRANSITIONS = {
        Status.TODO: {Status.DOING, Status.DONE, Status.NOT_FOR_US},
        Status.DOING: {Status.TODO, Status.DONE, Status.NOT_FOR_US},
        Status.DONE: {Status.TODO, Status.DOING, Status.NOT_FOR_US},
        Status.NOT_FOR_US: {Status.TODO, Status.DOING, Status.DONE},
    }

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="follow_ups")
    measure_slug = models.SlugField(max_length=60)
    status = models.CharField(
        _("suivi"), max_length=20, choices=Status.choices, default=Status.TODO
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("suivi d'une recommandation")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "measure_slug"], name="diagnostic_follow_up_unique"
            )
        ]

    def __str__(self):
        return f"{self.measure_slug}: {self.get_status_display()}"


class ShareQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Share(models.Model):
    """The association's recorded consent to show one result to one named expert or staff member."""

    diagnostic = models.ForeignKey(Diagnostic, on_delete=models.CASCADE, related_name="shares")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="diagnostic_shares_received",
        verbose_name=_("partagé avec"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accordé par"),
    )
    consent_text = models.TextField(_("consentement donné"))
    granted_at = models.DateTimeField(_("accordé le"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("partage d'un diagnostic")
        constraints = [
            models.UniqueConstraint(
                fields=["diagnostic", "recipient"],
                condition=models.Q(revoked_at__isnull=True),
                name="diagnostic_one_active_share",
            )
        ]

    def __str__(self):
        return str(self.recipient)

"""Newsletter: topics, subscribers (with their recorded consent) and the issues staff write.

Pages (Wagtail):

- ``NewsletterSectionPage`` (slug ``lettre``) only exists so that the archive is served at
  ``/lettre/archives/``. Its own URL ``/lettre/`` is shadowed by the Django subscribe view
  (Django URL patterns are matched before Wagtail's catch-all), so it redirects there if ever
  served (for example in a preview) and is left out of the sitemap.
- ``NewsletterArchivePage`` (slug ``archives``): the public list of sent issues.
- ``NewsletterIssuePage``: one issue ("numéro"); its StreamField may hold digest blocks that
  fill themselves with what is new since the previous issue (see ``rendering.py``).
"""

import secrets
from datetime import datetime, time

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from assonum.core.blocks import RICH_TEXT_FEATURES


def digest_kinds():
    """The kinds of assonum.core.digest.DigestItem that apps declare (``Plugin(digest=...)``)."""
    from assonum.core.plugins import digest_kinds as declared

    return declared()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class TopicQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Topic(models.Model):
    """A theme readers choose; staff manage the list. It says which digest items it matches."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("proposé aux lecteurs"), default=True)
    match_kinds = models.CharField(
        _("types de nouveautés"), max_length=200, blank=True,
        help_text=_("Types de contenus repris dans les résumés automatiques, séparés par des "
                    "virgules : tool, guide, story, place, event, offer, fund."),
    )
    match_tags = models.CharField(
        _("mots-clés"), max_length=500, blank=True,
        help_text=_("Mots-clés (besoins, thèmes) repris dans les résumés, séparés par des "
                    "virgules."),
    )

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")

    def __str__(self):
        return self.name

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(_split(self.match_kinds))

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(_split(self.match_tags))


class SubscriberQuerySet(models.QuerySet):
    def sendable(self):
        """Who may receive an issue: confirmed and active (not paused, not unsubscribed)."""
        return self.filter(status=Subscriber.Status.ACTIVE, confirmed_at__isnull=False)

    def for_segment(self, *, topic_ids=(), department_codes=()):
        """Subscribers concerned by a segment. An empty criterion means everyone; a reader who
        chose no topic (or no department) is interested in all of them, so is always included."""
        queryset = self
        if topic_ids:
            queryset = queryset.filter(
                models.Q(topics__in=topic_ids) | models.Q(topics__isnull=True)
            )
        if department_codes:
            queryset = queryset.filter(
                models.Q(departments__in=department_codes) | models.Q(departments__isnull=True)
            )
        if topic_ids or department_codes:
            queryset = queryset.distinct()
        return queryset

    def by_email(self, email: str):
        return self.filter(email__iexact=email.strip())


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    """One email address and what it wants to receive.

    After unsubscribing only a minimal suppression record remains (email, token, status and
    dates): it keeps the one-click link working and stops any mailing already prepared.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de confirmation")
        ACTIVE = "active", _("abonné")
        PAUSED = "paused", _("en pause")
        UNSUBSCRIBED = "unsubscribed", _("désabonné")

    # Allowed state changes (from -> set of to).
    TRANSITIONS = {
        Status.PENDING: {Status.ACTIVE, Status.UNSUBSCRIBED},
        Status.ACTIVE: {Status.PAUSED, Status.UNSUBSCRIBED},
        Status.PAUSED: {Status.ACTIVE, Status.UNSUBSCRIBED},
        Status.UNSUBSCRIBED: {Status.PENDING},
    }

    email = models.EmailField(_("adresse e-mail"), max_length=254)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers",
                                    verbose_name=_("thèmes"))
    departments = models.ManyToManyField(
        "territory.Department", blank=True, related_name="newsletter_subscribers",
        verbose_name=_("départements"),
    )
    created_at = models.DateTimeField(_("inscrit le"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désabonné le"), null=True, blank=True)
    # Last change of status: the retention rules count from it.
    status_changed_at = models.DateTimeField(_("état changé le"), default=timezone.now,
                                             db_index=True)
    # Consent record (CNIL): when, where, which wording the person agreed to.
    consent_at = models.DateTimeField(_("date du consentement"), null=True, blank=True)
    consent_source = models.CharField(_("page d'inscription"), max_length=500, blank=True)
    consent_wording_version = models.CharField(_("version du texte"), max_length=20, blank=True)
    consent_text = models.TextField(_("texte accepté"), blank=True)
    # Secret of the links in every email (preferences, one-click unsubscribe, confirmation).
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    hard_bounces = models.PositiveSmallIntegerField(_("rejets définitifs"), default=0)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("abonné")
        verbose_name_plural = _("abonnés")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="newsletter_subscriber_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_sendable(self) -> bool:
        return self.status == self.Status.ACTIVE and self.confirmed_at is not None

    def linked_user(self):
        """The user account with the same email address, if any."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(email__iexact=self.email).first()


# --- Pages -----------------------------------------------------------------------------------


class DigestBlock(blocks.StructBlock):
    """Fills itself with what is new since the previous issue, filtered per reader."""

    title = blocks.CharBlock(label=_("Titre"), default="Les nouveautés")
    kinds = blocks.MultipleChoiceBlock(
        choices=digest_kinds, required=False, label=_("Types de contenus"),
        help_text=_("Rien de coché : tous les types."),
    )
    max_items = blocks.IntegerBlock(label=_("Nombre maximum"), default=8, min_value=1,
                                    max_value=30)

    class Meta:
        icon = "list-ul"
        label = _("Résumé automatique des nouveautés")


class IssueBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))
    image = ImageBlock(label=_("Image"))
    digest = DigestBlock()

    class Meta:
        label = _("Contenu")


class NewsletterSectionPage(Page):
    """Parent of the archive, so that it lives at /lettre/archives/ (see the module docstring)."""

    max_count = 1
    subpage_types = ["newsletter.NewsletterArchivePage"]
    parent_page_types = ["core.HomePage"]

    class Meta:
        verbose_name = _("rubrique lettre d'information")

    def serve(self, request, *args, **kwargs):
        return redirect("newsletter:subscribe")

    def get_sitemap_urls(self, request=None):
        return []  # its URL is the subscribe view, listed by newsletter.sitemaps


class NewsletterArchivePage(Page):
    intro = models.CharField(_("chapeau"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["newsletter.NewsletterSectionPage"]
    subpage_types = ["newsletter.NewsletterIssuePage"]
    PER_PAGE = 20

    class Meta:
        verbose_name = _("archives de la lettre")

    def get_context(self, request, *args, **kwargs):
        from assonum.core.listing import derived_page

        context = super().get_context(request, *args, **kwargs)
        issues = (
            NewsletterIssuePage.objects.live().public().child_of(self)
            .order_by("-issue_date", "-number")
        )
        # The issues' keys and the page's issues, kept until a page changes (publishing one).
        context["page_obj"] = derived_page("newsletter-issues", (self.pk,), issues,
                                           request.GET.get("page"), self.PER_PAGE,
                                           keep_rows=True, request=request)
        return context


class NewsletterIssuePage(Page):
    class SendStatus(models.TextChoices):
        DRAFT = "draft", _("pas encore envoyé")
        SCHEDULED = "scheduled", _("envoi programmé")
        SENDING = "sending", _("envoi en cours")
        SENT = "sent", _("envoyé")

    WORKFLOW_STATE_FIELD = "send_status"
    TRANSITIONS = {
        SendStatus.DRAFT: {SendStatus.SCHEDULED, SendStatus.SENDING},
        SendStatus.SCHEDULED: {SendStatus.SCHEDULED, SendStatus.SENDING},  # a new date
        SendStatus.SENDING: {SendStatus.SENT},
        SendStatus.SENT: set(),
    }

    number = models.PositiveIntegerField(_("numéro"))
    issue_date = models.DateField(_("date du numéro"), default=timezone.localdate)
    intro = models.TextField(_("chapeau"), blank=True, max_length=1000)
    body = StreamField(IssueBodyBlock(), blank=True, verbose_name=_("contenu"))
    # Segment: who receives it. Empty means everyone.
    segment_topics = ParentalManyToManyField(
        Topic, blank=True, related_name="+", verbose_name=_("thèmes visés"),
        help_text=_("Vide : tous les abonnés."),
    )
    segment_departments = ParentalManyToManyField(
        "territory.Department", blank=True, related_name="+", verbose_name=_("départements visés"),
        help_text=_("Vide : tous les départements."),
    )
    scheduled_at = models.DateTimeField(_("envoi programmé le"), null=True, blank=True)
    send_status = models.CharField(
        _("état de l'envoi"), max_length=20, choices=SendStatus.choices,
        default=SendStatus.DRAFT, editable=False,
    )
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("number"), FieldPanel("issue_date")], heading=_("Numéro")),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("segment_topics"), FieldPanel("segment_departments")],
            heading=_("Destinataires"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["newsletter.NewsletterArchivePage"]
    subpage_types: list[str] = []
    template = "newsletter/newsletter_issue_page.html"

    class Meta:
        verbose_name = _("numéro de la lettre")
        verbose_name_plural = _("numéros de la lettre")

    def __str__(self):
        return self.title

    @property
    def source_ref(self) -> str:
        """How the mailings engine refers to this issue."""
        return f"newsletter.issue:{self.pk}"

    def previous_issue(self):
        return (
            NewsletterIssuePage.objects.live().exclude(pk=self.pk)
            .filter(issue_date__lte=self.issue_date, number__lt=self.number)
            .order_by("-issue_date", "-number")
            .first()
        )

    def digest_window(self) -> tuple[datetime | None, datetime]:
        """(since, until) of the digest: from the previous issue to this one's sending."""
        previous = self.previous_issue()
        since = None
        if previous is not None:
            since = previous.sent_at or timezone.make_aware(
                datetime.combine(previous.issue_date, time.min)
            )
        until = self.sent_at or timezone.now()
        return since, until

    def get_context(self, request, *args, **kwargs):
        from assonum.core.page_cache import derived

        from .rendering import body_parts, digest_bounds

        context = super().get_context(request, *args, **kwargs)
        # On the web, every digest block shows its newest items (no reader to filter for).
        # A sent issue's window is closed: its window and items are kept until a page or a
        # record changes.
        sent = self.sent_at is not None
        bounds = (derived("newsletter-bounds", self.pk, lambda: digest_bounds(self), request)
                  if sent else None)
        context["body_parts"] = body_parts(self, topics=None, department_codes=None,
                                           keep=sent, bounds=bounds)
        return context

    def serve_preview(self, request, mode_name):
        """Back-office preview: the email as a reader who chose nothing would receive it."""
        if mode_name == "email":
            from django.http import HttpResponse

            from .rendering import render_issue

            message = render_issue(self, topic_slugs=(), department_codes=())
            return HttpResponse(message.html)
        return super().serve_preview(request, mode_name)

    @property
    def preview_modes(self):
        return [("", _("Page web")), ("email", _("E-mail"))]

    @property
    def site_url(self) -> str:
        return settings.SITE_URL

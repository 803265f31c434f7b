"""Stories: testimonials and innovative projects of associations, with the tools they use."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from .blocks import StoryBodyBlock

STORIES_PER_PAGE = 20


class StoryTheme(models.Model):
    """A theme of the stories (rural life, free software, third places...): a list staff edit."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=100)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thème des témoignages")
        verbose_name_plural = _("thèmes des témoignages")

    def __str__(self):
        return self.name


class StoryKind(models.TextChoices):
    TESTIMONIAL = "temoignage", _("Témoignage")
    PROJECT = "projet", _("Projet innovant")


class StoryPageQuerySet(PageQuerySet):
    def for_listing(self):
        """What a list of stories shows, in a fixed number of queries."""
        return (
            self.select_related("organisation", "commune", "department")
            .prefetch_related("themes")
            .order_by("-first_published_at", "-pk")
        )


StoryPageManager = PageManager.from_queryset(StoryPageQuerySet)


class StoryIndexPage(Page):
    """``/temoignages/``: the stories, filterable by theme, department and kind."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["stories.StoryPage"]
    parent_page_types = ["core.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des témoignages")

    def get_context(self, request, *args, **kwargs):
        from assonum.core.listing import derived_page
        from assonum.territory.models import Department

        context = super().get_context(request, *args, **kwargs)
        stories = StoryPage.objects.child_of(self).live().public().for_listing()
        themes = list(StoryTheme.objects.all())
        departments = Department.of_region()
        current = {
            "theme": request.GET.get("theme", ""),
            "departement": request.GET.get("departement", ""),
            "type": request.GET.get("type", ""),
        }
        if current["theme"] in {t.slug for t in themes}:
            stories = stories.filter(themes__slug=current["theme"])
        else:
            current["theme"] = ""
        if current["departement"] in {d.code for d in departments}:
            stories = stories.filter(department_id=current["departement"])
        else:
            current["departement"] = ""
        if current["type"] in StoryKind.values:
            stories = stories.filter(kind=current["type"])
        else:
            current["type"] = ""
        # The matching stories' keys are kept until a page changes; the page's rows are
        # fetched by key, with what their cards show.
        context["page_obj"] = derived_page(
            "stories-results", (self.pk, sorted(current.items())), stories.order_by(
                "-first_published_at", "-pk"), request.GET.get("page"), STORIES_PER_PAGE,
            keep_rows=True, request=request)
        context["stories"] = context["page_obj"].object_list
        context["themes"] = themes
        context["departments"] = departments
        context["kinds"] = StoryKind.choices
        context["current"] = current
        context["is_filtered"] = any(current.values())
        return context


class StoryPage(Page):
    """One story: who, where, what they did, with which tools, in their own words."""

    kind = models.CharField(_("nature"), max_length=20, choices=StoryKind.choices,
                            default=StoryKind.TESTIMONIAL, db_index=True)
    summary = models.CharField(_("résumé"), max_length=300,
                               help_text=_("Une ou deux phrases, affichées dans les listes."))
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stories", verbose_name=_("organisation"),
        help_text=_("Si l'organisation a une fiche sur le site, la page y renverra."),
    )
    organisation_name = models.CharField(
        _("nom de l'organisation (sans fiche)"), max_length=200, blank=True,
        help_text=_("À remplir si l'organisation n'a pas de fiche sur le site."),
    )
    commune = models.ForeignKey(
        "territory.Commune", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stories", verbose_name=_("commune"),
    )
    department = models.ForeignKey(
        "territory.Department", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="stories", verbose_name=_("département"),
        help_text=_("Rempli d'après la commune ; à choisir seulement pour un projet sans "
                    "commune précise (par exemple tout un Pays)."),
    )
    themes = ParentalManyToManyField(StoryTheme, blank=True, related_name="stories",
                                     verbose_name=_("thèmes"))
    tools = ParentalManyToManyField("toolbox.ToolPage", related_name="stories", blank=True,
                                    verbose_name=_("outils utilisés"))
    is_fictional = models.BooleanField(
        _("exemple fictif"), default=False,
        help_text=_("Affiche clairement « Exemple fictif » sur la page et dans les listes."),
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("contenu"))

    objects = StoryPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("organisation_name"),
             FieldPanel("commune"), FieldPanel("department")],
            heading=_("Qui et où"),
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tools"),
        FieldPanel("is_fictional"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("organisation_name"),
        index.SearchField("search_stems"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
        index.RelatedFields("commune", [index.SearchField("name")]),
        index.FilterField("kind"),
        index.FilterField("department"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("témoignage")
        verbose_name_plural = _("témoignages")

    def clean(self):
        super().clean()
        self._sync_department()

    def save(self, *args, **kwargs):
        self._sync_department()
        return super().save(*args, **kwargs)

    def _sync_department(self):
        if self.commune_id:
            self.department_id = self.commune.department_id

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_name

    @property
    def organisation_url(self) -> str:
        """The organisation's public profile, when the organisations app gives it one."""
        if not self.organisation_id:
            return ""
        get_url = getattr(self.organisation, "get_absolute_url", None)
        if get_url is None:
            return ""
        try:
            return get_url() or ""
        except Exception:  # noqa: BLE001 - a profile page that does not exist (yet) is no link
            return ""

    def search_stems(self):
        """Accent-free, crudely stemmed words for the SQLite fallback (see toolbox.normalize)."""
        from assonum.core.search import search_stems

        body = " ".join(self.body.stream_block.get_searchable_content(self.body))
        where = self.commune.name if self.commune_id else ""
        return search_stems(" ".join([self.title, self.summary, body, self.organisation_label,
                                      where]))

    def get_context(self, request, *args, **kwargs):
        from assonum.core.page_cache import derived

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the relations being edited, in memory
            context.update(self._related())
        else:  # published pages only: kept until a page, a theme or a proposal changes
            context.update(derived("story-page", (self.pk, request.get_host()), self._related,
                                   request))
        context["has_video"] = any(block.block_type == "video" for block in self.body)
        return context

    def _related(self) -> dict:
        """What the page shows from other records: its themes, tools and who proposed it (the
        signature only: the proposal's personal data never goes into the cache)."""
        proposal = StoryProposal.objects.filter(page=self).only("signature").first()
        return {
            "themes": list(self.themes.all()),
            # filter(live=True) rather than .live(): previews give an in-memory relation.
            "tools": list(self.tools.filter(live=True).order_by("title")),
            "proposed_by": proposal.signed_as if proposal else "",
        }


class StoryProposalQuerySet(models.QuerySet):
    def of(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(proposed_by=user)


class StoryProposal(models.Model):
    """Who proposed a story through the public form, with their consent, and what they were told.

    Kept apart from the page so that revisions never carry personal data, and so that the
    notifications sent to the author are recorded once (a republication sends nothing).
    """

    page = models.OneToOneField(StoryPage, on_delete=models.CASCADE, related_name="proposal",
                                verbose_name=_("témoignage"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="story_proposals", verbose_name=_("proposé par"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="story_proposals", verbose_name=_("au nom de"),
    )
    signature = models.CharField(_("signature"), max_length=200, blank=True,
                                 help_text=_("Le nom affiché sous le témoignage."))
    consent_text = models.TextField(_("texte de l'accord donné"))
    consent_at = models.DateTimeField(_("accord donné le"))
    created_at = models.DateTimeField(_("proposé le"), auto_now_add=True)
    published_notified_at = models.DateTimeField(_("auteur prévenu de la publication le"),
                                                 null=True, blank=True)
    rejected_at = models.DateTimeField(_("renvoyé à l'auteur le"), null=True, blank=True)
    rejection_comment = models.TextField(_("commentaire de la relecture"), blank=True,
                                         max_length=5000)

    objects = StoryProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposition de témoignage")
        verbose_name_plural = _("propositions de témoignages")

    def __str__(self):
        return str(self.page)

    @property
    def signed_as(self) -> str:
        return self.signature or str(_("un membre de l'association"))

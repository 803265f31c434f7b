"""The toolbox: tools organised by the needs of an association, and practical guides."""

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Case, IntegerField, Value, When
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageQuerySet
from wagtail.search import index

from assonum.core.blocks import RICH_TEXT_FEATURES
from assonum.core.plugins import call_each
from assonum.core.search import search_stems

from .blocks import GuideBodyBlock, LinkBlock


class Need(models.Model):
    """A need of an association (communicate, raise funds...): the toolbox's main entry."""

    name = models.CharField(_("nom"), max_length=120, unique=True)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=100)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order"),
              FieldPanel("description")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("besoin")
        verbose_name_plural = _("besoins")

    def __str__(self):
        return self.name


class Licence(models.TextChoices):
    FREE_SOFTWARE = "libre", _("Logiciel libre")
    FREE_OF_CHARGE = "gratuit", _("Gratuit mais propriétaire")
    FREEMIUM = "freemium", _("Gratuit pour l'essentiel, options payantes")
    PAID = "payant", _("Payant")


class CostBand(models.TextChoices):
    FREE = "gratuit", _("Gratuit")
    LOW = "moins-10", _("Moins de 10 € par mois")
    MORE = "plus", _("10 € par mois ou plus")


class Hosting(models.TextChoices):
    SELF = "auto-heberge", _("Auto-hébergé (sur votre serveur)")
    CHATONS = "chatons", _("Chez un hébergeur associatif (collectif CHATONS)")
    EU = "ue", _("Dans l'Union européenne")
    OUTSIDE_EU = "hors-ue", _("Hors de l'Union européenne")


class Difficulty(models.TextChoices):
    BEGINNER = "debutant", _("Débutant")
    INTERMEDIATE = "intermediaire", _("Intermédiaire")
    ADVANCED = "avance", _("Avancé")


# What a tool's card shows (toolbox/includes/tool_card.html), and what its URL needs.
CARD_FIELDS = ("title", "slug", "url_path", "path", "depth", "locale_id", "content_type_id",
               "live", "summary", "licence", "cost_band", "difficulty")


class ToolIndexPage(Page):
    """``/boite-a-outils/``: the filterable list of tools."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["toolbox.ToolPage"]
    parent_page_types = ["core.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des outils")

    def get_context(self, request, *args, **kwargs):
        from assonum.core.listing import derived_page, query_without_page

        from .filters import ToolFilter

        context = super().get_context(request, *args, **kwargs)
        tool_filter = ToolFilter(request.GET, parent=self)
        context["filter"] = tool_filter
        context["filters_key"] = query_without_page(request)
        context["facets"] = tool_filter.compute_counts()
        context["page_obj"] = derived_page(
            "toolbox-results", (self.pk, tool_filter.parts()), tool_filter.results(),
            request.GET.get("page"), 20, fetch=lambda rows: rows.only(*CARD_FIELDS),
            keep_rows=True, request=request)
        context["tools"] = context["page_obj"].object_list
        return context

    def get_template(self, request, *args, **kwargs):
        if request.headers.get("HX-Request") and not request.headers.get("HX-Boosted"):
            return "toolbox/includes/tool_results.html"
        return super().get_template(request, *args, **kwargs)

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


class ToolPageQuerySet(PageQuerySet):
    def free_software_first(self):
        return self.annotate(
            licence_rank=Case(
                When(licence=Licence.FREE_SOFTWARE, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        ).order_by("licence_rank", "title")


ToolPageManager = PageManager.from_queryset(ToolPageQuerySet)


class ToolPage(Page):
    """One tool: what it is for, what it costs, where the data lives, its free alternatives."""

    summary = models.CharField(_("résumé en une ligne"), max_length=200)
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    needs = ParentalManyToManyField(Need, blank=True, related_name="tools",
                                    verbose_name=_("besoins"))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices,
                               default=Licence.FREE_SOFTWARE, db_index=True)
    cost = models.CharField(_("coût pour une association"), max_length=250, blank=True,
                            help_text=_("Par exemple : « Gratuit jusqu'à 10 membres, "
                                        "puis 4 € par mois »."))
    cost_band = models.CharField(_("tranche de coût"), max_length=20, choices=CostBand.choices,
                                 default=CostBand.FREE, db_index=True)
    hosting = models.CharField(_("hébergement des données"), max_length=20, choices=Hosting.choices,
                               default=Hosting.EU, db_index=True)
    difficulty = models.CharField(_("difficulté"), max_length=20, choices=Difficulty.choices,
                                  default=Difficulty.BEGINNER, db_index=True)
    website = models.URLField(_("site web"), blank=True)
    free_alternatives = ParentalManyToManyField(
        "self", symmetrical=False, blank=True, related_name="alternative_to",
        verbose_name=_("alternatives libres"),
        help_text=_("Les logiciels libres qui rendent le même service. Ils afficheront "
                    "« Alternative libre à » cet outil."),
    )
    tutorials = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("tutoriels"))
    privacy_notes = models.TextField(_("vigilance : vie privée et données"), blank=True,
                                     max_length=5000)
    accessibility_notes = models.TextField(_("vigilance : accessibilité"), blank=True,
                                           max_length=5000)

    objects = ToolPageManager()

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("licence"), FieldPanel("cost"), FieldPanel("cost_band"),
             FieldPanel("hosting"), FieldPanel("difficulty"), FieldPanel("website")],
            heading=_("Caractéristiques"),
        ),
        FieldPanel("free_alternatives"),
        FieldPanel("tutorials"),
        MultiFieldPanel([FieldPanel("privacy_notes"), FieldPanel("accessibility_notes")],
                        heading=_("Points de vigilance")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("description"),
        index.SearchField("search_stems"),
        index.RelatedFields("needs", [index.SearchField("name")]),
        index.FilterField("licence"),
    ]
    parent_page_types = ["toolbox.ToolIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("outil")
        verbose_name_plural = _("outils")

    @property
    def is_free_software(self):
        return self.licence == Licence.FREE_SOFTWARE

    def search_stems(self):
        """Accent-free, crudely stemmed words: lets the SQLite fallback match plurals."""
        needs = " ".join(n.name for n in self.needs.all()) if self.pk else ""
        return search_stems(" ".join([self.title, self.summary, self.description, needs]))

    def get_context(self, request, *args, **kwargs):
        from assonum.core.page_cache import derived

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the relations being edited, in memory
            context.update(self._related())
        else:  # published pages only: kept until a page changes
            context.update(derived("tool-page", (self.pk, request.get_host()), self._related,
                                   request))
        context["print_mode"] = request.GET.get("print") == "1"
        context["extension_blocks"] = call_each("toolbox.tool_page", request, self)
        return context


    def _related(self) -> dict:
        """What the page shows from other pages: its needs, alternatives, stories."""
        return {
            "needs": list(self.needs.all()),
            "alternatives": list(self.free_alternatives.live().public().order_by("title")),
            "alternative_to": list(self.alternative_to.live().public().order_by("title")),
            "stories": (list(self.stories.live().public()[:6]) if hasattr(self, "stories")
                        else []),
        }


class GuideIndexPage(Page):
    """``/fiches-pratiques/``: the list of practical guides."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["toolbox.GuidePage"]
    parent_page_types = ["core.HomePage"]
    max_count = 1

    class Meta:
        verbose_name = _("liste des fiches pratiques")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guides = GuidePage.objects.child_of(self).live().public().order_by("title")
        need = request.GET.get("besoin", "")
        needs = list(Need.objects.all())
        if need:
            guides = guides.filter(needs__slug=need).distinct()
        fields = ("title", "url_path", "slug", "summary", "path", "depth")
        paginator = Paginator(guides.only(*fields), 20)
        context["page_obj"] = paginator.get_page(request.GET.get("page"))
        context["guides"] = context["page_obj"].object_list
        context["needs"] = needs
        context["current_need"] = need
        return context


class GuidePage(Page):
    """A step-by-step practical guide."""

    summary = models.CharField(_("résumé en une ligne"), max_length=250)
    needs = ParentalManyToManyField(Need, blank=True, related_name="guides",
                                    verbose_name=_("besoins"))
    body = StreamField(GuideBodyBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("needs", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("search_stems"),
        index.RelatedFields("needs", [index.SearchField("name")]),
    ]
    parent_page_types = ["toolbox.GuideIndexPage"]
    subpage_types: list = []

    class Meta:
        verbose_name = _("fiche pratique")
        verbose_name_plural = _("fiches pratiques")

    def search_stems(self):
        needs = " ".join(n.name for n in self.needs.all()) if self.pk else ""
        body = " ".join(self.body.stream_block.get_searchable_content(self.body))
        return search_stems(" ".join([self.title, self.summary, body, needs]))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["needs"] = list(self.needs.all())
        return context

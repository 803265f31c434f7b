from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BaseContentBlock


def _custom_routes() -> bool:
    """Does any page class other than the home page override ``Page.route``?"""
    global _CUSTOM_ROUTES
    if _CUSTOM_ROUTES is None:
        from wagtail.models import get_page_models

        _CUSTOM_ROUTES = any(model.route is not Page.route for model in get_page_models()
                             if model is not HomePage)
    return _CUSTOM_ROUTES


_CUSTOM_ROUTES: bool | None = None


class HomePage(Page):
    """The site's root page: what AssoNum is, and the ways in."""

    intro = models.CharField(_("accroche"), max_length=300, blank=True)
    body = StreamField(BaseContentBlock(), blank=True, verbose_name=_("contenu"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    max_count = 1
    subpage_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d'accueil")

    def route(self, request, path_components):
        """Find the page of a path in one lookup by ``url_path``.

        Wagtail's default walks the tree one level at a time (two queries a level). The
        shortcut is taken only while no page class overrides ``route`` (a page answering
        paths below itself); a path it does not find goes the default way (404s, aliases).
        The page found is kept by the web process until the next change of any page or
        declared record (``page_cache.routed_page``).
        """
        if path_components and not _custom_routes():
            from .page_cache import routed_page

            url_path = f"{self.url_path}{'/'.join(path_components)}/"
            page = routed_page(url_path, lambda: self._find(url_path, path_components), request)
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def _find(self, url_path: str, path_components: list[str]):
        """The specific page at ``url_path`` with its parent attached, or ``None``."""
        parent_path = f"{self.url_path}{''.join(c + '/' for c in path_components[:-1])}"
        found = {page.url_path: page
                 for page in Page.objects.filter(url_path__in={url_path, parent_path})}
        if url_path not in found:
            return None
        page = found[url_path].specific
        # What treebeard's get_parent() keeps: breadcrumbs then cost no query.
        page._cached_parent_obj = found.get(parent_path, self)
        return page

    def get_context(self, request, *args, **kwargs):
        from .home import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(request)
        return context


class ContentPage(Page):
    """A plain editorial page: legal notice, personal data, accessibility, contact, about..."""

    intro = models.CharField(_("chapeau"), max_length=400, blank=True)
    body = StreamField(BaseContentBlock(), blank=True, verbose_name=_("contenu"))
    show_contact_details = models.BooleanField(
        _("afficher les coordonnées du réseau"), default=False,
        help_text=_("Ajoute l'adresse, le téléphone et l'e-mail du réseau "
                    "(Paramètres > Identité)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("show_contact_details"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page de contenu")


@register_setting(icon="site")
class SiteIdentity(BaseGenericSetting):
    """Who runs this deployment: shown in the footer, the contact page and the emails."""

    organisation_name = models.CharField(
        _("nom de la structure"), max_length=200,
        default="Le Mouvement associatif Centre-Val de Loire",
    )
    address = models.TextField(
        _("adresse postale"),
        default="Maison Régionale de l'Économie Sociale et Solidaire\n"
        "6 ter rue Abbé Pasty – BP 41223\n"
        "45401 Fleury-les-Aubrais",
    )
    phone = models.CharField(_("téléphone"), max_length=30, default="02 38 68 02 36")
    email = models.EmailField(_("e-mail"), default="accueil-centre@lemouvementassociatif.org")
    footer_text = RichTextField(_("texte du pied de page"), blank=True, features=["bold", "link"])

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("address"), FieldPanel("phone"),
             FieldPanel("email")],
            heading=_("Coordonnées"),
        ),
        FieldPanel("footer_text"),
    ]

    class Meta:
        verbose_name = _("identité du site")

    @classmethod
    def load(cls, request_or_site=None):
        """The one row, kept on the request and in the site-wide cache (purged on save)."""
        from django.http import HttpRequest

        if not isinstance(request_or_site, HttpRequest):
            return super().load(request_or_site)
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request_or_site, attr_name):
            from .page_cache import site_wide

            setattr(request_or_site, attr_name,
                    site_wide("site-identity", cls._get_or_create, request_or_site))
        return getattr(request_or_site, attr_name)


class PeriodicRun(models.Model):
    """When each periodic task was last enqueued (see assonum.core.periodic)."""

    name = models.CharField(max_length=150, unique=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class TransitionLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=TransitionLog.content_type_for(type(obj)),
                           object_id=str(obj.pk))

    def for_model(self, model):
        return self.filter(content_type=TransitionLog.content_type_for(model))


class TransitionLog(models.Model):
    """Who moved which object from which state to which, and when (see core.workflow)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("type d'objet"))
    object_id = models.CharField(_("identifiant"), max_length=64)
    from_state = models.CharField(_("état de départ"), max_length=40, blank=True)
    to_state = models.CharField(_("nouvel état"), max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True,
                           related_name="+", verbose_name=_("par"))
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True, max_length=1000)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("changement d'état")
        verbose_name_plural = _("journal des changements d'état")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id}: {self.from_state} → {self.to_state}"

    @staticmethod
    def content_type_for(model):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(model, for_concrete_model=False)

    def _labels(self):
        model = self.content_type.model_class()
        if model is None:
            return self.from_state, self.to_state
        from .workflow import state_label

        probe = model()
        return (state_label(probe, self.from_state) if self.from_state else "",
                state_label(probe, self.to_state))

    @property
    def from_label(self):
        return self._labels()[0]

    @property
    def to_label(self):
        return self._labels()[1]


class SearchDocument(models.Model):
    """One searchable object of the site search (see ``assonum.core.search``).

    Kept in sync by signals from the apps' ``SearchType`` declarations and rebuilt by
    ``manage.py rebuild_search_index``. On PostgreSQL the table also has a stored, weighted
    ``vector`` column (title weight A, body weight B, ``french_unaccent`` configuration) generated
    by the database, and a partial GIN index on ``(type_key, vector)``: see migration
    ``core.0003_searchdocument``. ``terms`` holds the accent-free words and their French stems
    for the other databases (SQLite), empty on PostgreSQL.
    """

    type_key = models.CharField(_("type"), max_length=40)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE,
                                     related_name="+", verbose_name=_("type d'objet"))
    object_id = models.PositiveBigIntegerField(_("identifiant"))
    title = models.CharField(_("titre"), max_length=300)
    body = models.TextField(_("texte"), blank=True)
    terms = models.TextField(_("termes"), blank=True)
    url = models.CharField(_("adresse"), max_length=500, blank=True)
    department = models.CharField(_("département"), max_length=3, blank=True)
    is_free_software = models.BooleanField(_("logiciel libre"), default=False)
    boost = models.FloatField(_("coefficient"), default=1.0)
    published = models.BooleanField(_("publié"), default=True)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)

    class Meta:
        verbose_name = _("document de recherche")
        verbose_name_plural = _("documents de recherche")
        constraints = [models.UniqueConstraint(fields=["type_key", "object_id"],
                                               name="searchdocument_type_object_uniq")]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="searchdocument_object_idx")]

    def __str__(self):
        return f"{self.type_key}: {self.title}"

"""Back office: the draft questionnaire (themes, questions, measures), its published versions."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Measure, Question, QuestionnaireVersion, Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "folder-open-inverse"
    menu_label = _("Thèmes")
    list_display = ["label", "slug", "order"]
    ordering = ["order", "pk"]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    list_display = ["text", "theme", "kind", "weight", "key", "active"]
    list_filter = ["theme", "kind", "active"]
    search_fields = ["text"]
    ordering = ["theme__order", "order", "pk"]


class MeasureViewSet(SnippetViewSet):
    model = Measure
    icon = "tick-inverse"
    menu_label = _("Mesures recommandées")
    list_display = ["title", "slug", "theme", "priority"]
    list_filter = ["theme", "priority"]


class VersionViewSet(SnippetViewSet):
    """Read-only: a version is made by publishing, never edited."""

    model = QuestionnaireVersion
    icon = "history"
    menu_label = _("Versions publiées")
    list_display = ["number", "published_at", "published_by", "note"]
    inspect_view_enabled = True


class DiagnosticGroup(SnippetViewSetGroup):
    menu_label = _("Autodiagnostic")
    menu_icon = "list-ul"
    menu_order = 260
    items = (ThemeViewSet, QuestionViewSet, MeasureViewSet, VersionViewSet)


register_snippet(DiagnosticGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("autodiagnostic/publier/", admin_views.publish, name="diagnostic_publish")]


class PublishMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("diagnostic.add_questionnaireversion")


@hooks.register("register_settings_menu_item")
def register_publish_menu_item():
    return PublishMenuItem(
        _("Publier le questionnaire du diagnostic"),
        reverse("diagnostic_publish"),
        icon_name="upload",
        order=900,
    )

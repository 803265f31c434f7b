"""Back office: the list of story themes, and who proposed which story."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import StoryProposal, StoryTheme


class StoryThemeViewSet(SnippetViewSet):
    model = StoryTheme
    icon = "tag"
    menu_label = _("Thèmes des témoignages")
    add_to_admin_menu = False
    list_display = ["name", "slug", "order"]
    ordering = ["order", "name"]


class StoryProposalViewSet(SnippetViewSet):
    model = StoryProposal
    icon = "user"
    menu_label = _("Témoignages proposés")
    list_display = ["page", "organisation", "proposed_by", "created_at", "published_notified_at",
                    "rejected_at"]
    list_filter = ["created_at"]
    inspect_view_enabled = True


register_snippet(StoryThemeViewSet)
register_snippet(StoryProposalViewSet)

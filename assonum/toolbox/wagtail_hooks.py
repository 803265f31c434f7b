"""Back office: the list of needs is a snippet staff edit; tools and guides are Wagtail pages
(revisions, preview, scheduled publishing and the default moderation workflow come with them)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Need


class NeedViewSet(SnippetViewSet):
    model = Need
    icon = "tag"
    menu_label = _("Besoins (boîte à outils)")
    menu_name = "toolbox-needs"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]


register_snippet(NeedViewSet)

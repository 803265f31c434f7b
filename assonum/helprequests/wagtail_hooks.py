"""Back office: the requests with their recipients, messages and state log; thank-you notes."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import HelpRequest, ThankYou


class HelpRequestViewSet(SnippetViewSet):
    model = HelpRequest
    icon = "mail"
    menu_label = _("Demandes")
    list_display = ["__str__", "commune", "status", "actor", "created_at", "escalated_at",
                    "outcome"]
    list_filter = ["status", "outcome", "urgency"]
    search_fields = ["need"]
    inspect_view_enabled = True
    inspect_view_fields = ["organisation", "author_name", "need", "theme_list", "commune",
                           "urgency", "contact_by", "contact_email", "contact_phone", "status",
                           "actor", "created_at", "taken_at", "first_answer_at", "finished_at",
                           "escalated_at", "outcome", "recipient_list", "message_list",
                           "state_log"]
    ordering = ["-created_at"]


class ThankYouViewSet(SnippetViewSet):
    model = ThankYou
    icon = "pick"
    menu_label = _("Remerciements")
    list_display = ["organisation_name", "place", "status", "created_at"]
    list_filter = ["status"]
    inspect_view_enabled = True


class HelpRequestGroup(SnippetViewSetGroup):
    items = (HelpRequestViewSet, ThankYouViewSet)
    menu_icon = "mail"
    menu_label = _("Mise en relation")
    menu_name = "helprequests"


register_snippet(HelpRequestGroup)

"""Back office: topics and subscribers, and the send page of each issue."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from assonum.core.spreadsheets import SafeSpreadsheetExportMixin

from . import admin_views
from .models import NewsletterIssuePage, Subscriber, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Thèmes")
    list_display = ["name", "slug", "order", "active", "match_kinds"]
    ordering = ["order", "name"]


class SubscriberIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The subscribers list; its CSV export neutralises formula cells (issue 17, M4)."""


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    index_view_class = SubscriberIndexView
    icon = "user"
    menu_label = _("Abonnés")
    list_display = ["email", "status", "created_at", "confirmed_at", "hard_bounces"]
    list_filter = ["status", "topics", "departments"]
    search_fields = ["email"]
    inspect_view_enabled = True
    list_export = ["email", "status", "created_at", "confirmed_at", "consent_at",
                   "consent_source", "consent_wording_version"]


class IssueListingViewSet(PageListingViewSet):
    """Every issue in one flat list (they live deep in the page tree, under the archive)."""

    model = NewsletterIssuePage
    name = "lettre_numeros"
    icon = "mail"
    menu_label = _("Numéros")


class NewsletterGroup(SnippetViewSetGroup):
    menu_label = _("Lettre d'information")
    menu_icon = "mail"
    menu_order = 250
    items = (IssueListingViewSet, TopicViewSet, SubscriberViewSet)


register_snippet(NewsletterGroup)


class SendIssueMenuItem(ActionMenuItem):
    label = _("Tester, envoyer ou programmer")
    name = "action-newsletter-send"
    icon_name = "mail"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context.get("view") == "edit"
            and isinstance(page, NewsletterIssuePage)
            and page.permissions_for_user(context["request"].user).can_publish()
        )

    def get_url(self, parent_context):
        return reverse("newsletter_send_issue", args=[parent_context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_send_menu_item():
    return SendIssueMenuItem(order=90)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("lettre/numero/<int:page_id>/envoi/", admin_views.send_issue_view,
             name="newsletter_send_issue"),
        path("lettre/numero/<int:page_id>/apercu/", admin_views.preview_email_view,
             name="newsletter_preview_email"),
    ]

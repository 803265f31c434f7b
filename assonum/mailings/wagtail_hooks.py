"""Back office: "Envois" (bulk sends) with their progress and failures."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


class CampaignsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("mailings.view_campaign")


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("envois/", admin_views.campaign_list, name="mailings_campaigns"),
        path("envois/<int:pk>/", admin_views.campaign_detail, name="mailings_campaign"),
    ]


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return CampaignsMenuItem(_("Envois"), reverse("mailings_campaigns"), icon_name="mail",
                             order=800)

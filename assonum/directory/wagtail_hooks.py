"""Registers the directory's back office (its views are in admin_views.py).

Modération: a menu link to the moderation queue of proposed listings and claims (directory UI).
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import DirectoryGroup


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryGroup()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    from wagtail.admin.menu import MenuItem

    class ModerationMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("directory.change_place")

    try:
        url = reverse("directory:moderation")
    except NoReverseMatch:
        url = "/annuaire/moderation/"
    return ModerationMenuItem(_("Modération de l'annuaire"), url, icon_name="tasks", order=241)

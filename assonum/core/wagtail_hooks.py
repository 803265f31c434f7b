"""Back office of the core: Paramètres > Journal des changements d'état (read-only).

Every state change made through :func:`assonum.core.workflow.transition` is listed here, newest
first, filterable by kind of object and by object id. Nobody edits the log, superusers included.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from .models import TransitionLog
from .perms import acts_as_staff

PER_PAGE = 50
PERMISSION = "core.view_transitionlog"


def may_read_log(request) -> bool:
    return acts_as_staff(request) and request.user.has_perm(PERMISSION)


class LogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


class TransitionLogViewSet(ViewSet):
    name = "transition_log"
    url_prefix = "journal-des-etats"
    icon = "history"
    menu_label = _("Journal des changements d'état")
    add_to_settings_menu = True
    menu_order = 900

    def get_menu_item(self, order=None):
        return LogMenuItem(self.menu_label, self.menu_url, name=self.menu_name,
                           icon_name=self.menu_icon, order=order or self.menu_order)

    def index(self, request):
        if not may_read_log(request):
            raise PermissionDenied
        entries = TransitionLog.objects.select_related("content_type", "by")
        type_ids = TransitionLog.objects.values_list("content_type", flat=True).distinct()
        types = sorted(ContentType.objects.filter(pk__in=set(type_ids)),
                       key=lambda ct: str(ct.name))
        chosen_type = request.GET.get("type", "")
        if chosen_type.isdigit():
            entries = entries.filter(content_type_id=int(chosen_type))
        object_id = request.GET.get("objet", "").strip()[:64]
        if object_id:
            entries = entries.filter(object_id=object_id)
        page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
        return TemplateResponse(request, "core/admin/transition_log.html", {
            "page_title": self.menu_label, "page": page, "types": types,
            "chosen_type": chosen_type, "object_id": object_id, "viewset": self,
        })

    def get_urlpatterns(self):
        return [path("", self.index, name="index")]


@hooks.register("register_admin_viewset")
def register_transition_log():
    return TransitionLogViewSet()


# --- Branding and avatars -----------------------------------------------------------------------


@hooks.register("insert_global_admin_css")
def admin_colours():
    """The project's colours over Wagtail's colour custom properties (static/css/admin.css)."""
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))


def initials(user) -> str:
    """"Léa Martin" -> "LM"; without a name, the first letter of the address."""
    words = [w for w in (user.get_full_name() or "").split() if w[:1].isalpha()]
    letters = "".join(w[0] for w in words[:2]) or (getattr(user, "email", "") or "?")[:1]
    return letters.upper()


@hooks.register("get_avatar_url")
def initials_avatar(user, size):
    """Every avatar is the person's initials, drawn here: no outside service (Gravatar is off,
    ``WAGTAIL_GRAVATAR_PROVIDER_URL = None``), nothing to load, and it works offline. A
    picture uploaded in the account settings still wins."""
    from urllib.parse import quote

    from django.utils.html import escape

    profile = getattr(user, "wagtail_userprofile", None)
    if profile is not None and profile.avatar:
        return None
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40">'
        '<rect width="40" height="40" fill="#1f4e8c"/>'
        '<text x="20" y="25.5" text-anchor="middle" font-family="Arial,sans-serif" '
        f'font-size="16" font-weight="bold" fill="#ffffff">{escape(initials(user))}</text></svg>'
    )
    return "data:image/svg+xml," + quote(svg)

"""Back office of the agenda (Wagtail admin, menu "Agenda"): events, tours, registrations.

Registrations can be filtered by event and status, attendance edited, and the list exported
(CSV/XLSX, cells typed by people neutralised against formula injection). Moderation of
proposed events has its own page (``/agenda/moderation/``), linked from the menu.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .exports import neutralise
from .models import Event, Registration, Tour


class SafeIndexView(IndexView):
    """CSV cells neutralised against formula injection (Wagtail already types xlsx cells)."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == "csv" and isinstance(value, str):
            return neutralise(value)
        return value


class EventViewSet(ModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Événements")
    name = "events_events"
    url_prefix = "agenda/evenements"
    list_display = ["title", "start", "kind", "status", "organisation", "seats_taken",
                    "capacity", "is_fictional"]
    list_filter = ["status", "kind", "is_online", "is_fictional"]
    list_export = ["title", "start", "end", "kind", "status", "organisation", "seats_taken",
                   "capacity"]
    index_view_class = SafeIndexView
    search_fields = ["title", "summary"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["title", "slug", "kind", "summary", "description", "topics", "tools", "guides",
                   "audience", "level", "start", "end", "place", "commune", "address",
                   "is_online", "online_url", "accessibility", "capacity", "price",
                   "organisation", "contact_email", "tour", "is_fictional"]


class TourViewSet(ModelViewSet):
    model = Tour
    icon = "site"
    menu_label = _("Tournées")
    name = "events_tours"
    url_prefix = "agenda/tournees"
    list_display = ["title", "organisation", "is_fictional"]
    form_fields = ["title", "slug", "description", "organisation", "is_fictional"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "user"
    menu_label = _("Inscriptions")
    name = "events_registrations"
    url_prefix = "agenda/inscriptions"
    list_display = ["name", "event", "status", "attended", "created_at"]
    list_filter = ["status", "attended", "event"]
    list_export = ["name", "email", "organisation_name", "event", "status", "attended",
                   "created_at"]
    export_filename = "inscriptions"
    index_view_class = SafeIndexView
    search_fields = ["name", "email", "organisation_name"]
    search_backend_name = None
    form_fields = ["attended"]
    copy_view_enabled = False


class AgendaGroup(ViewSetGroup):
    menu_label = _("Agenda")
    menu_icon = "date"
    menu_order = 260
    items = (EventViewSet, TourViewSet, RegistrationViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return AgendaGroup()


@hooks.register("register_admin_menu_item")
def moderation_menu_item():
    return MenuItem(_("Modération de l'agenda"), reverse("events:moderation"), icon_name="tick",
                    order=261)

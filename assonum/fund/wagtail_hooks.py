"""Back office: calls and their grid, experts approved for the fund (menu "Fonds")."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from .models import Call, Criterion, Expert


class CallViewSet(ModelViewSet):
    model = Call
    icon = "doc-full"
    menu_label = _("Appels à projets")
    list_display = ["title", "opens_on", "closes_on", "envelope"]
    search_fields = ["title"]
    form_fields = ["title", "slug", "summary", "opens_on", "closes_on", "envelope",
                   "seat_in_region", "diagnostic_within_months", "max_employees", "sectors",
                   "rural_bonus", "small_bonus", "small_max_employees", "priority_sectors",
                   "sector_bonus", "first_bonus", "required_documents", "support_kinds"]
    copy_view_enabled = False


class CriterionViewSet(ModelViewSet):
    model = Criterion
    icon = "list-ol"
    menu_label = _("Grilles de notation")
    list_display = ["label", "call", "weight"]
    list_filter = ["call"]
    form_fields = ["call", "label", "weight", "descriptors", "position"]
    copy_view_enabled = False


class ExpertViewSet(ModelViewSet):
    model = Expert
    icon = "user"
    menu_label = _("Experts agréés")
    list_display = ["place", "approved", "approved_at"]
    list_filter = ["approved"]
    form_fields = ["place", "approved"]
    copy_view_enabled = False


class FundGroup(ViewSetGroup):
    menu_label = _("Fonds")
    menu_icon = "doc-full"
    menu_order = 260
    items = (CallViewSet("fund_calls"), CriterionViewSet("fund_criteria"),
             ExpertViewSet("fund_experts"))


@hooks.register("register_admin_viewset")
def register_fund_viewsets():
    return FundGroup()

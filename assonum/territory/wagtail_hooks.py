"""Back office: communes, departments and regions, read-only (loaded by load_territory)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import Commune, Department, Region

READ_ONLY_DENIED = {"add", "change", "delete", "copy"}


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Nobody (not even a superuser) adds, edits or deletes reference data by hand."""

    def user_has_permission(self, user, action):
        if action in READ_ONLY_DENIED:
            return False
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [a for a in actions if a not in READ_ONLY_DENIED]
        if not actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(actions)


for _model in (Commune, Department, Region):
    register_permission_policy(_model, ReadOnlyPolicy(_model))


class CommuneIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("department")


class CommuneViewSet(ModelViewSet):
    model = Commune
    name = "territory_communes"
    url_prefix = "territoire/communes"
    index_view_class = CommuneIndexView
    icon = "site"
    menu_label = _("Communes")
    list_display = [
        "name", "code", Column("department", label=_("Département")),
        Column("postal_codes_text", label=_("Codes postaux"), accessor="postal_codes_text"),
        "population", BooleanColumn("is_rural", label=_("Rurale")), "epci_name",
    ]
    list_filter = ["department"]
    search_fields = ["name", "search_name", "code", "postal_codes_search"]
    search_backend_name = None  # plain database filtering, no search index needed
    ordering = ["name"]
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["code", "name", "department", "postal_codes", "population",
                           "epci_code", "epci_name", "latitude", "longitude"]
    form_fields = ["name"]


class DepartmentViewSet(ModelViewSet):
    model = Department
    name = "territory_departments"
    url_prefix = "territoire/departements"
    icon = "site"
    menu_label = _("Départements")
    list_display = ["name", "code", "region_code"]
    search_fields = ["name", "code"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["code", "name", "region_code"]
    form_fields = ["name"]


class RegionViewSet(ModelViewSet):
    model = Region
    name = "territory_regions"
    url_prefix = "territoire/regions"
    icon = "site"
    menu_label = _("Régions")
    list_display = ["name", "code", "commune_count", "loaded_at"]
    search_fields = ["name", "code"]
    search_backend_name = None
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = ["code", "name", "commune_count", "loaded_at"]
    form_fields = ["name"]


class TerritoryViewSetGroup(ViewSetGroup):
    items = (CommuneViewSet, DepartmentViewSet, RegionViewSet)
    menu_icon = "site"
    menu_label = _("Territoire")
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_territory_viewsets():
    return TerritoryViewSetGroup()

"""Back office "Dons de matériel": offers (with moderation state), lots, reservations, needs.

Every list exports to CSV/XLSX; CSV cells starting with = + - @ (or a tab / carriage return)
get a leading apostrophe so that a spreadsheet never runs them as formulas (the XLSX export
already stores them as text). State changes are not edited here: they go through the public
moderation and reservation pages (workflow + log); the log is shown on each inspect page and
under Paramètres > Journal des changements d'état.
"""

from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from assonum.core.workflow import history

from .models import Lot, Need, Offer, Reservation

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A CSV cell that a spreadsheet will not evaluate as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeExportIndexView(IndexView):
    select_related = ()

    def get_base_queryset(self):
        return super().get_base_queryset().select_related(*self.select_related)

    def write_csv_row(self, writer, row_dict):
        return writer.writerow({
            field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
            for field, value in row_dict.items()})


class HistoryInspectView(InspectView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["fields"] = [*context.get("fields", []), {
            "label": _l("Journal des changements d'état"),
            "value": "; ".join(f"{log.at:%d/%m/%Y %H:%M} {log.from_state or '∅'} → {log.to_state}"
                               f"{' (' + str(log.by) + ')' if log.by_id else ''}"
                               for log in history(self.object).select_related("by")),
        }]
        return context


class OfferIndexView(SafeExportIndexView):
    select_related = ("commune", "donor_organisation")


class OfferViewSet(ModelViewSet):
    model = Offer
    icon = "download"
    menu_label = _l("Offres de don")
    index_view_class = OfferIndexView
    inspect_view_class = HistoryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_admin_menu = False
    list_display = ["title", Column("donor_label", label=_l("Donateur")),
                    Column("commune", label=_l("Commune")),
                    Column("status", label=_l("Statut"), accessor="get_status_display"),
                    "published_at"]
    list_filter = ["status", "handover", "is_fictional"]
    search_fields = ["title", "description"]
    list_export = ["pk", "title", "donor_label", "commune_name", "department_code", "handover",
                   "status", "published_at", "received_at", "created_at"]
    export_headings = {"pk": _l("Numéro"), "title": _l("Titre"), "donor_label": _l("Donateur"),
                       "commune_name": _l("Commune"), "department_code": _l("Département"),
                       "handover": _l("Remise"), "status": _l("Statut"),
                       "published_at": _l("Publiée le"), "received_at": _l("Reçue le"),
                       "created_at": _l("Créée le")}
    export_filename = "offres-de-don"
    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("available_from"),
              FieldPanel("available_until"), FieldPanel("moderation_note"),
              FieldPanel("is_fictional")]


class LotIndexView(SafeExportIndexView):
    select_related = ("offer",)


class LotViewSet(ModelViewSet):
    model = Lot
    icon = "list-ul"
    menu_label = _l("Lots")
    index_view_class = LotIndexView
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["offer", Column("kind", label=_l("Type"), accessor="get_kind_display"),
                    "quantity", "reserved",
                    Column("wiping", label=_l("Effacement"), accessor="get_wiping_display")]
    list_filter = ["kind", "condition", "wiping"]
    list_export = ["offer_id", "kind", "quantity", "reserved", "year", "condition",
                   "operating_system", "wiping", "details"]
    export_filename = "lots-de-don"
    panels = [FieldPanel("year"), FieldPanel("condition"), FieldPanel("operating_system"),
              FieldPanel("wiping"), FieldPanel("details")]


class ReservationIndexView(SafeExportIndexView):
    select_related = ("lot__offer", "organisation")


class ReservationViewSet(ModelViewSet):
    model = Reservation
    icon = "tick"
    menu_label = _l("Réservations")
    index_view_class = ReservationIndexView
    inspect_view_class = HistoryInspectView
    inspect_view_enabled = True
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = [Column("offer_title", label=_l("Offre")),
                    Column("kind_label", label=_l("Matériel")), "quantity",
                    Column("organisation_name", label=_l("Association")),
                    Column("status", label=_l("Statut"), accessor="get_status_display"),
                    "created_at"]
    list_filter = ["status"]
    list_export = ["pk", "offer_title", "kind_label", "quantity", "organisation_name", "status",
                   "created_at", "decided_at", "closed_at"]
    export_filename = "reservations-de-don"
    # Read-only: states and quantities change through the workflow only.
    panels = [FieldPanel("quantity", read_only=True), FieldPanel("status", read_only=True)]


class NeedIndexView(SafeExportIndexView):
    select_related = ("organisation", "commune")


class NeedViewSet(ModelViewSet):
    model = Need
    icon = "help"
    menu_label = _l("Besoins")
    index_view_class = NeedIndexView
    add_to_admin_menu = False
    copy_view_enabled = False
    list_display = ["organisation", Column("kind", label=_l("Type"), accessor="get_kind_display"),
                    "quantity", "commune", "is_active"]
    list_filter = ["kind", "is_active", "notify"]
    list_export = ["organisation", "kind", "quantity", "purpose", "commune", "notify",
                   "is_active", "created_at"]
    export_filename = "besoins-de-materiel"
    panels = [FieldPanel("purpose"), FieldPanel("quantity"), FieldPanel("is_active"),
              FieldPanel("notify")]


class DonationsGroup(ViewSetGroup):
    menu_label = _l("Dons de matériel")
    menu_icon = "download"
    menu_order = 260
    items = (OfferViewSet("donations_offers"), LotViewSet("donations_lots"),
             ReservationViewSet("donations_reservations"), NeedViewSet("donations_needs"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return DonationsGroup()

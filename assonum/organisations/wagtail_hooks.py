"""Back office: staff list, search, filter, verify and export organisations and memberships."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from assonum.core.spreadsheets import SafeSpreadsheetExportMixin

from . import perms, services
from .models import Invitation, Membership, Organisation


class OrganisationIndexView(SafeSpreadsheetExportMixin, IndexView):
    def get_base_queryset(self):
        return (
            Organisation.objects.select_related("seat_commune__department")
            .with_member_count()
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if perms.can_verify(self.request.user):
            label = _("Retirer la vérification") if instance.is_verified else _("Vérifier")
            url = reverse("organisations_admin:verify", args=[instance.pk])
            buttons.append(Button(label, url=url, icon_name="success", priority=15))
        return buttons


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _l("Organisations")
    menu_order = 210
    add_to_admin_menu = False
    index_view_class = OrganisationIndexView
    list_display = [
        "name", Column("kind", label=_l("Type"), accessor="get_kind_display"),
        Column("seat_commune", label=_l("Siège")),
        BooleanColumn("is_verified", label=_l("Vérifiée")),
        "created_at",
    ]
    list_filter = ["kind", "is_verified", "seat_commune__department", "sector"]
    search_fields = ["name", "rna", "siret", "slug", "public_email"]
    ordering = ["name"]
    list_per_page = 50
    inspect_view_enabled = True
    copy_view_enabled = False
    list_export = [
        "name", "kind", "rna", "siret", "seat_commune_code", "seat_commune_name", "department_code",
        "sector", "members_count", "volunteers_count", "employees_count", "website",
        "public_email", "public_phone", "is_verified", "verified_at", "created_at",
        "member_count",
    ]
    export_headings = {
        "name": _l("Nom"), "kind": _l("Type"), "rna": _l("RNA"), "siret": _l("SIRET"),
        "seat_commune_code": _l("Code INSEE du siège"), "seat_commune_name": _l("Commune du siège"),
        "department_code": _l("Département"), "sector": _l("Secteur"),
        "members_count": _l("Adhérents"), "volunteers_count": _l("Bénévoles"),
        "employees_count": _l("Salariés"), "website": _l("Site web"),
        "public_email": _l("E-mail public"), "public_phone": _l("Téléphone public"),
        "is_verified": _l("Vérifiée"), "verified_at": _l("Vérifiée le"),
        "created_at": _l("Créée le"), "member_count": _l("Comptes membres"),
    }
    export_filename = "organisations"
    panels = [
        FieldPanel("kind"), FieldPanel("name"), FieldPanel("slug"),
        MultiFieldPanel([FieldPanel("rna"), FieldPanel("siret")], heading=_l("Identifiants")),
        FieldPanel("seat_commune"), FieldPanel("sector"), FieldPanel("description"),
        MultiFieldPanel([FieldPanel("members_count"), FieldPanel("volunteers_count"),
                         FieldPanel("employees_count")], heading=_l("Effectifs")),
        MultiFieldPanel([FieldPanel("website"), FieldPanel("public_email"),
                         FieldPanel("public_phone")], heading=_l("Contact public")),
        FieldPanel("networks"),
        FieldPanel("is_verified", read_only=True),
    ]

    url_prefix = "organisations"
    url_namespace = "organisations_admin"

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("verify/<int:pk>/", verify_view, name="verify"),
        ]


class MembershipIndexView(SafeSpreadsheetExportMixin, IndexView):
    def get_base_queryset(self):
        return Membership.objects.select_related("user", "organisation")


class InvitationIndexView(SafeSpreadsheetExportMixin, IndexView):
    def get_base_queryset(self):
        return Invitation.objects.select_related("organisation")


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _l("Membres des organisations")
    menu_order = 220
    add_to_admin_menu = False
    list_display = [
        "user", "organisation", Column("role", label=_l("Rôle"), accessor="get_role_display"),
        "created_at",
    ]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    list_export = ["user_email", "user_name", "organisation_name", "organisation_kind", "role",
                   "created_at"]
    export_headings = {
        "user_email": _l("Adresse e-mail"), "user_name": _l("Nom"),
        "organisation_name": _l("Organisation"), "organisation_kind": _l("Type"),
        "role": _l("Rôle"), "created_at": _l("Depuis"),
    }
    export_filename = "membres-organisations"
    url_prefix = "organisations-membres"
    url_namespace = "memberships_admin"
    form_fields = ["user", "organisation", "role"]
    copy_view_enabled = False
    index_view_class = MembershipIndexView


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _l("Invitations")
    menu_order = 230
    add_to_admin_menu = False
    list_display = ["email", "organisation", "role", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["email", "organisation__name"]
    form_fields = ["status"]
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    url_prefix = "organisations-invitations"
    url_namespace = "invitations_admin"
    index_view_class = InvitationIndexView


class OrganisationsGroup(ViewSetGroup):
    menu_label = _l("Organisations")
    menu_icon = "group"
    menu_order = 210
    items = (OrganisationViewSet("organisations"), MembershipViewSet("memberships"),
             InvitationViewSet("invitations"))


@hooks.register("register_admin_viewset")
def register_viewsets():
    return OrganisationsGroup()


def verify_view(request, pk):
    if not perms.can_verify(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        verified = request.POST.get("verified") == "1"
        services.set_verified(organisation=organisation, verified=verified, by=request.user)
        if verified:
            messages.success(request, _("« %(name)s » est marquée comme vérifiée.")
                             % {"name": organisation})
        else:
            messages.success(request, _("« %(name)s » n'est plus marquée comme vérifiée.")
                             % {"name": organisation})
        return redirect("organisations_admin:index")
    return TemplateResponse(request, "organisations/admin/verify.html",
                            {"organisation": organisation})


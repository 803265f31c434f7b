from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assonum.core.workflow import InvalidTransition
from assonum.territory.models import Department

from . import perms, services
from .forms import InviteForm, OrganisationForm, RoleForm
from .models import Invitation, Membership, NetworkRequest, Organisation

PAGE_SIZE = 20


def organisation_list(request):
    """Public list of organisations, filtered by kind and department, 20 a page."""
    queryset = Organisation.objects.select_related("seat_commune__department").order_by("name")
    kind = request.GET.get("type", "")
    if kind in Organisation.Kind.values:
        queryset = queryset.filter(kind=kind)
    else:
        kind = ""
    department = request.GET.get("departement", "")
    departments = list(Department.objects.filter(communes__organisations__isnull=False).distinct())
    if department and any(d.code == department for d in departments):
        queryset = queryset.in_department(department)
    else:
        department = ""
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "organisations/organisation_list.html", {
        "page_obj": page_obj,
        "kinds": Organisation.Kind.choices,
        "kind": kind,
        "departments": departments,
        "department": department,
    })


def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("seat_commune__department"), slug=slug)
    member_associations = []
    if organisation.kind == Organisation.Kind.NETWORK:
        member_associations = list(
            organisation.member_organisations.select_related("seat_commune__department")
            .order_by("name"))
    role = perms.role_of(request.user, organisation)
    return render(request, "organisations/organisation_detail.html", {
        "organisation": organisation,
        "networks": list(organisation.networks.order_by("name")),
        "member_associations": member_associations,
        "role": role,
        "can_edit": perms.can_edit(request.user, organisation),
        "can_manage_network": perms.can_remove_from_network(request.user, organisation, None),
        "network_requests": (
            list(organisation.member_requests.filter(status=NetworkRequest.Status.PENDING)
                 .select_related("organisation__seat_commune"))
            if perms.can_decide_network_request(request.user, organisation) else []),
        "requested_networks": (
            list(organisation.network_requests.filter(status=NetworkRequest.Status.PENDING)
                 .select_related("network"))
            if role else []),
    })


def _safe_next(request) -> str:
    """The ``next`` page of the query string or form when it is on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
def organisation_create(request):
    if not perms.can_create_organisation(request.user):
        raise PermissionDenied
    kind = request.GET.get("type") or Organisation.Kind.ASSOCIATION
    form = OrganisationForm(request.POST or None, creating=True, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(
            creator=request.user, organisation=form.save(commit=False),
            networks=form.cleaned_data.get("networks") or ())
        messages.success(request, _("L'organisation « %(name)s » est créée. Vous en êtes "
                                    "l'administrateur.") % {"name": organisation.name})
        target = _safe_next(request)
        if target:
            return redirect(target)
        return redirect("organisations:members", slug=organisation.slug)
    return render(request, "organisations/organisation_form.html", {"form": form, "creating": True})


def _organisation_for(request, slug, check):
    organisation = get_object_or_404(Organisation, slug=slug)
    if not check(request.user, organisation):
        raise PermissionDenied
    return organisation


@login_required
def organisation_edit(request, slug):
    organisation = _organisation_for(request, slug, perms.can_edit)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(
            organisation=form.save(commit=False),
            networks=form.cleaned_data.get("networks") if "networks" in form.fields else None,
            by=request.user)
        messages.success(request, _("Les modifications sont enregistrées."))
        return redirect(organisation)
    return render(request, "organisations/organisation_form.html",
                  {"form": form, "organisation": organisation, "creating": False})


@login_required
def members(request, slug):
    organisation = _organisation_for(request, slug, perms.can_view_members)
    can_manage = perms.can_manage_members(request.user, organisation)
    return _members_page(request, organisation, can_manage, InviteForm() if can_manage else None)


def _members_page(request, organisation, can_manage, invite_form, status=200):
    memberships = list(organisation.memberships.select_related("user").order_by("user__email"))
    invitations = list(organisation.invitations.pending()) if can_manage else []
    return render(request, "organisations/members.html", {
        "organisation": organisation,
        "memberships": memberships,
        "invitations": invitations,
        "can_manage": can_manage,
        "invite_form": invite_form,
        "roles": Membership.Role.choices,
        "admin_count": sum(1 for m in memberships if m.role == Membership.Role.ADMIN),
    }, status=status)


@login_required
def invite(request, slug):
    organisation = _organisation_for(request, slug, perms.can_manage_members)
    if request.method != "POST":
        return redirect("organisations:members", slug=slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invite_member(organisation=organisation, email=form.cleaned_data["email"],
                                   role=form.cleaned_data["role"], invited_by=request.user)
        except services.OrganisationError as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.")
                             % {"email": form.cleaned_data["email"]})
            return redirect("organisations:members", slug=slug)
    return _members_page(request, organisation, True, form, status=400)


def _membership_for_admin(request, slug, pk):
    organisation = _organisation_for(request, slug, perms.can_manage_members)
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation"),
                                   pk=pk, organisation=organisation)
    return organisation, membership


@login_required
@require_POST
def change_role(request, slug, pk):
    organisation, membership = _membership_for_admin(request, slug, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.change_role(membership=membership, role=form.cleaned_data["role"])
        except services.OrganisationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Le rôle de %(name)s est modifié.")
                             % {"name": membership.user})
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def remove_member(request, slug, pk):
    organisation, membership = _membership_for_admin(request, slug, pk)
    try:
        services.remove_member(membership=membership)
    except services.OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s ne fait plus partie de l'organisation.")
                         % {"name": membership.user})
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def revoke_invitation(request, slug, pk):
    organisation = _organisation_for(request, slug, perms.can_manage_members)
    invitation = get_object_or_404(Invitation, pk=pk, organisation=organisation)
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except (services.OrganisationError, InvalidTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("L'invitation est annulée."))
    return redirect("organisations:members", slug=slug)


@login_required
def leave(request, slug):
    organisation = _organisation_for(request, slug, perms.can_leave)
    error = None
    if request.method == "POST":
        try:
            services.leave_organisation(user=request.user, organisation=organisation)
        except services.OrganisationError as exc:
            error = str(exc)
        else:
            messages.success(request, _("Vous avez quitté « %(name)s ».") % {"name": organisation})
            return redirect("accounts:dashboard")
    return render(request, "organisations/leave.html",
                  {"organisation": organisation, "error": error}, status=400 if error else 200)


@login_required
@require_POST
def remove_from_network(request, slug, pk):
    network = get_object_or_404(Organisation, slug=slug)
    if not perms.can_remove_from_network(request.user, network, None):
        raise PermissionDenied
    organisation = get_object_or_404(network.member_organisations, pk=pk)
    services.remove_from_network(network=network, organisation=organisation)
    messages.success(request, _("« %(name)s » ne figure plus parmi les membres du réseau.")
                     % {"name": organisation})
    return redirect(network)


@login_required
@require_POST
def decide_network_request(request, slug, pk):
    network = get_object_or_404(Organisation, slug=slug)
    if not perms.can_decide_network_request(request.user, network):
        raise PermissionDenied
    network_request = get_object_or_404(network.member_requests.select_related("organisation"),
                                        pk=pk)
    approve = request.POST.get("action") == "approve"
    try:
        services.decide_network_request(network_request=network_request, approve=approve,
                                        by=request.user)
    except (services.OrganisationError, InvalidTransition) as error:
        messages.error(request, str(error))
    else:
        name = {"name": network_request.organisation}
        messages.success(request, _("« %(name)s » figure maintenant parmi les membres du réseau.")
                         % name if approve else _("Demande de « %(name)s » refusée.") % name)
    return redirect(network)


def invitation(request, token):
    invitation = services.invitation_from_token(token)
    if invitation is None:
        raise Http404
    if not request.user.is_authenticated:
        return render(request, "organisations/invitation.html",
                      {"invitation": invitation, "token": token, "anonymous": True})
    if request.method == "POST":
        if not perms.can_respond_to_invitation(request.user, invitation):
            if invitation.status == invitation.Status.PENDING:
                messages.error(request, services.WRONG_ADDRESS_MESSAGE)
            else:
                messages.error(request, _("Cette invitation n'est plus valable."))
            return redirect("accounts:dashboard")
        try:
            if request.POST.get("action") == "accept":
                services.accept_invitation(invitation=invitation, user=request.user)
                messages.success(request, _("Vous avez rejoint « %(name)s ».")
                                 % {"name": invitation.organisation})
                return redirect("organisations:members", slug=invitation.organisation.slug)
            services.decline_invitation(invitation=invitation, user=request.user)
            messages.success(request, _("Invitation refusée."))
        except (services.OrganisationError, InvalidTransition) as error:
            messages.error(request, str(error))
        return redirect("accounts:dashboard")
    return render(request, "organisations/invitation.html", {
        "invitation": invitation, "token": token,
        "already_member": perms.is_member(request.user, invitation.organisation),
        "wrong_address": not perms.is_invited(request.user, invitation),
    })

"""The organisations block of ``/espace/``: my organisations with my role, invitations received."""

from allauth.account.models import EmailAddress

from .models import Invitation, Membership, NetworkRequest
from .services import invitation_url


def dashboard_section(request):
    user = request.user
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation__seat_commune")
        .order_by("organisation__name")
    )
    emails = list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )
    invitations = list(
        Invitation.objects.pending().for_emails(emails).select_related("organisation", "invited_by")
    )
    for invitation in invitations:
        invitation.url = invitation_url(invitation)
    network_requests = list(
        NetworkRequest.objects.filter(
            status=NetworkRequest.Status.PENDING, network__memberships__user=user,
            network__memberships__role=Membership.Role.ADMIN)
        .select_related("organisation", "network").distinct()
    )
    return {
        "template": "organisations/includes/dashboard.html",
        "order": 10,
        "memberships": memberships,
        "invitations": invitations,
        "network_requests": network_requests,
    }

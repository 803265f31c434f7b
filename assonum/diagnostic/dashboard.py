"""The "Autodiagnostic" block of ``/espace/``: my associations' diagnostics, results shared."""

from django.db.models import Q

from .models import Diagnostic, Share


def dashboard_section(request):
    user = request.user
    diagnostics = list(
        Diagnostic.objects.filter(Q(organisation__memberships__user=user) | Q(started_by=user))
        .select_related("organisation")
        .distinct()
        .order_by("-updated_at")[:10]
    )
    shared = list(
        Share.objects.active()
        .filter(recipient=user)
        .select_related("diagnostic__organisation")
        .order_by("-granted_at")[:10]
    )
    return {
        "template": "diagnostic/includes/dashboard.html",
        "order": 40,
        "diagnostics": diagnostics,
        "shared": shared,
    }

"""``/espace/``: "Mes fiches de l'annuaire".

Listings of my organisations, pending proposals and claims.
"""

from assonum.organisations.perms import organisations_of

from . import perms
from .models import Place, PlaceChange, PlaceClaim, ReviewStatus


def dashboard_section(request):
    user = request.user
    organisations = list(organisations_of(user).values_list("pk", flat=True))
    can_propose = perms.can_propose(user)
    if not organisations and not can_propose:
        return None
    places = list(
        Place.objects.filter(owner_id__in=organisations)
        .exclude(status=Place.Status.ARCHIVED)
        .select_related("owner")
        .order_by("nom")
    )
    changes = list(
        PlaceChange.objects.filter(status=ReviewStatus.PENDING, organisation_id__in=organisations)
        .select_related("place")
        .order_by("-created_at")
    )
    recent_rejections = list(
        PlaceChange.objects.filter(status=ReviewStatus.REJECTED, submitted_by=user)
        .select_related("place")
        .order_by("-reviewed_at")[:3]
    )
    claims = list(
        PlaceClaim.objects.filter(status=ReviewStatus.PENDING, organisation_id__in=organisations)
        .select_related("place", "organisation")
        .order_by("-created_at")
    )
    if not (places or changes or claims or can_propose):
        return None
    return {
        "template": "directory/includes/dashboard_section.html",
        "order": 40,
        "places": places,
        "changes": changes,
        "claims": claims,
        "rejections": recent_rejections,
        "can_propose": can_propose,
        "can_moderate": perms.can_moderate(user),
    }

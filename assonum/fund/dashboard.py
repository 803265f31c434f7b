"""The fund block of /espace/: my associations' applications, my reviews, my supports."""

from assonum.organisations.models import Membership

from . import perms
from .models import Application, Review


def dashboard_section(request):
    user = request.user
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    applications = list(Application.objects.filter(organisation__in=organisations)
                        .select_related("call", "organisation")[:20])
    reviews = Review.objects.filter(reviewer=user).count()
    experts = perms.experts_of(user).exists()
    if not applications and not reviews and not experts:
        return None
    return {"template": "fund/includes/dashboard.html", "order": 40,
            "applications": applications, "reviews": reviews, "experts": experts}

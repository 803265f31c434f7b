"""``/espace/``: "Mes dons de matériel" — my offers, my association's reservations and needs
(with the matching offers), receptions awaiting my drop-off point, moderation for staff."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from assonum.organisations.perms import organisations_of

from . import perms, services
from .models import Lot, Need, Offer, Reservation


def dashboard_section(request):
    user = request.user
    if not user.is_authenticated:
        return None
    org_ids = list(organisations_of(user).values_list("pk", flat=True))
    offers = list(
        Offer.objects.filter(Q(created_by=user) | Q(donor_organisation_id__in=org_ids))
        .select_related("commune")
        .prefetch_related(Prefetch("lots", queryset=Lot.objects.order_by("pk")))
        .order_by("-created_at")[:20])
    to_decide = list(
        Reservation.objects.filter(status=Reservation.Status.REQUESTED)
        .filter(Q(lot__offer__created_by=user) | Q(lot__offer__donor_organisation_id__in=org_ids))
        .select_related("lot__offer", "organisation").order_by("created_at")[:20])
    reservations = list(
        Reservation.objects.filter(organisation_id__in=org_ids)
        .select_related("lot__offer", "organisation").order_by("-created_at")[:20])
    needs = list(Need.objects.filter(organisation_id__in=org_ids, is_active=True)
                 .select_related("organisation", "commune")[:10])
    for need in needs:
        need.matches = list(services.matching_lots(need)[:3])
    receptions = list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED, dropoff_point__owner_id__in=org_ids)
        .select_related("dropoff_point", "commune").order_by("published_at")[:20])
    pending = (Offer.objects.filter(status=Offer.Status.PENDING).count()
               if perms.may_moderate(request) else None)
    if not (offers or to_decide or reservations or needs or receptions or pending):
        return {"template": "donations/includes/dashboard_section.html", "order": 50,
                "empty": True, "may_add_need": perms.may_add_need(user)}
    return {
        "template": "donations/includes/dashboard_section.html",
        "order": 50,
        "offers": offers,
        "to_decide": to_decide,
        "reservations": reservations,
        "needs": needs,
        "receptions": receptions,
        "pending_moderation": pending,
        "may_add_need": perms.may_add_need(user),
    }

"""Back-office pages: the list of sends with their progress, and one send's failures."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from assonum.core.perms import acts_as_staff

from .models import Campaign, CampaignState, DeliveryState

REFRESH_SECONDS = 10


def _check(request) -> None:
    if not (acts_as_staff(request) and request.user.has_perm("mailings.view_campaign")):
        raise PermissionDenied


def campaign_list(request):
    _check(request)
    campaigns = Campaign.objects.with_progress().order_by("-created_at", "-id")
    page = Paginator(campaigns, 20).get_page(request.GET.get("p"))
    rows = [(campaign, campaign.progress()) for campaign in page.object_list]
    sending = any(c.state == CampaignState.SENDING for c, _ in rows)
    return TemplateResponse(request, "mailings/campaign_list.html", {
        "rows": rows, "page_obj": page, "refresh": REFRESH_SECONDS if sending else None,
    })


def campaign_detail(request, pk: int):
    _check(request)
    campaign = get_object_or_404(Campaign.objects.with_progress(), pk=pk)
    failures = campaign.deliveries.filter(
        Q(state__in=[DeliveryState.FAILED, DeliveryState.BOUNCED])
        | Q(state=DeliveryState.PENDING, attempts__gt=0)
    ).order_by("id").only("id", "email", "state", "attempts", "last_error", "next_attempt_at",
                          "updated_at")
    page = Paginator(failures, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "mailings/campaign_detail.html", {
        "campaign": campaign, "progress": campaign.progress(), "page_obj": page,
        "refresh": REFRESH_SECONDS if campaign.state == CampaignState.SENDING else None,
    })

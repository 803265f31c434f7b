"""Contributions to other apps' extension points."""

from .models import ThankYou


def place_thanks(request, place):
    """``directory.place_page``: the published thank-you notes of associations helped."""
    thanks = list(ThankYou.objects.filter(place=place, status=ThankYou.Status.PUBLISHED)
                  .order_by("-created_at")[:5])
    if not thanks:
        return None
    return {"template": "helprequests/includes/place_thanks.html", "thanks": thanks}

"""Contributions to other apps' extension points."""

from .models import ThankYou


def place_thanks(request, place):
    """``directory.place_page``: the published thank-you notes of associations helped."""
    thanks = list(ThankYou.objects.filter(place=place, status=ThankYou.Status.PUBLISHED)
                  .order_by("-created_at")[:5])
    if not thanks:
        return None
    return {"template": "helprequests/includes/place_thanks.html", "thanks": thanks}


def ask_from_diagnostic(request, summary):
    """On a diagnostic result: describe a need to nearby digital actors, pre-filled."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    themes = [t for t in (summary or {}).get("themes", []) if t.get("score") is not None]
    if not themes:
        return None
    weakest = min(themes, key=lambda t: t["score"])  # one link: the page stays light
    text = _("Nous aimerions être accompagnés sur : %(theme)s.") % {"theme": weakest["label"]}
    return {
        "template": "diagnostic/includes/block.html",
        "title": _("Être mis en relation avec un acteur du numérique"),
        "items": [{"label": _("Demander de l'aide : %(theme)s") % {"theme": weakest["label"]},
                   "url": reverse("helprequests:ask") + "?" + urlencode({"texte": text})}],
    }

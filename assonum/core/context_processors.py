from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .registry import collect


def _nav_items():
    items = []
    for url_name, label, order in collect("navigation", "NAV_ITEMS"):
        if url_name.startswith("/"):  # a literal path (e.g. a Wagtail index page)
            items.append({"url": url_name, "label": label, "order": order})
            continue
        try:
            items.append({"url": reverse(url_name), "label": label, "order": order})
        except NoReverseMatch:
            continue
    return sorted(items, key=lambda item: item["order"])


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_items": _nav_items(),
    }

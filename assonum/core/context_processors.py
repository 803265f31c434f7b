from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .page_cache import prime_site
from .plugins import plugins


def _nav_items():
    items = []
    for item in (item for plugin in plugins() for item in plugin.navigation):
        if item.is_path:  # a literal path (e.g. a Wagtail index page)
            items.append({"url": item.target, "label": item.label, "order": item.order})
            continue
        try:
            items.append({"url": reverse(item.target), "label": item.label, "order": item.order})
        except NoReverseMatch:
            continue
    return sorted(items, key=lambda item: item["order"])


def site(request):
    prime_site(request)  # Wagtail's Site of the request, from the site-wide cache
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "nav_items": _nav_items(),
    }

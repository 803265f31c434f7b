from django import template

from ..models import ContentPage
from ..page_cache import site_wide

register = template.Library()

FOOTER_SLUGS = ["mentions-legales", "donnees-personnelles", "accessibilite", "contact"]


def _footer_pages():
    pages = {p.slug: p for p in ContentPage.objects.live().filter(slug__in=FOOTER_SLUGS)}
    return [pages[slug] for slug in FOOTER_SLUGS if slug in pages]


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The legal and contact pages, in a fixed order (kept in the site-wide cache)."""
    return site_wide("footer-pages", _footer_pages, context.get("request"))



@register.filter
def is_section_of(url: str, path: str) -> bool:
    """True when ``path`` is ``url`` or below it (for aria-current in the navigation)."""
    return url != "/" and path.startswith(url)

from django import template

from ..models import ContentPage
from ..page_cache import derived, fragment, site_wide

register = template.Library()

FOOTER_SLUGS = ["mentions-legales", "donnees-personnelles", "accessibilite", "contact"]


def _footer_pages():
    pages = {p.slug: p for p in ContentPage.objects.live().filter(slug__in=FOOTER_SLUGS)}
    return [pages[slug] for slug in FOOTER_SLUGS if slug in pages]


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The legal and contact pages, in a fixed order (kept in the site-wide cache)."""
    return site_wide("footer-pages", _footer_pages, context.get("request"))


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        request = context.get("request")
        # The host too: a page URL is relative on its own site, absolute elsewhere.
        host = request.get_host() if request is not None else ""
        parts = (host, *(str(part.resolve(context)) for part in self.parts))
        return fragment(parts, lambda: self.nodelist.render(context), request)


@register.tag("fragment")
def do_fragment(parser, token):
    """``{% fragment "name" obj.pk ... %}...{% endfragment %}``: the enclosed HTML rendered once
    per generation and process for these values (see ``page_cache.fragment``). Everything the
    HTML depends on must be among the values: never the visitor, the time or the request."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.filter
def is_section_of(url: str, path: str) -> bool:
    """True when ``path`` is ``url`` or below it (for aria-current in the navigation)."""
    return url != "/" and path.startswith(url)


@register.inclusion_tag("core/includes/breadcrumbs.html", takes_context=True)
def breadcrumb_trail(context):
    """Home > section > ... > this page.

    A Wagtail page gives its ancestors below the home page and itself; any other view gives the
    navigation section its path belongs to (``nav_items``), so that every inner page leads back up.
    """
    from django.utils.translation import gettext as _
    from wagtail.models import Page

    request = context.get("request")
    path = request.path if request else ""
    if path in ("", "/"):
        return {"crumbs": []}
    crumbs = [{"url": "/", "label": _("Accueil")}]
    page = context.get("page")
    if isinstance(page, Page) and page.depth > 2:
        def ancestors():
            return [{"url": ancestor.url, "label": ancestor.title}
                    for ancestor in page.get_ancestors().filter(depth__gt=2).specific(defer=True)]

        # The same for every visitor until a page is published or moved (the generation).
        crumbs.extend(derived("breadcrumbs", (page.path, request.get_host() if request else ""),
                              ancestors, request))
        crumbs.append({"url": page.url, "label": page.title})
        return {"crumbs": crumbs}
    sections = [item for item in context.get("nav_items", []) if is_section_of(item["url"], path)]
    if not sections:
        return {"crumbs": []}
    section = max(sections, key=lambda item: len(item["url"]))
    crumbs.append({"url": section["url"], "label": section["label"]})
    if path != section["url"]:
        # The current page's own title is its <h1>; the trail ends at its section.
        return {"crumbs": crumbs, "ends_above": True}
    return {"crumbs": crumbs}


@register.filter
def de(name) -> str:
    """``{{ commune.name|de }}`` → "d'Issoudun", "du Blanc", "des Randonneurs", "de Bourges"."""
    from assonum.core.french import of_name

    return of_name(name)


@register.filter
def heure(value) -> str:
    """``{{ event.end|heure }}`` → "17 h 30" (no-break spaces)."""
    from assonum.core.french import time_text

    return time_text(value) if value else ""


@register.filter
def date_heure(value, date_format: str = "l j F Y") -> str:
    """``{{ event.start|date_heure }}`` → "mardi 3 mars 2026, 17 h 30";
    ``{{ event.start|date_heure:"j F" }}`` → "3 mars, 17 h 30"."""
    from assonum.core.french import datetime_text

    return datetime_text(value, date_format) if value else ""

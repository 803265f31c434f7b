from django import template

from ..models import ContentPage

register = template.Library()

FOOTER_SLUGS = ["mentions-legales", "donnees-personnelles", "accessibilite", "contact"]


@register.simple_tag
def footer_pages():
    """The legal and contact pages, in a fixed order (one query)."""
    pages = {p.slug: p for p in ContentPage.objects.live().filter(slug__in=FOOTER_SLUGS)}
    return [pages[slug] for slug in FOOTER_SLUGS if slug in pages]



@register.filter
def is_section_of(url: str, path: str) -> bool:
    """True when ``path`` is ``url`` or below it (for aria-current in the navigation)."""
    return url != "/" and path.startswith(url)


@register.filter
def de(name) -> str:
    """``{{ commune.name|de }}`` → "d'Issoudun", "du Blanc", "des Randonneurs", "de Bourges"."""
    from assonum.core.french import of_name

    return of_name(name)

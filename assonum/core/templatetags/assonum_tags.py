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

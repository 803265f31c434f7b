from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def commune_autocomplete_script():
    """The autocomplete script of CommuneField (put it in ``extra_js``).

    No nonce: the policy allows scripts from the site itself (``script-src 'self'``), so
    that a public page is the same for every visitor and can be cached.
    """
    return format_html('<script src="{}" defer></script>',
                       static("territory/commune-autocomplete.js"))


@register.simple_tag
def region_svg_map(places, label="", key=None):
    """The server-drawn map of the region with ``places`` (a queryset of objects with
    ``latitude`` and ``longitude``, or ``(latitude, longitude)`` pairs) as dots; ``key``: what
    the queryset depends on, when the caller knows it (else its SQL names it)."""
    from ..svgmap import region_map

    return region_map(places, label=label, key=key)

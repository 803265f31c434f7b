from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def commune_autocomplete_script(context):
    """The autocomplete script of CommuneField, with the CSP nonce (put it in ``extra_js``)."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html(
        '<script src="{}" nonce="{}" defer></script>',
        static("territory/commune-autocomplete.js"),
        nonce,
    )


@register.simple_tag
def region_svg_map(places, label=""):
    """The server-drawn map of the region with ``places`` (a queryset of objects with
    ``latitude`` and ``longitude``, or ``(latitude, longitude)`` pairs) as dots."""
    from ..svgmap import region_map

    if hasattr(places, "values_list"):
        places = places.order_by().filter(
            latitude__isnull=False, longitude__isnull=False
        ).values_list("latitude", "longitude")
    return region_map(places, label=label)

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

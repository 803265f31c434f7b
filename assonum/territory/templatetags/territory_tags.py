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

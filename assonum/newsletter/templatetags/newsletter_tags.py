from django import template

from ..consent import CONSENT_TEXT_SHORT

register = template.Library()


@register.simple_tag
def newsletter_short_consent():
    """The footer form's consent sentence: the very text recorded with the subscription."""
    return CONSENT_TEXT_SHORT

from django import forms
from django.urls import reverse


class CommuneInput(forms.TextInput):
    """A plain text input, enhanced into an accessible autocomplete by commune-autocomplete.js.

    The script is NOT declared as widget Media (pages choose where their scripts go): put
    ``{% load territory_tags %}{% commune_autocomplete_script %}`` in the page's ``extra_js`` block.
    """

    def __init__(self, attrs=None):
        defaults = {"autocomplete": "off", "spellcheck": "false", "data-commune-autocomplete": ""}
        if attrs:
            defaults.update(attrs)
        super().__init__(defaults)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-source"] = reverse("api:communes")
        return context

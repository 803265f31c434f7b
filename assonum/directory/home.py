"""The home page's "Trouver de l'aide près de chez vous" section: a commune field to the list."""

from functools import cached_property

from .forms import PlaceFilterForm


class _Fields:
    """The form's fields, built only when the section's fragment is rendered."""

    @cached_property
    def form(self):
        return PlaceFilterForm(auto_id="home-%s")

    @property
    def near(self):
        return self.form["pres_de"]

    @property
    def radius(self):
        return self.form["rayon"]


def home_section(request):
    return {"template": "directory/includes/home_section.html", "order": 30, "fields": _Fields()}

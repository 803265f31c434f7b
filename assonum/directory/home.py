"""The home page's "Trouver de l'aide près de chez vous" section: a commune field to the list."""

from .forms import PlaceFilterForm


def home_section(request):
    return {
        "template": "directory/includes/home_section.html",
        "order": 30,
        "near_field": PlaceFilterForm(auto_id="home-%s")["pres_de"],
        "radius_field": PlaceFilterForm(auto_id="home-%s")["rayon"],
    }

"""``de`` before a name as French writes it, with real names of the region."""

import pytest
from django.template import Context, Template

from assonum.core.french import of_name


@pytest.mark.parametrize("name, expected", [
    ("Issoudun", "d'Issoudun"),
    ("Orléans", "d'Orléans"),
    ("Éguzon-Chantôme", "d'Éguzon-Chantôme"),
    ("Yèvre-la-Ville", "d'Yèvre-la-Ville"),
    ("Le Blanc", "du Blanc"),
    ("Les Randonneurs du Boischaut", "des Randonneurs du Boischaut"),
    ("La Châtre", "de La Châtre"),
    ("L'Île-Bouchard", "de L'Île-Bouchard"),
    ("Huisseau-sur-Cosson", "de Huisseau-sur-Cosson"),
    ("Bourges", "de Bourges"),
    ("Lemeré", "de Lemeré"),  # "Le" only as a word of its own
    ("", ""),
])
def test_of_name(name, expected):
    assert of_name(name) == expected


def test_the_template_filter_escapes_what_it_is_given():
    rendered = Template("{% load assonum_tags %}Membres {{ name|de }}").render(
        Context({"name": "Les <b>Amis</b>"}))
    assert rendered == "Membres des &lt;b&gt;Amis&lt;/b&gt;"

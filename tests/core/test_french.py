"""``de`` before a name as French writes it, with real names of the region."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template

from assonum.core.french import datetime_text, of_name, time_text


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


def test_times_and_dates_with_no_break_spaces():
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert time_text(dt.time(17, 30)) == "17\u00a0h\u00a030"
    assert time_text(dt.time(9, 0)) == "9\u00a0h"
    # An aware moment is told in local time: 16:30 UTC is 17 h 30 in Paris in winter.
    utc = dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC)
    assert time_text(utc) == "17\u00a0h\u00a030"
    assert datetime_text(dt.datetime(2026, 12, 1, 17, 30, tzinfo=paris)) == (
        "mardi 1 décembre 2026, 17\u00a0h\u00a030")
    rendered = Template('{% load assonum_tags %}{{ when|date_heure:"j F" }}').render(
        Context({"when": dt.datetime(2026, 3, 3, 9, 0, tzinfo=paris)}))
    assert rendered == "3 mars, 9\u00a0h"

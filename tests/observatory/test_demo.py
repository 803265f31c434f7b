"""The observatory on the whole demo: figures match direct counts; Loir-et-Cher (4) is hidden."""

import csv
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from assonum.diagnostic.models import Diagnostic, SelectedAnswer
from assonum.directory.models import Place
from assonum.observatory import services
from assonum.observatory.figures import Observatory

pytestmark = pytest.mark.django_db


def _csv(client, table):
    return list(csv.DictReader(io.StringIO(
        client.get(f"/observatoire/donnees/{table}.csv").content.decode("utf-8-sig"))))


def _latest(department=""):
    latest = Diagnostic.objects.latest_per_organisation().filter(organisation__kind="association")
    if department:
        latest = latest.filter(organisation__seat_commune__department_id=department)
    return latest


def test_the_demo_shows_every_chart_with_figures_matching_the_database(client):
    call_command("load_demo", stdout=io.StringIO())
    cache.clear()
    observatory = Observatory(services.snapshot())

    # Diagnostics per department: Indre 6, Indre-et-Loire 5, Loir-et-Cher 4 (hidden).
    assert {code: _latest(code).count() for code in ("36", "37", "41")} == {
        "36": 6, "37": 5, "41": 4}
    for code in ("36", "37"):
        page = client.get(f"/observatoire/?departement={code}").content.decode()
        assert "Pas assez de réponses" not in page
        assert page.count('role="img"') == 3  # tools, difficulties, maturity
        for key in ("outils", "difficultes"):
            for row in observatory.answers(key, code)["rows"]:
                direct = (SelectedAnswer.objects.filter(
                    diagnostic__in=_latest(code), question_key=key, label=row["label"])
                    .values("diagnostic__organisation").distinct().count())
                assert row["associations"] == direct
    hidden = client.get("/observatoire/?departement=41").content.decode()
    assert hidden.count("Pas assez de réponses") == 3 and 'role="img"' not in hidden
    region = client.get("/observatoire/").content.decode()
    assert region.count('role="img"') == 3
    assert f"{_latest().count()} associations" in region

    # The map and its table: digital actors per department = published places.
    territories = client.get("/observatoire/territoires/").content.decode()
    assert territories.count('class="observatory-map__area"') == 6
    rows = {r["territoire_code"]: r for r in _csv(client, "departements")}
    for code in ("18", "28", "36", "37", "41", "45"):
        places = Place.objects.published().filter(commune__department_id=code).count()
        assert int(rows[code]["acteurs"]) == places
        assert re.search(rf"<tspan[^>]*>{places}</tspan>", territories)
    assert rows["41"]["diagnostics"] == "" and rows["36"]["diagnostics"] == "6"
    assert int(rows["24"]["acteurs"]) == Place.objects.published().count()

    # The CSV of the tools gives the page's numbers.
    tools = [r for r in _csv(client, "outils") if r["territoire_code"] == "36"]
    page = client.get("/observatoire/?departement=36").content.decode()
    assert tools and {r["territoire_code"] for r in _csv(client, "outils")} == {"24", "36", "37"}
    for row in tools:
        assert f'<td>{row["associations"]}</td>' in page

    # The API carries the same figures.
    api = client.get("/api/v1/observatoire/?cle=directory.places").json()["figures"]
    assert {x["department"]: x["value"] for x in api}["36"] == int(rows["36"]["acteurs"])

    # Back into the toolbox: the tool page says how many associations use it.
    usage = observatory.tool_usage("Une suite bureautique libre (LibreOffice...)")
    tool_page = client.get("/boite-a-outils/libreoffice/").content.decode()
    assert f"Utilisé par {usage['associations']} associations de la région" in tool_page

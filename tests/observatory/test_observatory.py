"""The observatory on a small, controlled population (real diagnostics, real statistics)."""

import csv
import dataclasses
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from assonum.core import plugins
from assonum.core.periodic import periodic_tasks
from assonum.diagnostic.models import Diagnostic, SelectedAnswer, ThemeResult
from assonum.observatory import services
from assonum.observatory.figures import Observatory
from tests.diagnostic import factories as f

pytestmark = pytest.mark.django_db

INDRE_ET_LOIRE = ["37261", "37119", "37195", "37261", "37119"]  # 5 associations
LOIR_ET_CHER = ["41018", "41295", "41018", "41295"]  # 4 associations


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def places():
    from tests.territory.factories import make_article_communes

    f.questionnaire()
    return {**f.communes(), **make_article_communes()}


def populate(places, codes, rank=0):
    return [f.completed(f.association(places[code]), rank=rank) for code in codes]


def direct_count(department, label, key="outils"):
    """How many associations' latest diagnostic chose ``label`` (straight from the tables)."""
    latest = Diagnostic.objects.latest_per_organisation()
    if department:
        latest = latest.filter(organisation__seat_commune__department_id=department)
    return (SelectedAnswer.objects.filter(diagnostic__in=latest, question_key=key, label=label)
            .values("diagnostic__organisation").distinct().count())


def body(response):
    return response.content.decode()


@override_settings(DIAGNOSTIC_MIN_GROUP=1, OBSERVATORY_MIN_GROUP=5)
def test_a_group_of_four_is_hidden_and_a_group_of_five_shown(client, places):
    # DIAGNOSTIC_MIN_GROUP=1: the diagnostic publishes every group; the observatory's own rule
    # must hide the small one.
    populate(places, INDRE_ET_LOIRE)
    populate(places, LOIR_ET_CHER)
    shown = body(client.get("/observatoire/?departement=37"))
    assert "Pas assez de réponses" not in shown
    assert "5 associations répondantes" in shown
    assert "Règle d'anonymat" in shown and "moins de 5 associations" in shown
    hidden = body(client.get("/observatoire/?departement=41"))
    assert hidden.count("Pas assez de réponses") == 3  # tools, difficulties, maturity
    assert "<svg viewBox" not in hidden
    for label in SelectedAnswer.objects.values_list("label", flat=True).distinct():
        assert label not in hidden.split("<main", 1)[1]
    # Nothing of the four leaks through the CSV nor the API either.
    rows = list(csv.DictReader(io.StringIO(
        client.get("/observatoire/donnees/outils.csv").content.decode("utf-8-sig"))))
    assert {r["territoire_code"] for r in rows} == {"24", "37"}
    api = client.get("/api/v1/observatoire/?departement=41").json()
    assert not [x for x in api["figures"] if x["key"].startswith("diagnostic.")]
    table = body(client.get("/observatoire/territoires/?carte=diagnostics"))
    assert "<td>5</td>" in table and "n.d." in table


@override_settings(DIAGNOSTIC_MIN_GROUP=1, OBSERVATORY_MIN_GROUP=5)
def test_figures_match_a_direct_count(client, places):
    populate(places, INDRE_ET_LOIRE)
    populate(places, ["36044", "36063", "36005", "36093", "36089", "36018"], rank=-1)
    observatory = Observatory(services.snapshot())
    for department in ("", "37", "36"):
        answers = observatory.answers("outils", department)
        assert answers["rows"]
        for row in answers["rows"]:
            assert row["associations"] == direct_count(department, row["label"])
            assert row["share"] == round(100 * row["associations"] / row["total"], 1)
    page = body(client.get("/observatoire/?departement=36"))
    for row in observatory.answers("outils", "36")["rows"]:
        assert f'<td>{row["associations"]}</td>' in page
    latest = Diagnostic.objects.latest_per_organisation().filter(
        organisation__seat_commune__department_id="36")
    maturity = observatory.maturity("36")
    assert maturity["total"] == 6
    for theme in maturity["rows"]:
        results = ThemeResult.objects.filter(diagnostic__in=latest, theme_slug=theme["slug"])
        for level, share in enumerate(theme["levels"], start=1):
            direct = results.filter(level=level).count()
            assert share == round(100 * direct / results.exclude(level=None).count(), 1)


def test_csv_has_bom_documented_columns_licence_and_the_page_s_numbers(client, places):
    populate(places, INDRE_ET_LOIRE)
    response = client.get("/observatoire/donnees/outils.csv")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    region = [r for r in rows if r["territoire_code"] == "24"]
    observatory = Observatory(services.snapshot())
    expected = {r["label"]: (r["share"], r["associations"])
                for r in observatory.answers("outils", "")["rows"]}
    assert {r["reponse"]: (float(r["part_associations_pct"]), int(r["associations"]))
            for r in region} == expected
    assert all(r["licence"] == "Licence Ouverte / Open Licence 2.0" for r in rows)
    assert all(r["date_des_donnees"] == observatory.computed_at.isoformat() for r in rows)
    documented = body(client.get("/observatoire/donnees/"))
    for column in rows[0]:
        assert f"<code>{column}</code>" in documented
    assert "Licence Ouverte" in documented
    for table in ("difficultes", "maturite", "departements", "services"):
        parsed = list(csv.reader(io.StringIO(
            client.get(f"/observatoire/donnees/{table}.csv").content.decode("utf-8-sig"))))
        assert parsed[0][0] == "territoire_code" and parsed[0][-1] == "licence"
    assert client.get("/observatoire/donnees/inconnu.csv").status_code == 404


def test_api_returns_the_figures_under_the_rule(client, places):
    populate(places, INDRE_ET_LOIRE)
    data = client.get("/api/v1/observatoire/?cle=diagnostic.answered.outils&departement=region")
    data = data.json()
    assert data["licence"].startswith("Licence Ouverte") and data["min_group"] == 5
    got = {x["label"]: x["value"] for x in data["figures"]}
    assert got and all(got[label] == direct_count("", label) for label in got)
    assert all(x["associations"] == 5 for x in data["figures"])
    with override_settings(OBSERVATORY_MIN_GROUP=6):
        cache.clear()
        data = client.get("/api/v1/observatoire/?cle=diagnostic").json()
        assert data["figures"] == []


def _without(app, declared):
    return tuple(dataclasses.replace(p, statistics=None) if p.app == app else p
                 for p in declared)


def test_the_pages_work_with_a_statistics_provider_missing_or_broken(client, places,
                                                                     monkeypatch):
    populate(places, INDRE_ET_LOIRE)
    full = body(client.get("/observatoire/territoires/"))
    assert "Acteurs du numérique référencés" in full and "Appareils donnés" in full
    declared = plugins.plugins()
    monkeypatch.setattr(services.plugins, "plugins",
                        lambda: _without("assonum.directory", declared))
    cache.clear()
    response = client.get("/observatoire/territoires/")
    assert response.status_code == 200
    assert "Acteurs du numérique référencés" not in body(response)
    assert "Appareils donnés" in body(response)
    assert client.get("/observatoire/donnees/departements.csv").status_code == 200

    def broken():
        raise RuntimeError("provider down")

    monkeypatch.setattr(services.plugins, "plugins", lambda: tuple(
        dataclasses.replace(p, statistics=broken) if p.app == "assonum.donations" else p
        for p in _without("assonum.diagnostic", declared)))
    cache.clear()
    for url in ("/observatoire/", "/observatoire/territoires/", "/observatoire/donnees/",
                "/api/v1/observatoire/"):
        assert client.get(url).status_code == 200, url
    assert "Pas assez de réponses" in body(client.get("/observatoire/"))
    assert "Appareils donnés" not in body(client.get("/observatoire/territoires/"))


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@override_settings(DIAGNOSTIC_MIN_GROUP=1)
def test_a_page_makes_a_fixed_number_of_queries(client, places):
    populate(places, INDRE_ET_LOIRE)
    urls = ["/observatoire/", "/observatoire/?departement=37", "/observatoire/territoires/",
            "/observatoire/donnees/outils.csv", "/api/v1/observatoire/"]
    for url in urls:  # first requests fill process-wide caches (the Wagtail site...)
        client.get(url)
    cold_few = [(cache.clear(), _queries(client, url))[1] for url in urls]
    warm_few = [_queries(client, url) for url in urls]
    populate(places, INDRE_ET_LOIRE * 6 + LOIR_ET_CHER * 5, rank=-1)
    cold_many = [(cache.clear(), _queries(client, url))[1] for url in urls]
    warm_many = [_queries(client, url) for url in urls]
    assert cold_few == cold_many
    assert warm_few == warm_many
    assert max(warm_many) <= 3  # the figures come from the cache
    assert max(cold_many) <= 40


def test_the_periodic_task_refreshes_the_cached_snapshot(places):
    assert "observatory.refresh" in [t.name for t in periodic_tasks()]
    from assonum.observatory.tasks import refresh_observatory

    assert cache.get(services.CACHE_KEY) is None
    populate(places, INDRE_ET_LOIRE)
    refresh_observatory.call()
    first = cache.get(services.CACHE_KEY)
    assert first is not None
    populate(places, LOIR_ET_CHER)
    assert services.snapshot() == first  # cached: the page does not recompute
    refresh_observatory.call()
    assert cache.get(services.CACHE_KEY)["computed_at"] > first["computed_at"]
    # This process kept its copy of the first snapshot: the refresh replaces it at once.
    assert services.snapshot()["computed_at"] == cache.get(services.CACHE_KEY)["computed_at"]


def test_the_tool_page_hook_follows_the_rule(rf, places, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    from assonum.observatory import hooks

    class Tool:
        slug = "libreoffice"

    request = rf.get("/")
    request.user = AnonymousUser()
    with override_settings(DIAGNOSTIC_MIN_GROUP=1):
        populate(places, ["37261", "37119", "37195", "37261"], rank=-1)
        assert hooks.tool_usage(request, Tool()) is None  # 4 associations: nothing
        cache.clear()
        member = f.user()
        f.association(places["37261"], member=member)
        populate(places, ["37119"], rank=-1)
        request.user = member
        block = hooks.tool_usage(request, Tool())
    label = hooks.OFFICE
    assert block["region"]["associations"] == direct_count("", label) > 0
    assert block["region"]["total"] == 5
    assert block["local"]["associations"] == direct_count("37", label)
    assert block["local"]["of"] == "d'Indre-et-Loire"

    class Other:
        slug = "framadate"

    assert hooks.tool_usage(request, Other()) is None

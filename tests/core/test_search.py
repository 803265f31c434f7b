"""The site search (/recherche/): French words, accents, plurals, groups, caps, bad input."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assonum.core.search import clean_query, search_stems
from tests.toolbox.factories import guide_index, make_guide, make_tool, tool_index

URL = "/recherche/"


def result_titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.fixture
def content(demo_site):
    tools = tool_index(demo_site)
    guides = guide_index(demo_site)
    make_tool(tools, title="École numérique", slug="ecole-numerique",
              summary="Un espace pour apprendre le numérique.")
    make_tool(tools, title="Framadate", slug="framadate",
              summary="Un sondage pour trouver une date.")
    make_tool(tools, title="HelloAsso", slug="helloasso", licence="gratuit",
              summary="Recevoir des dons en ligne pour l'association.")
    make_tool(tools, title="LibreOffice", slug="libreoffice", summary="Traitement de texte.")
    make_guide(guides, title="Organiser un sondage", summary="Choisir une date de réunion.")
    return tools, guides


def test_stems_ignore_accents_case_plurals_and_stop_words():
    assert search_stems("Les Sondages") == search_stems("sondage")
    assert search_stems("ÉCOLE numérique") == search_stems("ecole numeriques")
    assert search_stems("dons en ligne") == "don lign"


def test_clean_query_keeps_words_only():
    assert clean_query('"ecole" AND (num*) OR -x\x00') == "ecole AND num OR x"
    assert len(clean_query("mot " * 100).split()) == 12


@pytest.mark.django_db
def test_accents_and_case_are_ignored(client, content):
    assert "École numérique" in result_titles(client.get(URL, {"q": "ecole numerique"}))
    assert "École numérique" in result_titles(client.get(URL, {"q": "ÉCOLE"}))


@pytest.mark.django_db
def test_plural_finds_singular(client, content):
    titles = result_titles(client.get(URL, {"q": "sondages"}))
    assert "Framadate" in titles and "Organiser un sondage" in titles
    assert "LibreOffice" not in titles


@pytest.mark.django_db
def test_donation_tools(client, content):
    assert result_titles(client.get(URL, {"q": "dons en ligne"})) == ["HelloAsso"]


@pytest.mark.django_db
def test_results_are_grouped_by_type_with_counts(client, content):
    html = client.get(URL, {"q": "sondage"}).content.decode()
    assert re.search(r'id="titre-outils">Outils <span class="count">\(1\)', html)
    assert re.search(r'id="titre-fiches">Fiches pratiques <span class="count">\(1\)', html)
    assert html.index('id="groupe-outils"') < html.index('id="groupe-fiches"')


@pytest.mark.django_db
def test_each_group_is_capped_with_a_link_to_the_rest(client, demo_site):
    tools = tool_index(demo_site)
    for i in range(12):
        make_tool(tools, title=f"Agenda {i}", summary="Un agenda partagé.")
    response = client.get(URL, {"q": "agenda"})
    assert len(result_titles(response)) == 10
    html = response.content.decode()
    assert "(12)" in html
    assert "type=outils" in html
    response = client.get(URL, {"q": "agenda", "type": "outils"})
    assert len(result_titles(response)) == 12


@pytest.mark.django_db
def test_unpublished_pages_are_not_found(client, demo_site):
    make_tool(tool_index(demo_site), title="Secretissime", publish=False)
    assert result_titles(client.get(URL, {"q": "secretissime"})) == []


@pytest.mark.django_db
def test_empty_and_unknown(client, content):
    response = client.get(URL)
    assert response.status_code == 200 and result_titles(response) == []
    html = client.get(URL, {"q": "zzzzqqq"}).content.decode()
    assert "Aucun résultat" in html


@pytest.mark.django_db
def test_header_search_box_points_to_search(client, content):
    assert 'action="/recherche/"' in client.get("/").content.decode()


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=80), kind=st.sampled_from(["", "outils", "fiches", "nope"]))
def test_search_never_fails(client, demo_site, q, kind):
    response = client.get(URL, {"q": q, "type": kind, "page": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize(("text", "query"), [
    ("écoles", "ecole"), ("École", "ecoles"), ("associations", "association"),
    ("bénévoles", "benevole"), ("journaux", "journal"), ("formations", "formation"),
    ("accompagnements", "accompagnement"),
    # verbs and nouns of one family, which a plural-only stemmer would miss
    ("accompagner", "accompagnement"), ("aidants", "aider"), ("réparations", "réparer"),
])
def test_stems_match_singular_plural_and_inflections(text, query):
    """French Snowball stems (PyPI snowballstemmer), on accent-free words."""
    assert search_stems(text) == search_stems(query)


@pytest.mark.django_db
def test_ecole_finds_places_mentioning_ecoles(client, demo_site):
    """On SQLite (stems indexed) as on PostgreSQL (french_unaccent configuration)."""
    from tests.directory.factories import PlaceFactory

    PlaceFactory(nom="Espace numérique du Blanc", commune_nom="Le Blanc",
                 presentation_detail="Ateliers pour les écoles et les familles du Blanc.")
    PlaceFactory(nom="Fab lab de La Châtre", commune_nom="La Châtre",
                 presentation_detail="Imprimantes 3D et découpe laser.")
    body = client.get(URL, {"q": "ecole"}).content.decode()
    assert "Espace numérique du Blanc" in body
    assert "Fab lab de La Châtre" not in body
    body = client.get(URL, {"q": "familles ecoles"}).content.decode()
    assert "Espace numérique du Blanc" in body
    body = client.get(URL, {"q": "imprimante"}).content.decode()
    assert "Fab lab de La Châtre" in body and "Espace numérique du Blanc" not in body


@pytest.mark.django_db
def test_a_search_read_again_shows_a_change_at_the_next_request(client, content):
    """A query's results are kept under the page cache's generation: a tool published,
    renamed or unpublished since must show at the next request for the same words."""
    tools, _guides = content
    assert "Framadate" in result_titles(client.get(URL, {"q": "sondage"}))
    added = make_tool(tools, title="Evento", slug="evento", summary="Un sondage simple.")
    assert "Evento" in result_titles(client.get(URL, {"q": "sondage"}))
    added.title = "Evento libre"
    added.save_revision().publish()
    assert "Evento libre" in result_titles(client.get(URL, {"q": "sondage"}))
    added.unpublish()
    assert not any(t.startswith("Evento") for t in result_titles(client.get(URL, {"q": "sondage"})))

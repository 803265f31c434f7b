"""The site search's single table: kept in sync, prefix, synonyms, alternatives, bounded work."""

import re
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assonum.core.models import SearchDocument
from assonum.core.search import alternative_name, parse_query
from assonum.core.search_postgres import postgres_tsquery
from tests.toolbox.factories import NeedFactory, make_tool, tool_index

URL = "/recherche/"


def result_titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


def doc(page):
    return SearchDocument.objects.filter(object_id=page.pk).first()


@pytest.fixture
def tools(demo_site):
    return tool_index(demo_site)


# --- keeping the documents --------------------------------------------------------------------

@pytest.mark.django_db
def test_publish_change_draft_unpublish_delete(client, tools):
    tool = make_tool(tools, title="Nextcloud", summary="Partager des fichiers.")
    assert doc(tool).title == "Nextcloud" and doc(tool).published
    assert doc(tool).type_key == "outils" and doc(tool).is_free_software

    tool.title = "Nextcloud Hub"
    tool.save_revision().publish()
    assert doc(tool).title == "Nextcloud Hub"
    assert result_titles(client.get(URL, {"q": "hub"})) == ["Nextcloud Hub"]

    tool.title = "Brouillon secret"
    tool.save_revision()  # a draft: visitors still see the live page
    assert doc(tool).title == "Nextcloud Hub"
    assert result_titles(client.get(URL, {"q": "brouillon"})) == []

    tool.unpublish()
    assert doc(tool).published is False
    assert result_titles(client.get(URL, {"q": "nextcloud"})) == []

    tool.save_revision().publish()
    assert result_titles(client.get(URL, {"q": "brouillon"})) == ["Brouillon secret"]
    tool.delete()
    assert not SearchDocument.objects.filter(object_id=tool.pk).exists()
    assert result_titles(client.get(URL, {"q": "brouillon"})) == []


@pytest.mark.django_db
def test_draft_and_private_pages_are_never_found(client, tools):
    from wagtail.models import PageViewRestriction

    make_tool(tools, title="Inédit", publish=False)
    assert result_titles(client.get(URL, {"q": "inedit"})) == []
    assert not SearchDocument.objects.filter(title="Inédit").exists()

    private = make_tool(tools, title="Réservé aux membres")
    assert result_titles(client.get(URL, {"q": "reserve"})) == ["Réservé aux membres"]
    restriction = PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert doc(private).published is False
    assert result_titles(client.get(URL, {"q": "reserve"})) == []
    restriction.delete()
    assert result_titles(client.get(URL, {"q": "reserve"})) == ["Réservé aux membres"]


@pytest.mark.django_db
def test_places_follow_their_status_and_deletion(client, demo_site):
    from assonum.directory.models import Place
    from tests.directory.factories import PlaceFactory

    place = PlaceFactory(nom="Tiers-lieu de Vierzon", presentation_resume="Ateliers vidéo.")
    assert doc(place).type_key == "lieux" and doc(place).published
    assert "Tiers-lieu de Vierzon" in result_titles(client.get(URL, {"q": "vierzon"}))
    place.status = Place.Status.DRAFT
    place.save()
    assert result_titles(client.get(URL, {"q": "vierzon"})) == []
    place.status = Place.Status.PUBLISHED
    place.save()
    assert "Tiers-lieu de Vierzon" in result_titles(client.get(URL, {"q": "vierzon"}))
    place.delete()
    assert not SearchDocument.objects.filter(type_key="lieux").exists()


@pytest.mark.django_db
def test_rebuild_search_index_rewrites_every_document(tools):
    make_tool(tools, title="Framadate", summary="Un sondage.")
    make_tool(tools, title="Caché", publish=False)
    SearchDocument.objects.all().delete()
    call_command("rebuild_search_index")
    assert list(SearchDocument.objects.filter(type_key="outils")
                .values_list("title", flat=True)) == ["Framadate"]


# --- matching -----------------------------------------------------------------------------------

def test_parse_query_keeps_words_drops_stop_words_and_accents():
    parsed = parse_query("Les écoles du numérique !")
    assert [w for w, _s in parsed.terms] == ["ecoles", "numerique"] and parsed.prefix
    assert parse_query("le la les") is None and parse_query("") is None
    assert dict(parse_query("visio").terms)["visio"] == ("visioconference", "videoconference")


def test_the_tsquery_is_built_from_cleaned_words_only():
    sql, params = postgres_tsquery(parse_query("école' | !numér:* & (xy)"))
    assert "%s" in sql and "'" not in sql and "numer" not in sql
    assert params[-1] == "'xy':*" and "ecole" in params
    assert all(re.fullmatch(r"[a-z0-9_]+|'[a-z0-9]+':\*", str(p)) for p in params)


def test_alternative_queries_are_recognised():
    assert alternative_name("alternative à Zoom") == "zoom"
    assert alternative_name("Alternatives libres a Google Docs") == "google docs"
    assert alternative_name("alternative de Doodle") == "doodle"
    assert alternative_name("alternatives") == ""
    assert alternative_name("visio") == ""


@pytest.mark.django_db
def test_accents_stems_and_prefix(client, tools):
    make_tool(tools, title="École numérique", summary="Apprendre ensemble.")
    make_tool(tools, title="Collecte", summary="Recevoir des dons pour les associations.")
    assert result_titles(client.get(URL, {"q": "ecole numerique"})) == ["École numérique"]
    assert result_titles(client.get(URL, {"q": "ÉCOLES NUMÉRIQUES"})) == ["École numérique"]
    assert result_titles(client.get(URL, {"q": "ecole numér"})) == ["École numérique"]
    assert result_titles(client.get(URL, {"q": "association"})) == ["Collecte"]
    assert result_titles(client.get(URL, {"q": "don assoc"})) == ["Collecte"]
    assert result_titles(client.get(URL, {"q": "assoc don"})) == []  # prefix: last word only


@pytest.mark.django_db
def test_visio_finds_the_video_conference_tools(client, tools):
    make_tool(tools, title="Jitsi Meet", summary="Visioconférence dans le navigateur.")
    make_tool(tools, title="BigBlueButton", summary="Classes virtuelles en vidéoconférence.")
    make_tool(tools, title="Framadate", summary="Un sondage pour trouver une date.")
    titles = result_titles(client.get(URL, {"q": "visio"}))
    assert "Jitsi Meet" in titles and "BigBlueButton" in titles and "Framadate" not in titles


@pytest.mark.django_db
def test_free_software_first_among_equally_relevant_tools(client, tools):
    make_tool(tools, title="Agenda Alpha", summary="Agenda partagé.", licence="payant")
    make_tool(tools, title="Agenda Zeta", summary="Agenda partagé.", licence="libre")
    make_tool(tools, title="Agenda Mu", summary="Agenda partagé.", licence="gratuit")
    assert result_titles(client.get(URL, {"q": "agenda partage"}))[0] == "Agenda Zeta"


@pytest.mark.django_db
def test_alternative_a_zoom_lists_the_free_alternatives(client, tools):
    visio, other = NeedFactory(name="Se réunir à distance"), NeedFactory(name="Compter")
    jitsi = make_tool(tools, title="Jitsi Meet", summary="Réunions en ligne.", needs=[visio])
    make_tool(tools, title="BigBlueButton", summary="Classes virtuelles.", needs=[visio])
    make_tool(tools, title="Teams", summary="Réunions.", licence="payant", needs=[visio])
    make_tool(tools, title="Paheko", summary="Comptabilité.", needs=[other])
    make_tool(tools, title="Zoom", summary="Réunions en ligne.", licence="payant",
              needs=[visio], alternatives=[jitsi])
    for q in ("alternative à zoom", "Alternatives à Zoom", "alternative libre de zoom"):
        response = client.get(URL, {"q": q})
        assert result_titles(response) == ["Jitsi Meet", "BigBlueButton"], q
        assert "Alternatives libres à « zoom »" in response.content.decode()
    titles = result_titles(client.get(URL, {"q": "alternative à zoom", "type": "outils"}))
    assert titles == ["Jitsi Meet", "BigBlueButton"]


# --- bounded work -------------------------------------------------------------------------------

def _queries(client, q):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return len(ctx.captured_queries), len(result_titles(response))


@pytest.mark.django_db
def test_the_search_page_runs_a_fixed_number_of_queries(client, tools):
    from tests.directory.factories import PlaceFactory

    for i in range(3):
        make_tool(tools, title=f"Atelier {i}", summary="Atelier numérique.")
        PlaceFactory(nom=f"Atelier numérique {i}")
    _queries(client, "atelier")  # warm the per-process caches (site root paths...)
    few = _queries(client, "atelier")
    for i in range(3, 30):
        make_tool(tools, title=f"Atelier {i}", summary="Atelier numérique.")
        PlaceFactory(nom=f"Atelier numérique {i}")
    _queries(client, "atelier")  # the new rows purged the site-wide cache: warm it again
    many = _queries(client, "atelier")
    assert few[1] == 6 and many[1] == 20  # 10 a group at most
    assert many[0] == few[0]


def _plan(cursor, sql, params) -> str:
    cursor.execute("EXPLAIN " + sql, params)
    return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.postgres
def test_candidates_come_from_the_gin_index(demo_site):
    from django.contrib.contenttypes.models import ContentType

    from assonum.core.search_postgres import _bitmap_scans_only, candidates_sql, postgres_hits
    from assonum.directory.models import Place

    content_type = ContentType.objects.get_for_model(Place)
    words = ("atelier numérique accompagnement imprimante médiathèque tiers-lieu formation "
             "ordinateur réparation démarches").split()
    rows = [SearchDocument(type_key="lieux", content_type=content_type, object_id=n,
                           title=f"Lieu {n} {words[n % 10]}",
                           body=f"{words[(n * 7) % 10]} et {words[(n * 3) % 10]} numéro {n}")
            for n in range(1, 40001)]
    for n in range(1, 40001, 2000):  # 20 documents of 40,000 mention a rare word
        rows[n].body += " soudure à l'étain"
    SearchDocument.objects.bulk_create(rows, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE core_searchdocument")
        # a rare word, alone and with another: as whole words (the first query) each type's
        # block reads its own partial index, never the whole table
        for q in ("soudure", "soudure etain"):
            exact = replace(parse_query(q), prefix=False)
            plan = _plan(cursor, *candidates_sql(exact, ["lieux", "outils"], 0, 10))
            assert "Bitmap Index Scan on searchdocument_lieux_gin" in plan, plan
            assert "Seq Scan on core_searchdocument" not in plan, plan
        # the prefix (the second query, for the types below the cap): PostgreSQL estimates a
        # prefix broadly and would scan the table; it runs with index bitmaps only, reset after
        with _bitmap_scans_only():
            plan = _plan(cursor, *candidates_sql(parse_query("soudure"), ["lieux"], 0, 10))
        assert "Bitmap Index Scan on searchdocument_lieux_gin" in plan, plan
        assert "Seq Scan on core_searchdocument" not in plan, plan
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"
        hits = postgres_hits(parse_query("soudure etain"), ["lieux", "outils"], 0, 10)
        assert list(hits) == ["lieux"] and len(hits["lieux"][0]) == 10
        assert hits["lieux"][1] == 20
        # a word in a fifth of the documents: at most 101 candidates are ranked
        sql, params = candidates_sql(parse_query("imprimante"), ["lieux"], 0, 10)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    assert len(rows) == 10 and rows[0][2] == 101


@pytest.mark.django_db
@pytest.mark.postgres
def test_every_declared_type_has_its_partial_index():
    from assonum.core.search import search_types
    from assonum.core.search_postgres import type_index_name

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes "
                       "WHERE tablename = 'core_searchdocument'")
        indexes = dict(cursor.fetchall())
    for search_type in search_types():
        if search_type.document is not None:
            definition = indexes.get(type_index_name(search_type.key), "")
            assert f"type_key)::text = '{search_type.key}'" in definition, search_type.key

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .factories import NeedFactory, make_tool

URL = "/boite-a-outils/"


def titles(response):
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.fixture
def catalogue(tools_index):
    polls = NeedFactory(name="Sondages", slug="sondages")
    docs = NeedFactory(name="Documents", slug="documents")
    make_tool(tools_index, title="Framadate", licence="libre", cost_band="gratuit", needs=[polls])
    make_tool(tools_index, title="Doodle", licence="freemium", cost_band="gratuit", needs=[polls])
    make_tool(tools_index, title="Nextcloud", licence="libre", cost_band="moins-10",
              difficulty="intermediaire", needs=[docs])
    make_tool(tools_index, title="Dropbox", licence="freemium", cost_band="plus", needs=[docs])
    make_tool(tools_index, title="Brouillon libre", licence="libre", publish=False)
    return {"polls": polls, "docs": docs}


@pytest.mark.django_db
def test_list_shows_free_software_first_then_by_name(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Framadate", "Nextcloud", "Doodle", "Dropbox"]


@pytest.mark.django_db
def test_draft_tools_are_not_listed(client, catalogue, tools_index):
    assert "Brouillon libre" not in titles(client.get(URL))


@pytest.mark.django_db
def test_licence_filter_lists_only_free_software(client, catalogue):
    response = client.get(URL, {"licence": "libre"})
    assert titles(response) == ["Framadate", "Nextcloud"]


@pytest.mark.django_db
def test_two_filters_narrow_the_list(client, catalogue):
    response = client.get(URL, {"licence": "libre", "besoin": "documents"})
    assert titles(response) == ["Nextcloud"]
    response = client.get(URL, {"licence": "freemium", "cout": "plus"})
    assert titles(response) == ["Dropbox"]


@pytest.mark.django_db
def test_values_of_one_filter_add_up(client, catalogue):
    response = client.get(URL, {"cout": ["gratuit", "plus"]})
    assert titles(response) == ["Framadate", "Doodle", "Dropbox"]


@pytest.mark.django_db
def test_checked_filters_stay_checked(client, catalogue):
    html = client.get(URL, {"licence": "libre"}).content.decode()
    assert re.search(r'name="licence" value="libre" checked', html)
    assert not re.search(r'name="licence" value="freemium" checked', html)


@pytest.mark.django_db
def test_facet_counts(client, catalogue):
    html = client.get(URL).content.decode()
    assert 'id="n-licence-libre">(2)' in html
    assert 'id="n-licence-freemium">(2)' in html
    assert 'id="n-licence-payant">(0)' in html
    assert 'id="n-besoin-sondages">(2)' in html
    # With a need chosen, the other facets count inside that need; the need facet does not.
    html = client.get(URL, {"besoin": "sondages"}).content.decode()
    assert 'id="n-licence-libre">(1)' in html
    assert 'id="n-cout-gratuit">(2)' in html
    assert 'id="n-besoin-documents">(2)' in html


@pytest.mark.django_db
def test_unknown_values_do_not_break_the_page(client, catalogue):
    response = client.get(URL, {"licence": "n'importe quoi", "besoin": "x" * 500, "page": "abc"})
    assert response.status_code == 200
    # Values that are not offered are ignored: the list is not narrowed by them.
    assert titles(response) == ["Framadate", "Nextcloud", "Doodle", "Dropbox"]


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_with_fresh_counts(client, catalogue):
    response = client.get(URL, {"licence": "libre"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert titles(response) == ["Framadate", "Nextcloud"]
    assert 'id="n-besoin-sondages" hx-swap-oob="true">(1)' in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_filter_form_works_without_javascript(client, catalogue):
    html = client.get(URL).content.decode()
    form = re.search(r'<form class="filters" method="get" action="([^"]+)"', html)
    assert form and form.group(1) == URL
    assert '<button type="submit">' in html


@pytest.mark.django_db
def test_pagination_20_per_page(client, tools_index):
    for i in range(23):
        make_tool(tools_index, title=f"Outil {i:02d}")
    assert len(titles(client.get(URL))) == 20
    assert len(titles(client.get(URL, {"page": 2}))) == 3


def _count_queries(client, params):
    client.get(URL, params)  # warm caches (site root paths...)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_tools(client, tools_index):
    needs = [NeedFactory(), NeedFactory()]
    make_tool(tools_index, needs=needs)
    params = {"licence": ["libre", "freemium"], "besoin": needs[0].slug}
    one = _count_queries(client, params)
    for i in range(199):
        make_tool(tools_index, needs=needs, licence="libre" if i % 2 else "freemium")
    many = _count_queries(client, params)
    assert one == many
    assert many <= 15


@pytest.mark.django_db
def test_no_match_says_so(client, catalogue):
    response = client.get(URL, {"licence": "payant"})
    assert titles(response) == []
    assert "Aucun outil ne correspond" in response.content.decode()


@pytest.mark.django_db
def test_sort_by_name_or_free_software_first(client, tools_index):
    make_tool(tools_index, title="Zeta libre", licence="libre")
    make_tool(tools_index, title="Alpha propriétaire", licence="payant")
    assert titles(client.get(URL, {"tri": "nom"})) == ["Alpha propriétaire", "Zeta libre"]
    assert titles(client.get(URL, {"tri": "libre"})) == ["Zeta libre", "Alpha propriétaire"]
    # An unknown sort falls back to the default (pertinence).
    html = client.get(URL, {"tri": "n'importe"}).content.decode()
    assert '<option value="pertinence" selected>' in html


@pytest.mark.django_db
def test_pertinence_puts_tools_matching_more_checked_needs_first(client, tools_index):
    a, b = NeedFactory(), NeedFactory()
    make_tool(tools_index, title="Aaa un besoin", needs=[a])
    make_tool(tools_index, title="Zzz deux besoins", needs=[a, b])
    response = client.get(URL, {"besoin": [a.slug, b.slug]})
    assert titles(response) == ["Zzz deux besoins", "Aaa un besoin"]


@pytest.mark.django_db
def test_the_list_read_again_runs_neither_the_count_nor_the_full_query(client, tools_index):
    for i in range(23):
        make_tool(tools_index, title=f"Outil {i:02d}")

    def tool_queries(params):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, params)
        return response, [q["sql"] for q in ctx.captured_queries if "toolbox_toolpage" in q["sql"]]

    tool_queries({"licence": "libre"})  # the matching tools' keys and page 1 are kept
    response, again = tool_queries({"licence": "libre"})
    assert len(titles(response)) == 20 and again == []
    # Another page of the same filters: its rows only, by key; no count, no full sort.
    response, second = tool_queries({"licence": "libre", "page": 2})
    assert titles(response) == ["Outil 20", "Outil 21", "Outil 22"]
    assert len(second) == 1 and " IN (" in second[0] and "COUNT(" not in second[0]


@pytest.mark.django_db
def test_a_tool_published_unpublished_or_renamed_shows_at_the_next_request(client, catalogue,
                                                                           tools_index):
    params = {"licence": "libre"}
    assert titles(client.get(URL, params)) == ["Framadate", "Nextcloud"]
    added = make_tool(tools_index, title="Etherpad", licence="libre")
    assert titles(client.get(URL, params)) == ["Etherpad", "Framadate", "Nextcloud"]
    added.title = "Etherpad libre"
    added.save_revision().publish()
    assert titles(client.get(URL, params)) == ["Etherpad libre", "Framadate", "Nextcloud"]
    added.unpublish()
    assert titles(client.get(URL, params)) == ["Framadate", "Nextcloud"]
    assert "2 outils" in client.get(URL, params).content.decode()

"""What an uncached page keeps between requests: derived values (``page_cache.derived``) and
rendered fragments (``{% fragment %}``), both under the generation that a change replaces.

The page cache stays off here (``PAGE_CACHE_SECONDS=0``, the test settings): these run on
every request that the page cache does not answer.
"""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from assonum.core import page_cache

pytestmark = pytest.mark.django_db


def test_a_derived_value_is_built_once_per_generation_and_parts():
    built = []

    def build():
        built.append(1)
        return {"count": len(built)}

    first = page_cache.derived("test-counts", ("libre",), build)
    again = page_cache.derived("test-counts", ("libre",), build)
    other = page_cache.derived("test-counts", ("proprietaire",), build)
    assert first == again == {"count": 1} and other == {"count": 2}
    page_cache.bump()
    assert page_cache.derived("test-counts", ("libre",), build) == {"count": 3}


def test_a_derived_value_is_read_from_the_shared_cache_by_another_process():
    page_cache.derived("test-shared", (1,), lambda: "computed here")
    page_cache._derived_local["values"].clear()  # what another web process starts with
    assert page_cache.derived("test-shared", (1,), lambda: "computed again") == "computed here"


def test_a_fragment_is_rendered_once_per_generation_and_values():
    template = Template('{% load assonum_tags %}{% fragment "test-card" pk %}'
                        "{{ title }}{% endfragment %}")

    def render(pk, title):
        # A new request each time: a request reads the generation once.
        request = RequestFactory().get("/", HTTP_HOST="testserver")
        return template.render(Context({"pk": pk, "title": title, "request": request}))

    assert render(1, "Framadate") == "Framadate"
    # Same values: the stored HTML (the title is not among the values: it is the same record).
    assert render(1, "Framadate 2") == "Framadate"
    assert render(2, "Nextcloud") == "Nextcloud"
    page_cache.bump()
    assert render(1, "Framadate 2") == "Framadate 2"


def test_a_fragment_is_rendered_every_time_when_the_cache_is_down(monkeypatch):
    monkeypatch.setattr(page_cache, "generation", lambda request=None: "none")
    template = Template('{% load assonum_tags %}{% fragment "test-card" 1 %}{{ title }}'
                        "{% endfragment %}")
    assert template.render(Context({"title": "a"})) == "a"
    assert template.render(Context({"title": "b"})) == "b"


def test_the_fragments_kept_by_a_process_are_bounded(monkeypatch):
    monkeypatch.setattr(page_cache, "FRAGMENT_ENTRIES", 3)
    for pk in range(10):
        page_cache.fragment(("test", pk), lambda pk=pk: str(pk))
    assert len(page_cache._fragments["values"]) == 3
    assert list(page_cache._fragments["values"]) == [("test", 7), ("test", 8), ("test", 9)]


@pytest.fixture
def tools(demo_site):
    from tests.toolbox.factories import make_tool, tool_index

    index = tool_index(demo_site)
    framadate = make_tool(index, title="Framadate", licence="libre")
    make_tool(index, title="Doodle", licence="payant")
    return index, framadate


def test_a_tool_published_in_between_shows_in_the_list_and_its_counts(client, tools):
    from tests.toolbox.factories import make_tool

    index, framadate = tools
    before = client.get(index.url).content.decode()
    assert "Framadate" in before and "2 outils" in before
    assert 'id="n-licence-libre">(1)' in before
    framadate.title = "Framadate, les sondages libres"
    framadate.save_revision().publish()
    make_tool(index, title="Nextcloud", licence="libre")
    after = client.get(index.url).content.decode()
    # The card of the changed tool, the new tool's card and the counts beside the filters.
    assert "Framadate, les sondages libres" in after and "Nextcloud" in after
    assert "3 outils" in after and 'id="n-licence-libre">(2)' in after
    filtered = client.get(index.url, {"licence": "libre"}).content.decode()
    assert "2 outils" in filtered and "Doodle" not in filtered

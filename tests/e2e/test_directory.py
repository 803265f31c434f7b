"""The directory in a real browser: list, filters, near a commune, place page, map markers.

Runs on the e2e server's demo content (the directory's demo places)."""

import re

from .helpers import assert_page_ok, assert_works_without_js, screenshot

LIST = "/annuaire/"


def _first_place_url(page, live_url, query=""):
    page.goto(live_url + LIST + query)
    href = page.locator("#resultats ol a").first.get_attribute("href")
    assert href and href.startswith("/annuaire/")
    return live_url + href


def _show_interactive_map(page):
    """On a phone the interactive map loads when asked for."""
    page.locator("[data-directory-map-load]").click()
    # A locator waits without evaluating a string in the page (the CSP forbids eval).
    page.locator("[data-directory-map][data-ready='1']").wait_for(state="attached")


def _open_filters(page):
    """On a phone the filters are behind the "Filtrer" disclosure."""
    page.locator("details.filters-panel > summary").click()


def test_list_pages_are_ok(live_url, page):
    for query in ["", "?offre=formation", "?pres_de=Ch%C3%A2teauroux&rayon=50",
                  "?departement=45&page=1"]:
        assert_page_ok(page, live_url + LIST + query)
    screenshot(page, "directory-list-near")


def test_map_markers_match_the_list(live_url, page, console_errors):
    page.goto(live_url + LIST)
    count_text = page.locator("#resultats .count").inner_text()
    total = int(re.search(r"\d+", count_text).group())
    assert total >= 1
    map_box = page.locator("[data-directory-map]")
    _show_interactive_map(page)
    map_box.wait_for(state="visible")
    page.wait_for_function("document.querySelector('[data-directory-map]').dataset.ready === '1'")
    assert map_box.get_attribute("data-error") is None
    markers = int(map_box.get_attribute("data-markers"))
    assert 1 <= markers <= total
    # Clustered or single markers are drawn.
    assert page.locator(".leaflet-marker-icon").count() >= 1
    # Opening a popup leads to a place page.
    single = page.locator("img.leaflet-marker-icon")
    if single.count() == 0:
        page.locator(".directory-cluster").first.click()
        page.wait_for_timeout(600)
    page.locator("img.leaflet-marker-icon").first.click()
    link = page.locator(".leaflet-popup-content a").first
    link.wait_for(state="visible")
    assert link.get_attribute("href").startswith("/annuaire/")
    assert not [e for e in console_errors if "Content Security Policy" in e or "Refused" in e]
    screenshot(page, "directory-map")


def test_filtered_map_follows_the_filters(live_url, page):
    page.goto(live_url + LIST + "?pres_de=Ch%C3%A2teauroux&rayon=50")
    total = int(re.search(r"\d+", page.locator("#resultats .count").inner_text()).group())
    map_box = page.locator("[data-directory-map]")
    if total == 0:
        assert map_box.count() == 0
        return
    _show_interactive_map(page)
    page.wait_for_function("document.querySelector('[data-directory-map]').dataset.ready === '1'")
    assert int(map_box.get_attribute("data-markers")) == min(total, total)


def test_place_page(live_url, page):
    url = _first_place_url(page, live_url)
    assert_page_ok(page, url)
    assert page.locator("text=Mise à jour le").first.is_visible()
    assert page.locator("#horaires").is_visible()
    if page.locator("[data-directory-map]").count():
        page.wait_for_function(
            "document.querySelector('[data-directory-map]').dataset.ready === '1'")
        assert page.locator(".leaflet-marker-icon").count() == 1
    screenshot(page, "directory-place")


def test_without_javascript(live_url, page_nojs):
    assert_works_without_js(page_nojs, live_url + LIST)
    # Only the list shows; the map stays hidden.
    assert page_nojs.locator("[data-directory-map]").is_hidden()
    assert page_nojs.locator("#resultats ol li").count() >= 1
    # The filter form works with a plain GET.
    _open_filters(page_nojs)
    page_nojs.select_option("#id_departement", index=1)
    page_nojs.locator("form.filters button[type=submit]").click()
    assert "departement=" in page_nojs.url
    assert page_nojs.locator("#resultats h2").is_visible()
    page_nojs.goto(live_url + LIST + "?pres_de=Ch%C3%A2teauroux&rayon=50")
    assert "à moins de 50 km de Châteauroux" in page_nojs.locator("#resultats .count").inner_text()
    screenshot(page_nojs, "directory-list-nojs")


def test_htmx_updates_results_in_place(live_url, page):
    page.goto(live_url + LIST)
    _open_filters(page)
    page.select_option("#id_departement", index=1)
    def is_filter_response(r):
        return "/annuaire/?" in r.url and r.request.headers.get("hx-request")

    with page.expect_response(is_filter_response):
        page.locator("form.filters button[type=submit]").click()
    page.wait_for_function("location.search.includes('departement=')")
    assert page.locator("h1").count() == 1
    assert page.locator("#resultats").count() == 1

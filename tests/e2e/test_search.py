"""Browser tests of the site search: from the header box to grouped results."""

from .helpers import assert_page_ok, screenshot


def test_search_results_page_is_accessible(page, live_url):
    for q in ("sondage", "dons+en+ligne", "ecole", "zzzz"):
        assert_page_ok(page, f"{live_url}/recherche/?q={q}")
    assert_page_ok(page, f"{live_url}/recherche/?q=sondage&type=outils")
    page.goto(f"{live_url}/recherche/?q=sondages")
    screenshot(page, "search-results")


def test_header_search_without_javascript(page_nojs, live_url):
    page_nojs.goto(live_url + "/boite-a-outils/")  # the home page has its own search box instead
    page_nojs.locator("details.menu > summary").click()  # on a phone, the search is in the menu
    page_nojs.fill("#header-q", "sondages")
    page_nojs.locator(".header-search button").click()
    page_nojs.wait_for_load_state()
    assert "/recherche/?q=sondages" in page_nojs.url
    assert page_nojs.get_by_role("link", name="Framadate").first.is_visible()
    assert page_nojs.locator("#groupe-outils").is_visible()
    assert page_nojs.locator("#groupe-fiches").is_visible()

"""Browser tests of the toolbox: list, filters (with and without JavaScript), tool, guide."""

from .helpers import assert_page_ok, screenshot


def test_toolbox_pages_are_accessible_and_light(page, live_url):
    for path in ("/boite-a-outils/", "/boite-a-outils/?licence=libre&besoin=collaborer",
                 "/boite-a-outils/framadate/", "/boite-a-outils/doodle/",
                 "/fiches-pratiques/", "/fiches-pratiques/rgpd-associations/",
                 "/boite-a-outils/nextcloud/?print=1"):
        assert_page_ok(page, live_url + path)
    page.goto(live_url + "/boite-a-outils/")
    screenshot(page, "toolbox-list")
    page.goto(live_url + "/boite-a-outils/doodle/")
    screenshot(page, "toolbox-tool")
    page.goto(live_url + "/fiches-pratiques/choisir-logiciel-libre/")
    screenshot(page, "toolbox-guide")


def test_filters_work_without_javascript(page_nojs, live_url):
    page_nojs.goto(live_url + "/boite-a-outils/")
    total = page_nojs.locator(".tool-list .card").count()
    page_nojs.locator("details.filters-panel > summary").click()  # "Filtrer" on a phone
    page_nojs.check("#f-licence-libre")
    page_nojs.get_by_role("button", name="Afficher les outils").click()
    page_nojs.wait_for_load_state()
    assert "licence=libre" in page_nojs.url
    badges = page_nojs.locator(".tool-list .card .badge--libre")
    cards = page_nojs.locator(".tool-list .card")
    assert 0 < cards.count() <= total
    assert badges.count() == cards.count()
    # A second filter narrows the list.
    before = int(page_nojs.locator(".results-count").inner_text().split()[0])
    page_nojs.locator("details.filters-panel > summary").click()
    page_nojs.check("#f-besoin-se-reunir")
    page_nojs.get_by_role("button", name="Afficher les outils").click()
    page_nojs.wait_for_load_state()
    after = int(page_nojs.locator(".results-count").inner_text().split()[0])
    assert 0 < after < before
    assert page_nojs.locator("#f-licence-libre").is_checked()


def test_filters_update_the_results_in_place_with_javascript(page, live_url):
    page.goto(live_url + "/boite-a-outils/")
    page.wait_for_load_state("networkidle")
    page.evaluate("window.__same_document = true")
    page.locator("details.filters-panel > summary").click()  # "Filtrer" on a phone
    page.check("#f-licence-libre")
    page.wait_for_url("**licence=libre**")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__same_document === true")  # no full reload
    cards = page.locator(".tool-list .card")
    assert cards.count() == page.locator(".tool-list .card .badge--libre").count() > 0
    # The counts were refreshed out of band: with "libre" checked, "payant" has no tool left
    # in the other facets' counts... and the licence facet keeps its own counts.
    assert page.locator("#n-licence-libre").inner_text() != "(0)"


def test_tool_shows_alternatives_on_both_sides(page, live_url):
    page.goto(live_url + "/boite-a-outils/doodle/")
    page.get_by_role("link", name="Framadate").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/boite-a-outils/framadate/")
    assert page.get_by_role("heading", name="Alternative libre à…").is_visible()
    assert page.get_by_role("link", name="Doodle").is_visible()

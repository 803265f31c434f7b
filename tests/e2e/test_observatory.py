"""The observatory in a real browser: axe, page budget, 320 px, without JavaScript."""

from .helpers import assert_page_ok, assert_works_without_js

PAGES = ["/observatoire/", "/observatoire/?departement=36", "/observatoire/?departement=41",
         "/observatoire/territoires/", "/observatoire/donnees/"]


def test_observatory_pages_pass_the_audits(live_url, page, page_nojs):
    for path in PAGES:
        assert_page_ok(page, live_url + path)
        assert_works_without_js(page_nojs, live_url + path)
    page_nojs.goto(live_url + "/observatoire/")
    page_nojs.select_option("#departement", "41")
    page_nojs.get_by_role("button", name="Afficher").click()
    assert "Pas assez de réponses" in page_nojs.locator("main").inner_text()
    page_nojs.select_option("#departement", "36")
    page_nojs.get_by_role("button", name="Afficher").click()
    assert page_nojs.locator("main svg[role=img]").count() == 3
    assert "Pas assez de réponses" not in page_nojs.locator("main").inner_text()

"""The diagnostic in a real browser: a demo member takes it without JavaScript (stops, resumes
from /espace/, finishes, marks a recommendation); every page audited (axe, budget, 320 px)."""

import re

from .helpers import assert_page_ok, screenshot

MEMBER = "benevole@assonum.localhost"  # member of "Les Amis de la médiathèque de Levroux"
PASSWORD = "demo-assonum-2026"  # the demo accounts' password (assonum.accounts.demo)


def sign_in(page, live_url, next_path):
    page.goto(f"{live_url}/compte/login/?next={next_path}")
    main = page.locator("main")
    main.get_by_label("Adresse e-mail").fill(MEMBER)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(rf".*{re.escape(next_path)}$"))


def answer_page(page):
    """Tick the first answer of every question of the theme page."""
    questions = page.locator("fieldset.diagnostic-question")
    for index in range(questions.count()):
        questions.nth(index).locator("input").first.check()


def test_take_the_diagnostic_without_javascript(live_url, page_nojs, page):
    sign_in(page, live_url, "/diagnostic/")  # the same member, JavaScript on, for the audits
    assert_page_ok(page, live_url + "/diagnostic/")
    sign_in(page_nojs, live_url, "/diagnostic/")
    page_nojs.get_by_role("button", name="Commencer le diagnostic").click()
    page_nojs.wait_for_url(re.compile(r".*/diagnostic/\d+/theme/1/$"))
    theme_url = page_nojs.url
    assert_page_ok(page, theme_url)
    for number in range(1, 5):
        assert f"Thème {number} sur 10" in page_nojs.locator("main").inner_text()
        answer_page(page_nojs)
        page_nojs.get_by_role("button", name="Thème suivant").click()
    answer_page(page_nojs)
    page_nojs.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    assert "Vos réponses sont enregistrées" in page_nojs.content()
    assert_page_ok(page, page_nojs.url)

    page_nojs.goto(live_url + "/espace/")
    page_nojs.get_by_role("link", name=re.compile("reprendre le diagnostic commencé")).first.click()
    assert "Thème 5 sur 10" in page_nojs.locator("main").inner_text()
    assert page_nojs.locator("fieldset.diagnostic-question input:checked").count() >= 3
    page_nojs.get_by_role("button", name="Thème précédent").click()
    assert "Thème 4 sur 10" in page_nojs.locator("main").inner_text()
    page_nojs.get_by_role("button", name="Thème suivant").click()
    for _number in range(5, 10):
        answer_page(page_nojs)
        page_nojs.get_by_role("button", name="Thème suivant").click()
    answer_page(page_nojs)
    page_nojs.get_by_role("button", name="Voir mes résultats").click()
    page_nojs.wait_for_url(re.compile(r".*/diagnostic/resultats/\d+/$"))
    result_url = page_nojs.url
    main = page_nojs.locator("main")
    assert main.locator("svg").count() == 1 and main.locator("table").count() == 1
    assert main.locator(".diagnostic-measures a").count() >= 3  # tools and guides
    assert "Des acteurs près de chez vous" in main.inner_text()
    main.locator(".diagnostic-measures select").first.select_option("done")
    main.locator(".diagnostic-measures").get_by_role("button", name="Enregistrer").first.click()
    assert "Suivi enregistré." in page_nojs.content()
    assert page_nojs.locator(".diagnostic-measures select").first.input_value() == "done"

    # The same pages with JavaScript on: axe, one h1, page budget, 320 px.
    for url in [result_url, result_url + "reponses/", live_url + "/espace/"]:
        assert_page_ok(page, url)
    page.goto(result_url)
    screenshot(page, "diagnostic-result")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(theme_url.replace("/theme/1/", "/theme/3/"))
    screenshot(page, "diagnostic-theme-320", full_page=False)


def test_anonymous_start_page_is_accessible(live_url, page):
    assert_page_ok(page, live_url + "/diagnostic/")

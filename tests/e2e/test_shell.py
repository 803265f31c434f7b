"""The site shell on a 360 × 740 phone: the page's own content starts high, the menu is a
disclosure that works without JavaScript, no axe violation; the directory list within budget."""

import pytest

from .conftest import chromium_path  # noqa: F401 - the module is skipped with the others
from .helpers import AXE_PATH, AXE_TAGS, MAX_BYTES, MAX_DOM_NODES, MAX_REQUESTS, audit

PHONE = {"width": 360, "height": 740}
FIXED_PAGES = ["/", "/boite-a-outils/", "/annuaire/", "/temoignages/", "/fiches-pratiques/",
               "/recherche/?q=visio", "/dons/", "/agenda/", "/mise-en-relation/"]
# A page of each kind, found from its list: (list, CSS selector of the first item's link).
FIRST_OF = [("/boite-a-outils/", "#tool-results .card h3 a"),
            ("/annuaire/", "#resultats ol a"),
            ("/temoignages/", "#story-results .card h3 a")]


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="fr-FR", viewport=PHONE)
    context.add_init_script(path=str(AXE_PATH))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone_nojs(browser):
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def public_pages(page, live_url) -> list[str]:
    paths = list(FIXED_PAGES)
    for list_path, selector in FIRST_OF:
        page.goto(live_url + list_path)
        href = page.locator(selector).first.get_attribute("href")
        assert href, f"no item in {list_path}"
        paths.append(href)
    return paths


def test_content_starts_above_200px_without_axe_violation(live_url, phone):
    failures = []
    for path in public_pages(phone, live_url):
        response = phone.goto(live_url + path, wait_until="load")
        assert response.status == 200, path
        top = phone.evaluate(
            "document.querySelector('main h1, main h2').getBoundingClientRect().top")
        if top >= 200:
            failures.append(f"{path}: first heading at {top:.0f}px")
        report = phone.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})", AXE_TAGS)
        for violation in report["violations"]:
            targets = [", ".join(n["target"]) for n in violation["nodes"][:3]]
            failures.append(f"{path}: axe {violation['id']} -> {targets}")
    assert not failures, "\n".join(failures)


def test_menu_opens_and_closes_without_javascript(live_url, phone_nojs):
    phone_nojs.goto(live_url + "/annuaire/")
    menu = phone_nojs.locator("details.menu")
    nav = phone_nojs.locator("nav.site-nav")
    assert not nav.is_visible()
    phone_nojs.locator("summary.menu__button").click()
    assert menu.get_attribute("open") is not None
    assert nav.is_visible()
    assert phone_nojs.locator("#header-q").is_visible()
    phone_nojs.locator("nav.site-nav a", has_text="Boîte à outils").click()
    assert phone_nojs.url.endswith("/boite-a-outils/")
    phone_nojs.locator("summary.menu__button").click()
    phone_nojs.locator("summary.menu__button").click()
    assert phone_nojs.locator("details.menu").get_attribute("open") is None
    assert not phone_nojs.locator("nav.site-nav").is_visible()


def test_navigation_shows_inline_on_a_wide_screen(live_url, browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_url + "/annuaire/")
    assert page.locator("nav.site-nav").is_visible()
    assert not page.locator("summary.menu__button").is_visible()
    # The filters are open too, and the interactive map loads by itself.
    assert page.locator("form.filters").is_visible()
    page.wait_for_function("document.querySelector('[data-directory-map]').dataset.ready === '1'")
    context.close()


def test_filters_behind_filtrer_on_a_phone(live_url, phone):
    phone.goto(live_url + "/boite-a-outils/")
    assert not phone.locator("form.filters").is_visible()
    assert phone.locator("#tool-results .card").first.is_visible()
    phone.locator("details.filters-panel > summary", has_text="Filtrer").click()
    assert phone.locator("form.filters").is_visible()
    # A checkbox sits on its label's line.
    box = phone.locator("form.filters input[type=checkbox]").first.bounding_box()
    label = phone.locator("form.filters li label").first.bounding_box()
    assert abs(box["y"] - label["y"]) < 12 and label["x"] > box["x"]


def test_directory_list_within_budget_on_a_phone(live_url, phone):
    result = audit(phone, live_url + "/annuaire/")
    print(f"/annuaire/: {result.transferred} bytes, {result.requests} requests, "
          f"{result.dom_nodes} DOM nodes")
    assert result.transferred <= MAX_BYTES
    assert result.requests <= MAX_REQUESTS
    assert result.dom_nodes <= MAX_DOM_NODES
    # Leaflet waits for the visitor: the light server-drawn map shows instead.
    assert phone.evaluate("typeof window.L") == "undefined"
    assert phone.locator(".directory-svgmap svg").is_visible()
    assert phone.locator("[data-directory-map-load]").is_visible()

"""Every public page: zero axe violations, within the page budget, usable without JavaScript.

The pages come from the sitemap of the demo site (a few per section, so that every page type is
visited without visiting thousands of pages), plus the pages the sitemap cannot list.
"""

import re
import urllib.request
from collections import defaultdict
from urllib.parse import urlsplit

import pytest

from .helpers import assert_page_ok, assert_works_without_js, audit, screenshot

PER_SECTION = 4
EXTRA_PAGES = ["/", "/cette-page-n-existe-pas/"]


def sitemap_paths(base_url: str) -> list[str]:
    with urllib.request.urlopen(base_url + "/sitemap.xml", timeout=30) as response:
        xml = response.read().decode()
    paths = [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", xml)]
    by_section = defaultdict(list)
    for path in paths:
        section = path.strip("/").split("/")[0]
        by_section[section].append(path)
    chosen = ["/"]
    for section_paths in by_section.values():
        # the section's index first, then its first few pages
        chosen.extend(sorted(section_paths, key=len)[:PER_SECTION])
    return list(dict.fromkeys(chosen))


def test_sitemap_is_not_empty(live_url):
    assert "/mentions-legales/" in sitemap_paths(live_url)


def test_every_public_page_is_accessible_and_light(live_url, page):
    failures = []
    figures = []
    for path in sitemap_paths(live_url):
        result = audit(page, live_url + path)
        problems = result.problems()
        figures.append(f"{path}: {result.transferred // 1024} KB, {result.requests} req, "
                       f"{result.dom_nodes} nodes, EcoIndex {result.ecoindex}")
        if problems:
            failures.append(f"{path}:\n    " + "\n    ".join(problems))
    print("\n".join(figures))
    assert not failures, "\n".join(failures)


def test_every_public_page_works_without_javascript(live_url, page_nojs):
    for path in sitemap_paths(live_url):
        assert_works_without_js(page_nojs, live_url + path)


def test_home_page_budget_and_ecoindex(live_url, page):
    result = assert_page_ok(page, live_url + "/")
    assert result.ecoindex > 80, f"EcoIndex {result.ecoindex} (grade A needs > 80)"
    screenshot(page, "home")


def test_404_page_is_styled_and_accessible(live_url, page):
    result = audit(page, live_url + "/cette-page-n-existe-pas/")
    assert result.status == 404
    assert result.h1_count == 1
    assert result.violations == []
    assert page.locator("h1").inner_text() == "Page introuvable"


def test_no_csp_violation_on_the_home_page(live_url, page, console_errors):
    page.goto(live_url + "/")
    page.wait_for_load_state("networkidle")
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors
    # htmx loaded under the strict policy
    assert page.evaluate("typeof window.htmx") == "object"


def test_skip_link_moves_focus_to_the_content(live_url, page):
    page.goto(live_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == "#contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#contenu"


@pytest.mark.parametrize("width", [320])
def test_readable_at_320px_and_200_percent_zoom(live_url, browser, width):
    # 200 % zoom of a 640 px window is a 320 CSS px viewport with device scale 2.
    context = browser.new_context(viewport={"width": width, "height": 640}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_url + "/")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    context.close()
    assert overflow <= 1


def test_admin_login_is_reachable(live_url, page):
    response = page.goto(live_url + "/admin/")
    assert response.status == 200
    assert page.locator("input[type=password]").count() == 1

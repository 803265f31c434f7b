"""Browser tests: Playwright driving Debian's Chromium against a production-like server.

Run when Chromium is found (``/usr/bin/chromium`` or ``CHROMIUM_PATH``); with
``REQUIRE_BROWSER=1`` a missing browser fails the run instead of skipping these tests.
"""

import os
from pathlib import Path

import pytest

from .helpers import AXE_PATH
from .server import production_server

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    e2e_dir = Path(__file__).parent
    e2e_items = [item for item in items if Path(str(item.fspath)).is_relative_to(e2e_dir)]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if not e2e_items or chromium_path():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            "REQUIRE_BROWSER=1 but no Chromium found (install Debian's 'chromium' or set "
            "CHROMIUM_PATH)."
        )
    skip = pytest.mark.skip(reason="Chromium not found (set CHROMIUM_PATH or install chromium)")
    for item in e2e_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def e2e_server(tmp_path_factory):
    with production_server(tmp_path_factory.mktemp("e2e")) as (base_url, mail_dir):
        yield base_url, mail_dir


@pytest.fixture(scope="session")
def live_url(e2e_server):
    """Base URL (no trailing slash) of the production-like server with the demo content."""
    return e2e_server[0]


@pytest.fixture(scope="session")
def mail_dir(e2e_server):
    """Directory where the e2e server writes every email (Django's file backend)."""
    return e2e_server[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page with JavaScript on, axe-core available, French locale, phone-sized viewport."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    context.add_init_script(path=str(AXE_PATH))  # injected by the browser: not subject to CSP
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_nojs(browser):
    """A page with JavaScript disabled."""
    context = browser.new_context(
        locale="fr-FR", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def console_errors(page):
    """Collects console errors (CSP violations show up here)."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return errors

"""The commune autocomplete in a real browser, on the directory's public search page."""

from playwright.sync_api import expect

from .helpers import AXE_TAGS, assert_page_ok

PAGE = "/annuaire/"
FIELD = "input[name=pres_de]"


def _axe_violations(page):
    report = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
            for v in report["violations"]]


def test_autocomplete_keyboard_selection_and_axe(live_url, page, console_errors):
    assert_page_ok(page, live_url + PAGE)
    page.locator("details.filters-panel > summary").click()  # on a phone, behind "Filtrer"
    field = page.locator(FIELD)
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    listbox_id = field.get_attribute("aria-controls")

    field.click()
    field.press_sequentially("orlea", delay=30)
    listbox = page.locator(f"#{listbox_id}")
    listbox.locator("[role=option]").first.wait_for(state="visible")
    assert field.get_attribute("aria-expanded") == "true"
    assert "Orléans (45)" in listbox.inner_text()
    status = page.locator(".commune-ac [role=status]")
    # Polled by Playwright itself: a string predicate would need eval, which the CSP forbids.
    expect(status).to_contain_text("trouvée")
    assert "trouvée" in status.inner_text()

    # Zero axe violations with the suggestions open.
    assert _axe_violations(page) == []

    field.press("ArrowDown")
    first = listbox.locator("[role=option]").first
    assert first.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    field.press("Enter")  # picks the commune, does not submit the form
    assert field.input_value() == "Orléans (45)"
    assert field.get_attribute("aria-expanded") == "false"
    assert listbox.is_hidden()
    assert page.url.rstrip("/").endswith("annuaire")

    # Escape closes the suggestions and keeps the typed text.
    field.fill("")
    field.press_sequentially("37000", delay=30)
    listbox.locator("[role=option]").first.wait_for(state="visible")
    assert "Tours (37)" in listbox.inner_text()
    field.press("Escape")
    assert listbox.is_hidden()
    assert field.input_value() == "37000"
    assert not [e for e in console_errors if "Content Security Policy" in e]


def test_without_javascript_it_is_a_plain_text_field(live_url, page_nojs):
    page_nojs.goto(live_url + PAGE)
    page_nojs.locator("details.filters-panel > summary").click()  # on a phone, behind "Filtrer"
    field = page_nojs.locator(FIELD)
    assert field.get_attribute("role") is None
    field.fill("Chateauroux")
    field.press("Enter")
    page_nojs.wait_for_load_state()
    assert "pres_de=Chateauroux" in page_nojs.url
    assert page_nojs.locator(FIELD).input_value() == "Chateauroux"
    assert "Aucune commune ne correspond" not in page_nojs.content()

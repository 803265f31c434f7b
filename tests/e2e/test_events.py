"""The agenda in a real browser, on the demo content: list near Vierzon, month view, event
page, registration without an account and without JavaScript, confirmation from the email file,
the full event with its waiting list; every page audited (axe, budget, 320 px)."""

import secrets

from .helpers import (
    assert_page_ok,
    assert_works_without_js,
    email_body,
    links_in,
    read_emails,
    screenshot,
)

AGENDA = "/agenda/"


def _emails_to(mail_dir, address):
    return [m for m in read_emails(mail_dir) if address in str(m["To"])]


def test_agenda_pages_are_ok(live_url, page):
    for query in ["", "?pres_de=Vierzon&rayon=20", "?departement=36", "?en_ligne=on",
                  "?type=etape"]:
        assert_page_ok(page, live_url + AGENDA + query)
    page.goto(live_url + AGENDA)
    screenshot(page, "events-agenda")
    page.locator("a", has_text="Voir le mois en calendrier").click()
    assert_page_ok(page, page.url)
    screenshot(page, "events-month")
    assert_page_ok(page, live_url + "/agenda/tournee/tournee-inter-truck-indre/")
    assert_page_ok(page, live_url + "/agenda/formation-rgpd-chateauroux/")
    assert "Complet" in page.locator("main").inner_text()
    screenshot(page, "events-detail")
    assert_page_ok(page, live_url + "/agenda/organisateur/relais-numerique-chateauroux/")


def test_find_register_confirm_without_javascript(live_url, page_nojs, mail_dir):
    assert_works_without_js(page_nojs, live_url + AGENDA)
    page_nojs.goto(live_url + AGENDA)
    page_nojs.locator("details.filters-panel > summary").click()  # "Filtrer" on a phone
    page_nojs.get_by_label("Près de la commune").fill("Vierzon")
    page_nojs.get_by_role("button", name="Afficher les événements").click()
    link = page_nojs.locator("main ol.event-list h3 a").first
    assert "Nextcloud" in link.inner_text()
    link.click()
    assert_works_without_js(page_nojs, page_nojs.url)
    address = f"e2e-{secrets.token_hex(4)}@example.org"
    page_nojs.locator("#id_name").fill("Jeanne Moreau")
    page_nojs.locator("#id_email").fill(address)
    page_nojs.get_by_role("button", name="M'inscrire").click()
    assert "Presque fini" in page_nojs.locator(".messages").inner_text()
    (message,) = _emails_to(mail_dir, address)
    confirm = next(u for u in links_in(email_body(message)) if "/inscription/confirmer/" in u)
    page_nojs.goto(confirm)
    page_nojs.get_by_role("button", name="Je confirme mon inscription").click()
    assert "Vous êtes inscrit" in page_nojs.locator("h1").inner_text()
    ics = page_nojs.request.get(live_url + page_nojs.locator(
        "a", has_text="Ajouter à mon agenda").get_attribute("href"))
    assert ics.status == 200 and "BEGIN:VTIMEZONE" in ics.text()

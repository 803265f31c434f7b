"""Newsletter in a real browser: subscribe without JavaScript, confirm from the email file,
preferences and unsubscribe pages, archive and issue; every page audited (axe, budget)."""

import secrets

from .helpers import assert_page_ok, email_body, links_in, read_emails


def emails_to(mail_dir, address):
    return [m for m in read_emails(mail_dir) if address in str(m["To"])]


def link_with(mail_dir, address, fragment, index=-1):
    body = email_body(emails_to(mail_dir, address)[index])
    return next(link for link in links_in(body) if fragment in link)


def test_archive_and_issue_pages(live_url, page):
    assert_page_ok(page, live_url + "/lettre/")
    assert_page_ok(page, live_url + "/lettre/archives/")
    page.goto(live_url + "/lettre/archives/")
    issue_links = page.locator("main .newsletter-issues h2 a")
    assert issue_links.count() == 2
    href = issue_links.first.get_attribute("href")
    assert_page_ok(page, live_url + href)
    response = page.request.get(live_url + "/lettre/archives/atom.xml")
    assert response.status == 200 and "<feed" in response.text()


def test_subscribe_confirm_preferences_unsubscribe_without_js(live_url, page_nojs, page,
                                                               mail_dir):
    address = f"e2e-{secrets.token_hex(4)}@example.org"
    page_nojs.goto(live_url + "/lettre/")
    page_nojs.get_by_label("Votre adresse e-mail", exact=True).first.fill(address)
    page_nojs.locator("main").get_by_label("Témoignages").check()
    page_nojs.locator("main").get_by_label("Loiret (45)").check()
    page_nojs.locator("main").get_by_label("J'accepte de recevoir la lettre", exact=False).check()
    page_nojs.locator("main").get_by_role("button", name="M'abonner").click()
    assert page_nojs.url.endswith("/lettre/merci/")
    assert "Vérifiez votre boîte e-mail" in page_nojs.locator("h1").inner_text()

    confirmation = link_with(mail_dir, address, "/lettre/confirmation/")
    assert_page_ok(page, confirmation)  # GET: only a button, nothing confirmed
    page_nojs.goto(confirmation)
    page_nojs.get_by_role("button", name="Je confirme mon inscription").click()
    assert "/lettre/preferences/" in page_nojs.url
    assert "C'est confirmé" in page_nojs.content()
    assert page_nojs.locator("main").get_by_label("Témoignages").is_checked()
    assert_page_ok(page, page_nojs.url)

    # Change a preference without JS.
    page_nojs.locator("main").get_by_label("Cher (18)").check()
    page_nojs.get_by_role("button", name="Enregistrer mes choix").click()
    assert "Vos choix sont enregistrés." in page_nojs.content()
    assert page_nojs.locator("main").get_by_label("Cher (18)").is_checked()

    # The unsubscribe page (the List-Unsubscribe URL): a GET only shows a button.
    unsubscribe = live_url + page_nojs.locator("main form[action*='/lettre/desabonnement/']") \
        .get_attribute("action")

    # Subscribing again gives the same answer as a new address.
    page_nojs.goto(live_url + "/lettre/")
    page_nojs.locator("main").get_by_label("Votre adresse e-mail").fill(address)
    page_nojs.locator("main").get_by_label("J'accepte de recevoir la lettre", exact=False).check()
    page_nojs.locator("main").get_by_role("button", name="M'abonner").click()
    assert page_nojs.url.endswith("/lettre/merci/")
    assert_page_ok(page, unsubscribe)  # GET only shows the button
    page_nojs.goto(unsubscribe)
    page_nojs.get_by_role("button", name="Confirmer mon désabonnement").click()
    assert "vous êtes désabonné" in page_nojs.locator("h1").inner_text()


def test_footer_form_subscribes_without_js(live_url, page_nojs, mail_dir):
    address = f"pied-{secrets.token_hex(4)}@example.org"
    page_nojs.goto(live_url + "/")
    footer = page_nojs.locator("footer")
    footer.get_by_label("Votre adresse e-mail").fill(address)
    footer.get_by_label("J'accepte de recevoir la lettre", exact=False).check()
    footer.get_by_role("button", name="M'abonner").click()
    assert page_nojs.url.endswith("/lettre/merci/")
    assert emails_to(mail_dir, address), "no confirmation email written"

"""Accounts and organisations in a real browser: the issue 3 scenario without JavaScript,
every page of it audited (axe, one h1, budget) with JavaScript on."""

import re
import secrets

from .helpers import assert_page_ok, email_body, links_in, read_emails

PASSWORD = "Berry-numerique-1901"


def L(text):
    """A label as written, with or without Django's " :" suffix and the required mark "*"."""
    return re.compile(rf"^{re.escape(text)}\s*:?\s*\*?$")


PASSWORD_LABEL = L("Mot de passe")


def emails_to(mail_dir, address):
    return [m for m in read_emails(mail_dir) if address in str(m["To"])]


def link_with(mail_dir, address, fragment):
    body = email_body(emails_to(mail_dir, address)[-1])
    return next(link for link in links_in(body) if fragment in link)


def sign_up(page_nojs, live_url, mail_dir, address):
    page_nojs.goto(live_url + "/compte/signup/")
    main = page_nojs.locator("main")
    main.get_by_label(L("Adresse e-mail")).fill(address)
    main.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_label(L("Mot de passe (confirmation)")).fill(PASSWORD)
    main.get_by_role("button", name="Création de compte").click()
    confirm = link_with(mail_dir, address, "/compte/confirm-email/")
    page_nojs.goto(confirm)
    page_nojs.locator("main").get_by_role("button", name="Confirmer").click()
    return confirm


def log_in(page, live_url, address):
    page.goto(live_url + "/compte/login/")
    main = page.locator("main")
    main.get_by_label(L("Adresse e-mail")).fill(address)
    main.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r".*/espace/$"))


def test_public_account_and_organisation_pages(live_url, page):
    for path in ("/compte/signup/", "/compte/login/", "/compte/password/reset/",
                 "/organisations/", "/organisations/amis-mediatheque-levroux/",
                 "/organisations/reseau-asso-numerique-centre/"):
        assert_page_ok(page, live_url + path)


def test_scenario_without_javascript(live_url, page_nojs, page, mail_dir):
    address = f"e2e-{secrets.token_hex(4)}@example.org"
    confirm = sign_up(page_nojs, live_url, mail_dir, address)
    assert page_nojs.url.endswith("/espace/")
    assert "Mon espace" in page_nojs.locator("h1").inner_text()

    # An association with an invalid RNA, then a valid one.
    page_nojs.goto(live_url + "/organisations/nouvelle/")
    main = page_nojs.locator("main")
    main.get_by_role("radio", name="Association", exact=True).check()
    main.get_by_label(L("Nom")).fill("Les Claviers du Cher")
    main.get_by_label(L("Numéro RNA")).fill("W18")
    main.get_by_label(L("Commune du siège")).fill("Bourges")
    main.get_by_role("button", name="Inscrire l'organisation").click()
    assert "W suivie de 9 chiffres" in page_nojs.locator(".error-summary").inner_text()
    assert main.get_by_label(L("Nom")).input_value() == "Les Claviers du Cher"
    assert main.get_by_label(L("Commune du siège")).input_value() == "Bourges"
    main.get_by_label(L("Numéro RNA")).fill("W181234567")
    main.get_by_role("button", name="Inscrire l'organisation").click()
    assert "/membres/" in page_nojs.url
    members_url = page_nojs.url

    # Invite a second person, who signs up and joins.
    invited = f"e2e-{secrets.token_hex(4)}@example.org"
    main = page_nojs.locator("main")
    main.get_by_label(L("Adresse e-mail de la personne à inviter")).fill(invited)
    page_nojs.locator("main").get_by_role("button", name="Envoyer l'invitation").click()
    assert invited in page_nojs.locator("main").inner_text()
    invitation = link_with(mail_dir, invited, "/invitations/")

    # The key pages, audited with JavaScript on (same account in the other browser).
    log_in(page, live_url, address)
    for url in (live_url + "/espace/", members_url, live_url + "/organisations/nouvelle/",
                live_url + "/espace/mes-donnees/", live_url + "/espace/supprimer-mon-compte/",
                live_url + "/compte/email/", live_url + "/compte/2fa/", invitation):
        assert_page_ok(page, url)

    page_nojs.context.clear_cookies()
    sign_up(page_nojs, live_url, mail_dir, invited)
    page_nojs.goto(invitation)
    page_nojs.locator("main").get_by_role("button", name="Accepter et rejoindre").click()
    assert "Les Claviers du Cher" in page_nojs.locator("h1").inner_text()

    # Back as the first person: download the data, then delete the account.
    page_nojs.context.clear_cookies()
    log_in(page_nojs, live_url, address)
    response = page_nojs.request.get(live_url + "/espace/mes-donnees/telecharger/")
    assert response.status == 200
    memberships = response.json()["organisations"]["memberships"]
    assert memberships[0]["organisation"] == "Les Claviers du Cher"
    # Hand over to the new member first (the last administrator cannot leave).
    page_nojs.goto(members_url)
    row = page_nojs.locator("tr", has_text=invited)
    row.get_by_label(re.compile("Rôle de")).select_option("admin")
    row.get_by_role("button", name="Changer le rôle").click()
    page_nojs.goto(live_url + "/espace/supprimer-mon-compte/")
    main = page_nojs.locator("main")
    main.get_by_label(L("Votre mot de passe")).fill(PASSWORD)
    main.get_by_role("checkbox", name="Je comprends que la suppression est définitive.").check()
    main.get_by_role("button", name="Supprimer définitivement mon compte").click()
    assert page_nojs.url.rstrip("/") == live_url
    page_nojs.goto(confirm)
    assert page_nojs.locator("h1").count() == 1

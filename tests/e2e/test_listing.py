"""Listing a place in a real browser, without JavaScript: from the directory's "Inscrire votre
lieu" to a submitted form (account, actor organisation, then the form with hours per day), and
the form page audited (axe, one h1) with JavaScript on."""

import re
import secrets

from .helpers import assert_page_ok, screenshot
from .test_accounts import PASSWORD, L, link_with, log_in

PROPOSE = "/annuaire/proposer/"


def R(text):
    """The label of a required field: its text, then the required mark."""
    return re.compile(rf"^{re.escape(text)}\s*\*?\s*:?\s*\*?$")
WEEK = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]


def test_anonymous_visitor_lists_a_place_without_javascript(live_url, page_nojs, page, mail_dir):
    address = f"e2e-lieu-{secrets.token_hex(4)}@example.org"
    nojs = page_nojs
    nojs.goto(live_url + "/annuaire/")
    main = nojs.locator("main")
    main.get_by_role("link", name="Inscrire votre lieu", exact=True).click()

    # 1. The account: sign-up keeps the way back to the form.
    assert "/compte/signup/?next=/annuaire/proposer/" in nojs.url
    main = nojs.locator("main")
    main.get_by_label(L("Adresse e-mail")).fill(address)
    main.get_by_label(L("Mot de passe")).fill(PASSWORD)
    main.get_by_label(L("Mot de passe (confirmation)")).fill(PASSWORD)
    main.get_by_role("button", name=re.compile("Création de compte|Créer un compte")).click()
    nojs.goto(link_with(mail_dir, address, "/compte/confirm-email/"))
    nojs.locator("main").get_by_role("button", name="Confirmer").click()
    assert nojs.url.endswith(PROPOSE)

    # 2. The organisation: no actor organisation yet, one is created, then back to the form.
    main = nojs.locator("main")
    main.get_by_role("link", name="Inscrire mon organisation").click()
    assert "/organisations/nouvelle/" in nojs.url and "type=actor" in nojs.url
    main = nojs.locator("main")
    assert main.get_by_role("radio", name="Acteur du numérique").is_checked()
    main.get_by_label(L("Nom")).fill("Les Bidouilleurs du Cher")
    main.get_by_label(L("Commune du siège")).fill("Bourges")
    main.get_by_role("button", name="Inscrire l'organisation").click()
    assert nojs.url.endswith(PROPOSE)

    # 3. The form: a short first screen, the rest folded.
    main = nojs.locator("main")
    assert main.locator("h1").inner_text() == "Inscrire un lieu dans l'annuaire"
    visible_fields = main.locator("form.listing-form .field:visible").count()
    assert 0 < visible_fields <= 12, visible_fields
    assert main.locator("details.listing-more .field").first.is_hidden()
    assert main.locator("details.listing-more summary").inner_text() == "Plus de détails"
    assert main.locator(".required-mark").count() >= 4
    # A mistake first: what was typed stays.
    main.get_by_label(R("Nom du lieu")).fill("Atelier numérique de Bourges")
    main.get_by_label(R("Commune")).fill("Bourges")
    main.locator("[name=horaires_lundi_de1]").fill("18:00")
    main.locator("[name=horaires_lundi_a1]").fill("09:00")
    main.get_by_role("button", name="Envoyer la fiche").click()
    summary = nojs.locator(".error-summary")
    assert "Adresse" in summary.inner_text()
    assert "Lundi : la fin (09:00) doit venir après le début (18:00)" in summary.inner_text()
    main = nojs.locator("main")
    assert main.get_by_label(R("Nom du lieu")).input_value() == "Atelier numérique de Bourges"
    assert main.locator("[name=horaires_lundi_de1]").input_value() == "18:00"
    # Then right.
    main.get_by_label(R("Adresse")).fill("12 rue Moyenne")
    main.get_by_role("checkbox", name="Accès internet et matériel informatique").check()
    main.get_by_label(L("Adresses e-mail")).fill("atelier@example.org")
    for day in WEEK:
        main.get_by_role("group", name=day.capitalize()).get_by_role(
            "radio", name="Ouvert").check()
        main.locator(f"[name=horaires_{day}_de1]").fill("09:00")
        main.locator(f"[name=horaires_{day}_a1]").fill("12:00")
        main.locator(f"[name=horaires_{day}_de2]").fill("14:00")
        main.locator(f"[name=horaires_{day}_a2]").fill("17:30")
    main.get_by_role("group", name="Samedi").get_by_role("radio", name="Fermé").check()
    screenshot(nojs, "directory-listing-form-nojs")
    main.get_by_role("button", name="Envoyer la fiche").click()
    assert nojs.url.endswith("/espace/")
    assert "Votre fiche est enregistrée" in nojs.locator("main").inner_text()
    assert "Atelier numérique de Bourges" in nojs.locator("main").inner_text()

    # The form page with JavaScript on: no axe violation, one h1 (the page budget is for
    # public pages; this one holds the whole form).
    log_in(page, live_url, address)
    result = assert_page_ok(page, live_url + PROPOSE, budget=False)
    assert result.transferred < 150 * 1024 and result.requests <= 15
    # And with the error summary shown.
    page.locator("main").get_by_role("button", name="Envoyer la fiche").click()
    assert page.locator(".error-summary").is_visible()
    report = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})")
    assert report["violations"] == []

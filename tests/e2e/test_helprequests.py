"""Mise en relation in a real browser: the public page, the form, the request page and the
actor's list audited (axe, budget, 320 px); the Issoudun journey with JavaScript off."""

import re
import secrets

from .helpers import assert_page_ok, assert_works_without_js, screenshot

ASSOCIATION = "asso@assonum.localhost"
ACTOR = "acteur@assonum.localhost"
PASSWORD = "demo-assonum-2026"  # the demo accounts' password (assonum.accounts.demo)


def _log_in(page, live_url, email, next_path):
    page.goto(live_url + next_path)
    assert "/compte/login/" in page.url
    main = page.locator("main")
    main.get_by_label("Adresse e-mail").fill(email)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(".*" + re.escape(next_path) + "$"))


def test_public_page_is_accessible_light_and_without_js(live_url, page, page_nojs):
    assert_page_ok(page, live_url + "/mise-en-relation/")
    assert_works_without_js(page_nojs, live_url + "/mise-en-relation/")
    assert page_nojs.get_by_role("link", name="Décrire mon besoin").count() == 1
    # The demo has six requests: the figures are published, small groups are not.
    assert "Demandes envoyées" in page_nojs.locator("main").inner_text()
    page.goto(live_url + "/mise-en-relation/")
    screenshot(page, "helprequests-index")


def test_issoudun_website_journey_without_javascript(live_url, browser, page):
    association = browser.new_context(java_script_enabled=False)
    asking = association.new_page()
    # A visitor describes the need first; forgetting the theme: a French message, text kept.
    asking.goto(live_url + "/mise-en-relation/demander/?theme=prestation")
    main = asking.locator("main")
    need = f"Notre site ne s'affiche plus, nous voudrions le refaire ({secrets.token_hex(3)})."
    main.get_by_label("Votre besoin, en quelques phrases").fill(need)
    main.get_by_label("Site web").uncheck()
    main.get_by_label("Commune de l'association").fill("Issoudun (36)")
    main.get_by_label(re.compile(r"^E-mail")).fill(ASSOCIATION)
    main.get_by_role("button", name="Continuer").click()
    assert "Cochez au moins un thème." in asking.locator(".error-summary").inner_text()
    assert main.get_by_label("Votre besoin, en quelques phrases").input_value() == need
    main.get_by_label("Site web").check()
    main.get_by_role("button", name="Continuer").click()
    # The draft waits in the session while the visitor signs in.
    assert "/compte/login/" in asking.url
    main.get_by_label("Adresse e-mail").fill(ASSOCIATION)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    asking.wait_for_url(re.compile(r".*/mise-en-relation/demander/$"))
    assert "Nous avons gardé ce que vous aviez écrit" in main.inner_text()
    assert main.get_by_label("Votre besoin, en quelques phrases").input_value() == need
    main.get_by_label("Pour quelle association ?").select_option(
        label="Comité des fêtes d'Issoudun")
    main.get_by_role("button", name="Envoyer ma demande").click()
    asking.wait_for_url(re.compile(r".*/mise-en-relation/demandes/\d+/$"))
    request_path = asking.url.split(live_url, 1)[1]
    text = asking.locator("main").inner_text()
    assert "Votre demande est envoyée à 3 acteurs" in text
    assert "Atelier web du Boischaut" in text and "Coopérative web de Vierzon" in text

    # The actor takes it and writes, without JavaScript.
    actor_context = browser.new_context(java_script_enabled=False)
    actor = actor_context.new_page()
    _log_in(actor, live_url, ACTOR, "/mise-en-relation/demandes/")
    assert actor.locator(f'a[href="{request_path}"]').count() == 1
    actor.goto(live_url + request_path)
    actor.get_by_role("button", name="Je prends en charge cette demande").click()
    assert "vous prenez en charge cette demande" in actor.locator(".messages").inner_text()
    actor.get_by_label("Votre message").fill("Bonjour, pouvons-nous nous appeler jeudi ?")
    actor.get_by_role("button", name="Envoyer le message").click()
    assert "jeudi ?" in actor.locator("#messages ~ article, main article").first.inner_text()

    # Audits of the private pages, signed in, JavaScript on.
    page.context.add_cookies(association.cookies())
    assert_page_ok(page, live_url + "/mise-en-relation/demander/")
    assert_page_ok(page, live_url + request_path)
    screenshot(page, "helprequests-request")
    page.context.clear_cookies()
    page.context.add_cookies(actor_context.cookies())
    assert_page_ok(page, live_url + "/mise-en-relation/demandes/")
    association.close()
    actor_context.close()

"""Donations in a real browser: every public page audited (axe, budget, 320 px), the
association reserves and the donor gives several lots with JavaScript off, and a rush for the
last tablet of the demo over HTTP against the running server: no 5xx, one winner."""

import re
from html import unescape
from urllib.parse import quote

from tests.donations.test_concurrency import Session, http_rush

from .helpers import assert_page_ok, assert_works_without_js, screenshot

PASSWORD = "demo-assonum-2026"  # the demo accounts' password (assonum.accounts.demo)
MEMBER = "benevole@assonum.localhost"  # member of "Les Amis de la médiathèque de Levroux"
DONOR = "donateur@assonum.localhost"
PUBLIC = ["/dons/", "/dons/offres/", f"/dons/offres/?pres_de={quote('Déols')}&rayon=50&type=laptop",
          "/dons/besoins/", "/dons/points-de-reprise/", "/dons/guides/effacer-les-donnees/",
          "/dons/guides/que-donner/", "/dons/guides/deee/", "/dons/guides/don-en-nature/"]


def _offer_url(page, live_url, title):
    page.goto(live_url + "/dons/offres/")
    return page.get_by_role("link", name=re.compile(title)).first.get_attribute("href")


def test_public_pages_are_accessible_light_and_work_without_js(live_url, page, page_nojs):
    for path in PUBLIC:
        assert_page_ok(page, live_url + path)
        assert_works_without_js(page_nojs, live_url + path)
    offer = _offer_url(page, live_url, "Écrans 24 pouces")
    assert_page_ok(page, live_url + offer)
    page.goto(live_url + "/dons/")
    screenshot(page, "donations-index")
    page.goto(live_url + "/dons/points-de-reprise/")
    assert page.locator("[data-directory-map]").is_visible()  # revealed by the script
    page_nojs.goto(live_url + "/dons/points-de-reprise/")
    assert page_nojs.locator("[data-directory-map]").is_hidden()
    assert page_nojs.locator(".cards .card").count() >= 1


def _login(page, live_url, email, next_path):
    page.goto(f"{live_url}/compte/login/?next={quote(next_path)}")
    main = page.locator("main")
    main.get_by_label("Adresse e-mail").fill(email)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(".*" + re.escape(next_path) + "$"))


def test_association_reserves_without_javascript(live_url, page_nojs, page):
    offer = _offer_url(page_nojs, live_url, "Ordinateurs portables du service comptable")
    _login(page_nojs, live_url, MEMBER, offer)
    card = page_nojs.locator(".card", has_text="Ordinateur portable")
    card.get_by_label("Combien ?").fill("1")
    card.get_by_role("button", name="Réserver").click()
    assert page_nojs.locator("h1").inner_text() == "Réservé : 1 ordinateur portable"
    page.context.add_cookies(page_nojs.context.cookies())
    assert_page_ok(page, live_url + offer)
    assert_page_ok(page, live_url + "/espace/")


def test_donor_gives_two_lots_without_javascript(live_url, page_nojs, page):
    _login(page_nojs, live_url, DONOR, "/dons/donner/")
    main = page_nojs.locator("main")
    main.get_by_label("Titre de l'offre").fill("Postes du secrétariat")
    main.get_by_label("Commune où se trouve le matériel").fill("Levroux (36)")
    lot1 = page_nojs.locator("#lot-1")
    lot1.get_by_label("Type de matériel").select_option("desktop")
    lot1.get_by_label("Quantité").fill("3")
    main.get_by_role("button", name="Ajouter un lot").click()
    assert main.get_by_label("Titre de l'offre").input_value() == "Postes du secrétariat"
    lot2 = page_nojs.locator("#lot-2")
    assert page_nojs.locator("#lot-1").get_by_label("Quantité").input_value() == "3"
    lot2.get_by_label("Type de matériel").select_option("screen")
    lot2.get_by_label("Quantité").fill("3")
    main.get_by_role("button", name="Proposer ce matériel").click()
    page_nojs.wait_for_url(re.compile(r".*/dons/offres/\d+/$"))
    assert page_nojs.locator("h1").inner_text() == "Postes du secrétariat"
    text = page_nojs.locator("main").inner_text()
    assert "En attente de validation" in text  # unverified donor: moderated first
    page.context.add_cookies(page_nojs.context.cookies())
    assert_page_ok(page, live_url + "/dons/donner/")
    assert_page_ok(page, page_nojs.url)


def test_http_rush_for_the_last_tablet(live_url, page):
    offer = _offer_url(page, live_url, "Tablettes de l'ancienne boutique")
    offer_pk = int(offer.rstrip("/").rsplit("/", 1)[1])
    html = Session(live_url).get(offer)[1]
    lot_pk = re.search(r'id="lot-(\d+)"', html).group(1)  # the tablets: the first lot
    assert "1 encore disponible" in unescape(html)
    sessions = [Session(live_url).login(MEMBER, PASSWORD) for _ in range(10)]
    results = http_rush(live_url, sessions, offer_pk, lot_pk)
    statuses = [status for status, _html in results]
    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(200) == 1 and statuses.count(409) == 9, statuses
    assert "0 encore disponible" in unescape(Session(live_url).get(offer)[1])

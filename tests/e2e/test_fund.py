"""The support fund in a real browser: public pages audited, an association prepares its
application without JavaScript, the staff's file, queue and reports audited."""

import re
import time

from .helpers import assert_page_ok, assert_works_without_js, screenshot

MEMBER = "asso@assonum.localhost"
STAFF = "equipe@assonum.localhost"
PASSWORD = "demo-assonum-2026"


def _login(page, live_url, email, next_path):
    page.goto(f"{live_url}/compte/login/?next={next_path}")
    main = page.locator("main")
    main.get_by_label("Adresse e-mail").fill(email)
    main.get_by_label(re.compile(r"^Mot de passe\s*:?\s*\*?$")).fill(PASSWORD)
    main.get_by_role("button", name="Connexion").click()


def _staff_login(page, live_url, next_path):
    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from assonum.accounts.demo import DEMO_TOTP_SECRET

    _login(page, live_url, STAFF, next_path)
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) //
                                        mfa_settings.TOTP_PERIOD))
    page.locator("main input[name=code]").fill(code)
    page.locator("main button[type=submit]").first.click()
    page.wait_for_url(re.compile(".*" + re.escape(next_path) + "$"))


def _open_call(page, live_url):
    page.goto(live_url + "/fonds/")
    return page.locator("main .card a").first.get_attribute("href")


def test_public_fund_pages_are_accessible_and_light(live_url, page, page_nojs):
    call = _open_call(page, live_url)
    for path in ["/fonds/", call, "/fonds/subventions/"]:
        assert_page_ok(page, live_url + path)
        assert_works_without_js(page_nojs, live_url + path)
    page.goto(live_url + "/fonds/")
    screenshot(page, "fund-index")
    closed = page.locator("main h2:has-text('Appels clos') + ul a").first.get_attribute("href")
    assert_page_ok(page, live_url + closed)
    page.goto(live_url + "/fonds/subventions/")
    assert page.locator("main tbody tr").count() >= 4  # the closed call's grants


def test_an_association_prepares_its_application_without_javascript(live_url, page_nojs, page):
    call = _open_call(page, live_url)
    _login(page_nojs, live_url, MEMBER, call)
    page_nojs.wait_for_url(re.compile(".*" + re.escape(call) + "$"))
    main = page_nojs.locator("main")
    main.get_by_label("Pour l'association").select_option(label="Jardins partagés de Tours")
    main.get_by_role("button", name="Préparer la demande").click()
    page_nojs.wait_for_url(re.compile(r".*/fonds/dossiers/\d+/modifier/$"))
    main = page_nojs.locator("main")
    main.get_by_label("Intitulé du projet").fill("Un site et un agenda partagé")
    main.get_by_label("Description du projet").fill("Former les bénévoles aux outils libres.")
    main.get_by_role("button", name="Déposer le dossier").click()
    # Not eligible yet: every reason in plain French, what was typed is kept.
    summary = page_nojs.locator(".error-summary")
    assert summary.count() == 1
    assert "Pièce manquante" in summary.inner_text()
    assert main.get_by_label("Intitulé du projet").input_value() == "Un site et un agenda partagé"
    page.context.add_cookies(page_nojs.context.cookies())
    edit_url = page_nojs.url
    assert_page_ok(page, edit_url)
    assert_page_ok(page, edit_url.replace("modifier/", ""))
    assert_page_ok(page, live_url + "/espace/")


def test_staff_file_queue_and_reports(live_url, page):
    _staff_login(page, live_url, "/fonds/comite/")
    assert_page_ok(page, live_url + "/fonds/comite/")
    first = page.locator("main tbody a").first.get_attribute("href")
    assert_page_ok(page, live_url + first)
    assert_page_ok(page, live_url + "/fonds/rapports/")
    assert page.locator("main svg.fund-chart").count() == 4
    screenshot(page, "fund-reports")
    assert_page_ok(page, live_url + "/fonds/accompagnements/")
    assert page.get_by_role("button", name="Créer la cohorte").count() == 1
    support = page.locator("main li a").first.get_attribute("href")
    assert_page_ok(page, live_url + support)

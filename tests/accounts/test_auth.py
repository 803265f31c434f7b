"""Sign-up rules, rate-limited login, password reset, 2FA for staff, the admin login."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assonum.accounts import demo
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret=SECRET):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("password, message", [
    ("court1!", "Ce mot de passe est trop court"),
    ("motdepasse", "Ce mot de passe est trop courant"),
    ("1234567890123", "Ce mot de passe est entièrement numérique"),
])
def test_signup_refuses_short_and_common_passwords(client, password, message):
    response = client.post("/compte/signup/", {
        "email": "nouveau@exemple.org", "password1": password, "password2": password})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'class="error-summary"' in body
    assert 'value="nouveau@exemple.org"' in body
    assert not get_user_model().objects.filter(email="nouveau@exemple.org").exists()


def test_signup_and_login_pages_are_french_with_labels(client):
    for url, title in (("/compte/signup/", "Inscription"), ("/compte/login/", "Connexion")):
        body = client.get(url).content.decode()
        assert body.count("<h1") == 1
        assert title in body
        inputs = r'<input[^>]+type="(?:email|password|text)"[^>]*id="([^"]+)"'
        for field_id in re.findall(inputs, body):
            assert f'for="{field_id}"' in body, (url, field_id)
        assert '<html lang="fr">' in body


def test_unverified_account_cannot_log_in(client, mailoutbox):
    UserFactory(email="pas-verifie@exemple.org", verified_email=False)
    response = client.post("/compte/login/", {"login": "pas-verifie@exemple.org",
                                              "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert client.get("/espace/").status_code == 302  # not signed in
    assert mailoutbox and mailoutbox[-1].to == ["pas-verifie@exemple.org"]


def test_login_then_logout(client):
    UserFactory(email="ana@exemple.org")
    response = client.post("/compte/login/", {"login": "ana@exemple.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/espace/"
    assert client.get("/espace/").status_code == 200
    assert client.get("/compte/logout/").status_code == 200  # a confirmation page, then POST
    client.post("/compte/logout/")
    assert client.get("/espace/").status_code == 302


def test_login_is_rate_limited(client):
    UserFactory(email="cible@exemple.org")
    for _ in range(5):
        response = client.post("/compte/login/", {"login": "cible@exemple.org",
                                                  "password": "mauvais-mot-de-passe"})
        assert response.status_code == 200
    # Even the right password is refused once the limit is reached.
    response = client.post("/compte/login/", {"login": "cible@exemple.org", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert client.get("/espace/").status_code == 302
    assert "trop" in response.content.decode().lower()


def test_password_reset_by_email(client, mailoutbox):
    UserFactory(email="oubli@exemple.org")
    response = client.post("/compte/password/reset/", {"email": "oubli@exemple.org"})
    assert response.status_code == 302
    link = r"https?://[^/\s]+(/compte/password/reset/key/[^\s]+)"
    path = re.search(link, mailoutbox[-1].body).group(1)
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    new = "Nouveau-Mot-De-Passe-2026"
    response = client.post(form_path, {"password1": new, "password2": new})
    assert response.status_code == 302
    assert get_user_model().objects.get(email="oubli@exemple.org").check_password(new)


def test_change_email_requires_confirmation(client, mailoutbox):
    user = UserFactory(email="ancienne@exemple.org")
    client.force_login(user)
    response = client.post("/compte/email/", {"action_add": "", "email": "nouvelle@exemple.org"})
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["nouvelle@exemple.org"]
    user.refresh_from_db()
    assert user.email == "ancienne@exemple.org"  # until the new address is confirmed


# --- 2FA for staff ------------------------------------------------------------------------

def test_admin_login_redirects_to_the_site_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/?next=")
    assert "%2Fadmin%2Fpages%2F" in response["Location"]
    # Wagtail's own sign-in form is never served.
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")
    # The admin sends anonymous visitors to the site's login too.
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_staff_without_totp_is_sent_to_set_it_up(client):
    staff = UserFactory(staff=True)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/totp/activate/"
    # Everyone else's pages still work.
    assert client.get("/espace/").status_code == 200


def test_staff_sets_up_totp_then_reaches_the_admin(client, django_capture_on_commit_callbacks):
    UserFactory(staff=True, email="chef@exemple.org")
    client.post("/compte/login/", {"login": "chef@exemple.org", "password": PASSWORD})
    assert client.get("/admin/")["Location"] == "/compte/2fa/totp/activate/"
    # allauth asks for the password again before changing security settings.
    response = client.get("/compte/2fa/totp/activate/")
    assert response["Location"].startswith("/compte/reauthenticate/")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/compte/2fa/totp/activate/")
    assert page.status_code == 200
    assert 'class="qr-code"' in page.content.decode()
    secret = page.context["form"].secret
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user__email="chef@exemple.org", type="totp").exists()
    # Activation counts as a second factor for this session.
    response = client.get("/admin/")
    assert response.status_code == 200


def test_staff_with_totp_must_give_a_code_at_login(client):
    staff = UserFactory(staff=True, email="equipe2@exemple.org")
    TOTP.activate(staff, SECRET)
    response = client.post("/compte/login/", {"login": "equipe2@exemple.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in yet
    response = client.post("/compte/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    response = client.post("/compte/2fa/authenticate/", {"code": current_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_session_without_second_factor_is_asked_for_a_code(client):
    staff = UserFactory(staff=True)
    TOTP.activate(staff, SECRET)
    client.force_login(staff)  # a session that never passed the second factor
    response = client.get("/admin/pages/?q=x")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/2fa/reauthenticate/?next=")
    assert "%3Fq%3Dx" in response["Location"]


def test_demo_staff_has_totp_and_the_command_prints_its_code(capsys):
    lines = demo.load()
    assert any("equipe@assonum.localhost" in line for line in lines)
    assert any("make totp" in line for line in lines)
    demo.load()  # idempotent
    user = get_user_model().objects.get(email=demo.STAFF_EMAIL)
    assert Authenticator.objects.filter(user=user, type="totp").count() == 1
    call_command("demo_totp")
    printed = capsys.readouterr().out.strip()
    assert re.fullmatch(r"\d{6}", printed)
    assert TOTP(Authenticator.objects.get(user=user, type="totp")).validate_code(printed)

"""Account emails in the project's words, with the site's name; the sign-in page leads to
sign-up with a button; form errors in plain French, the summary focused."""

import re

import pytest

from assonum.core.models import SiteIdentity

pytestmark = pytest.mark.django_db


def test_signup_email_greets_with_the_site_name_in_text_and_html(client, smtp_settings):
    identity = SiteIdentity.load()
    identity.email = "contact@reseau.example.org"
    identity.save()
    response = client.post("/compte/signup/", {
        "email": "nouvelle@exemple.org", "password1": "une phrase de passe solide",
        "password2": "une phrase de passe solide"})
    assert response.status_code == 302
    (received,) = [m for m in smtp_settings.received if "nouvelle@exemple.org" in m.rcpt_tos]
    message = received.message
    assert message["Subject"] == "[AssoNum] Bienvenue sur AssoNum : confirmez votre adresse e-mail"
    assert message["Reply-To"] == "contact@reseau.example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Bienvenue sur AssoNum !" in text
    link = re.search(r"(http://\S+/compte/confirm-email/\S+/)", text).group(1)
    # Named, not "c'est testserver !" (the host a request used).
    assert "testserver" not in text.replace(link, "") and "c'est" not in text
    assert link.startswith("http://testserver/")  # allauth builds it from the request
    assert "Bienvenue sur AssoNum !" in html and f'href="{link}"' in html
    assert 'style="' in html
    assert "L'équipe AssoNum" in text


def test_password_reset_email_also_has_an_html_part(client, smtp_settings):
    from tests.accounts.factories import UserFactory

    UserFactory(email="oubli@exemple.org")
    client.post("/compte/password/reset/", {"email": "oubli@exemple.org"})
    (received,) = [m for m in smtp_settings.received if "oubli@exemple.org" in m.rcpt_tos]
    html = received.message.get_body(preferencelist=("html",)).get_content()
    assert "/compte/password/reset/key/" in html


def test_login_page_has_a_create_account_button_and_plain_words(client):
    body = client.get("/compte/login/").content.decode()
    assert re.search(r'<a href="/compte/signup/"[^>]*class="button[^"]*"[^>]*>Créer un compte</a>',
                     body)
    assert "au préalable" not in body and "enregistrer" not in body
    signup = client.get("/compte/signup/").content.decode()
    assert "veuillez" not in signup and 'href="/compte/login/"' in signup


def test_required_fields_say_it_plainly_and_the_summary_takes_the_focus(client):
    body = client.post("/compte/login/", {"login": "", "password": ""}).content.decode()
    assert "Ce champ est obligatoire." in body
    assert "Champ requis" not in body
    summary = re.search(r'<div class="error-summary"[^>]*>', body).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary

"""The shared transactional email: rendered now, sent after commit, through real SMTP."""

import pytest
from django.db import transaction

from assonum.core.emails import absolute_url, clean_header, send_email


@pytest.mark.django_db(transaction=True)
def test_sent_after_commit_with_text_html_prefix_and_reply_to(smtp_settings, settings):
    settings.SITE_URL = "https://assonum.example.org"
    with transaction.atomic():
        send_email(to=["benevole@exemple.org"], subject="Votre demande",
                   template="plugin_app/emails/hello",
                   context={"name": "Léa", "url": absolute_url("/dons/offres/3/")},
                   reply_to=["contact@reseau.example.org"])
        assert smtp_settings.received == []  # nothing before the commit
    (received,) = smtp_settings.received
    message = received.message
    assert received.rcpt_tos == ["benevole@exemple.org"]
    assert message["Subject"] == "[AssoNum] Votre demande"
    assert message["Reply-To"] == "contact@reseau.example.org"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Bonjour Léa" in text and "https://assonum.example.org/dons/offres/3/" in text
    assert "<p>Bonjour Léa,</p>" in html and 'style="' in html  # wrapped in the styled base


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back(smtp_settings):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email(to=["a@exemple.org"], subject="x", template="plugin_app/emails/hello",
                   context={"name": "A", "url": "/"})
        raise RuntimeError("rollback")
    assert smtp_settings.received == []


def test_header_values_lose_their_line_breaks():
    assert clean_header("Asso\r\nBcc: victim@exemple.org") == "Asso Bcc: victim@exemple.org"
    assert absolute_url("https://ailleurs.example/x") == "https://ailleurs.example/x"

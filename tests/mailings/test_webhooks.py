"""Bounces and complaints reported later by an email provider, through anymail's webhook."""

import base64
import json

import pytest

from assonum.mailings.models import Delivery, DeliveryState
from assonum.mailings.sending import Worker

from . import renderers
from .factories import make_campaign
from .test_sending import begin

pytestmark = pytest.mark.django_db
HANDLER = "tests.mailings.renderers.on_bounce"
AUTH = "Basic " + base64.b64encode(b"assonum:webhook-secret").decode()


@pytest.fixture
def webhook_settings(settings, smtp_settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "assonum:webhook-secret"}
    settings.MAILINGS_HARD_BOUNCE_THRESHOLD = 2
    renderers.BOUNCES.clear()
    return settings


def sent_campaign(source_ref):
    campaign = begin(make_campaign(3, bounce_handler=HANDLER, source_ref=source_ref))
    Worker(campaign).run()
    assert set(Delivery.objects.filter(campaign=campaign).values_list("state", flat=True)) == {
        DeliveryState.SENT}
    return campaign


def postmark(client, payload, auth=AUTH):
    return client.post("/anymail/postmark/tracking/", data=json.dumps(payload),
                       content_type="application/json", HTTP_AUTHORIZATION=auth)


def hard_bounce(address):
    return {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1,
            "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Email": address,
            "BouncedAt": "2026-12-01T09:30:00Z", "Inactive": True,
            "Description": "The server was unable to deliver your message (ex: unknown user).",
            "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist"}


def test_a_provider_bounce_marks_the_delivery_and_tells_the_handler_past_the_threshold(
        client, webhook_settings):
    first = sent_campaign("test:w1")
    response = postmark(client, hard_bounce("Personne1@exemple.test"))
    assert response.status_code == 200
    bounced = Delivery.objects.get(campaign=first, recipient_ref="r1")
    assert bounced.state == DeliveryState.BOUNCED
    assert bounced.last_error.startswith("Postmark: The server was unable")
    assert first.progress().bounced == 1 and first.progress().sent == 2
    assert renderers.BOUNCES == []  # once is not "repeatedly"

    second = sent_campaign("test:w2")
    assert postmark(client, hard_bounce("personne1@exemple.test")).status_code == 200
    assert Delivery.objects.get(campaign=second, recipient_ref="r1").state == DeliveryState.BOUNCED
    assert renderers.BOUNCES == ["r1"]


def test_a_spam_complaint_stops_at_once(client, webhook_settings):
    sent_campaign("test:w3")
    payload = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "TypeCode": 512,
               "MessageID": "00000000-0000-0000-0000-000000000001",
               "Email": "personne2@exemple.test", "BouncedAt": "2026-12-01T09:31:00Z",
               "Description": "The subscriber explicitly marked this message as spam."}
    assert postmark(client, payload).status_code == 200
    assert renderers.BOUNCES == ["r2"]


def test_the_webhook_refuses_a_report_without_the_secret(client, webhook_settings):
    campaign = sent_campaign("test:w4")
    wrong = "Basic " + base64.b64encode(b"assonum:devine").decode()
    assert postmark(client, hard_bounce("personne0@exemple.test"), auth=wrong).status_code == 400
    assert Delivery.objects.get(campaign=campaign, recipient_ref="r0").state == DeliveryState.SENT


def test_a_bounce_for_an_unknown_address_changes_nothing(client, webhook_settings):
    sent_campaign("test:w5")
    assert postmark(client, hard_bounce("inconnue@le-blanc.example.org")).status_code == 200
    assert not Delivery.objects.filter(state=DeliveryState.BOUNCED).exists()
    assert renderers.BOUNCES == []

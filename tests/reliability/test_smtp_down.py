"""Issue 17 §3: the SMTP server down in the middle of a campaign, then back.

A real aiosmtpd server on a fixed port serves the first part of a campaign, is stopped (the
port then refuses connections, as a crashed relay does), the workers run on, and a new server
is started on the same port. Every recipient gets exactly one message: the deliveries that met
the closed port stay pending with their attempt counted and a later retry time (none marked sent,
none failed while attempts remain), and are sent once the server is back.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from assonum.mailings.models import Campaign, CampaignState, Delivery, DeliveryState
from assonum.mailings.sending import Worker
from tests.mailings.factories import addresses, make_campaign
from tests.smtp import CollectingHandler, free_port

pytestmark = pytest.mark.django_db

RECIPIENTS = 12


def _server(port: int, handler: CollectingHandler) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


def test_smtp_down_then_back_loses_nothing_and_sends_nothing_twice(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.MAILINGS_MAX_ATTEMPTS = 5
    settings.MAILINGS_RETRY_BASE_SECONDS = 30

    campaign = make_campaign(RECIPIENTS)
    Campaign.objects.filter(pk=campaign.pk).update(state=CampaignState.SENDING,
                                                   started_at=timezone.now())
    campaign.refresh_from_db()

    # Up: the first batch goes out.
    first = CollectingHandler()
    server = _server(port, first)
    try:
        Worker(campaign, batch_size=4).run(max_batches=1)
    finally:
        server.stop()
    sent_first = set(first.per_recipient())
    assert len(sent_first) == 4 and max(first.per_recipient().values()) == 1

    # Down: the port refuses connections; nothing is lost, nothing is marked sent.
    before = timezone.now()
    Worker(campaign, batch_size=4).run()
    states = dict(Delivery.objects.values_list("recipient_ref", "state"))
    assert list(states.values()).count(DeliveryState.SENT) == 4
    waiting = Delivery.objects.exclude(state=DeliveryState.SENT)
    assert waiting.count() == RECIPIENTS - 4
    assert set(waiting.values_list("state", flat=True)) == {DeliveryState.PENDING}
    for delivery in waiting:
        assert delivery.attempts == 1 and delivery.last_error
        assert delivery.next_attempt_at >= before + timedelta(seconds=30)
    campaign.refresh_from_db()
    assert not campaign.progress().finished

    # Back (a new server on the same port), once the retry time has come.
    second = CollectingHandler()
    server = _server(port, second)
    try:
        Worker(campaign, batch_size=4).run()  # not due yet: nothing sent
        assert not second.received
        Delivery.objects.filter(state=DeliveryState.PENDING).update(
            next_attempt_at=timezone.now())
        Worker(campaign, batch_size=4).run()
    finally:
        server.stop()
    sent_second = set(second.per_recipient())
    assert max(second.per_recipient().values()) == 1
    assert sent_first.isdisjoint(sent_second)
    assert sent_first | sent_second == addresses(RECIPIENTS)
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert campaign.progress().finished

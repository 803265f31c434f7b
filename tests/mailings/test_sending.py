"""The delivery engine against a real SMTP server (aiosmtpd in the test process)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from assonum.mailings import sending
from assonum.mailings.message import message_domain, message_id
from assonum.mailings.models import Campaign, CampaignState, Delivery, DeliveryState
from assonum.mailings.sending import Transport, Worker, claim_batch
from assonum.mailings.services import add_recipients, start_campaign

from . import renderers
from .factories import addresses, make_campaign

pytestmark = pytest.mark.django_db


def begin(campaign):
    """Mark the campaign as sending without running its tasks (the test drives the workers)."""
    Campaign.objects.filter(pk=campaign.pk).update(
        state=CampaignState.SENDING, started_at=timezone.now())
    campaign.refresh_from_db()
    return campaign


def expire_leases():
    Delivery.objects.filter(state=DeliveryState.SENDING).update(
        claimed_until=timezone.now() - timedelta(seconds=1))


def test_every_message_has_list_headers_parts_and_own_links(smtp_settings):
    campaign = begin(make_campaign(3))
    Worker(campaign).run()

    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(3)}
    message = smtp_settings.handler.messages_to("personne1@exemple.test")[0]
    assert message["List-Id"] == "Lettre AssoNum <lettre.assonum.test>"
    # Never the no-reply sender as mailto: (issue 17): the one-click https link only...
    assert message["List-Unsubscribe"] == "<https://assonum.test/lettre/desabonnement/tok1/>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == message_id(campaign.pk, "r1", message_domain())
    assert message["To"] == "personne1@exemple.test"
    assert message["Subject"] == "Lettre d'été – t=;d="
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Se désabonner : https://assonum.test/lettre/desabonnement/tok1/" in text
    assert "https://assonum.test/lettre/preferences/tok1/?a=1&b=2" in text
    assert "Envoyé à personne1@exemple.test" in text
    assert 'href="https://assonum.test/lettre/preferences/tok1/?a=1&amp;b=2"' in html
    assert "%%" not in text + html
    # the other readers got their own links
    other = smtp_settings.handler.messages_to("personne2@exemple.test")[0]
    assert "tok2" in other.get_body(("plain",)).get_content()
    assert "tok1" not in other.get_body(("plain",)).get_content()


def test_unsubscribe_mailto_is_a_read_mailbox_never_the_no_reply_sender(smtp_settings, settings):
    settings.MAILINGS_UNSUBSCRIBE_MAILTO = "desabonnement@assonum.test"
    campaign = begin(make_campaign(2))
    Worker(campaign).run()
    message = smtp_settings.handler.messages_to("personne1@exemple.test")[0]
    assert message["List-Unsubscribe"] == (
        "<https://assonum.test/lettre/desabonnement/tok1/>, "
        "<mailto:desabonnement@assonum.test?subject=unsubscribe>")
    assert "ne-pas-repondre" not in message["List-Unsubscribe"]


def test_n_recipients_get_exactly_one_message_and_the_campaign_ends(smtp_settings,
                                                                    django_capture_on_commit_callbacks):
    campaign = make_campaign(60, segments=("a", "b", "c"),
                             finished_handler="tests.mailings.renderers.on_finished",
                             source_ref="test:finish")
    with django_capture_on_commit_callbacks(execute=True):
        start_campaign(campaign)  # runs the tasks right away (ImmediateBackend in tests)

    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(60)}
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DONE
    progress = campaign.progress()
    assert (progress.sent, progress.total, progress.remaining) == (60, 60, 0)
    assert progress.eta_seconds == 0
    assert "test:finish" in renderers.FINISHED
    # starting it again sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        start_campaign(campaign)
    assert len(smtp_settings.handler.received) == 60


def test_each_segment_is_rendered_once_per_worker(smtp_settings):
    renderers.RENDER_CALLS.clear()
    campaign = begin(make_campaign(30, segments=("a", "b", "c"), source_ref="test:segments"))
    Worker(campaign, batch_size=7).run()
    assert dict(renderers.RENDER_CALLS) == {("test:segments", s): 1 for s in ("a", "b", "c")}


class Killed(BaseException):
    """A worker process being killed (not an Exception: nothing catches it)."""


class DyingTransport(Transport):
    """Sends ``survive`` messages, then the process 'dies' (before or after SMTP acceptance)."""

    def __init__(self, survive: int, *, after_smtp: bool = False):
        super().__init__()
        self.left = survive
        self.after_smtp = after_smtp

    def send(self, template, recipient):
        if self.left == 0:
            if self.after_smtp:
                super().send(template, recipient)
            raise Killed
        self.left -= 1
        super().send(template, recipient)


def test_worker_killed_mid_send_then_restarted_no_duplicate_no_gap(smtp_settings):
    campaign = begin(make_campaign(95))
    with pytest.raises(Killed):
        Worker(campaign, batch_size=20, transport=DyingTransport(33)).run()
    assert len(smtp_settings.handler.received) == 33
    # its claimed rows stay claimed until the lease expires: a new worker leaves them alone
    stuck = set(Delivery.objects.filter(state=DeliveryState.SENDING).values_list("id", flat=True))
    assert len(stuck) == 7
    Worker(campaign, batch_size=20).run()
    assert Delivery.objects.filter(state=DeliveryState.SENDING).count() == 7
    campaign.refresh_from_db()
    assert not campaign.progress().finished

    expire_leases()  # the dead worker's lease runs out
    Worker(campaign, batch_size=20).run()
    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(95)}
    assert Delivery.objects.filter(state=DeliveryState.SENT).count() == 95


def test_death_between_smtp_acceptance_and_commit_duplicates_one_message_same_id(smtp_settings):
    """The documented window: at most one duplicate, with the same Message-ID."""
    campaign = begin(make_campaign(10))
    with pytest.raises(Killed):
        Worker(campaign, batch_size=5, transport=DyingTransport(3, after_smtp=True)).run()
    expire_leases()
    Worker(campaign).run()
    counts = smtp_settings.handler.per_recipient()
    assert set(counts) == addresses(10)
    assert sorted(counts.values()) == [1] * 9 + [2]
    twice = [a for a, n in counts.items() if n == 2][0]
    copies = smtp_settings.handler.messages_to(twice)
    assert copies[0]["Message-ID"] == copies[1]["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_campaign(smtp_settings):
    campaign = begin(make_campaign(300))
    workers = [Worker(campaign, batch_size=10), Worker(campaign, batch_size=10)]
    if connection.vendor == "postgresql":
        # Real parallelism: two threads, two database connections, SKIP LOCKED claims.
        errors = []

        def run(worker):
            try:
                worker.run()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(w,)) for w in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
    else:
        # SQLite has a single writer: the workers take turns, batch after batch.
        while Delivery.objects.claimable().filter(campaign=campaign).exists():
            for worker in workers:
                worker.run(max_batches=1)
    assert all(worker.sent > 0 for worker in workers)
    assert sum(worker.sent for worker in workers) == 300
    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(300)}


def test_claims_are_exclusive():
    campaign = begin(make_campaign(10))
    first = claim_batch(campaign.pk, "w1", 6)
    second = claim_batch(campaign.pk, "w2", 6)
    assert len(first) == 6 and len(second) == 4
    assert not {d.id for d in first} & {d.id for d in second}
    assert claim_batch(campaign.pk, "w3", 6) == []


def test_temporary_failure_is_retried_later_with_backoff(smtp_settings, settings):
    settings.MAILINGS_RETRY_BASE_SECONDS = 60
    smtp_settings.handler.rcpt_replies["personne2@exemple.test"] = ["451 4.7.1 Réessayez plus tard"]
    smtp_settings.handler.data_replies["personne4@exemple.test"] = ["452 4.3.1 Boîte pleine"]
    campaign = begin(make_campaign(6))
    before = timezone.now()
    Worker(campaign).run()

    waiting = Delivery.objects.get(recipient_ref="r2")
    assert waiting.state == DeliveryState.PENDING
    assert waiting.attempts == 1 and "451" in waiting.last_error
    assert waiting.next_attempt_at >= before + timedelta(seconds=60)
    assert Delivery.objects.get(recipient_ref="r4").state == DeliveryState.PENDING
    assert smtp_settings.handler.per_recipient() == {
        a: 1 for a in addresses(6) - {"personne2@exemple.test", "personne4@exemple.test"}}
    # not due yet: another worker run sends nothing
    Worker(campaign).run()
    assert len(smtp_settings.handler.received) == 4

    Delivery.objects.filter(state=DeliveryState.PENDING).update(next_attempt_at=timezone.now())
    Worker(campaign).run()
    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(6)}
    assert Delivery.objects.get(recipient_ref="r2").attempts == 2
    assert campaign.progress().finished


def test_backoff_doubles_and_gives_up_after_max_attempts(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    from tests.smtp import free_port

    settings.EMAIL_PORT = free_port()  # nobody listens: connection refused
    settings.MAILINGS_MAX_ATTEMPTS = 2
    settings.MAILINGS_RETRY_BASE_SECONDS = 10
    campaign = begin(make_campaign(2))
    start = timezone.now()
    Worker(campaign).run()
    first = Delivery.objects.get(recipient_ref="r0")
    assert first.state == DeliveryState.PENDING and first.attempts == 1
    assert start + timedelta(seconds=10) <= first.next_attempt_at < start + timedelta(seconds=20)
    Delivery.objects.update(next_attempt_at=timezone.now())
    Worker(campaign).run()
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.FAILED}
    campaign.refresh_from_db()
    assert campaign.progress().failed == 2


def test_hard_bounce_recorded_and_handler_called_after_threshold(smtp_settings, settings):
    settings.MAILINGS_HARD_BOUNCE_THRESHOLD = 2
    renderers.BOUNCES.clear()
    handler = "tests.mailings.renderers.on_bounce"
    smtp_settings.handler.rcpt_replies["personne1@exemple.test"] = [
        "550 5.1.1 Adresse inconnue", "550 5.1.1 Adresse inconnue"]
    first = begin(make_campaign(3, bounce_handler=handler, source_ref="test:b1"))
    Worker(first).run()
    bounced = Delivery.objects.get(campaign=first, recipient_ref="r1")
    assert bounced.state == DeliveryState.BOUNCED and "550" in bounced.last_error
    assert renderers.BOUNCES == []  # once is not "repeatedly"
    assert first.progress().bounced == 1

    second = begin(make_campaign(3, bounce_handler=handler, source_ref="test:b2"))
    Worker(second).run()
    assert renderers.BOUNCES == ["r1"]
    assert smtp_settings.handler.per_recipient() == {
        "personne0@exemple.test": 2, "personne2@exemple.test": 2}


def test_recipients_who_left_are_skipped(smtp_settings):
    renderers.INACTIVE.clear()
    renderers.INACTIVE.add("r3")
    campaign = begin(make_campaign(5, recipient_filter="tests.mailings.renderers.still_subscribed"))
    Worker(campaign).run()
    assert "personne3@exemple.test" not in smtp_settings.handler.per_recipient()
    assert Delivery.objects.get(recipient_ref="r3").state == DeliveryState.SKIPPED
    assert campaign.progress().finished


def test_a_broken_renderer_fails_softly(smtp_settings, settings):
    settings.MAILINGS_MAX_ATTEMPTS = 1
    campaign = begin(make_campaign(2, renderer="tests.mailings.renderers.broken"))
    Worker(campaign).run()
    assert smtp_settings.handler.received == []
    assert set(Delivery.objects.values_list("last_error", flat=True)) == {
        "RuntimeError: rendering exploded"}
    assert campaign.progress().failed == 2


def test_cancelled_campaign_stops_sending(smtp_settings):
    from assonum.mailings.services import cancel_campaign

    campaign = begin(make_campaign(30))
    worker = Worker(campaign, batch_size=10)
    worker.run(max_batches=1)
    cancel_campaign(campaign)
    worker.run()
    assert len(smtp_settings.handler.received) == 10


def test_other_backends_get_the_same_headers(mailoutbox):
    """Non-SMTP backends (django-anymail ESPs, files) go through Django's message API."""
    campaign = begin(make_campaign(2))
    Worker(campaign).run()
    assert len(mailoutbox) == 2
    message = mailoutbox[0].message()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "<https://assonum.test/lettre/desabonnement/tok0/>" in message["List-Unsubscribe"]
    assert message["Message-ID"] == message_id(campaign.pk, "r0", message_domain())
    assert mailoutbox[0].alternatives[0][1] == "text/html"
    assert "tok0" in mailoutbox[0].body


def test_creating_recipients_twice_never_duplicates():
    campaign = make_campaign(5)
    from .factories import recipient

    total = add_recipients(campaign=campaign, recipients=[recipient(i) for i in range(8)])
    assert total == 8
    assert Delivery.objects.filter(campaign=campaign).count() == 8
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(campaign=campaign, recipient_ref="r1", email="x@exemple.test")


def test_bulk_creation_uses_few_queries(django_assert_max_num_queries):
    from .factories import recipient

    # in batches, never per row (SQLite caps the parameters of one query: ~76 rows per INSERT)
    with django_assert_max_num_queries(100):
        campaign = make_campaign(0)
        add_recipients(campaign=campaign, recipients=(recipient(i) for i in range(5000)))
    assert campaign.total == 5000


def test_scheduled_campaign_starts_when_due(smtp_settings, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=1)
    campaign = make_campaign(4, scheduled_at=later)
    with django_capture_on_commit_callbacks(execute=True):
        start_campaign(campaign)
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.SCHEDULED
    with django_capture_on_commit_callbacks(execute=True):
        sending.sweep(now=timezone.now())
    assert smtp_settings.handler.received == []
    with django_capture_on_commit_callbacks(execute=True):
        result = sending.sweep(now=later + timedelta(seconds=1))
    assert result["started"] == [campaign.pk]
    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(4)}


def test_sweep_restarts_a_stalled_campaign(smtp_settings, django_capture_on_commit_callbacks):
    campaign = begin(make_campaign(5))
    Delivery.objects.update(updated_at=timezone.now() - timedelta(hours=1))
    result = sending.sweep()
    assert result["restarted"] == [campaign.pk]
    assert smtp_settings.handler.per_recipient() == {a: 1 for a in addresses(5)}
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.DONE


def test_periodic_hook_declares_the_sweep():
    from assonum.core.periodic import periodic_tasks

    assert "mailings.sweep" in [task.name for task in periodic_tasks()]


def test_progress_estimates_time_left(smtp_settings):
    campaign = begin(make_campaign(40))
    Worker(campaign, batch_size=10).run(max_batches=1)
    progress = Campaign.objects.with_progress().get(pk=campaign.pk).progress()
    assert (progress.sent, progress.total, progress.pending) == (10, 40, 30)
    assert progress.rate_per_second > 0
    assert progress.eta_seconds == pytest.approx(30 / (10 / 60))

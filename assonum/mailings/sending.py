"""The delivery engine: claim a batch, send it over one connection, record each outcome at once.

Exactly once
------------
* One ``Delivery`` row per (campaign, recipient_ref), unique in the database.
* A worker **claims** a batch atomically: ``pending -> sending`` with ``claimed_by`` (its id) and
  ``claimed_until`` (a lease, ``MAILINGS_LEASE_SECONDS``). On PostgreSQL the batch is chosen with
  ``SELECT ... FOR UPDATE SKIP LOCKED`` so workers never wait for each other; on SQLite the claim
  runs in one ``BEGIN IMMEDIATE`` transaction (a single writer), which is just as atomic. A row
  is only ever sent by the worker holding its claim, so two workers never send the same row.
* Right after the SMTP server accepts a message (``sendmail`` returned), the row is marked
  ``sent`` in its own autocommit ``UPDATE`` (``MAILINGS_COMMIT_EVERY`` = 1, the default), guarded by
  ``claimed_by = <this worker>``.
* A worker that dies leaves its claimed rows in ``sending``; once their lease has expired they go
  back to ``pending`` and another worker (or the same one, restarted) sends them. A live worker
  never sends past its own lease: before each message it checks that the lease still has more
  than ``EMAIL_TIMEOUT`` + 5 s to run, otherwise it gives its remaining rows back.

The one remaining window: if the process dies (or the database becomes unreachable) after the
SMTP server accepted a message and before the ``UPDATE`` committed, that single message is sent
again after the lease expires: at most ``MAILINGS_COMMIT_EVERY`` duplicates per dead worker
(one by default), never a gap. The re-sent copy carries the same ``Message-ID`` (derived from
campaign + recipient), so a receiving server or mail client that deduplicates on it shows one.
The lease also relies on the workers' clocks being in sync (NTP) to within a few seconds.

Speed
-----
Each worker renders a segment once (cache per (campaign, segment)), builds every message with
string operations (``message.SegmentTemplate``) and sends it over ONE connection opened by
Django's mail backend (``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, TLS/SSL, timeout all
honoured). When the backend is not Django's SMTP backend (django-anymail ESP, files, locmem) the
same message goes through that backend's ``send_messages`` on one opened connection.
Temporary errors (4xx, dropped connections) are retried with exponential backoff; permanent
5xx refusals mark the delivery ``bounced`` and, past ``MAILINGS_HARD_BOUNCE_THRESHOLD``, the
campaign's bounce handler is told.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import F, Max, Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .message import Recipient, RenderedMessage, SegmentTemplate, _ascii_address, dkim_settings
from .models import Campaign, CampaignState, Delivery, DeliveryState

logger = logging.getLogger(__name__)


def conf(name: str, default):
    return getattr(settings, name, default)


def lease_seconds() -> int:
    return int(conf("MAILINGS_LEASE_SECONDS", 300))


def new_worker_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{threading.get_ident() % 100000}:" \
           f"{secrets.token_hex(3)}"


# --- Rate limit ------------------------------------------------------------------------------


class RateLimiter:
    """At most ``rate`` messages per second (0 = unlimited), smoothing bursts of ``burst``.

    ``clock`` and ``sleep`` are injectable so the logic is tested without waiting.
    """

    def __init__(self, rate: float, *, burst: int = 1, clock=time.monotonic, sleep=time.sleep):
        self.rate = float(rate or 0)
        self.burst = max(1, burst)
        self.clock = clock
        self.sleep = sleep
        self.tokens = float(self.burst)
        self.last = clock()

    def delay(self) -> float:
        """Take one token; return how long to wait before sending (0 when allowed now)."""
        if self.rate <= 0:
            return 0.0
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        self.tokens -= 1
        if self.tokens >= 0:
            return 0.0
        return -self.tokens / self.rate

    def wait(self) -> float:
        delay = self.delay()
        if delay > 0:
            self.sleep(delay)
        return delay


def worker_rate() -> float:
    """The global rate limit shared evenly by the parallel sending tasks."""
    from .tasks import parallel_tasks

    rate = float(conf("MAILINGS_RATE_LIMIT_PER_SECOND", 0) or 0)
    return rate / parallel_tasks() if rate > 0 else 0.0


# --- Claiming --------------------------------------------------------------------------------


def release_expired(campaign_id: int, now=None) -> int:
    """Deliveries whose lease expired (their worker died) go back to pending."""
    now = now or timezone.now()
    return Delivery.objects.lease_expired(now).filter(campaign_id=campaign_id).update(
        state=DeliveryState.PENDING, claimed_by="", claimed_until=None, updated_at=now
    )


def claim_batch(campaign_id: int, worker_id: str, size: int, now=None) -> list[Delivery]:
    """Atomically take up to ``size`` pending deliveries of the campaign for this worker."""
    now = now or timezone.now()
    with transaction.atomic():
        queryset = Delivery.objects.claimable(now).filter(campaign_id=campaign_id).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            queryset = queryset.select_for_update(skip_locked=True)
        ids = list(queryset.values_list("id", flat=True)[:size])
        if not ids:
            return []
        Delivery.objects.filter(id__in=ids, state=DeliveryState.PENDING).update(
            state=DeliveryState.SENDING,
            claimed_by=worker_id,
            claimed_until=now + timedelta(seconds=lease_seconds()),
            updated_at=now,
        )
    return list(
        Delivery.objects.filter(id__in=ids, state=DeliveryState.SENDING, claimed_by=worker_id)
        .only("id", "campaign_id", "recipient_ref", "email", "segment_key", "context", "attempts")
        .order_by("id")
    )


def release(deliveries, worker_id: str) -> int:
    """Give claimed deliveries back (not attempted) so another worker may take them."""
    return Delivery.objects.filter(
        id__in=[d.id for d in deliveries], state=DeliveryState.SENDING, claimed_by=worker_id
    ).update(state=DeliveryState.PENDING, claimed_by="", claimed_until=None,
             updated_at=timezone.now())


# --- Outcomes --------------------------------------------------------------------------------


class TemporaryError(Exception):
    """Try again later (4xx, connection lost...)."""


class PermanentError(Exception):
    """The address is refused for good (5xx): a hard bounce."""


def classify(exc: BaseException) -> type[Exception]:
    """TemporaryError or PermanentError for an exception raised while sending one message."""
    code = None
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [value[0] for value in exc.recipients.values()]
        code = max(codes) if codes else None
    elif isinstance(exc, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                          smtplib.SMTPResponseException)):
        code = exc.smtp_code
        if isinstance(exc, smtplib.SMTPSenderRefused):
            return TemporaryError  # our side's problem: never blame the recipient
    else:
        try:  # django-anymail, when installed and used
            from anymail.exceptions import AnymailRecipientsRefused

            if isinstance(exc, AnymailRecipientsRefused):
                return PermanentError
        except ImportError:  # pragma: no cover
            pass
    if code is not None and 500 <= code < 600:
        return PermanentError
    return TemporaryError


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


class Recorder:
    """Writes each outcome to the database right away (guarded by the claim)."""

    def __init__(self, worker_id: str, *, commit_every: int = 1):
        self.worker_id = worker_id
        self.commit_every = max(1, commit_every)
        self.sent_ids: list[int] = []

    def sent(self, delivery: Delivery) -> None:
        self.sent_ids.append(delivery.id)
        if len(self.sent_ids) >= self.commit_every:
            self.flush()

    def flush(self) -> None:
        if not self.sent_ids:
            return
        ids, self.sent_ids = self.sent_ids, []
        now = timezone.now()
        queryset = Delivery.objects.filter(state=DeliveryState.SENDING, claimed_by=self.worker_id)
        queryset = queryset.filter(pk=ids[0]) if len(ids) == 1 else queryset.filter(id__in=ids)
        updated = queryset.update(
            state=DeliveryState.SENT, sent_at=now, attempts=F("attempts") + 1, last_error="",
            claimed_by="", claimed_until=None, next_attempt_at=None, updated_at=now,
        )
        if updated != len(ids):  # pragma: no cover - only when a lease was stolen
            logger.error("mailings: %s sent deliveries were no longer claimed by %s",
                         len(ids) - updated, self.worker_id)

    def temporary(self, delivery: Delivery, error: str) -> None:
        self.flush()
        now = timezone.now()
        attempts = delivery.attempts + 1
        max_attempts = int(conf("MAILINGS_MAX_ATTEMPTS", 5))
        base = float(conf("MAILINGS_RETRY_BASE_SECONDS", 60))
        final = attempts >= max_attempts
        Delivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, claimed_by=self.worker_id
        ).update(
            state=DeliveryState.FAILED if final else DeliveryState.PENDING,
            attempts=attempts, last_error=error, claimed_by="", claimed_until=None,
            next_attempt_at=None if final else now + timedelta(seconds=base * 2 ** (attempts - 1)),
            updated_at=now,
        )

    def bounced(self, delivery: Delivery, error: str, campaign: Campaign) -> None:
        self.flush()
        now = timezone.now()
        Delivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, claimed_by=self.worker_id
        ).update(
            state=DeliveryState.BOUNCED, attempts=delivery.attempts + 1, last_error=error,
            claimed_by="", claimed_until=None, next_attempt_at=None, updated_at=now,
        )
        if campaign.bounce_handler:
            threshold = int(conf("MAILINGS_HARD_BOUNCE_THRESHOLD", 2))
            bounces = Delivery.objects.filter(
                email=delivery.email, state=DeliveryState.BOUNCED).count()
            if bounces >= threshold:
                try:
                    import_string(campaign.bounce_handler)(delivery.recipient_ref)
                except Exception:  # a broken handler must not stop the send
                    logger.exception("mailings: bounce handler failed for %s",
                                     delivery.recipient_ref)

    def skipped(self, deliveries, reason: str) -> None:
        self.flush()
        Delivery.objects.filter(
            id__in=[d.id for d in deliveries], state=DeliveryState.SENDING,
            claimed_by=self.worker_id,
        ).update(state=DeliveryState.SKIPPED, last_error=reason, claimed_by="",
                 claimed_until=None, updated_at=timezone.now())


class BackgroundRecorder(Recorder):
    """Marks sent rows from a second thread (own connection) while the next message goes out.

    PostgreSQL only. The SMTP conversation and the database commit overlap instead of adding
    up, yet the window stays bounded: the sending thread waits whenever ``max_uncommitted``
    accepted messages are not committed yet. A worker dying leaves at most that many messages
    accepted but not marked sent (they are sent again after the lease, same Message-ID).
    Failures and bounces are still written synchronously, after draining the queue.
    """

    def __init__(self, worker_id: str, *, max_uncommitted: int = 10):
        super().__init__(worker_id, commit_every=1)
        self.max_uncommitted = max(1, max_uncommitted)
        self.gather_seconds = 0.02
        self.condition = threading.Condition()
        self.queue: list[int] = []
        self.in_flight = 0
        self.stopping = False
        self.draining = False
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._loop, name="mailings-recorder", daemon=True)
        self.thread.start()

    def sent(self, delivery: Delivery) -> None:
        with self.condition:
            while len(self.queue) + self.in_flight >= self.max_uncommitted and not self.error:
                self.condition.wait()
            self._raise()
            self.queue.append(delivery.id)
            if len(self.queue) >= self.max_uncommitted:
                self.condition.notify_all()

    def flush(self) -> None:
        with self.condition:
            self.draining = True
            self.condition.notify_all()
            try:
                while (self.queue or self.in_flight) and not self.error:
                    self.condition.wait()
            finally:
                self.draining = False
            self._raise()

    def close(self) -> None:
        try:
            self.flush()
        finally:
            with self.condition:
                self.stopping = True
                self.condition.notify_all()
            self.thread.join()

    def _raise(self) -> None:
        if self.error is not None:
            raise RuntimeError("mailings: recording sent messages failed") from self.error

    def _loop(self) -> None:
        writer = Recorder(self.worker_id, commit_every=10**9)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
            while True:
                with self.condition:
                    if not self.queue and self.stopping:
                        return
                    # Let a few acceptances gather (at most max_uncommitted, 20 ms): one UPDATE
                    # for several messages and few thread switches.
                    if len(self.queue) < self.max_uncommitted and not (
                            self.stopping or self.draining):
                        self.condition.wait(self.gather_seconds)
                    if not self.queue:
                        continue
                    writer.sent_ids, self.queue = self.queue, []
                    self.in_flight = len(writer.sent_ids)
                writer.flush()
                with self.condition:
                    self.in_flight = 0
                    self.condition.notify_all()
        except BaseException as exc:  # pragma: no cover - database lost
            logger.exception("mailings: the recorder thread failed")
            with self.condition:
                self.error = exc
                self.condition.notify_all()
        finally:
            connection.close()


# --- Sending ---------------------------------------------------------------------------------


class Transport:
    """One mail connection reused for a whole batch (or more)."""

    def __init__(self):
        self.backend = get_connection(fail_silently=False)
        self.is_smtp = isinstance(self.backend, SMTPBackend)
        self.opened = False

    def open(self) -> None:
        if not self.opened:
            self.backend.open()
            self.opened = True

    def send(self, template: SegmentTemplate, recipient: Recipient) -> None:
        self.open()
        if self.is_smtp:
            if self.backend.connection is None:
                self.backend.open()
            self.backend.connection.sendmail(
                template.envelope_from, [_ascii_address(recipient.email)],
                template.raw_bytes(recipient),
            )
        else:
            message = template.django_message(recipient, connection=self.backend)
            if not self.backend.send_messages([message]):
                raise TemporaryError("the email backend sent nothing")

    def reset(self) -> None:
        """Drop the connection after an error; the next send opens a new one."""
        self.close()

    def close(self) -> None:
        if self.opened:
            try:
                self.backend.close()
            except Exception:  # pragma: no cover - closing a dead connection
                pass
            if self.is_smtp:
                self.backend.connection = None
            self.opened = False


class Worker:
    """Sends one campaign's deliveries batch after batch until none is left for it."""

    def __init__(self, campaign: Campaign, *, worker_id: str | None = None,
                 batch_size: int | None = None, limiter: RateLimiter | None = None,
                 transport: Transport | None = None):
        self.campaign = campaign
        self.worker_id = worker_id or new_worker_id()
        self.batch_size = batch_size or int(conf("MAILINGS_BATCH_SIZE", 100))
        self.limiter = limiter or RateLimiter(worker_rate())
        self.transport = transport
        self.recorder: Recorder | None = None
        self.templates: dict[str, SegmentTemplate] = {}
        self.dkim = dkim_settings()
        self.renderer = import_string(campaign.renderer)
        self.recipient_filter = (import_string(campaign.recipient_filter)
                                 if campaign.recipient_filter else None)
        self.sent = 0

    def template(self, segment_key: str) -> SegmentTemplate:
        template = self.templates.get(segment_key)
        if template is None:
            rendered = self.renderer(self.campaign.source_ref, segment_key)
            template = SegmentTemplate(
                campaign_id=self.campaign.pk,
                rendered=RenderedMessage(rendered.subject, rendered.text, rendered.html),
                list_id=self.campaign.list_id,
                from_email=self.campaign.from_email,
                dkim=self.dkim,
            )
            self.templates[segment_key] = template
        return template

    def still_active(self) -> bool:
        state = Campaign.objects.filter(pk=self.campaign.pk).values_list("state", flat=True).first()
        return state == CampaignState.SENDING

    def run(self, *, deadline: float | None = None, max_batches: int | None = None) -> int:
        """Send until nothing is claimable, the monotonic ``deadline`` or ``max_batches``."""
        batches = 0
        relaxed = self._relax_commit_durability()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.recorder = BackgroundRecorder(
                self.worker_id, max_uncommitted=int(conf("MAILINGS_MAX_UNCOMMITTED", 10)))
        else:
            self.recorder = Recorder(self.worker_id,
                                     commit_every=int(conf("MAILINGS_COMMIT_EVERY", 1)))
        try:
            while deadline is None or time.monotonic() < deadline:
                if max_batches is not None and batches >= max_batches:
                    break
                if not self.still_active():
                    break
                release_expired(self.campaign.pk)
                batch = claim_batch(self.campaign.pk, self.worker_id, self.batch_size)
                if not batch:
                    break
                batches += 1
                self.send_batch(batch)
        finally:
            if isinstance(self.recorder, BackgroundRecorder):
                self.recorder.close()
            else:
                self.recorder.flush()
            if self.transport is not None:
                self.transport.close()
            if relaxed:
                self._restore_commit_durability()
        return self.sent

    # Each sent message is committed on its own. On PostgreSQL a commit normally waits for the
    # write-ahead log to reach the disk (an fsync, often 5-40 ms): that would cap a worker at a
    # few dozen messages per second. With ``synchronous_commit = off`` for this session only,
    # the commit is visible to every other session at once (a dead worker loses nothing); only
    # a crash of the database server itself could forget the last few hundred milliseconds of
    # "sent" marks, and those few messages would be sent a second time (with the same
    # Message-ID). Never a gap.
    def _relax_commit_durability(self) -> bool:
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            return False
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO OFF")
        return True

    def _restore_commit_durability(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except Exception:  # pragma: no cover - connection already gone
            pass

    def send_batch(self, batch: list[Delivery]) -> None:
        # Never send past our own lease (minus the longest one SMTP command may block).
        lease_end = time.monotonic() + lease_seconds() - float(conf("EMAIL_TIMEOUT", 30) or 30) - 5
        if self.recipient_filter is not None:
            active = {str(ref) for ref in self.recipient_filter([d.recipient_ref for d in batch])}
            gone = [d for d in batch if d.recipient_ref not in active]
            if gone:
                self.recorder.skipped(gone, "Le destinataire n'est plus inscrit.")
                batch = [d for d in batch if d.recipient_ref in active]
        if self.transport is None:
            self.transport = Transport()
        for index, delivery in enumerate(batch):
            if time.monotonic() >= lease_end:
                self.recorder.flush()
                release(batch[index:], self.worker_id)
                return
            try:
                template = self.template(delivery.segment_key)
            except Exception as exc:
                logger.exception("mailings: rendering failed for segment %r", delivery.segment_key)
                self.recorder.temporary(delivery, _describe(exc))
                continue
            recipient = Recipient(delivery.recipient_ref, delivery.email, delivery.context)
            self.limiter.wait()
            try:
                self.transport.send(template, recipient)
            except Exception as exc:
                kind = classify(exc)
                if kind is PermanentError:
                    self.recorder.bounced(delivery, _describe(exc), self.campaign)
                else:
                    self.recorder.temporary(delivery, _describe(exc))
                    if not isinstance(exc, (smtplib.SMTPResponseException,
                                            smtplib.SMTPRecipientsRefused)):
                        self.transport.reset()  # connection lost or unusable: open a new one
                continue
            self.recorder.sent(delivery)
            self.sent += 1
        self.recorder.flush()


# --- Task bodies -----------------------------------------------------------------------------


def next_wake_up(campaign_id: int):
    """When there will be something to do again for this campaign (retry or lease end)."""
    waiting = Delivery.objects.filter(campaign_id=campaign_id).aggregate(
        retry=Min("next_attempt_at", filter=Q(state=DeliveryState.PENDING)),
        lease=Min("claimed_until", filter=Q(state=DeliveryState.SENDING)),
    )
    times = [value for value in waiting.values() if value is not None]
    return min(times) if times else None


def run_worker(campaign_id: int, *, time_budget: float | None = None) -> dict:
    """Body of the ``send_campaign`` task: send for a while, then hand over to a new task."""
    from . import services, tasks

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None or campaign.state != CampaignState.SENDING:
        return {"sent": 0, "state": getattr(campaign, "state", None)}
    budget = time_budget if time_budget is not None else float(
        conf("MAILINGS_TASK_TIME_BUDGET", 120))
    worker = Worker(campaign)
    sent = worker.run(deadline=time.monotonic() + budget)
    if services.finish_if_done(campaign_id):
        return {"sent": sent, "state": CampaignState.DONE}
    now = timezone.now()
    if Delivery.objects.claimable(now).filter(campaign_id=campaign_id).exists():
        # Out of time with work left: a fresh task carries on right away.
        tasks.send_campaign.enqueue(campaign_id)
    else:
        wake = next_wake_up(campaign_id)
        backend = tasks.send_campaign.get_backend()
        if wake is not None and backend.supports_defer:
            tasks.send_campaign.using(run_after=max(wake, now) + timedelta(seconds=1)).enqueue(
                campaign_id)
        # Without deferred tasks the periodic sweep picks the campaign up again.
    return {"sent": sent, "state": CampaignState.SENDING}


def sweep(now=None) -> dict:
    """Periodic safety net: start due campaigns, finish done ones, restart stalled ones."""
    from . import services, tasks

    now = now or timezone.now()
    started = services.start_due_campaigns(now)
    stall = timedelta(seconds=int(conf("MAILINGS_STALL_SECONDS", 120)))
    restarted, finished = [], []
    for campaign in Campaign.objects.active():
        if services.finish_if_done(campaign.pk):
            finished.append(campaign.pk)
            continue
        release_expired(campaign.pk, now)
        activity = campaign.deliveries.aggregate(last=Max("updated_at"))["last"]
        claimable = Delivery.objects.claimable(now).filter(campaign_id=campaign.pk).exists()
        if claimable and (activity is None or activity < now - stall):
            tasks.send_campaign.enqueue(campaign.pk)
            restarted.append(campaign.pk)
    return {"started": started, "restarted": restarted, "finished": finished}

"""Bulk email delivery: the contract other apps (the newsletter first) write against.

Use it in three steps::

    from assonum.mailings.services import create_campaign, start_campaign

    campaign = create_campaign(
        name="Lettre n°12",
        source_ref="newsletter.issue:12",
        renderer="assonum.newsletter.rendering.render_segment",
        recipients=((sub.pk, sub.email, sub.segment_key,
                     {"unsubscribe_url": ..., "preferences_url": ...})
                    for sub in subscribers),
        list_id="Lettre AssoNum <lettre.assonum.example.org>",
        scheduled_at=None,                       # or an aware datetime
        bounce_handler="assonum.newsletter.services.deactivate_bounced",
    )
    start_campaign(campaign)                     # background tasks on the "email" queue
    campaign.progress()                          # sent / total, failures, time left

**Renderer.** ``renderer`` is the dotted path of a function ``(source_ref, segment_key) ->
RenderedMessage(subject, text, html)``. It is called ONCE per (campaign, segment) in each worker,
never once per reader: what differs per reader goes through placeholders.

**Placeholders** (canonical list) that the rendered subject, text and HTML may contain; each
worker substitutes them per recipient:

- ``%%UNSUBSCRIBE_URL%%``  -> ``context["unsubscribe_url"]`` (absolute URL of the one-click
  unsubscribe page; it is also put in the ``List-Unsubscribe`` header, RFC 8058)
- ``%%PREFERENCES_URL%%``  -> ``context["preferences_url"]`` (absolute URL)
- ``%%EMAIL%%``            -> the recipient's address

Any other key ``foo_bar`` of the per-recipient context is available as ``%%FOO_BAR%%``. In the
HTML part the values are HTML-escaped; in the text part and the subject they are inserted as is.

**Recipients** is an iterable of ``(recipient_ref, email, segment_key, context_dict)``;
``recipient_ref`` (e.g. the subscriber's primary key) identifies the person: one delivery per
(campaign, recipient_ref), unique in the database, so calling ``create_campaign``'s bulk insert
again never duplicates anyone. ``context_dict`` must be JSON-serialisable.

**Optional hooks** (dotted paths, keyword arguments of ``create_campaign``):

- ``recipient_filter(recipient_refs: list[str]) -> iterable of refs``: called once per batch just
  before sending; the refs it does not return are not sent (state ``skipped``), e.g. people who
  unsubscribed after the campaign was created.
- ``finished_handler(source_ref)``: called once when the campaign is done.

**Bounces.** When an address is refused permanently (SMTP 5xx) the delivery is marked
``bounced``; once the same address has bounced ``MAILINGS_HARD_BOUNCE_THRESHOLD`` times (over all
campaigns), ``bounce_handler(recipient_ref)`` is called (e.g. to deactivate the subscriber).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from assonum.core.workflow import transition

from .message import PLACEHOLDERS, RenderedMessage  # noqa: F401  (part of the contract)
from .models import Campaign, CampaignState, Delivery, DeliveryState, Progress  # noqa: F401

INSERT_BATCH_SIZE = 2000

Recipient = tuple[Any, str, str, dict]


def _batched(iterable: Iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def create_campaign(
    *,
    name: str,
    source_ref: str,
    renderer: str,
    recipients: Iterable[Recipient],
    list_id: str,
    scheduled_at=None,
    bounce_handler: str | None = None,
    recipient_filter: str | None = None,
    finished_handler: str | None = None,
    from_email: str = "",
) -> Campaign:
    """Create a campaign and one pending delivery per recipient (bulk, idempotent per recipient)."""
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name[:200],
            source_ref=source_ref,
            renderer=renderer,
            list_id=list_id,
            bounce_handler=bounce_handler or "",
            recipient_filter=recipient_filter or "",
            finished_handler=finished_handler or "",
            from_email=from_email,
            scheduled_at=scheduled_at,
            state=CampaignState.DRAFT,
        )
        add_recipients(campaign=campaign, recipients=recipients)
    return campaign


def add_recipients(*, campaign: Campaign, recipients: Iterable[Recipient]) -> int:
    """Add deliveries to a campaign; a recipient already there is left alone. Returns the total."""
    with transaction.atomic():
        for chunk in _batched(recipients, INSERT_BATCH_SIZE):
            Delivery.objects.bulk_create(
                [
                    Delivery(
                        campaign=campaign,
                        recipient_ref=str(ref),
                        email=email,
                        segment_key=segment_key or "",
                        context=context or {},
                    )
                    for ref, email, segment_key, context in chunk
                ],
                batch_size=INSERT_BATCH_SIZE,
                ignore_conflicts=True,
            )
        campaign.total = campaign.deliveries.count()
        campaign.save(update_fields=["total"])
    return campaign.total


def start_campaign(campaign: Campaign, *, workers: int | None = None, now=None) -> Campaign:
    """Start sending now, or at ``campaign.scheduled_at`` if that is in the future.

    Enqueues ``workers`` (default ``MAILINGS_PARALLEL_TASKS``) background tasks on the "email"
    queue after the transaction commits; each task sends batches and re-enqueues itself until
    the campaign is done. A scheduled campaign is started by the periodic sweep when due.
    """
    from . import tasks

    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state in (CampaignState.DONE, CampaignState.CANCELLED, CampaignState.SENDING):
            return campaign
        now = now or timezone.now()
        if campaign.scheduled_at and campaign.scheduled_at > now:
            if campaign.state != CampaignState.SCHEDULED:
                campaign = transition(campaign, CampaignState.SCHEDULED)
            return campaign
        campaign = transition(campaign, CampaignState.SENDING,
                              changes={"started_at": campaign.started_at or now})
        transaction.on_commit(lambda: tasks.enqueue_workers(campaign.pk, workers=workers))
    return campaign


def cancel_campaign(campaign: Campaign) -> Campaign:
    """Stop a campaign: what is not sent yet is never sent."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.state in (CampaignState.DONE, CampaignState.CANCELLED):
            return campaign
        campaign = transition(campaign, CampaignState.CANCELLED,
                              changes={"finished_at": timezone.now()})
    return campaign


def start_due_campaigns(now=None) -> list[int]:
    """Start every scheduled campaign whose time has come (called by the periodic sweep)."""
    started = []
    for campaign in Campaign.objects.due(now):
        start_campaign(campaign, now=now)
        started.append(campaign.pk)
    return started


def finish_if_done(campaign_id: int) -> bool:
    """Mark the campaign done when no delivery is left to send. Returns True when done."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign_id)
        if campaign.state == CampaignState.DONE:
            return True
        if campaign.deliveries.unfinished().exists():
            return False
        if campaign.state == CampaignState.SENDING:
            campaign = transition(campaign, CampaignState.DONE,
                                  changes={"finished_at": timezone.now()})
            if campaign.finished_handler:
                handler, source_ref = campaign.finished_handler, campaign.source_ref
                transaction.on_commit(lambda: import_string(handler)(source_ref))
        return True

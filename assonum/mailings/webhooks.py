"""Bounces and complaints that an email service provider reports after accepting a message.

Over SMTP the engine sees a refusal at sending time (``sending.Recorder.bounced``). A provider
(django-anymail, ``ANYMAIL_ESP``) accepts every message first and reports later, to its tracking
webhook ``/anymail/<provider>/tracking/`` (basic auth ``ANYMAIL_WEBHOOK_SECRET``; see
docs/deployment.md "Email"). anymail turns each report into a ``tracking`` signal; this receiver
marks the latest sent delivery to that address ``bounced`` and, past
``MAILINGS_HARD_BOUNCE_THRESHOLD`` bounces (at once for a spam complaint), tells the campaign's
bounce handler, as the SMTP path does.
"""

import logging

from anymail.signals import EventType, tracking
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Delivery, DeliveryState
from .sending import conf

logger = logging.getLogger(__name__)

BOUNCE_EVENTS = {EventType.BOUNCED, EventType.REJECTED}
COMPLAINT_EVENTS = {EventType.COMPLAINED}


@receiver(tracking, dispatch_uid="assonum.mailings.provider_events")
def on_provider_event(sender, event, esp_name, **kwargs):
    if event.event_type not in BOUNCE_EVENTS | COMPLAINT_EVENTS or not event.recipient:
        return
    reason = event.description or event.reject_reason or event.event_type
    record_provider_bounce(email=event.recipient, reason=f"{esp_name}: {reason}"[:2000],
                           complaint=event.event_type in COMPLAINT_EVENTS)


def record_provider_bounce(*, email: str, reason: str, complaint: bool = False) -> bool:
    """Mark the latest sent delivery to ``email`` bounced; False when none is known."""
    tell = None
    with transaction.atomic():
        delivery = (Delivery.objects.select_for_update()
                    .filter(email__iexact=email.strip(), state=DeliveryState.SENT)
                    .order_by("-sent_at", "-id").first())
        if delivery is None:
            logger.info("mailings: provider bounce for an unknown delivery (%s)", reason)
            return False
        Delivery.objects.filter(pk=delivery.pk).update(
            state=DeliveryState.BOUNCED, last_error=reason, updated_at=timezone.now())
        handler = delivery.campaign.bounce_handler
        bounces = Delivery.objects.filter(email=delivery.email,
                                          state=DeliveryState.BOUNCED).count()
        threshold = int(conf("MAILINGS_HARD_BOUNCE_THRESHOLD", 2))
        if handler and (complaint or bounces >= threshold):
            tell = (handler, delivery.recipient_ref)
    if tell:  # after the bounce is saved, as the SMTP path does
        _tell(*tell)
    return True


def _tell(handler: str, recipient_ref: str) -> None:
    try:
        import_string(handler)(recipient_ref)
    except Exception:  # a broken handler must not turn the provider's report into a 500
        logger.exception("mailings: bounce handler failed for %s", recipient_ref)

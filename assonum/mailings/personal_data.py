"""Personal data held by the delivery engine: the messages sent to a person's address."""

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from .models import Delivery, DeliveryState


def _deliveries(user):
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return Delivery.objects.none()
    return Delivery.objects.filter(email__iexact=email)


def export(user) -> dict:
    rows = _deliveries(user).select_related("campaign").order_by("id")
    return {
        "messages": [
            {
                "campaign": delivery.campaign.name,
                "email": delivery.email,
                "state": delivery.get_state_display(),
                "sent_at": delivery.sent_at.isoformat() if delivery.sent_at else None,
                "attempts": delivery.attempts,
            }
            for delivery in rows
        ]
    }


def erase(user) -> None:
    """Anonymise the address on past deliveries; never send what is still waiting."""
    with transaction.atomic():
        deliveries = _deliveries(user)
        now = timezone.now()
        deliveries.filter(Q(state=DeliveryState.PENDING) | Q(state=DeliveryState.SENDING)).update(
            state=DeliveryState.SKIPPED, last_error="Compte supprimé.", claimed_by="",
            claimed_until=None, updated_at=now,
        )
        deliveries.update(
            email=Concat(Value("efface-"), Cast("id", CharField()), Value("@invalid")),
            context={}, updated_at=now,
        )

"""Self-service writes of the directory: propose, edit, claim, moderate, remind.

Every function is one use case, with keyword-only arguments (the moderation ones also take the
object first), one transaction, and its emails sent once the transaction is committed. The
workflow rules themselves (which status may follow which) are the models' transition tables,
applied by ``PlaceChange.approve/reject`` and ``PlaceClaim.approve/reject`` through
:func:`assonum.core.workflow.transition` (row lock, conditional update, transition log).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.emails import absolute_url, send_email
from assonum.organisations.models import Membership

from .models import EDITABLE_FIELDS, Place, PlaceChange, PlaceClaim, ReviewStatus

logger = logging.getLogger(__name__)

# A stale listing's owners are reminded when it reaches the age, then every REMIND_EVERY_DAYS.
REMIND_EVERY_DAYS = 30
# The record of how far reminders have been sent (see remind_stale_listings).
REMINDER_RECORD = "directory.stale_reminders.sent_through"


class DirectoryError(Exception):
    """A use case refused: the message is French and meant for the person."""


def stale_after_days() -> int:
    return int(getattr(settings, "DIRECTORY_STALE_AFTER_DAYS", 365))


# ---------------------------------------------------------------------------------------------
# Emails.


def _organisation_emails(organisation) -> list[str]:
    """Who hears about an organisation's listing: its admins, else all its members."""
    if organisation is None:
        return []
    memberships = Membership.objects.filter(organisation=organisation, user__is_active=True)
    admins = memberships.filter(role=Membership.Role.ADMIN)
    chosen = admins if admins.exists() else memberships
    return list(chosen.values_list("user__email", flat=True))


def _recipients(*, user=None, organisation=None) -> list[str]:
    emails = []
    if user is not None and user.is_active and user.email:
        emails.append(user.email)
    emails.extend(_organisation_emails(organisation))
    return list(dict.fromkeys(e.lower() for e in emails if e))


def _send(template: str, subject: str, recipients: list[str], context: dict) -> None:
    if not recipients:
        return
    send_email(to=recipients, subject=subject, template=f"directory/emails/{template}",
               context={"site_name": settings.WAGTAIL_SITE_NAME, **context})


# ---------------------------------------------------------------------------------------------
# Proposals and claims (by owners).


def _clean_data(data: dict) -> dict:
    return {key: value for key, value in data.items() if key in EDITABLE_FIELDS}


@transaction.atomic
def propose_listing(*, user, organisation, data: dict) -> PlaceChange:
    """A new listing, waiting for moderation (nothing is public until staff approve)."""
    change = PlaceChange.objects.create(
        place=None, data=_clean_data(data), submitted_by=user, organisation=organisation
    )
    return change


def changed_fields(place: Place, data: dict) -> dict:
    """The proposed values that differ from the place's current ones."""
    return {
        key: value for key, value in _clean_data(data).items()
        if getattr(place, key) != value
    }


@transaction.atomic
def propose_change(
    *, user, place: Place, data: dict, apply_now: bool = False,
) -> PlaceChange | None:
    """An edit of ``place``: queued for moderation, or applied at once for moderators.

    Returns None when nothing changed. A pending edit of the same person on the same place is
    replaced by the new one (the moderator sees the latest version only).
    """
    diff = changed_fields(place, data)
    if not diff:
        return None
    PlaceChange.objects.filter(
        place=place, submitted_by=user, status=ReviewStatus.PENDING
    ).delete()
    change = PlaceChange.objects.create(
        place=place, data=diff, submitted_by=user, organisation=place.owner
    )
    if apply_now:
        change.approve(by=user)
    return change


@transaction.atomic
def claim_listing(*, user, place: Place, organisation, message: str = "") -> PlaceClaim:
    if place.owner_id == organisation.pk:
        raise DirectoryError(_("Votre organisation gère déjà cette fiche."))
    if PlaceClaim.objects.filter(
        place=place, organisation=organisation, status=ReviewStatus.PENDING
    ).exists():
        raise DirectoryError(
            _("Une demande de votre organisation est déjà en attente pour cette fiche.")
        )
    return PlaceClaim.objects.create(
        place=place, organisation=organisation, user=user, message=message.strip()
    )


# ---------------------------------------------------------------------------------------------
# Moderation (by staff).


def approve_change(change: PlaceChange, by) -> Place:
    with transaction.atomic():
        place = change.approve(by=by)
        _send(
            "change_approved",
            _("Votre fiche « %(name)s » est publiée") % {"name": place.nom},
            _recipients(user=change.submitted_by, organisation=change.organisation or place.owner),
            {"change": change, "place": place, "url": absolute_url(place.get_absolute_url())},
        )
    return place


def reject_change(change: PlaceChange, by, reason: str) -> PlaceChange:
    with transaction.atomic():
        change.reject(by=by, reason=reason)
        name = change.data.get("nom") or (change.place.nom if change.place_id else "")
        _send(
            "change_rejected",
            _("Votre proposition pour « %(name)s » n'a pas été retenue") % {"name": name},
            _recipients(user=change.submitted_by, organisation=change.organisation),
            {"change": change, "name": name, "reason": change.reason},
        )
    return change


def approve_claim(claim: PlaceClaim, by) -> PlaceClaim:
    with transaction.atomic():
        claim.approve(by=by)
        # The other organisations' pending claims on the same place are now moot.
        for other in PlaceClaim.objects.filter(
            place=claim.place, status=ReviewStatus.PENDING
        ).exclude(pk=claim.pk):
            other.reject(by=by, reason=_("La fiche a été confiée à une autre organisation."))
        place = claim.place
        _send(
            "claim_approved",
            _("Vous gérez maintenant la fiche « %(name)s »") % {"name": place.nom},
            _recipients(user=claim.user, organisation=claim.organisation),
            {"claim": claim, "place": place, "url": absolute_url(place.get_absolute_url()),
             "edit_url": absolute_url(
                 reverse("directory:place_edit", kwargs={"slug": place.slug}),
             )},
        )
    return claim


def reject_claim(claim: PlaceClaim, by, reason: str) -> PlaceClaim:
    with transaction.atomic():
        claim.reject(by=by, reason=reason)
        _send(
            "claim_rejected",
            _("Votre demande pour la fiche « %(name)s » n'a pas été acceptée")
            % {"name": claim.place.nom},
            _recipients(user=claim.user, organisation=claim.organisation),
            {"claim": claim, "place": claim.place, "reason": claim.reason},
        )
    return claim


# ---------------------------------------------------------------------------------------------
# Freshness.


def stale_cutoff(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=stale_after_days())


def incomplete_q() -> Q:
    """Listings missing what a visitor needs most.

    A way to reach them, hours, services, position.
    """
    return (
        (Q(telephones=[]) & Q(courriels=[]))
        | Q(horaires="")
        | Q(services=[])
        | Q(latitude__isnull=True)
        | Q(commune__isnull=True)
    )


def staff_review_queryset(today: dt.date | None = None):
    """Every non-archived listing, stale and incomplete ones first, then the oldest updates.

    Annotated with ``is_stale`` and ``is_incomplete`` (0/1) for the back office's columns.
    """
    cutoff = stale_cutoff(today)
    return (
        Place.objects.exclude(status=Place.Status.ARCHIVED)
        .annotate(
            is_stale=Case(When(date_maj__lt=cutoff, then=Value(1)), default=Value(0),
                          output_field=IntegerField()),
            is_incomplete=Case(When(incomplete_q(), then=Value(1)), default=Value(0),
                               output_field=IntegerField()),
        )
        .select_related("commune", "owner")
        .order_by("-is_stale", "-is_incomplete", "date_maj", "nom")
    )


def _is_due(date_maj: dt.date, after: dt.date | None, through: dt.date, threshold: int) -> bool:
    """Whether one of the place's reminder days is in (after, through].

    The reminder days are those where age = threshold + k * period. With ``after`` None (the
    very first run) every stale place is due once.
    """
    age_through = (through - date_maj).days
    if age_through < threshold:
        return False
    if after is None:
        return True
    age_after = (after - date_maj).days
    if age_after < threshold:
        return True
    next_k = (age_after - threshold) // REMIND_EVERY_DAYS + 1
    return threshold + next_k * REMIND_EVERY_DAYS <= age_through


def remind_stale_listings(*, today: dt.date | None = None) -> int:
    """Email the owners of published listings older than DIRECTORY_STALE_AFTER_DAYS.

    Idempotent without a per-place field: a place's reminder days are fixed by its update date
    (the day it reaches the age, then every REMIND_EVERY_DAYS days), and one row records the
    last day reminders were sent through. A run sends the reminders whose day falls after that
    record and up to today, then moves the record, in one transaction holding the row lock:
    running twice the same day sends nothing the second time, and a day the task did not run is
    caught up by the next run. Updating the listing (``date_maj``) resets its reminder days.
    Returns the number of emails sent.
    """
    from assonum.core.models import PeriodicRun

    today = today or timezone.localdate()
    threshold = stale_after_days()
    sent = 0
    with transaction.atomic():
        record, _created = PeriodicRun.objects.get_or_create(name=REMINDER_RECORD)
        record = PeriodicRun.objects.select_for_update().get(pk=record.pk)
        after = (
            timezone.localtime(record.last_enqueued_at).date()
            if record.last_enqueued_at else None
        )
        if after is not None and after >= today:
            return 0
        places = (
            Place.objects.published()
            .filter(owner__isnull=False, date_maj__lte=today - dt.timedelta(days=threshold))
            .select_related("owner")
            .order_by("pk")
        )
        for place in places.iterator():
            if not _is_due(place.date_maj, after, today, threshold):
                continue
            recipients = _recipients(organisation=place.owner)
            if not recipients:
                continue
            _send(
                "stale_reminder",
                _("Votre fiche « %(name)s » est-elle à jour ?") % {"name": place.nom},
                recipients,
                {"place": place, "age_days": (today - place.date_maj).days,
                 "url": absolute_url(place.get_absolute_url()),
                 "edit_url": absolute_url(
                     reverse("directory:place_edit", kwargs={"slug": place.slug}),
                 )},
            )
            sent += 1
        record.last_enqueued_at = timezone.make_aware(
            dt.datetime.combine(today, dt.time(12, 0))
        )
        record.save(update_fields=["last_enqueued_at"])
    logger.info("directory: %s stale-listing reminders sent", sent)
    return sent


@transaction.atomic
def confirm_up_to_date(*, user, place: Place) -> None:
    """An owner says the listing is still right: only the update date moves (no moderation)."""
    place.date_maj = timezone.localdate()
    place.save(update_fields=["date_maj", "updated_at"])

"""Every write of the agenda: events, occurrences, registrations, the waiting list, attendance.

Seats are taken in the database (``take_within`` on ``Event.seats_taken`` within ``capacity``,
one conditional UPDATE, a CheckConstraint behind it); the whole transaction is retried on
SQLite's "database is locked". A confirmation that finds no seat left puts the person on the
waiting list; a cancellation gives the seat back and promotes the first person waiting in the
same transaction (the event row stays locked until commit, so nobody jumps the queue).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from dateutil.rrule import rrulestr
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.concurrency import release_within, retry_when_locked, take_within
from assonum.core.emails import absolute_url, send_email
from assonum.core.workflow import InvalidTransition, log_creation, transition

from .models import CONFIRMATION_MAX_AGE, Event, Registration, Series, unique_event_slug

CONFIRM_SALT = "events.registration.confirm"
CANCEL_SALT = "events.registration.cancel"


class LinkInvalid(Exception):
    pass


class LinkExpired(LinkInvalid):
    pass


class RegistrationRefused(Exception):
    """A registration that cannot be taken (French message)."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


# --- Links --------------------------------------------------------------------------------------


def confirmation_path(registration: Registration) -> str:
    from django.urls import reverse

    signed = signing.TimestampSigner(salt=CONFIRM_SALT).sign(registration.token)
    return reverse("events:confirm", kwargs={"signed": signed})


def cancellation_path(registration: Registration) -> str:
    from django.urls import reverse

    signed = signing.Signer(salt=CANCEL_SALT).sign(registration.token)
    return reverse("events:cancel", kwargs={"signed": signed})


def registration_from_confirmation(signed: str) -> Registration:
    try:
        token = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            signed, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    return _by_token(token)


def registration_from_cancellation(signed: str) -> Registration:
    try:
        token = signing.Signer(salt=CANCEL_SALT).unsign(signed)
    except signing.BadSignature as error:
        raise LinkInvalid from error
    return _by_token(token)


def _by_token(token: str) -> Registration:
    registration = (Registration.objects.select_related("event__commune", "event__organisation")
                    .filter(token=token).first())
    if registration is None:
        raise LinkInvalid
    return registration


# --- Events -------------------------------------------------------------------------------------


def create_event(*, by, data: dict, topics=(), tools=(), guides=(), publish: bool = False,
                 rule: str = "") -> Event:
    """A new event: published at once when staff create it, else waiting for moderation.

    With a recurrence ``rule``, the other dates are created too (same state), each its own event.
    """
    with transaction.atomic():
        event = Event(**data, created_by=by if getattr(by, "is_authenticated", False) else None)
        event.status = Event.Status.PUBLISHED if publish else Event.Status.PENDING
        if not event.slug:
            event.slug = unique_event_slug(event.title, event.start)
        event.save()
        event.topics.set(topics)
        event.tools.set(tools)
        event.guides.set(guides)
        log_creation(event, by=by)
        if rule:
            create_occurrences(template=event, rule=rule, by=by)
    return event


def create_occurrences(*, template: Event, rule: str, by=None, title: str = "") -> list[Event]:
    """Copy ``template`` on every date of the RFC 5545 ``rule`` after it (a recurring workshop).

    The rule runs on the local (Europe/Paris) wall-clock time: "every first Tuesday at 14:00"
    stays at 14:00 across the daylight-saving change. Each occurrence is an event of its own,
    with its own seats and registrations. The template becomes the first occurrence.
    """
    local_start = timezone.localtime(template.start).replace(tzinfo=None)
    duration = template.end - template.start
    dates = list(rrulestr(rule, dtstart=local_start))
    if len(dates) > 60:
        raise ValueError(_("Une série compte au plus 60 dates."))
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        series = Series.objects.create(title=title or template.title, rule=rule)
        template.series = series
        template.save(update_fields=["series"])
        created = [template]
        topics, tools = list(template.topics.all()), list(template.tools.all())
        guides = list(template.guides.all())
        for local in dates:
            if local == local_start:
                continue
            start = timezone.make_aware(local, tz)
            copy = Event.objects.get(pk=template.pk)
            copy.pk = None
            copy.uid = uuid.uuid4()
            copy.start, copy.end = start, start + duration
            copy.seats_taken = 0
            copy.sequence = 0
            copy._calendar_state = None
            copy.slug = unique_event_slug(template.title, start)
            copy.save(force_insert=True)
            copy.topics.set(topics)
            copy.tools.set(tools)
            copy.guides.set(guides)
            log_creation(copy, by=by, note=str(_("occurrence d'une série")))
            created.append(copy)
    return created


def publish_event(*, event: Event, by, note: str = "") -> Event:
    with transaction.atomic():
        event = transition(event, Event.Status.PUBLISHED, by=by, note=note)
        for other in _pending_siblings(event):  # the other dates of a recurring proposal
            transition(other, Event.Status.PUBLISHED, by=by, note=note)
        if event.created_by_id and event.created_by.email:
            send_email(to=[event.created_by.email], subject=_("Votre événement est publié"),
                       template="events/emails/event_published",
                       context={"event": event,
                                "url": absolute_url(event.get_absolute_url())})
    return event


def reject_event(*, event: Event, by, reason: str) -> Event:
    with transaction.atomic():
        event = transition(event, Event.Status.REJECTED, by=by, note=reason)
        for other in _pending_siblings(event):
            transition(other, Event.Status.REJECTED, by=by, note=reason)
        if event.created_by_id and event.created_by.email:
            send_email(to=[event.created_by.email], subject=_("Votre événement n'est pas publié"),
                       template="events/emails/event_rejected",
                       context={"event": event, "reason": reason})
    return event


def _pending_siblings(event: Event) -> list[Event]:
    if not event.series_id:
        return []
    return list(Event.objects.filter(series_id=event.series_id, status=Event.Status.PENDING)
                .exclude(pk=event.pk))


def cancel_event(*, event: Event, by, reason: str = "") -> Event:
    """Cancel a published event; tell everyone registered or waiting. Calendars get CANCELLED."""
    with transaction.atomic():
        event = transition(event, Event.Status.CANCELLED, by=by, note=reason)
        Event.objects.filter(pk=event.pk).update(sequence=event.sequence + 1)
        event.sequence += 1
        people = list(event.registrations.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]))
        for registration in people:
            send_email(to=[registration.email], subject=_("Événement annulé : %(title)s") % {
                "title": event.title}, template="events/emails/event_cancelled",
                context={"event": event, "registration": registration, "reason": reason})
    return event


@retry_when_locked
def update_capacity(*, event: Event, capacity: int | None, by=None) -> Event:
    """Change the number of seats; more seats promote people from the waiting list."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if capacity is not None and capacity < locked.seats_taken:
            raise RegistrationRefused(_(
                "%(n)s personnes sont déjà inscrites : le nombre de places ne peut pas être "
                "inférieur.") % {"n": locked.seats_taken})
        Event.objects.filter(pk=event.pk).update(capacity=capacity)
        _promote_waiting(locked.pk)
    event.refresh_from_db()
    return event


# --- Registrations -----------------------------------------------------------------------------


@retry_when_locked
def register(*, event: Event, name: str, email: str, organisation_name: str = "",
             user=None) -> Registration:
    """Sign up. Without an account: pending until the emailed link is followed (double opt-in).

    A signed-in person whose account address is the one given is confirmed (or put on the
    waiting list) at once: their address was verified when the account was made.
    """
    email = email.strip().lower()
    with transaction.atomic():
        current = Event.objects.get(pk=event.pk)
        if not current.accepts_registrations:
            raise RegistrationRefused(_("Les inscriptions à cet événement sont closes."))
        existing = Registration.objects.active().filter(event=current, email=email).first()
        if existing is not None:
            if existing.status == Registration.Status.PENDING:
                _send_confirmation(existing)
            return existing
        account = user if (user is not None and user.is_authenticated) else None
        registration = Registration.objects.create(
            event=current, user=account, name=name.strip(), email=email,
            organisation_name=organisation_name.strip())
        log_creation(registration, by=account)
        if account is not None and account.email.lower() == email:
            registration = _place(registration, by=account)
        else:
            _send_confirmation(registration)
    return registration


@retry_when_locked
def confirm(*, registration: Registration) -> Registration:
    """The person followed the emailed link: a seat if one is left, else the waiting list."""
    with transaction.atomic():
        current = Registration.objects.select_related("event").get(pk=registration.pk)
        if current.status != Registration.Status.PENDING:
            return current
        if not current.event.accepts_registrations:
            raise RegistrationRefused(_("Les inscriptions à cet événement sont closes."))
        return _place(current, by=current.user)


def _place(registration: Registration, *, by) -> Registration:
    """PENDING -> CONFIRMED if a seat is taken, else -> WAITING; tell the person."""
    event = registration.event
    now = timezone.now()
    has_seat = (
        event.capacity is None and _take_unlimited(event.pk)
    ) or take_within(Event.objects.filter(capacity__isnull=False), event.pk,
                     used="seats_taken", cap="capacity")
    if has_seat:
        registration = transition(registration, Registration.Status.CONFIRMED, by=by,
                                  changes={"confirmed_at": now})
        _send_confirmed(registration)
    else:
        registration = transition(registration, Registration.Status.WAITING, by=by,
                                  changes={"confirmed_at": now, "waiting_since": now})
        _send_waiting(registration)
    return registration


def _take_unlimited(event_pk) -> bool:
    from django.db.models import F

    return Event.objects.filter(pk=event_pk, capacity__isnull=True).update(
        seats_taken=F("seats_taken") + 1) == 1


@retry_when_locked
def cancel_registration(*, registration: Registration, by=None) -> Registration:
    """Cancel (the person's link or the organiser); a freed seat goes to the first waiting."""
    with transaction.atomic():
        current = Registration.objects.get(pk=registration.pk)
        was_confirmed = current.status == Registration.Status.CONFIRMED
        current = transition(current, Registration.Status.CANCELLED, by=by,
                             changes={"cancelled_at": timezone.now()})
        if was_confirmed:
            release_within(Event.objects.all(), current.event_id, used="seats_taken")
            _promote_waiting(current.event_id)
    return current


def _promote_waiting(event_pk) -> list[Registration]:
    """Give free seats to the waiting list, first come first served (inside a transaction)."""
    Event.objects.select_for_update().filter(pk=event_pk).first()  # serialise promotions
    promoted = []
    for waiting in Registration.objects.filter(event_id=event_pk).waiting_list():
        event = Event.objects.get(pk=event_pk)
        if event.start <= timezone.now():
            break
        if not take_within(Event.objects.filter(capacity__isnull=False), event_pk,
                           used="seats_taken", cap="capacity"):
            if not (event.capacity is None and _take_unlimited(event_pk)):
                break
        try:
            waiting = transition(waiting, Registration.Status.CONFIRMED, by=None,
                                 note=str(_("place libérée")),
                                 expected=[Registration.Status.WAITING])
        except InvalidTransition:
            release_within(Event.objects.all(), event_pk, used="seats_taken")
            continue
        waiting.event = event
        send_email(to=[waiting.email], subject=_("Une place s'est libérée : vous êtes inscrit·e"),
                   template="events/emails/promoted", context=_email_context(waiting))
        promoted.append(waiting)
    return promoted


def mark_attendance(*, event: Event, present_ids, by) -> int:
    """After the event: who came (the confirmed registrations ticked) and who did not."""
    present = {int(pk) for pk in present_ids}
    with transaction.atomic():
        attendees = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
        attendees.filter(pk__in=present).update(attended=True)
        attendees.exclude(pk__in=present).update(attended=False)
    return len(present)


# --- Emails -------------------------------------------------------------------------------------


def _email_context(registration: Registration) -> dict:
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "ics_url": absolute_url(_ics_path(event)),
        "cancel_url": absolute_url(cancellation_path(registration)),
        "start": timezone.localtime(event.start),
        "end": timezone.localtime(event.end),
    }


def _ics_path(event) -> str:
    from django.urls import reverse

    return reverse("events:event_ics", kwargs={"slug": event.slug})


def _send_confirmation(registration: Registration) -> None:
    send_email(
        to=[registration.email], subject=_("Confirmez votre inscription : %(title)s") % {
            "title": registration.event.title},
        template="events/emails/confirm",
        context={**_email_context(registration),
                 "confirm_url": absolute_url(confirmation_path(registration))},
        reply_to=[registration.event.contact_email] if registration.event.contact_email else None,
    )


def _send_confirmed(registration: Registration) -> None:
    send_email(to=[registration.email], subject=_("Inscription confirmée : %(title)s") % {
        "title": registration.event.title}, template="events/emails/confirmed",
        context=_email_context(registration))


def _send_waiting(registration: Registration) -> None:
    send_email(to=[registration.email], subject=_("Liste d'attente : %(title)s") % {
        "title": registration.event.title}, template="events/emails/waiting",
        context=_email_context(registration))


@retry_when_locked
def send_reminder(registration: Registration, now: datetime) -> bool:
    """Claim the reminder (conditional UPDATE) and send it: True only for the one who claimed."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
        ).update(reminder_sent_at=now)
        if claimed != 1:
            return False
        send_email(to=[registration.email], subject=_("Rappel : %(title)s demain") % {
            "title": registration.event.title}, template="events/emails/reminder",
            context=_email_context(registration))
    return True


def _links(pages) -> list[tuple[str, str]]:
    return [(page.title, absolute_url(page.get_url() or "/")) for page in pages]


@retry_when_locked
def send_followup(registration: Registration, now: datetime) -> bool:
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, status=Registration.Status.CONFIRMED,
            followup_sent_at__isnull=True,
        ).exclude(attended=False).update(followup_sent_at=now)
        if claimed != 1:
            return False
        event = registration.event
        send_email(to=[registration.email], subject=_("Merci d'être venu·e : %(title)s") % {
            "title": event.title}, template="events/emails/followup",
            context={**_email_context(registration),
                     "tools": _links(event.tools.live()),
                     "guides": _links(event.guides.live())})
    return True

"""Every write of the donations app: keyword-only arguments, one transaction each.

The last unit: :func:`reserve` increments ``Lot.reserved`` with ONE conditional UPDATE
(``take_within``: ``reserved + n <= quantity``) inside a transaction wrapped in
``retry_when_locked`` (SQLite's rare "database is locked" is retried, never a 500); the
``lot_reserved_within_quantity`` CheckConstraint is the last line. States change only through
``assonum.core.workflow.transition``; units go back to the lot with ``release_within``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assonum.core.concurrency import release_within, retry_when_locked, take_within
from assonum.core.emails import absolute_url, send_email
from assonum.core.private_files import StorageFull, strip_image_metadata, upload_batch
from assonum.core.workflow import InvalidTransition, log_creation, transition

from . import perms
from .models import Handover, Lot, Need, Offer, Photo, Reservation, kind_count


class NothingLeft(Exception):
    """Not enough units left in the lot (someone reserved just before)."""

    def __init__(self, lot, available):
        self.lot, self.available = lot, available
        if available <= 0:
            message = _("Il n'en reste plus : quelqu'un a réservé juste avant vous.")
        else:
            message = _("Il n'en reste que %(n)s : quelqu'un a réservé juste avant vous.") % {
                "n": available}
        super().__init__(message)
        self.message = message


class NotAllowed(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _donor_emails(offer: Offer) -> list[str]:
    emails = []
    if offer.created_by_id and offer.created_by.email:
        emails.append(offer.created_by.email)
    if offer.donor_organisation_id:
        emails.extend(offer.donor_organisation.memberships.filter(role="admin")
                      .values_list("user__email", flat=True))
    return sorted(set(e for e in emails if e))


def _organisation_emails(organisation, extra=None) -> list[str]:
    emails = list(organisation.memberships.values_list("user__email", flat=True))
    if extra is not None and extra.email:
        emails.append(extra.email)
    return sorted(set(e for e in emails if e))


# --- Offers ---------------------------------------------------------------------------------


@transaction.atomic
def create_offer(*, user, organisation, title, description, commune, available_from,
                 available_until, handover, dropoff_point, lots, photos=(), is_fictional=False):
    """Create an offer and its lots (``lots``: dicts of Lot fields) and photos (uploads).

    Published at once for a verified organisation; otherwise pending staff moderation.
    """
    if not lots:
        raise NotAllowed(_("Ajoutez au moins un lot."))
    offer = Offer.objects.create(
        title=title, description=description, donor_organisation=organisation, created_by=user,
        commune=commune, available_from=available_from, available_until=available_until,
        handover=handover, dropoff_point=dropoff_point if handover == Handover.DROPOFF else None,
        is_fictional=is_fictional)
    Lot.objects.bulk_create([Lot(offer=offer, **lot) for lot in lots])
    try:
        with upload_batch() as files:
            for upload in photos:
                cleaned = strip_image_metadata(upload)
                photo = Photo(offer=offer)
                files.save(photo.image, cleaned.name, ContentFile(cleaned.read()))
                photo.save()
    except StorageFull as error:  # the offer rolls back with its photos: the donor retries
        raise NotAllowed(error.message) from error
    log_creation(offer, by=user)
    if not perms.needs_moderation(organisation):
        transition(offer, Offer.Status.PUBLISHED, by=user, note=_("organisation vérifiée"),
                   changes={"published_at": timezone.now()})
    return offer


@transaction.atomic
def moderate_offer(*, offer, by, approve: bool, note: str = ""):
    if approve:
        offer = transition(offer, Offer.Status.PUBLISHED, by=by, note=note,
                           changes={"published_at": timezone.now(), "moderation_note": note})
    else:
        offer = transition(offer, Offer.Status.REJECTED, by=by, note=note,
                           changes={"moderation_note": note})
    emails = _donor_emails(offer)
    if emails:
        send_email(to=emails,
                   subject=_("Votre offre de don est publiée") if approve
                   else _("Votre offre de don n'a pas été publiée"),
                   template="donations/emails/moderated",
                   context={"offer": offer, "approved": approve, "note": note,
                            "url": absolute_url(offer.get_absolute_url())})
    return offer


@transaction.atomic
def withdraw_offer(*, offer, by):
    live = Reservation.objects.filter(lot__offer=offer, status__in=Reservation.LIVE)
    if live.exists():
        raise NotAllowed(_("Des réservations sont en cours : refusez-les ou menez-les à terme "
                           "avant de retirer l'offre."))
    return transition(offer, Offer.Status.WITHDRAWN, by=by)


@transaction.atomic
def confirm_reception(*, offer, by):
    """The drop-off point says it received the offer's equipment."""
    return transition(offer, Offer.Status.RECEIVED, by=by,
                      changes={"received_at": timezone.now(), "received_by": by},
                      message=_("Cette offre n'attend pas de réception."))


# --- Reservations -----------------------------------------------------------------------------


@retry_when_locked
def reserve(*, user, organisation, lot_id, quantity: int) -> Reservation:
    """Reserve ``quantity`` units of a lot for ``organisation``; raise NothingLeft / NotAllowed."""
    if quantity < 1:
        raise NotAllowed(_("Indiquez une quantité d'au moins 1."))
    with transaction.atomic():
        lot = Lot.objects.select_related("offer").get(pk=lot_id)
        if not lot.offer.is_reservable:
            raise NotAllowed(_("Cette offre ne peut plus être réservée."))
        if not take_within(Lot.objects, lot_id, used="reserved", cap="quantity", amount=quantity):
            available = Lot.objects.filter(pk=lot_id).values_list("quantity", "reserved").get()
            raise NothingLeft(lot, available[0] - available[1])
        reservation = Reservation.objects.create(
            lot=lot, organisation=organisation, requested_by=user, quantity=quantity)
        log_creation(reservation, by=user)
        emails = _donor_emails(lot.offer)
        if emails:
            send_email(to=emails, subject=_("Une association a réservé du matériel"),
                       template="donations/emails/reserved",
                       context={"reservation": reservation, "offer": lot.offer,
                                "what": reservation.what, "organisation": organisation,
                                "url": absolute_url(lot.offer.get_absolute_url()),
                                "days": settings.DONATIONS_RESERVATION_DAYS})
        return reservation


def _give_back(reservation):
    release_within(Lot.objects, reservation.lot_id, used="reserved", amount=reservation.quantity)


@retry_when_locked
def decide(*, reservation, by, accept: bool, note: str = "") -> Reservation:
    with transaction.atomic():
        target = Reservation.Status.ACCEPTED if accept else Reservation.Status.DECLINED
        reservation = transition(reservation, target, by=by, note=note,
                                 changes={"decided_at": timezone.now()})
        if not accept:
            _give_back(reservation)
        emails = _organisation_emails(reservation.organisation, reservation.requested_by)
        send_email(to=emails,
                   subject=_("Votre réservation est acceptée") if accept
                   else _("Votre réservation est refusée"),
                   template="donations/emails/decided",
                   context={"reservation": reservation, "accepted": accept, "note": note,
                            "what": reservation.what, "offer": reservation.lot.offer,
                            "url": absolute_url(reservation.lot.offer.get_absolute_url())})
        return reservation


@retry_when_locked
def cancel(*, reservation, by) -> Reservation:
    with transaction.atomic():
        reservation = transition(reservation, Reservation.Status.CANCELLED, by=by)
        _give_back(reservation)
        return reservation


@retry_when_locked
def confirm_handover(*, reservation, by, side: str) -> Reservation:
    """One side ("donor" / "receiver") confirms the hand-over; both → closed, donor emailed."""
    field = {"donor": "donor_confirmed_at", "receiver": "receiver_confirmed_at"}[side]
    with transaction.atomic():
        locked = Reservation.objects.select_for_update().select_related(
            "lot__offer", "organisation").get(pk=reservation.pk)
        if locked.status != Reservation.Status.ACCEPTED:
            raise InvalidTransition(locked, locked.status, Reservation.Status.CLOSED,
                                    _("La remise ne peut être confirmée que pour une réservation "
                                      "acceptée."))
        now = timezone.now()
        # Conditional write: serialises two confirmations on SQLite too.
        Reservation.objects.filter(pk=locked.pk, status=Reservation.Status.ACCEPTED,
                                   **{f"{field}__isnull": True}).update(**{field: now})
        locked.refresh_from_db()
        if locked.donor_confirmed_at and locked.receiver_confirmed_at:
            locked = transition(locked, Reservation.Status.CLOSED, by=by,
                                note=_("remise confirmée des deux côtés"),
                                changes={"closed_at": now})
            offer = locked.lot.offer
            emails = _donor_emails(offer)
            if emails:
                send_email(to=emails, subject=_("Remise confirmée : votre attestation de réemploi"),
                           template="donations/emails/handed_over",
                           context={"reservation": locked, "offer": offer, "what": locked.what,
                                    "organisation": locked.organisation,
                                    "url": absolute_url(reverse("donations:attestation",
                                                                kwargs={"pk": offer.pk}))})
        return locked


def expire_stale(*, now=None) -> int:
    """Requested reservations not accepted within DONATIONS_RESERVATION_DAYS expire; units back."""
    now = now or timezone.now()
    limit = now - timedelta(days=settings.DONATIONS_RESERVATION_DAYS)
    expired = 0
    for pk in list(Reservation.objects.filter(status=Reservation.Status.REQUESTED,
                                              created_at__lt=limit).values_list("pk", flat=True)):
        expired += _expire_one(pk)
    return expired


@retry_when_locked
def _expire_one(pk) -> int:
    with transaction.atomic():
        reservation = Reservation.objects.get(pk=pk)
        try:
            reservation = transition(reservation, Reservation.Status.EXPIRED, by=None,
                                     note=_("sans réponse du donateur"),
                                     expected=[Reservation.Status.REQUESTED])
        except InvalidTransition:
            return 0  # decided meanwhile
        _give_back(reservation)
        return 1


# --- Needs and matching ---------------------------------------------------------------------


@transaction.atomic
def create_need(*, user, organisation, kind, quantity, purpose, commune, notify,
                is_fictional=False) -> Need:
    return Need.objects.create(organisation=organisation, created_by=user, kind=kind,
                               quantity=quantity, purpose=purpose, commune=commune, notify=notify,
                               is_fictional=is_fictional)


@transaction.atomic
def close_need(*, need):
    Need.objects.filter(pk=need.pk).update(is_active=False, notify=False)


def matching_lots(need: Need, *, since=None, radius_km=None):
    """Lots of published, reservable offers of the need's kind with units left, nearest first."""
    from django.db.models import F

    from assonum.territory.geo import within_radius

    radius_km = radius_km or settings.DONATIONS_MATCH_RADIUS_KM
    queryset = (Lot.objects.filter(kind=need.kind, offer__status=Offer.Status.PUBLISHED,
                                   reserved__lt=F("quantity"))
                .exclude(offer__handover=Handover.DROPOFF)
                .exclude(offer__donor_organisation_id=need.organisation_id)
                .select_related("offer__commune__department", "offer__donor_organisation"))
    if since is not None:
        queryset = queryset.filter(offer__published_at__gt=since)
    commune = need.commune
    return within_radius(queryset, latitude=commune.latitude, longitude=commune.longitude,
                         radius_km=radius_km, lat_field="offer__commune__latitude",
                         lon_field="offer__commune__longitude")


def matching_needs(offer: Offer, *, radius_km=None):
    """Active needs of associations for the kinds of ``offer``, nearest first."""
    from assonum.territory.geo import within_radius

    radius_km = radius_km or settings.DONATIONS_MATCH_RADIUS_KM
    kinds = {lot.kind for lot in offer.lots.all()}
    queryset = (Need.objects.filter(is_active=True, kind__in=kinds)
                .exclude(organisation_id=offer.donor_organisation_id)
                .select_related("organisation", "commune"))
    commune = offer.commune
    return within_radius(queryset, latitude=commune.latitude, longitude=commune.longitude,
                         radius_km=radius_km, lat_field="commune__latitude",
                         lon_field="commune__longitude")


def send_match_emails(*, now=None) -> int:
    """One email per opted-in need with new matching offers, at most one a day per need."""
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    sent = 0
    needs = (Need.objects.filter(is_active=True, notify=True)
             .filter(Q(last_notified_at__isnull=True) | Q(last_notified_at__lte=day_ago))
             .select_related("organisation", "commune", "created_by"))
    for need in needs:
        since = need.last_notified_at or need.created_at
        lots = list(matching_lots(need, since=since)[:10])
        if not lots:
            continue
        with transaction.atomic():
            # Claim today's email with a conditional UPDATE: two runs never send it twice.
            claimed = Need.objects.filter(pk=need.pk).filter(
                Q(last_notified_at__isnull=True) | Q(last_notified_at__lte=day_ago)
            ).update(last_notified_at=now)
            if not claimed:
                continue
            emails = _organisation_emails(need.organisation, need.created_by)
            send_email(to=emails, subject=_("Du matériel correspond à votre besoin"),
                       template="donations/emails/matches",
                       context={"need": need, "what": kind_count(need.kind, need.quantity),
                                "lots": [{"what": kind_count(lot.kind, lot.available),
                                          "commune": lot.offer.commune.name,
                                          "distance": round(lot.distance_km, 1),
                                          "url": absolute_url(lot.offer.get_absolute_url())}
                                         for lot in lots],
                                "dashboard": absolute_url("/espace/")})
            sent += 1
    return sent

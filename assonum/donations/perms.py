"""Who may do what with donations: the only place that answers it.

- Anyone sees the published offers, the needs and the drop-off points.
- A signed-in person may give (for themselves or for one of their organisations); offers from
  someone without a verified organisation wait for staff moderation.
- The donor side of an offer = its author and the members of its donor organisation.
- A member of an association (other than the donor organisation) reserves; the donor side
  accepts or declines; both sides confirm the hand-over; the requester's association cancels.
- The members of the organisation owning a drop-off point confirm reception of routed offers.
- Staff (back office + second factor, ``acts_as_staff``) moderate.
"""

from __future__ import annotations

from assonum.core.perms import acts_as_staff
from assonum.organisations.models import Organisation
from assonum.organisations.perms import organisations_of

from .models import Offer, Reservation


def associations_of(user):
    return organisations_of(user, kinds=[Organisation.Kind.ASSOCIATION])


def _org_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_donations_org_ids", None)
    if cache is None:
        cache = set(organisations_of(user).values_list("pk", flat=True))
        user._donations_org_ids = cache
    return cache


def may_give(user) -> bool:
    return user.is_authenticated


def is_donor_side(user, offer: Offer) -> bool:
    if not user.is_authenticated:
        return False
    if offer.created_by_id == user.pk:
        return True
    return offer.donor_organisation_id is not None and offer.donor_organisation_id in _org_ids(user)


def needs_moderation(organisation) -> bool:
    """Offers from a person alone or an unverified organisation wait for staff."""
    return organisation is None or not organisation.is_verified


def may_see_offer(request, offer: Offer) -> bool:
    if offer.status in (Offer.Status.PUBLISHED, Offer.Status.RECEIVED):
        return True
    return is_donor_side(request.user, offer) or acts_as_staff(request)


def may_see_photo(user, photo) -> bool:
    """Photos are served only for published offers (and to their own donor)."""
    offer = photo.offer
    return offer.status == Offer.Status.PUBLISHED or is_donor_side(user, offer)


def may_moderate(request) -> bool:
    user = request.user
    return acts_as_staff(request) and (
        user.is_superuser or user.has_perm("donations.change_offer"))


def reserving_associations(user, offer: Offer):
    """The associations ``user`` may reserve for on ``offer`` (not the donor organisation)."""
    if not user.is_authenticated or not offer.is_reservable:
        return associations_of(user).none()
    queryset = associations_of(user)
    if offer.donor_organisation_id:
        queryset = queryset.exclude(pk=offer.donor_organisation_id)
    return queryset


def may_reserve(user, offer: Offer) -> bool:
    return (offer.is_reservable and not (user.is_authenticated and offer.created_by_id == user.pk)
            and reserving_associations(user, offer).exists())


def is_receiver_side(user, reservation: Reservation) -> bool:
    return user.is_authenticated and reservation.organisation_id in _org_ids(user)


def may_see_reservation(user, reservation: Reservation) -> bool:
    return is_receiver_side(user, reservation) or is_donor_side(user, reservation.lot.offer)


def may_decide(user, reservation: Reservation) -> bool:
    return is_donor_side(user, reservation.lot.offer)


def may_cancel(user, reservation: Reservation) -> bool:
    return is_receiver_side(user, reservation) or is_donor_side(user, reservation.lot.offer)


def confirming_side(user, reservation: Reservation) -> str | None:
    """"donor" or "receiver" (the donor side first if someone is on both), or None."""
    if is_donor_side(user, reservation.lot.offer):
        return "donor"
    if is_receiver_side(user, reservation):
        return "receiver"
    return None


def may_download_attestation(user, offer: Offer) -> bool:
    return is_donor_side(user, offer)


def may_confirm_reception(user, offer: Offer) -> bool:
    point = offer.dropoff_point
    return (user.is_authenticated and point is not None and point.owner_id is not None
            and point.owner_id in _org_ids(user))


def may_add_need(user) -> bool:
    return associations_of(user).exists()


def may_edit_need(user, need) -> bool:
    return need.organisation_id in _org_ids(user)

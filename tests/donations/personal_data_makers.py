"""Personal-data makers of the donations app (see tests/core/test_personal_data_coverage.py)."""

from assonum.donations import services
from assonum.donations.models import Kind
from tests.donations.factories import ASSOCIATION_COMMUNE, association, communes, published_offer


def _need(user):
    commune = communes()[ASSOCIATION_COMMUNE]
    need = services.create_need(
        user=user, organisation=association(commune, name="Secours populaire de Déols"),
        kind=Kind.LAPTOP, quantity=3, purpose="Un atelier d'initiation pour les seniors",
        commune=commune, notify=False)
    return need, "Un atelier d'initiation pour les seniors"


def _offer(user):
    return published_offer(user=user, quantity=4), "4 appareils"


def _received(user):
    offer = published_offer(quantity=6)
    return services.confirm_reception(offer=offer, by=user), "6 appareils"


def _reservation(user):
    offer = published_offer(quantity=5)
    organisation = association(communes()[ASSOCIATION_COMMUNE], name="Familles rurales de Déols")
    reservation = services.reserve(user=user, organisation=organisation,
                                   lot_id=offer.lots.get().pk, quantity=2)
    return reservation, "Familles rurales de Déols"


MAKERS = {
    ("donations.Need", "created_by"): _need,
    ("donations.Offer", "created_by"): _offer,
    ("donations.Offer", "received_by"): _received,
    ("donations.Reservation", "requested_by"): _reservation,
}

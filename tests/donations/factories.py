"""Donations test data on real communes of the Indre (tests.territory.factories)."""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth.models import Group

from assonum.core.workflow import log_creation
from assonum.donations import services
from assonum.donations.models import Handover, Lot, Offer
from assonum.organisations.models import Membership, Organisation
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory
from tests.territory.factories import make_real_communes

# Ardentes (36005) and Déols (36063), about 15 km apart; Châteauroux (36044) between them.
DONOR_COMMUNE = "36005"
ASSOCIATION_COMMUNE = "36063"


def communes():
    return make_real_communes()


def member_of(organisation, email=None, role=Membership.Role.ADMIN):
    user = UserFactory(**({"email": email} if email else {}))
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def donor_org(verified=True, **kwargs):
    return OrganisationFactory(donor=True, is_verified=verified, **kwargs)


def association(commune=None, **kwargs):
    return OrganisationFactory(kind=Organisation.Kind.ASSOCIATION, seat_commune=commune,
                               is_verified=True, **kwargs)


def published_offer(*, organisation=None, user=None, commune=None, kind="laptop", quantity=5,
                    handover=Handover.COLLECT, dropoff_point=None, lots=None):
    """A published offer made through the service (the organisation is verified)."""
    organisation = organisation or donor_org()
    user = user or member_of(organisation)
    commune = commune or make_real_communes([DONOR_COMMUNE])[DONOR_COMMUNE]
    return services.create_offer(
        user=user, organisation=organisation, title=f"{quantity} appareils", description="",
        commune=commune, available_from="2026-12-01", available_until=None, handover=handover,
        dropoff_point=dropoff_point,
        lots=lots or [{"kind": kind, "quantity": quantity, "wiping": "overwrite"}])


def bare_lot(quantity=1, kind="laptop"):
    """A published offer with one lot, created without side effects (for rushes)."""
    commune = make_real_communes([DONOR_COMMUNE])[DONOR_COMMUNE]
    offer = Offer.objects.create(title="Dernier portable", commune=commune,
                                 status=Offer.Status.PUBLISHED)
    log_creation(offer)
    return Lot.objects.create(offer=offer, kind=kind, quantity=quantity)


def login(client, user, *, mfa=False):
    client.force_login(user)
    if mfa:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp"}]
        session.save()
    return client


def moderator():
    user = UserFactory(is_staff=True)
    group, _ = Group.objects.get_or_create(name="Modération")
    user.groups.add(group)
    return user

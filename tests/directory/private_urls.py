"""The directory's private pages, for the meta-test of tests/core/test_private_urls.py."""

from assonum.directory.models import PlaceChange, PlaceClaim
from tests.directory.factories import PlaceFactory
from tests.directory.selfservice_helpers import make_actor_member, make_moderator
from tests.private_urls import PrivateURL


def build() -> list[PrivateURL]:
    owner, organisation = make_actor_member("proprietaire@tiers-lieu-la-chatre.fr")
    claimant, other_actor = make_actor_member("demandeur@epn-le-blanc.fr")
    moderator = make_moderator("moderation@assonum.fr")
    place = PlaceFactory(owner=organisation, nom="Tiers-lieu de La Châtre",
                         commune_nom="La Châtre", code_postal="36400")
    change = PlaceChange.objects.create(place=place, data={"nom": "Tiers-lieu Le Lien"},
                                        organisation=organisation, submitted_by=owner)
    claim = PlaceClaim.objects.create(place=PlaceFactory(nom="EPN du Blanc"),
                                      organisation=other_actor, user=claimant)
    return [
        PrivateURL(f"/annuaire/{place.slug}/modifier/", owner),
        PrivateURL("/annuaire/moderation/", moderator, mfa=True),
        PrivateURL(f"/annuaire/moderation/modifications/{change.pk}/", moderator, mfa=True),
        PrivateURL(f"/annuaire/moderation/revendications/{claim.pk}/", moderator, mfa=True),
    ]

"""Moderation pages show values as people read them, under French labels."""

import pytest

from assonum.directory import services
from tests.directory.factories import PlaceFactory
from tests.directory.selfservice_helpers import login, make_actor_member, make_moderator

pytestmark = pytest.mark.django_db


def test_a_proposed_change_reads_as_people_read_it(client):
    place = PlaceFactory(telephones=["+33248000000"], typologie=["BIB"], owner=None)
    actor, organisation = make_actor_member()
    change = services.propose_change(user=actor, place=place, data={
        "telephones": ["+33248000000", "+33612345678"], "typologie": ["BIB", "FABLAB"],
        "sites_web": ["https://exemple.fr"],
    })
    staff = login(client, make_moderator(), mfa=True)
    html = staff.get(f"/annuaire/moderation/modifications/{change.pk}/").content.decode()
    assert "02 48 00 00 00, 06 12 34 56 78" in html
    assert "Bibliothèque / Médiathèque" in html
    assert "Téléphones" in html and "Type de structure" in html
    assert "+33248000000" not in html and "[&#x27;" not in html and "typologie" not in html


def test_a_claim_shows_the_place_facts_readably(client):
    place = PlaceFactory(telephones=["+33254000001"], courriels=["contact@lieu.fr"])
    actor, organisation = make_actor_member()
    claim = services.claim_listing(user=actor, place=place, organisation=organisation)
    staff = login(client, make_moderator(), mfa=True)
    html = staff.get(f"/annuaire/moderation/revendications/{claim.pk}/").content.decode()
    assert "02 54 00 00 01" in html and "+33254000001" not in html
    assert "Adresses e-mail" in html and "contact@lieu.fr" in html
    assert "SIRET ou RNA" in html and place.pivot in html

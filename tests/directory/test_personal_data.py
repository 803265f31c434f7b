import pytest

from assonum.directory import personal_data
from assonum.directory.models import PlaceChange, PlaceClaim

from ..accounts.factories import UserFactory
from ..organisations.factories import OrganisationFactory
from .factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_listing_changes_and_claims():
    user, other = UserFactory(), UserFactory()
    organisation = OrganisationFactory(kind="actor")
    place = PlaceFactory()
    PlaceChange.objects.create(place=place, data={"nom": "Nouveau nom"}, submitted_by=user,
                               organisation=organisation)
    PlaceClaim.objects.create(place=place, organisation=organisation, user=user,
                              message="C'est notre local")
    PlaceClaim.objects.create(place=place, organisation=OrganisationFactory(kind="actor"),
                              user=other, message="Le mien")

    data = personal_data.export(user)
    assert data["listing_changes"][0]["proposed_values"] == {"nom": "Nouveau nom"}
    assert [c["message"] for c in data["listing_claims"]] == ["C'est notre local"]

    personal_data.erase(user)
    assert personal_data.export(user) == {"listing_changes": [], "listing_claims": [],
                                          "moderation_decisions": [], "imports_started": []}
    assert PlaceChange.objects.count() == 1  # the proposal itself stays with the organisation
    assert PlaceClaim.objects.get(organisation=organisation).message == ""
    assert PlaceClaim.objects.get(user=other).message == "Le mien"

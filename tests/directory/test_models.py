"""Place model, and the guarded transitions of proposed changes and claims."""

import pytest
from django.db import IntegrityError, transaction

from assonum.core.workflow import InvalidTransition
from assonum.directory.models import Place, PlaceChange, PlaceClaim

from .factories import ActorFactory, PlaceChangeFactory, PlaceClaimFactory, PlaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_user(
        email="moderation@example.org", password="x", is_staff=True,
    )


def test_published_queryset_and_unique_source_id():
    published = PlaceFactory()
    PlaceFactory(draft=True)
    PlaceFactory(status=Place.Status.ARCHIVED)
    assert list(Place.objects.published()) == [published]
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceFactory(source=published.source, source_id=published.source_id)


def test_slug_and_source_id_are_generated_and_unique():
    first = Place.objects.create(
        nom="Fab lab", commune_nom="Blois", adresse="1 rue", code_postal="41000",
    )
    second = Place.objects.create(
        nom="Fab lab", commune_nom="Blois", adresse="2 rue", code_postal="41000",
    )
    assert first.slug == "fab-lab-blois" and second.slug == "fab-lab-blois-2"
    assert first.source == "assonum" and first.source_id == str(first.uid)
    assert first.get_absolute_url() == "/annuaire/fab-lab-blois/"


def test_approving_a_creation_publishes_a_new_place(moderator):
    actor = ActorFactory()
    change = PlaceChange.objects.create(
        organisation=actor,
        data={"nom": "Nouveau tiers-lieu", "adresse": "3 rue Haute", "code_postal": "36000",
              "commune_nom": "Châteauroux", "services": ["Loisirs et créations numériques"],
              "status": "published", "source": "pirate"},
    )
    place = change.approve(moderator)
    change.refresh_from_db()
    assert change.status == PlaceChange.Status.APPROVED
    assert (change.reviewed_by, change.place) == (moderator, place)
    assert change.reviewed_at is not None
    assert place.status == Place.Status.PUBLISHED and place.owner == actor
    assert place.services == ["Loisirs et créations numériques"]
    assert place.source == "assonum"  # fields outside the editable list are ignored


def test_approving_an_edit_applies_it(moderator):
    change = PlaceChangeFactory()
    change.approve(moderator)
    change.place.refresh_from_db()
    assert change.place.nom == "Nouveau nom" and change.place.horaires == "Mo-Fr 09:00-17:00"


def test_rejecting_needs_a_reason_and_keeps_the_place(moderator):
    change = PlaceChangeFactory()
    with pytest.raises(ValueError):
        change.reject(moderator, "  ")
    change.reject(moderator, "Adresse introuvable")
    change.refresh_from_db()
    assert (change.status, change.reason) == (PlaceChange.Status.REJECTED, "Adresse introuvable")
    assert change.place.nom != "Nouveau nom"


@pytest.mark.parametrize("first, second", [("approve", "approve"), ("approve", "reject"),
                                           ("reject", "approve"), ("reject", "reject")])
def test_a_reviewed_change_cannot_move_again(moderator, first, second):
    change = PlaceChangeFactory()
    getattr(change, first)(moderator, *(["non"] if first == "reject" else []))
    with pytest.raises(InvalidTransition, match="Impossible de passer"):
        getattr(change, second)(moderator, *(["non"] if second == "reject" else []))


def test_claim_approval_gives_the_place_to_the_organisation(moderator):
    claim = PlaceClaimFactory()
    claim.approve(moderator)
    claim.place.refresh_from_db()
    assert claim.place.owner == claim.organisation
    assert claim.status == PlaceClaim.Status.APPROVED
    with pytest.raises(InvalidTransition):
        claim.reject(moderator, "trop tard")


def test_claim_rejection(moderator):
    claim = PlaceClaimFactory()
    claim.reject(moderator, "Pas de lien avec ce lieu")
    claim.place.refresh_from_db()
    assert claim.place.owner is None
    with pytest.raises(InvalidTransition):
        claim.approve(moderator)


def test_one_pending_claim_per_place_and_organisation():
    claim = PlaceClaimFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PlaceClaim.objects.create(place=claim.place, organisation=claim.organisation)

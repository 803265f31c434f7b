"""Two moderators acting on the same item at the same instant: one result, one French refusal.

Each call runs on its own PostgreSQL connection, all released together by a barrier
(``run_concurrently``). Before the shared workflow, approving the same pending proposal twice
created two published places.
"""

import pytest
from django.db import connection

from assonum.core.models import TransitionLog
from assonum.core.workflow import InvalidTransition
from assonum.directory import services
from assonum.directory.models import (
    DuplicateCandidate,
    ImportRun,
    Place,
    PlaceChange,
    PlaceClaim,
    ReviewStatus,
)

from .factories import ActorFactory, PlaceClaimFactory, PlaceFactory

pytestmark = pytest.mark.postgres

N = 6


@pytest.fixture
def moderators(django_user_model):
    return [django_user_model.objects.create_user(email=f"moderation{i}@exemple.org", password="x",
                                                  is_staff=True) for i in range(N)]


def _one_winner(results):
    wins = [result for result, error in results if error is None]
    refusals = [error for result, error in results if error is not None]
    assert len(wins) == 1, results
    assert len(refusals) == N - 1
    assert all(isinstance(error, InvalidTransition) for error in refusals), refusals
    assert all("Impossible de passer" in str(error) for error in refusals)
    return wins[0]


def test_approving_the_same_proposal_twice_publishes_one_place(run_concurrently, moderators):
    assert connection.vendor == "postgresql"
    actor = ActorFactory()
    change = PlaceChange.objects.create(organisation=actor, data={
        "nom": "Espace numérique de La Châtre", "adresse": "2 place du Marché",
        "code_postal": "36400", "commune_nom": "La Châtre",
        "services": ["Maîtrise des outils numériques du quotidien"]})

    results = run_concurrently(
        lambda i: services.approve_change(PlaceChange.objects.get(pk=change.pk), by=moderators[i]),
        n=N)

    place = _one_winner(results)
    assert list(Place.objects.values_list("nom", flat=True)) == ["Espace numérique de La Châtre"]
    assert Place.objects.get().status == Place.Status.PUBLISHED
    change.refresh_from_db()
    assert change.status == ReviewStatus.APPROVED and change.place_id == place.pk
    (entry,) = TransitionLog.objects.for_object(change)
    assert (entry.from_state, entry.to_state, entry.by_id) == ("pending", "approved",
                                                              change.reviewed_by_id)


def test_approving_and_rejecting_the_same_proposal_at_once_gives_one_decision(run_concurrently,
                                                                             moderators):
    place = PlaceFactory(nom="Médiathèque du Blanc", commune_nom="Le Blanc")
    change = PlaceChange.objects.create(place=place, data={"nom": "Médiathèque Équinoxe"})

    def act(i):
        fresh = PlaceChange.objects.get(pk=change.pk)
        if i % 2:
            return services.approve_change(fresh, by=moderators[i])
        return services.reject_change(fresh, by=moderators[i], reason="Nom non confirmé.")

    _one_winner(run_concurrently(act, n=N))
    change.refresh_from_db()
    place.refresh_from_db()
    assert TransitionLog.objects.for_object(change).count() == 1
    if change.status == ReviewStatus.APPROVED:
        assert place.nom == "Médiathèque Équinoxe"
    else:
        assert change.status == ReviewStatus.REJECTED and place.nom == "Médiathèque du Blanc"


def test_approving_the_same_claim_twice_gives_one_owner_change(run_concurrently, moderators):
    claim = PlaceClaimFactory(place=PlaceFactory(nom="Tiers-lieu de L'Île-Bouchard"))

    results = run_concurrently(
        lambda i: services.approve_claim(PlaceClaim.objects.get(pk=claim.pk), by=moderators[i]),
        n=N)

    _one_winner(results)
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED
    assert Place.objects.get(pk=claim.place_id).owner_id == claim.organisation_id
    assert TransitionLog.objects.for_object(claim).count() == 1


def test_merging_the_same_duplicate_twice_merges_once(run_concurrently, moderators):
    existing = PlaceFactory(nom="EPN de Vierzon", telephones=[], source="autre")
    run = ImportRun.objects.create(file_name="lieux.csv", source="crcvl-2021")
    candidate = DuplicateCandidate.objects.create(
        import_run=run, line=2, existing_place=existing,
        reason=DuplicateCandidate.Reason.SAME_PIVOT,
        incoming_data={"nom": "Espace public numérique de Vierzon", "source": "crcvl-2021",
                       "source_id": "crcvl-0001", "telephones": ["+33248000001"],
                       "services": ["Maîtrise des outils numériques du quotidien",
                                    "Loisirs et créations numériques"]})

    def act(i):
        fresh = DuplicateCandidate.objects.get(pk=candidate.pk)
        return fresh.merge(moderators[i]) if i % 2 else fresh.keep_both(moderators[i])

    _one_winner(run_concurrently(act, n=N))
    candidate.refresh_from_db()
    existing.refresh_from_db()
    assert TransitionLog.objects.for_object(candidate).count() == 1
    if candidate.status == DuplicateCandidate.Status.MERGED:
        assert Place.objects.count() == 1
        assert existing.telephones == ["+33248000001"]
        # list values are added once, not once per attempt
        assert existing.services == ["Maîtrise des outils numériques du quotidien",
                                     "Loisirs et créations numériques"]
    else:
        assert candidate.status == DuplicateCandidate.Status.KEPT_BOTH
        assert Place.objects.count() == 2 and existing.telephones == []

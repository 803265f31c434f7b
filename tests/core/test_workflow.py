"""The shared workflow mechanism (assonum.core.workflow) on a real model: invitations."""

import pytest
from django.db import connection

from assonum.core.models import TransitionLog
from assonum.core.workflow import (
    InvalidTransition,
    allowed_targets,
    can_transition,
    check_table,
    history,
    transition,
)
from assonum.organisations.models import Invitation
from tests.accounts.factories import UserFactory
from tests.organisations.factories import OrganisationFactory


def _invitation(email="invitee@exemple.org"):
    return Invitation.objects.create(organisation=OrganisationFactory(), email=email)


@pytest.mark.django_db
def test_transition_moves_logs_and_refreshes_the_object():
    moderator = UserFactory()
    invitation = _invitation()
    locked = transition(invitation, Invitation.Status.REVOKED, by=moderator, note="doublon")
    assert invitation.status == "revoked" and locked.status == "revoked"
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    (entry,) = history(invitation)
    assert (entry.from_state, entry.to_state, entry.by, entry.note) == (
        "pending", "revoked", moderator, "doublon")
    assert entry.from_label == "En attente" and entry.to_label == "Annulée"


@pytest.mark.django_db
def test_a_move_not_in_the_table_is_refused_in_french_and_changes_nothing():
    invitation = _invitation()
    transition(invitation, Invitation.Status.DECLINED)
    with pytest.raises(InvalidTransition) as caught:
        transition(invitation, Invitation.Status.ACCEPTED)
    assert "Cette action n'est plus possible" in str(caught.value)
    assert "Refusée" in str(caught.value)
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert TransitionLog.objects.for_object(invitation).count() == 1


@pytest.mark.django_db
def test_the_state_in_the_database_decides_not_the_one_in_memory():
    invitation = _invitation()
    stale = Invitation.objects.get(pk=invitation.pk)
    transition(invitation, Invitation.Status.ACCEPTED)
    assert stale.status == "pending"  # another tab still shows "pending"
    with pytest.raises(InvalidTransition):
        transition(stale, Invitation.Status.REVOKED)
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"


@pytest.mark.django_db
def test_changes_are_written_with_the_state_and_expected_restricts_sources():
    invitation = _invitation()
    with pytest.raises(InvalidTransition, match="pas depuis cet état"):
        transition(invitation, Invitation.Status.ACCEPTED, expected=["accepted"],
                   message="pas depuis cet état")
    user = UserFactory()
    transition(invitation, Invitation.Status.ACCEPTED, by=user, changes={"responded_by": user})
    assert Invitation.objects.get(pk=invitation.pk).responded_by == user


def test_table_helpers_and_the_table_check():
    invitation = Invitation(status="pending")
    assert allowed_targets(invitation) == {"accepted", "declined", "revoked"}
    assert can_transition(invitation, "accepted") and not can_transition(invitation, "pending")
    assert check_table(Invitation) == []

    Broken = type("Broken", (), {"TRANSITIONS": {"pending": {"nowhere"}},
                                 "_meta": Invitation._meta})
    assert check_table(Broken) == ["Broken: unknown target 'nowhere' from 'pending'"]


@pytest.mark.postgres
def test_two_moderators_at_the_same_instant_one_wins_one_clear_refusal(run_concurrently):
    """Real connections released together: the row lock and the conditional update hold."""
    assert connection.vendor == "postgresql"
    invitation = _invitation()
    for attempt in range(5):
        invitation = _invitation(email=f"course{attempt}@exemple.org")
        results = run_concurrently(
            lambda i, pk=invitation.pk: transition(
                Invitation.objects.get(pk=pk),
                Invitation.Status.ACCEPTED if i % 2 else Invitation.Status.DECLINED),
            n=8)
        wins = [r for r, e in results if e is None]
        refusals = [e for r, e in results if e is not None]
        assert len(wins) == 1, results
        assert len(refusals) == 7 and all(isinstance(e, InvalidTransition) for e in refusals)
        assert TransitionLog.objects.for_object(invitation).count() == 1

"""The application's state machine: every pair of states, allowed or refused, through transition."""

import itertools

import pytest

from assonum.core.workflow import InvalidTransition, history, transition
from assonum.fund.models import Application

S = Application.Status
EXPECTED = {
    (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.IN_REVIEW), (S.IN_REVIEW, S.COMPLEMENT),
    (S.IN_REVIEW, S.ACCEPTED), (S.IN_REVIEW, S.ACCEPTED_CONDITIONS), (S.IN_REVIEW, S.REFUSED),
    (S.COMPLEMENT, S.SUBMITTED), (S.ACCEPTED, S.IN_SUPPORT), (S.ACCEPTED, S.ABANDONED),
    (S.ACCEPTED_CONDITIONS, S.IN_SUPPORT), (S.ACCEPTED_CONDITIONS, S.ABANDONED),
    (S.IN_SUPPORT, S.DONE), (S.IN_SUPPORT, S.ABANDONED),
}


def test_the_table_is_exactly_the_issue_s_journey():
    table = {(source, target) for source, targets in Application.TRANSITIONS.items()
             for target in targets}
    assert table == EXPECTED
    assert set(Application.TRANSITIONS) == set(S)


@pytest.mark.django_db
def test_every_pair_of_states_is_allowed_only_when_in_the_table(world):
    application = Application.objects.create(call=world.call, organisation=world.foyer)
    refused = allowed = 0
    for source, target in itertools.product(S, S):
        Application.objects.filter(pk=application.pk).update(status=source)
        application.refresh_from_db()
        if (source, target) in EXPECTED:
            transition(application, target, by=world.staff, note="test")
            assert Application.objects.get(pk=application.pk).status == target
            allowed += 1
        else:
            with pytest.raises(InvalidTransition) as error:
                transition(application, target, by=world.staff)
            assert "n'est plus possible" in str(error.value)
            assert Application.objects.get(pk=application.pk).status == source
            refused += 1
    assert allowed == len(EXPECTED) and refused == 100 - len(EXPECTED)
    log = list(history(application))
    assert len(log) == len(EXPECTED)
    assert all(entry.by == world.staff for entry in log)

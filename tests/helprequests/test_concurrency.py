"""Two actors taking the same request at the same instant: one owner, one clear refusal."""

import pytest

from assonum.core.workflow import InvalidTransition
from assonum.helprequests import services
from assonum.helprequests.models import HelpRequest
from tests.helprequests.factories import ask, world


@pytest.mark.postgres
def test_simultaneous_takes_make_one_owner(run_concurrently, settings):
    settings.HELPREQUESTS_MAX_ACTORS = 3
    w = world()
    help_request = ask(w)
    takers = [("deols", w["places"]["deols"]), ("chateauroux", w["places"]["chateauroux"]),
              ("levroux", w["places"]["levroux"])]

    def attempt(index):
        key, place = takers[index % len(takers)]
        fresh = HelpRequest.objects.get(pk=help_request.pk)
        return services.take(help_request=fresh, place=place, by=w["people"][key]).actor_id

    results = run_concurrently(attempt, n=12)
    wins = [result for result, error in results if error is None]
    refusals = [error for result, error in results if error is not None]
    assert len(wins) == 1 and len(refusals) == 11
    assert all(isinstance(e, InvalidTransition) for e in refusals)
    assert all("Un autre acteur vient de prendre en charge" in str(e) for e in refusals)
    help_request.refresh_from_db()
    assert help_request.status == HelpRequest.Status.TAKEN and help_request.actor_id == wins[0]

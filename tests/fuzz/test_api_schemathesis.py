"""Issue 17 §4: schemathesis over the served OpenAPI document ``/api/v1/openapi.json``.

Every operation gets at most ``MAX_EXAMPLES`` generated requests (deterministic: hypothesis is
derandomized), sent through the real WSGI application on a database holding real communes
and published places; each answer must be below 500 and conform to the document (status
code, content type, body schema).
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.directory.factories import PlaceFactory
from tests.territory.factories import make_real_communes

MAX_EXAMPLES = 25


@pytest.fixture
def api_schema(transactional_db):
    from config.wsgi import application

    for commune in make_real_communes(["45234", "36044", "37261", "36018"]).values():
        PlaceFactory(commune=commune, code_insee=commune.code, commune_nom=commune.name,
                     latitude=commune.latitude, longitude=commune.longitude)
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


FUZZ = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))


def test_api_never_fails_and_conforms(api_schema):
    """Every operation of the document, ``MAX_EXAMPLES`` cases each (the pytest plug-in's
    lazy fixture loader does not run on this pytest: the operations are walked here)."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 3  # the directory list, its GeoJSON, the communes
    calls = []
    for operation in operations:
        @FUZZ
        @given(case=operation.as_strategy())
        def run(case):
            # identity: the WSGI test client does not undo GZipMiddleware's compression.
            response = case.call(headers={"Host": "localhost", "Accept-Encoding": "identity"})
            calls.append(response.status_code)
            assert response.status_code < 500, (case.method, case.path, case.query,
                                                response.text[:500])
            case.validate_response(response)

        run()
    print(f"schemathesis: {len(operations)} operations, {len(calls)} cases, "
          f"statuses {sorted(set(calls))}")
    assert calls and max(calls) < 500

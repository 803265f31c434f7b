"""Hypothesis fuzz of the import: random cells never raise, always give a report that adds up."""

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assonum.directory.importing import import_places
from assonum.directory.models import ImportRun, Place

COLUMNS = ["id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "latitude",
           "longitude", "telephone", "courriels", "site_web", "horaires", "date_maj", "services",
           "typologie", "publics_accueillis", "conditions_acces", "itinerance",
           "presentation_resume"]

cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", "45000", "45234", "2024-01-01", "12345678901234", "02 47 00 00 00",
                     "a@b.fr", "Gratuit|Payant", "Jeunes;Seniors", "47,9", "1.9", "|", ";", '"']),
)
row = st.fixed_dictionaries({c: cell for c in COLUMNS})


def _csv(rows, delimiter):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@pytest.mark.django_db
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, min_size=1, max_size=6), delimiter=st.sampled_from([",", ";"]),
       encoding=st.sampled_from(["utf-8", "latin-1"]), as_json=st.booleans(),
       all_or_nothing=st.booleans())
def test_random_cells_always_give_a_report(rows, delimiter, encoding, as_json, all_or_nothing):
    if as_json:
        raw = json.dumps(rows).encode()
    else:
        raw = _csv(rows, delimiter).encode(encoding, errors="replace")
    before = Place.objects.count()
    run = import_places(file=raw, source="fuzz", file_name="fuzz.json" if as_json else "fuzz.csv",
                        all_or_nothing=all_or_nothing)
    assert run.state == ImportRun.State.DONE, run.report
    assert run.imported + run.rejected == run.rows
    assert run.rows == len(rows)  # every row counted, none silently dropped
    rejected_lines = {e["line"] for e in run.errors}
    assert len(rejected_lines) == run.rejected
    assert all(e["reason"] and e["field"] for e in run.errors)
    if all_or_nothing and run.rejected:
        assert Place.objects.count() == before


@pytest.mark.django_db
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300))
def test_random_bytes_never_raise(raw):
    run = import_places(file=raw, source="fuzz", file_name="x.csv")
    assert run.state == ImportRun.State.DONE
    assert run.imported + run.rejected == run.rows

"""The import's columns come from the shipped schema: each of its columns maps to a Place field."""

from assonum.directory.importing import columns
from assonum.directory.models import DATA_FIELDS


def test_every_schema_column_maps_to_a_place_field():
    assert len(columns.SCHEMA_COLUMNS) == 32 and columns.SCHEMA_COLUMNS[0] == "id"
    fields = set(columns.SCHEMA_FIELDS.values())
    assert fields - {"id"} <= set(DATA_FIELDS)
    assert columns.SCHEMA_FIELDS["telephone"] == "telephones"
    assert columns.SCHEMA_FIELDS["commune"] == "commune_nom"


def test_the_report_names_fields_by_the_standards_column():
    assert columns.FIELD_LABELS["sites_web"] == "site_web"
    assert columns.FIELD_LABELS["collected_by"] == "source"
    assert columns.FIELD_LABELS["_row"] == "ligne"

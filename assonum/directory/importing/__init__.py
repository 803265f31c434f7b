"""Import of places from files in the national standard (schema v1.0.2) and its older versions.

Entry point: :func:`import_places`. What it accepts:

- CSV (delimiter ``,`` ``;`` or tab, sniffed from the header line; UTF-8, UTF-8 with BOM, or
  Windows-1252 / Latin-1) or JSON (a list of objects, an object holding such a list, or a GeoJSON
  FeatureCollection; nested objects such as ``adresse: {voie, code_postal...}`` are flattened);
- the current column names and the older ones (v0.x: ``courriel``, ``conditions_acces``,
  ``publics_accueillis``, ``labels_nationaux``, ``labels_autres``...), whatever their case and
  accents;
- multiple values separated by ``|`` (current) or ``;`` / ``,`` (older files);
- phone numbers in any French writing ("02 47 00 00 00"), normalised to E.164 with ``phonenumbers``.

Decisions (documented in docs/architecture.md, directory section):

- A row is **rejected** (and reported with line, field, reason) only when the place lacks what the
  standard needs to exist: a name, an address or a position, a commune; or when its id repeats an
  earlier row of the file, or when the place is outside the region (unless
  ``DIRECTORY_ACCEPT_OUTSIDE_REGION``). A place is worth more than one of its fields.
- An **optional value that fails validation** (pivot, phone, e-mail, URL, position, INSEE code,
  date...) is **dropped with a warning** and the place is imported. A missing ``id`` gets a stable
  one built from the name and address; a missing date is today's.
- An **unknown vocabulary value** (a service, a public, a label... that neither the current list nor
  the v0.x table :data:`vocabularies.V0_VALUES` knows) is dropped with a warning; an old value with
  no equivalent in v1.0.2 is reported too (and an old national label is kept as text in
  ``autres_formations_labels``).
- The report **groups** its warnings and errors: one entry per (field, message) with its count and
  the first lines, so that a 5,000-row file gives a report that fits on a screen.
- The **commune** is recognised by its INSEE code (an arrondissement's code gives its city, a
  former commune's code the commune it joined), else by postal code plus a tolerant name (case,
  accents, hyphens, spaces, article, Saint/St, CEDEX, arrondissement number, former communes).
- ``imported + rejected == rows`` always; ``imported`` = created + updated + held as a likely
  duplicate for staff review (a duplicate's data is kept in :class:`DuplicateCandidate`).
- Everything runs in one transaction: a dry run, an all-or-nothing run with a bad row, or a crash
  leaves no place, no duplicate candidate behind; the :class:`ImportRun` (the report) is kept.
- Re-importing updates: the key is (source, id); an ``id`` that is the ``uid`` of one of our places
  (what our own export writes) updates that place, so an export re-imports to the same places.
"""

from .cleaners import (
    DATA_FIELDS,
    INSEE_RE,
    LIST_FIELDS,
    PHONE_RE,
    PIVOT_RE,
    POSTCODE_RE,
    TEXT_FIELDS,
    VOCABULARY_COLUMNS,
    RowOutcome,
    clean_row,
    split_values,
)
from .columns import FIELD_LABELS, HEADER_ALIASES, normalise_header
from .matching import commune_key, distance_m, normalise_name
from .reading import MAX_FILE_SIZE, FileError, ParsedFile, parse_file
from .runner import group_entries, import_places, merge_into, place_from_data

__all__ = [
    "DATA_FIELDS", "FIELD_LABELS", "HEADER_ALIASES", "INSEE_RE", "LIST_FIELDS", "MAX_FILE_SIZE",
    "PHONE_RE", "PIVOT_RE", "POSTCODE_RE", "TEXT_FIELDS", "VOCABULARY_COLUMNS", "FileError",
    "ParsedFile", "RowOutcome", "clean_row", "commune_key", "distance_m", "group_entries",
    "import_places", "merge_into", "normalise_header", "normalise_name", "parse_file",
    "place_from_data", "split_values",
]

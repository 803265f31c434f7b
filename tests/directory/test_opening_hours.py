"""The opening-hours formatter: plain French from OSM opening_hours strings, never a crash."""

import datetime as dt
import re
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assonum.directory.opening_hours import describe, status_text, validate

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
OFFICE = "Mo-Fr 09:00-12:00,14:00-18:00; Sa 10:00-12:00; PH off"
# Wednesday 5 March 2025 (no public holiday that week).
WEDNESDAY = dt.datetime(2025, 3, 5, 15, 0, tzinfo=PARIS)


def nb(text: str) -> str:
    """The expected French: "9 h 30" with no-break spaces, as the formatter writes it."""
    return re.sub(r"h (\d\d)", "h\u00a0\\1", re.sub(r"(\d) h", "\\1\u00a0h", text))


@pytest.mark.parametrize(
    "now, expected",
    [
        (WEDNESDAY, "Ouvert maintenant, ferme à 18 h"),
        (WEDNESDAY.replace(hour=12, minute=30), "Fermé, ouvre à 14 h"),
        (WEDNESDAY.replace(hour=19), "Fermé, ouvre demain à 9 h"),
        (dt.datetime(2025, 3, 8, 13, 0, tzinfo=PARIS), "Fermé, ouvre lundi à 9 h"),
        (dt.datetime(2025, 3, 8, 11, 0, tzinfo=PARIS), "Ouvert maintenant, ferme à 12 h"),
    ],
)
def test_status_sentences(now, expected):
    assert status_text(OFFICE, now) == nb(expected)


def test_minutes_and_far_openings():
    assert status_text("Tu 09:30-17:15", WEDNESDAY) == nb("Fermé, ouvre mardi à 9 h 30")
    assert status_text("Mar 20 09:30-17:15", WEDNESDAY) == nb("Fermé, ouvre le 20 mars à 9 h 30")
    assert status_text("Th 08:45-12:00", WEDNESDAY) == nb("Fermé, ouvre demain à 8 h 45")


def test_always_open_and_never_open():
    assert status_text("24/7", WEDNESDAY) == "Ouvert maintenant"
    assert status_text("off", WEDNESDAY) == "Fermé"


def test_public_holiday_is_closed():
    # Monday 21 April 2025 is Easter Monday, a French public holiday.
    easter_monday = dt.datetime(2025, 4, 21, 10, 0, tzinfo=PARIS)
    assert status_text(OFFICE, easter_monday) == nb("Fermé, ouvre demain à 9 h")


def test_week_table():
    summary = describe(OFFICE, WEDNESDAY)
    assert summary.valid and summary.state == "open"
    table = {day.label: day.text for day in summary.week}
    assert table == {day: nb(text) for day, text in {
        "lundi": "9 h – 12 h, 14 h – 18 h",
        "mardi": "9 h – 12 h, 14 h – 18 h",
        "mercredi": "9 h – 12 h, 14 h – 18 h",
        "jeudi": "9 h – 12 h, 14 h – 18 h",
        "vendredi": "9 h – 12 h, 14 h – 18 h",
        "samedi": "10 h – 12 h",
        "dimanche": "Fermé",
    }.items()}
    assert table["samedi"] == "10\u00a0h – 12\u00a0h"
    assert [day.label for day in summary.week if day.is_today] == ["mercredi"]


def test_comment_is_kept():
    summary = describe('Tu-Th 09:30-17:15 "sur rendez-vous"', WEDNESDAY)
    assert summary.comment == "sur rendez-vous"


@pytest.mark.parametrize("raw", ["lundi au vendredi 9h-18h", "Mo-Fr 25:00-26:99", "24/24", ";;"])
def test_invalid_strings_are_reported_not_raised(raw):
    summary = describe(raw, WEDNESDAY)
    assert summary.valid is False
    assert summary.raw == raw
    assert summary.week == []
    assert status_text(raw, WEDNESDAY) == ""
    assert validate(raw) is False


def test_empty():
    assert describe("").valid is False
    assert describe(None).raw == ""


def test_validate_accepts_the_office_hours():
    assert validate(OFFICE)


@hsettings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_never_raises(raw):
    summary = describe(raw, WEDNESDAY)
    assert isinstance(summary.status_text, str)

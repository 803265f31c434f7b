"""Opening hours in plain French, from OpenStreetMap ``opening_hours`` strings.

The parsing and evaluation are done by the maintained ``opening-hours-py`` package (Rust
``opening-hours-rs``); this module only words the result for a reader:

- ``status_text(raw)``: "Ouvert maintenant, ferme à 18 h", "Fermé, ouvre lundi à 9 h";
- ``describe(raw)``: the status plus a table of the current week, day by day.

An expression the parser refuses is never an error for the visitor: ``describe`` returns
``valid=False`` and the page shows the string as it was given.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from functools import lru_cache

import opening_hours as oh_lib
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTH_NAMES = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]
# How far ahead we look for the next opening ("Fermé, ouvre le 3 mars à 9 h").
LOOKAHEAD_DAYS = 31


@dataclass
class DayHours:
    label: str  # "lundi"
    date: dt.date
    is_today: bool
    text: str  # "9 h – 12 h, 14 h – 18 h" or "Fermé"
    is_open: bool


@dataclass
class OpeningSummary:
    raw: str
    valid: bool
    state: str = ""  # "open", "closed", "unknown" or "" (no hours given / invalid)
    status_text: str = ""
    comment: str = ""
    week: list[DayHours] = field(default_factory=list)


def validate(raw: str) -> bool:
    """True when the parser accepts ``raw`` (forms and imports use the same check)."""
    try:
        return bool(oh_lib.validate(raw))
    except Exception:  # noqa: BLE001 - any parser failure means "not valid"
        return False


def _tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@lru_cache(maxsize=512)
def _parse(raw: str):
    """Parsed expression, or None. Cached: the same few strings come back on every page."""
    try:
        return oh_lib.OpeningHours(
            raw, timezone=_tz(), country="FR", auto_country=False, auto_timezone=False,
            max_interval_days=366,
        )
    except Exception:  # noqa: BLE001 - ParserError and anything else the parser may raise
        return None


def format_time(moment: dt.datetime) -> str:
    """18:00 -> "18 h", 09:30 -> "9 h 30" (no-break spaces: "9 h" never splits over two lines)."""
    if moment.minute:
        return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"
    return f"{moment.hour}\u00a0h"


def _end_time(moment: dt.datetime) -> str:
    if moment.hour == 0 and moment.minute == 0:
        return "24\u00a0h"
    return format_time(moment)


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """A French phrase for a day relative to now: "", "demain", "lundi", "le 3 mars"."""
    days = (moment.date() - now.date()).days
    if days == 0:
        return ""
    if days == 1:
        return _("demain")
    if days < 7:
        return DAY_NAMES[moment.weekday()]
    return _("le %(day)s %(month)s") % {
        "day": "1er" if moment.day == 1 else moment.day,
        "month": MONTH_NAMES[moment.month - 1],
    }


def _at(moment: dt.datetime, now: dt.datetime) -> str:
    when = _when(moment, now)
    time = format_time(moment)
    return f"{when} à {time}" if when else f"à {time}"


def _now(now: dt.datetime | None) -> dt.datetime:
    now = now or timezone.now()
    if timezone.is_naive(now):
        now = now.replace(tzinfo=_tz())
    return now.astimezone(_tz())


def _intervals(parsed, start: dt.datetime, end: dt.datetime):
    for begin, finish, state, comment in parsed.intervals(start, end):
        yield begin.astimezone(_tz()), finish.astimezone(_tz()), state, comment


def _status(parsed, now: dt.datetime) -> tuple[str, str, str]:
    """(state, sentence, comment) at ``now``."""
    horizon = now + dt.timedelta(days=LOOKAHEAD_DAYS)
    intervals = list(_intervals(parsed, now, horizon))
    if not intervals:
        return "unknown", _("Horaires inconnus"), ""
    _begin, first_end, state, comment = intervals[0]
    if state == oh_lib.State.OPEN:
        # The end of the run of open intervals (a comment change splits an interval).
        end = first_end
        for begin, finish, other_state, _c in intervals[1:]:
            if other_state != oh_lib.State.OPEN or begin != end:
                break
            end = finish
        if end >= horizon:
            return "open", _("Ouvert maintenant"), comment
        return "open", _("Ouvert maintenant, ferme %(at)s") % {"at": _at(end, now)}, comment
    if state == oh_lib.State.UNKNOWN:
        return "unknown", _("Ouverture à confirmer"), comment
    for begin, _finish, other_state, _c in intervals[1:]:
        if other_state == oh_lib.State.OPEN:
            return "closed", _("Fermé, ouvre %(at)s") % {"at": _at(begin, now)}, comment
    return "closed", _("Fermé"), comment


def _week(parsed, now: dt.datetime) -> list[DayHours]:
    """Monday to Sunday of the current week, each day's open intervals."""
    monday = (now - dt.timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    days = []
    for offset in range(7):
        start = monday + dt.timedelta(days=offset)
        # Build the next midnight from the date (DST days are 23 or 25 hours long).
        next_day = start.date() + dt.timedelta(days=1)
        end = dt.datetime.combine(next_day, dt.time(0, 0), tzinfo=_tz())
        ranges = []
        unknown = False
        for begin, finish, state, _comment in _intervals(parsed, start, end):
            if state == oh_lib.State.OPEN:
                if ranges and ranges[-1][1] == begin:
                    ranges[-1] = (ranges[-1][0], finish)
                else:
                    ranges.append((begin, finish))
            elif state == oh_lib.State.UNKNOWN:
                unknown = True
        if ranges:
            text = ", ".join(
                _("24 h sur 24") if (b.time() == dt.time(0) and f.time() == dt.time(0) and f > b)
                else f"{format_time(b)} – {_end_time(f)}"
                for b, f in ranges
            )
        elif unknown:
            text = _("À confirmer")
        else:
            text = _("Fermé")
        days.append(
            DayHours(
                label=DAY_NAMES[offset], date=start.date(), is_today=start.date() == now.date(),
                text=text, is_open=bool(ranges),
            )
        )
    return days


def describe(
    raw: str | None, now: dt.datetime | None = None, *, week: bool = True,
) -> OpeningSummary:
    """Everything a page shows about ``raw``; never raises."""
    raw = (raw or "").strip()
    if not raw:
        return OpeningSummary(raw="", valid=False)
    parsed = _parse(raw)
    if parsed is None:
        return OpeningSummary(raw=raw, valid=False)
    now = _now(now)
    try:
        state, text, comment = _status(parsed, now)
        days = _week(parsed, now) if week else []
    except Exception:  # noqa: BLE001 - an evaluation failure must not break the page
        return OpeningSummary(raw=raw, valid=False)
    return OpeningSummary(
        raw=raw, valid=True, state=state, status_text=text, comment=comment, week=days
    )


def status_text(raw: str | None, now: dt.datetime | None = None) -> str:
    """The one-line status for lists ("" when there are no usable hours)."""
    return describe(raw, now, week=False).status_text


# ---------------------------------------------------------------------------------------------
# The week grid of the listing form: up to two opening slots per day, Monday to Sunday.

OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
MAX_SLOTS = 2
# A week without public holiday nor DST change: the grid is read from this week.
_REFERENCE_MONDAY = dt.date(2025, 1, 13)
# A grid reading is accepted only when it gives the same intervals as the original over this span.
_CHECK_DAYS = 366

Slot = tuple[dt.time, dt.time]  # (start, end); an end of 00:00 means midnight at the day's end


def _hhmm(moment: dt.time, *, end: bool = False) -> str:
    if end and moment == dt.time(0):
        return "24:00"
    return moment.strftime("%H:%M")


def build(week: list[list[Slot]]) -> str:
    """The OSM string of a week grid, equal consecutive days folded into ranges.

    ``week`` holds seven lists (Monday first) of ``(start, end)`` slots; a day without slots is
    closed. ``[[(9h, 12h)]] * 5 + [[], []]`` gives "Mo-Fr 09:00-12:00".
    """
    texts = [
        ",".join(f"{_hhmm(start)}-{_hhmm(end, end=True)}" for start, end in sorted(day))
        for day in week
    ]
    groups: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        if text:
            groups.setdefault(text, []).append(index)
    rules = []
    for text, days in groups.items():
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        selector = ",".join(
            f"{OSM_DAYS[run[0]]}-{OSM_DAYS[run[-1]]}" if len(run) > 1 else OSM_DAYS[run[0]]
            for run in runs
        )
        rules.append((days[0], f"{selector} {text}"))
    return "; ".join(rule for _first, rule in sorted(rules))


def _all_intervals(parsed, start: dt.datetime, days: int):
    end = dt.datetime.combine(start.date() + dt.timedelta(days=days), dt.time(0), tzinfo=_tz())
    return [
        (begin, finish, str(state), comment)
        for begin, finish, state, comment in _intervals(parsed, start, end)
        if state != oh_lib.State.CLOSED or comment
    ]


def parse_week(raw: str | None) -> list[list[Slot]] | None:
    """The week grid of ``raw``, or None when the grid cannot show it exactly.

    The grid is read from the parser's intervals over a reference week, then rebuilt and
    compared with the original over a whole year: public holidays, weeks of the year, seasons,
    comments or "unknown" states make the comparison fail, and the form then keeps the string
    as typed. An empty string is an empty (all closed) grid.
    """
    raw = (raw or "").strip()
    if not raw:
        return [[] for _ in OSM_DAYS]
    parsed = _parse(raw)
    if parsed is None:
        return None
    monday = dt.datetime.combine(_REFERENCE_MONDAY, dt.time(0), tzinfo=_tz())
    week: list[list[Slot]] = [[] for _ in OSM_DAYS]
    try:
        for begin, finish, state, comment in _intervals(parsed, monday, monday + dt.timedelta(7)):
            if state == oh_lib.State.CLOSED and not comment:
                continue
            if state != oh_lib.State.OPEN or comment:
                return None
            # One slot per day: an interval over midnight is cut at each day's end.
            while begin < finish:
                midnight = dt.datetime.combine(
                    begin.date() + dt.timedelta(days=1), dt.time(0), tzinfo=_tz()
                )
                stop = min(finish, midnight)
                slots = week[(begin.date() - _REFERENCE_MONDAY).days]
                end = stop.time() if stop < midnight else dt.time(0)
                if slots and slots[-1][1] == begin.time() and begin.time() != dt.time(0):
                    slots[-1] = (slots[-1][0], end)
                else:
                    slots.append((begin.time(), end))
                begin = stop
        if any(len(slots) > MAX_SLOTS for slots in week):
            return None
        rebuilt = _parse(build(week)) if any(week) else None
        start = monday - dt.timedelta(days=_CHECK_DAYS // 2)
        original = _all_intervals(parsed, start, _CHECK_DAYS)
        again = _all_intervals(rebuilt, start, _CHECK_DAYS) if rebuilt is not None else []
    except Exception:  # noqa: BLE001 - an evaluation failure: keep the string as typed
        return None
    return week if original == again else None

"""Opening hours entered day by day: a widget and a field storing the OpenStreetMap syntax.

For each day, Monday to Sunday, "Fermé" or "Ouvert de … à …" with up to two slots (time
inputs, so a phone shows its time picker; a browser without one takes "9:00", "9h30", "14 h").
The field cleans to an ``opening_hours`` string ("Mo-Fr 09:00-12:00,14:00-17:30; Sa
09:00-12:00") built by :func:`assonum.directory.opening_hours.build`, and shows a stored string
back day by day with :func:`~assonum.directory.opening_hours.parse_week`. A stored string the grid
cannot show exactly (public holidays, weeks of the year, comments) is kept in an "advanced" text
input, shown only then. Plain HTML: no JavaScript needed.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .opening_hours import MAX_SLOTS, build, parse_week
from .rules import clean_opening_hours

DAYS = [
    ("lundi", _("Lundi")), ("mardi", _("Mardi")), ("mercredi", _("Mercredi")),
    ("jeudi", _("Jeudi")), ("vendredi", _("Vendredi")), ("samedi", _("Samedi")),
    ("dimanche", _("Dimanche")),
]
CLOSED, OPEN = "ferme", "ouvert"
SLOT_KEYS = [f"{edge}{n}" for n in range(1, MAX_SLOTS + 1) for edge in ("de", "a")]
DAY_KEYS = ["etat", *SLOT_KEYS]  # per day: state, then start/end of each slot
ADVANCED = "avance"
PER_DAY = len(DAY_KEYS)

_TIME_RE = re.compile(r"^(?P<h>\d{1,2})\s*(?:(?:[:hH.]|\s)\s*(?P<m>\d{2})?)?$")


def _suffixes() -> list[str]:
    return [f"{day}_{key}" for day, _label in DAYS for key in DAY_KEYS] + [ADVANCED]


def parse_time(text: str) -> dt.time | None:
    """ "09:00", "9:00", "9h", "9 h 30", "14h00" -> time; None when it is not a time."""
    match = _TIME_RE.match(text.strip())
    if not match:
        return None
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour == 24 and minute == 0:
        return dt.time(0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def _hhmm(moment: dt.time) -> str:
    return moment.strftime("%H:%M")


def decompress_hours(value: str | None) -> list[str]:
    """The widget's values for a stored string: per day state and times, then the advanced text."""
    value = (value or "").strip()
    week = parse_week(value)
    if week is None:
        return [""] * (len(DAYS) * PER_DAY) + [value]
    values: list[str] = []
    for slots in week:
        state = (OPEN if slots else CLOSED) if value else ""
        times = [""] * (MAX_SLOTS * 2)
        for index, (start, end) in enumerate(slots[:MAX_SLOTS]):
            times[2 * index], times[2 * index + 1] = _hhmm(start), _hhmm(end)
        values += [state, *times]
    return values + [""]


class OpeningHoursWidget(forms.MultiWidget):
    """One radio pair and two "de … à …" slots per day, plus the advanced text when needed."""

    template_name = "directory/widgets/opening_hours.html"
    use_fieldset = True

    def __init__(self, attrs=None):
        widgets = {}
        for day, _label in DAYS:
            widgets[f"{day}_etat"] = forms.RadioSelect(
                choices=[(CLOSED, _("Fermé")), (OPEN, _("Ouvert"))]
            )
            for key in SLOT_KEYS:
                widgets[f"{day}_{key}"] = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        widgets[ADVANCED] = forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"})
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return decompress_hours(value)

    def value_from_datadict(self, data, files, name):
        suffixes = _suffixes()
        if name in data and not any(f"{name}_{s}" in data for s in suffixes):
            # A single OSM string posted under the field's own name (scripts, older forms).
            return [""] * (len(suffixes) - 1) + [data.get(name, "")]
        return super().value_from_datadict(data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        base_id = context["widget"]["attrs"].get("id")
        for suffix, subwidget in zip(_suffixes(), subwidgets, strict=True):
            if base_id:
                subwidget["attrs"]["id"] = f"{base_id}_{suffix}"
        days = []
        for index, (day, label) in enumerate(DAYS):
            chunk = subwidgets[index * PER_DAY:(index + 1) * PER_DAY]
            state = chunk[0]
            chosen = (state["value"] or [""])[0] if isinstance(state["value"], list) else ""
            slots = [
                {"start": chunk[1 + 2 * n], "end": chunk[2 + 2 * n], "number": n + 1}
                for n in range(MAX_SLOTS)
            ]
            days.append({
                "key": day, "label": label, "name": state["name"], "id": state["attrs"]["id"],
                "choices": [
                    {"value": CLOSED, "label": _("Fermé"), "checked": chosen == CLOSED},
                    {"value": OPEN, "label": _("Ouvert"), "checked": chosen == OPEN},
                ],
                "slots": slots,
            })
        advanced = subwidgets[-1]
        context["widget"]["days"] = days
        context["widget"]["advanced"] = advanced
        context["widget"]["show_advanced"] = bool(advanced["value"])
        return context

    def id_for_label(self, id_):
        # The error summary links to Monday's "Fermé" choice, the grid's first control.
        return f"{id_}_{DAYS[0][0]}_etat_0" if id_ else id_


class OpeningHoursField(forms.MultiValueField):
    """Cleans the day grid (or the advanced text) to an OSM ``opening_hours`` string."""

    widget = OpeningHoursWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        fields = [forms.CharField(required=False) for _suffix in _suffixes()]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        if not isinstance(value, (list, tuple)):
            value = decompress_hours(value)
        value = [str(v or "").strip() for v in value]
        result = self.compress(value)
        self.validate(result)
        self.run_validators(result)
        return result

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def compress(self, data_list):
        if not data_list:
            return ""
        advanced = " ".join((data_list[-1] or "").split())
        week, errors = [], []
        typed_in_grid = False
        for index, (_day, label) in enumerate(DAYS):
            state, *times = data_list[index * PER_DAY:(index + 1) * PER_DAY]
            typed_in_grid |= any(times) or state == OPEN
            slots, day_errors = self._day(label, state, times)
            errors += day_errors
            week.append(slots)
        if advanced:
            if typed_in_grid:
                errors.append(ValidationError(
                    _("Remplissez soit la grille des jours, soit le champ des horaires "
                      "avancés, pas les deux (videz celui que vous n'utilisez pas)."),
                    code="hours_both"))
            else:
                try:
                    advanced = clean_opening_hours(advanced)
                except ValidationError as error:
                    errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return advanced or build(week)

    @staticmethod
    def _day(label, state, times):
        errors = []
        if state == CLOSED:
            if any(times):
                errors.append(ValidationError(
                    _("%(day)s : vous avez coché « Fermé » et indiqué des heures. Cochez "
                      "« Ouvert » ou effacez les heures."), code="hours_closed",
                    params={"day": label}))
            return [], errors
        if state == OPEN and not any(times):
            errors.append(ValidationError(
                _("%(day)s : indiquez l'heure d'ouverture et l'heure de fermeture "
                  "(par exemple de 09:00 à 12:00), ou cochez « Fermé »."),
                code="hours_missing", params={"day": label}))
            return [], errors
        slots = []
        for n in range(MAX_SLOTS):
            start_text, end_text = times[2 * n], times[2 * n + 1]
            if not start_text and not end_text:
                continue
            start, end = parse_time(start_text), parse_time(end_text)
            for text, moment in ((start_text, start), (end_text, end)):
                if text and moment is None:
                    errors.append(ValidationError(
                        _("%(day)s : « %(value)s » n'est pas une heure (exemple : 09:00)."),
                        code="hours_time", params={"day": label, "value": text}))
            if not start_text or not end_text:
                errors.append(ValidationError(
                    _("%(day)s : indiquez le début et la fin de chaque plage horaire."),
                    code="hours_incomplete", params={"day": label}))
                continue
            if start is None or end is None:
                continue
            if end != dt.time(0) and end <= start:
                errors.append(ValidationError(
                    _("%(day)s : la fin (%(end)s) doit venir après le début (%(start)s). "
                      "Pour minuit, indiquez 00:00."),
                    code="hours_order",
                    params={"day": label, "start": _hhmm(start), "end": _hhmm(end)}))
                continue
            if slots and (slots[-1][1] == dt.time(0) or start < slots[-1][1]):
                errors.append(ValidationError(
                    _("%(day)s : la deuxième plage doit commencer après la fin de la première."),
                    code="hours_overlap", params={"day": label}))
                continue
            slots.append((start, end))
        return slots, errors

    def has_changed(self, initial, data):
        initial_text = initial if isinstance(initial, str) else ""
        try:
            return self.clean(data) != (initial_text or "").strip()
        except ValidationError:
            return True

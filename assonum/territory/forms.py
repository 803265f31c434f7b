"""``CommuneField``: the commune input every form of the site reuses.

Accepts "Orléans", "Orléans (45)", "orleans 45000", an INSEE code ("45234") or a postal code
("37000"); cleans to a :class:`~assonum.territory.models.Commune` of the region. Use it in a
ModelForm for a ForeignKey to Commune::

    seat_commune = CommuneField(label=_("Commune du siège"))

and add ``{% load territory_tags %}{% commune_autocomplete_script %}`` to the page's ``extra_js``
block for the autocomplete (without JavaScript it stays a plain text field).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .models import Commune, normalize_name
from .reference import commune_code
from .widgets import CommuneInput

# "Orléans (45)", "Orléans (45000)", "Orléans 45000", "45000 Orléans"
_TRAILING_CODE_RE = re.compile(r"^(?P<name>.*?)[\s,]*\(?\s*(?P<code>\d[\dAB]|\d{5})\s*\)?$")
_LEADING_CODE_RE = re.compile(r"^(?P<code>\d{5})[\s,]+(?P<name>\D.*)$")
_CODE_RE = re.compile(r"^(\d[\dAB]\d{3})$")


def resolve_commune(value: str, queryset=None, *, postal_code_area: bool = False) -> Commune:
    """The single commune of ``queryset`` that ``value`` designates, else ValidationError.

    With ``postal_code_area``, a postal code shared by several communes ("18100": Vierzon,
    Méry-sur-Cher, Thénioux) designates the area, found around its most populous commune: right
    for a "near" search, not for an address.
    """
    qs = queryset if queryset is not None else Commune.objects.in_region()
    qs = qs.select_related("department")
    text = " ".join((value or "").split())
    if not text:
        raise ValidationError(_("Indiquez une commune."), code="required")

    if _CODE_RE.match(text.upper()):
        # A postal code or an INSEE code; "36120" is both (Ardentes... and Mers-sur-Indre): ask.
        code = text.upper()
        # An arrondissement's INSEE code (69383) designates its city (Lyon, 69123).
        matches = qs.filter(
            Q(postal_codes_search__contains=f" {code} ") | Q(code=commune_code(code))
        )
        if postal_code_area and not qs.filter(code=commune_code(code)).exists():
            largest = matches.order_by(F("population").desc(nulls_last=True), "name").first()
            if largest is not None:
                return largest
        return _single(list(matches.order_by("name", "code")[:11]), text)

    name, code = text, ""
    match = _LEADING_CODE_RE.match(text) or _TRAILING_CODE_RE.match(text)
    if match and match.group("name").strip():
        name, code = match.group("name").strip(), match.group("code").upper()
    norm = normalize_name(name)
    if not norm:
        raise _not_found(text)
    candidates = qs.filter(search_name=norm)
    if len(code) == 5:
        candidates = candidates.filter(postal_codes_search__contains=f" {code} ")
    elif code:
        candidates = candidates.filter(department_id=code)
    return _single(list(candidates[:11]), text)


def _single(candidates: list, text: str) -> Commune:
    if not candidates:
        raise _not_found(text)
    if len(candidates) > 1:
        choices = ", ".join(c.label for c in candidates[:10])
        raise ValidationError(
            _(
                "Plusieurs communes correspondent à « %(value)s » : %(choices)s. Ajoutez le numéro "
                "du département entre parenthèses, par exemple « %(example)s », ou le code postal."
            ),
            code="ambiguous",
            params={"value": text, "choices": choices, "example": candidates[0].label},
        )
    return candidates[0]


def _not_found(text: str) -> ValidationError:
    return ValidationError(
        _("Aucune commune ne correspond à « %(value)s » dans la région."),
        code="not_found",
        params={"value": text},
    )


class CommuneField(forms.CharField):
    widget = CommuneInput
    default_error_messages = {"required": _("Indiquez une commune.")}

    def __init__(self, *, queryset=None, postal_code_area=False, **kwargs):
        self.queryset = queryset
        self.postal_code_area = postal_code_area
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text",
            _("Nom de la commune, code postal ou code INSEE, par exemple « Orléans (45) »."),
        )
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.queryset if self.queryset is not None else Commune.objects.in_region()

    def prepare_value(self, value):
        """Commune (or its INSEE code, as a ModelForm gives it) -> "Orléans (45)"; text as typed."""
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, str) and _CODE_RE.match(value):
            commune = self.get_queryset().filter(code=commune_code(value)).first()
            if commune is not None:
                return commune.label
        return value

    def to_python(self, value):
        if isinstance(value, Commune):
            return value
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        return resolve_commune(text, self.get_queryset(), postal_code_area=self.postal_code_area)

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        # The CharField validators (max_length) apply to the text, checked in to_python.
        return

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_label = self.prepare_value(initial) or ""
        return initial_label != (data or "").strip()

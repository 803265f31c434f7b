"""Validators for text people type: names on one line, no hidden direction tricks.

- :func:`validate_single_line`: refuses CR, LF and other control characters in a name (a name
  ends up in email subjects and headers, where a line break splits the header);
- :func:`validate_no_bidi_control`: refuses the Unicode bidirectional embedding, override and
  isolate characters (U+202A–U+202E, U+2066–U+2069), which make a name display differently
  from what it is ("Trojan Source");
- :data:`NAME_VALIDATORS`: both, for every name field;
- :func:`single_line`: what to put in an email header from a stored value (defence in depth for
  values saved before the validators existed).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_LINE_BREAKS = re.compile(r"[\r\n\u0085\u2028\u2029]+")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc"


def validate_single_line(value: str) -> None:
    if value and any(_is_control(c) or c in "\u0085\u2028\u2029" for c in value):
        raise ValidationError(
            _("Écrivez ce nom sur une seule ligne, sans retour à la ligne ni tabulation."),
            code="multiline")


def validate_no_bidi_control(value: str) -> None:
    if value and any(c in BIDI_CONTROLS for c in value):
        raise ValidationError(
            _("Ce texte contient des caractères invisibles qui inversent le sens d'écriture ; "
              "retirez-les (recopiez le texte à la main si besoin)."),
            code="bidi")


def validate_no_bidi_control_text(value: str) -> None:
    """For multi-line free text: line breaks allowed, direction overrides not."""
    validate_no_bidi_control(value)


NAME_VALIDATORS = [validate_single_line, validate_no_bidi_control]


def single_line(value) -> str:
    """``value`` as one line of text without direction controls (for email headers)."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = "".join(c for c in text if c not in BIDI_CONTROLS and not _is_control(c))
    return " ".join(text.split())

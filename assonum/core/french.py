"""Small rules of written French the templates and emails need.

``of_name("Issoudun")`` → "d'Issoudun", ``of_name("Le Blanc")`` → "du Blanc",
``of_name("Les Randonneurs")`` → "des Randonneurs", ``of_name("La Châtre")`` → "de La Châtre":
the preposition "de" before a name, elided before a vowel and contracted with "le" and "les"
(which then lose their capital: the article is no longer at the start of the name).
"""

import unicodedata

# Words starting with an "h" that elide ("l'homme"): too many exceptions to guess, so "de" stays
# before any "h" ("de Huisseau-sur-Cosson", a real commune, is right).
_VOWELS = set("aeiouyAEIOUY")


def _starts_with_vowel(text: str) -> bool:
    first = unicodedata.normalize("NFD", text[:1])[:1]
    return first in _VOWELS


def of_name(name) -> str:
    """``de`` + name, as French writes it."""
    text = str(name or "").strip()
    if not text:
        return ""
    lower = text.lower()
    if lower.startswith("les "):
        return "des " + text[4:]
    if lower.startswith("le "):
        return "du " + text[3:]
    if _starts_with_vowel(text) and not lower.startswith(("l'", "l’")):
        return "d'" + text
    return "de " + text


def time_text(value) -> str:
    """A time of day as French writes it: "17 h 30", "9 h" (no-break spaces, local time)."""
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if value.minute:
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
    return f"{value.hour}\u00a0h"


def datetime_text(value, date_format: str = "l j F Y") -> str:
    """"mardi 3 mars 2026, 17 h 30": the date in ``date_format``, then the time."""
    from django.utils import formats, timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{formats.date_format(value, date_format)}, {time_text(value)}"

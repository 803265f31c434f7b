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

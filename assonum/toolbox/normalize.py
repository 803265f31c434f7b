"""Accent-free, crudely stemmed French words for search.

PostgreSQL does French stemming and accent folding itself (the ``french_unaccent`` text-search
configuration). SQLite's full-text index does neither stemming nor stop words, so the toolbox pages
index an extra field made by :func:`search_stems`, and the search view runs the same function on
the visitor's words before asking SQLite. The stemmer only needs to be consistent, not correct.
"""

import re
import unicodedata

STOP_WORDS = frozenset(
    "a au aux avec ce ces d dans de des du elle en et il je l la le les leur lui ma mais me meme "
    "mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te tes "
    "toi ton tu un une vos votre vous y c est sont".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).replace("œ", "oe").replace("æ", "ae")


def stem(word: str) -> str:
    """A crude French light stemmer: plural marks, then a final mute e."""
    if len(word) > 3 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    text = re.sub(r"<[^>]*>", " ", text or "")
    return [w for w in _WORD.findall(strip_accents(text.lower())) if w not in STOP_WORDS]


def search_stems(text: str) -> str:
    """The stems of every meaningful word of ``text``, each once, space-separated."""
    seen = dict.fromkeys(stem(w) for w in words(text))
    return " ".join(seen)

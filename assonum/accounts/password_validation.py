"""Password validator: no password built on the site's or the region's name.

Django's ``CommonPasswordValidator`` (20,000 common passwords) does not know "assonum2026" nor
"centrevaldeloire45": guessers try the name of the site first. This validator removes every
word of the site name (``WAGTAIL_SITE_NAME``), of the region's name and of ``extra_words``
from the password (case and accents ignored) and refuses it when what remains is too short to
protect the account on its own (``min_remaining`` characters, default 8).
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_WORDS = ("assonum",)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _region_name() -> str:
    try:
        from assonum.territory.models import Region

        return Region.objects.filter(code=settings.REGION_CODE).values_list(
            "name", flat=True).first() or ""
    except Exception:  # territory not loaded, no database yet: the site name still counts
        return ""


class SiteNamePasswordValidator:
    def __init__(self, min_remaining: int = 8, extra_words=()):
        self.min_remaining = min_remaining
        self.extra_words = tuple(extra_words)

    def words(self) -> list[str]:
        text = " ".join([getattr(settings, "WAGTAIL_SITE_NAME", ""), _region_name(),
                         *DEFAULT_WORDS, *self.extra_words])
        found = {w for w in re.split(r"[^a-z0-9]+", _fold(text)) if len(w) >= 4}
        return sorted(found, key=len, reverse=True)

    def validate(self, password, user=None):
        folded = _fold(password)
        remaining = folded
        used = False
        for word in self.words():
            if word in remaining:
                remaining = remaining.replace(word, "")
                used = True
        remaining = re.sub(r"[^a-z0-9]+", "", remaining)
        if used and (len(remaining) < self.min_remaining or remaining.isdigit()):
            raise ValidationError(
                _("Ce mot de passe repose sur le nom du site ou de la région, que l'on essaie "
                  "en premier : choisissez-en un autre, par exemple trois ou quatre mots sans "
                  "rapport entre eux."),
                code="password_site_name")

    def get_help_text(self):
        return _("Votre mot de passe ne peut pas reposer sur le nom du site ou de la région.")

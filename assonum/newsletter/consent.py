"""The consent sentences readers agree to when subscribing, and their versions.

The full form (``/lettre/``) and the compact footer form show different sentences; each
subscriber's record keeps the version and the exact text they accepted. Change the version
whenever a wording changes.
"""

from django.utils.translation import gettext_lazy as _

CONSENT_WORDING_VERSION = "2025-01"
CONSENT_TEXT = _(
    "J'accepte de recevoir la lettre d'information d'AssoNum à cette adresse. Je peux me "
    "désabonner à tout moment par le lien présent dans chaque lettre. Mon adresse n'est "
    "utilisée que pour cette lettre et n'est jamais transmise à d'autres."
)
CONSENT_TEXT_SHORT = _(
    "J'accepte de recevoir la lettre à cette adresse. Désabonnement en un clic dans chaque lettre."
)

# wording key (sent by the form) -> (version, text)
WORDINGS = {
    "full": (f"{CONSENT_WORDING_VERSION}-full", CONSENT_TEXT),
    "short": (f"{CONSENT_WORDING_VERSION}-short", CONSENT_TEXT_SHORT),
}

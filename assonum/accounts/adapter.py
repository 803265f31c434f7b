"""allauth adapter: failed-login counting per (account, client address), failing closed."""

import logging
import secrets

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


def cache_is_working() -> bool:
    """Whether the shared cache stores and returns a value right now.

    With Redis down the cache ignores its errors (``IGNORE_EXCEPTIONS``: the site keeps
    serving), so a rate limit would silently count nothing; this round trip tells.
    """
    key, value = f"assonum:probe:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:  # noqa: BLE001 - any cache failure means "not working"
        logger.exception("cache probe failed")
        return False
    return ok


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth counts failed logins per "key" (the address typed); we add the client's
        address, so that failures from one address never lock the account out for its owner
        elsewhere. The per-address limit (``ACCOUNT_RATE_LIMITS["login_failed"]``) still stops
        one client trying many accounts.
        """
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}@{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        """Logins fail closed when the cache that counts failed attempts is down: without it,
        password guessing would be unlimited. Every other page keeps working."""
        if not cache_is_working():
            logger.error("login refused: the rate-limit cache is unavailable")
            raise forms.ValidationError(
                _("La connexion est momentanément indisponible. Réessayez dans quelques "
                  "minutes."), code="rate_limit_cache_unavailable")
        return super().pre_authenticate(request, **credentials)

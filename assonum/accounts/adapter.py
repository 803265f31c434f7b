"""allauth adapter: failed-login counting per (account, client address), failing closed; the
site's name and address in account emails, which have a text and an HTML part."""

import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
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


@dataclass(frozen=True)
class EmailSite:
    """What allauth's templates read as ``current_site``: the name people know the platform
    by and the host of SITE_URL (not the host a request happened to use)."""

    name: str
    domain: str


def email_site() -> EmailSite:
    return EmailSite(name=settings.SITE_SHORT_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {"site_url": settings.SITE_URL, **context, "current_site": email_site()}
        return super().send_mail(template_prefix, email, context)

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's message, plus the HTML part (the text laid out in the shared email
        layout when no ``_message.html`` template exists) and a Reply-To to the network."""
        from assonum.core.emails import contact_address, text_as_html, wrap_html

        message = super().render_mail(template_prefix, email, context, headers=headers)
        if isinstance(message, EmailMultiAlternatives) and not message.alternatives:
            message.attach_alternative(
                wrap_html(text_as_html(message.body), subject=message.subject), "text/html")
        contact = contact_address()
        if contact and not message.reply_to:
            message.reply_to = [contact]
        return message

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

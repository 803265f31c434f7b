"""Demo accounts: one staff member who can log in to the back office (idempotent).

Staff must use two-factor authentication: the demo staff account gets an authenticator with a
fixed, public secret (demo only!), so that ``python manage.py demo_totp`` (``make totp``) can
print the current 6-digit code.
"""

import time

from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth import get_user_model

STAFF_EMAIL = "equipe@assonum.localhost"
STAFF_PASSWORD = "demo-assonum-2026"
# A fixed base32 secret, for the demo account only (it is public: never use it elsewhere).
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPASSONUMDEMOCVLQQ"


def demo_user(email, *, first_name="", last_name="", password=STAFF_PASSWORD, **extra):
    """Create (once) a user with a verified primary email address."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name, **extra})
    if created:
        user.set_password(password)
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def current_totp_code() -> str | None:
    User = get_user_model()
    user = User.objects.filter(email=STAFF_EMAIL).first()
    if user is None or not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP).exists():
        return None
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))


def load(stdout=None) -> list[str]:
    user = demo_user(STAFF_EMAIL, first_name="Camille", last_name="Équipe", is_staff=True,
                     is_superuser=True)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return [
        f"Équipe (back office /admin/) : {STAFF_EMAIL} / {STAFF_PASSWORD}",
        "  code 2FA : make totp",
    ]

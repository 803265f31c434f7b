"""Two-factor authentication is required before any page of the back office.

Everyone who may use the back office (``assonum.core.perms.may_use_back_office``: Wagtail's
``access_admin`` permission or a superuser, whether or not ``is_staff`` is set) is gated.
"""

from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from assonum.core.perms import may_use_back_office, session_passed_mfa

__all__ = ["StaffTwoFactorMiddleware", "has_totp", "session_passed_mfa"]


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoFactorMiddleware:
    """Before any ``/admin/`` page:

    - ``/admin/login/`` sends to the site's login (allauth, with its 2FA step), so that
      Wagtail's own login form can never bypass the second factor;
    - anyone who may use the back office without an authenticator app is sent to set one up;
    - anyone who may use the back office whose session did not pass the second factor is
      asked for a code.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = settings.ADMIN_URL_PREFIX

    def __call__(self, request):
        path = request.path_info
        if path.startswith(self.prefix):
            response = self.check(request, path)
            if response is not None:
                return response
        return self.get_response(request)

    def check(self, request, path):
        rest = path[len(self.prefix):]
        if rest.startswith("login"):
            next_url = request.GET.get("next") or self.prefix
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        if rest.startswith("logout"):
            return None
        user = getattr(request, "user", None)
        if not may_use_back_office(user):
            return None
        if not has_totp(user):
            messages.warning(request, _(
                "L'accès à l'espace d'administration demande la double authentification. "
                "Activez-la avec une application d'authentification (par exemple FreeOTP ou "
                "Aegis), puis revenez."))
            return redirect(reverse("mfa_activate_totp"))
        if not session_passed_mfa(request):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None

"""Two-factor authentication is required for staff before any page of the back office."""

from urllib.parse import urlencode

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def session_passed_mfa(request) -> bool:
    """Did this session prove a second factor (at login or since)?"""
    methods = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(m.get("method") == "mfa" for m in methods)


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoFactorMiddleware:
    """Before any ``/admin/`` page:

    - ``/admin/login/`` sends to the site's login (allauth, with its 2FA step), so that
      Wagtail's own login form can never bypass the second factor;
    - a staff member without an authenticator app is sent to set one up;
    - a staff member whose session did not pass the second factor is asked for a code.
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
        if user is None or not user.is_authenticated or not user.is_staff:
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

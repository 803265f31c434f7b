"""Who "acts as staff": the one answer every app asks before granting a staff power.

A person acts as staff when they **may use the back office** (Wagtail's
``wagtailadmin.access_admin`` permission, through a group, or a superuser; ``is_staff`` alone
means nothing to Wagtail and is not enough) **and** the current session passed the second
factor. The 2FA middleware (``assonum.accounts.middleware``) sends anyone who may use the back
office to the second-factor step before any ``/admin/`` page; outside ``/admin/``, the perms
functions of the apps (directory moderation, organisations, stories, newsletter...) grant
staff powers only through :func:`acts_as_staff` / :func:`user_acts_as_staff`, so that a
password alone never opens them.

Perms functions receive a user, not a request: :class:`StaffSessionMiddleware` records on
``request.user`` whether the session passed the second factor (like django-otp's
``is_verified()``), and :func:`user_acts_as_staff` reads it. A user object that did not come
from a request (a task, the shell) never acts as staff.
"""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.utils.functional import SimpleLazyObject, empty

BACK_OFFICE_PERMISSION = "wagtailadmin.access_admin"
PASSED_MFA_ATTRIBUTE = "session_passed_mfa"


def session_passed_mfa(request) -> bool:
    """Did this session prove a second factor (at login or since)?"""
    session = getattr(request, "session", None)
    if session is None:
        return False
    methods = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(isinstance(m, dict) and m.get("method") == "mfa" for m in methods)


def may_use_back_office(user) -> bool:
    """May ``user`` open Wagtail's back office at all (before the second factor)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_superuser or user.has_perm(BACK_OFFICE_PERMISSION))


def acts_as_staff(request) -> bool:
    """May use the back office AND this session passed the second factor."""
    return may_use_back_office(getattr(request, "user", None)) and session_passed_mfa(request)


def user_acts_as_staff(user) -> bool:
    """:func:`acts_as_staff` for a user that came from a request (see the module docstring)."""
    return bool(getattr(user, PASSED_MFA_ATTRIBUTE, False)) and may_use_back_office(user)


def mark_session_mfa(user, request):
    """Record on ``user`` whether ``request``'s session passed the second factor."""
    if user is not None and user.is_authenticated:
        setattr(user, PASSED_MFA_ATTRIBUTE, session_passed_mfa(request))
    return user


class StaffSessionMiddleware:
    """After ``AuthenticationMiddleware``: ``request.user`` knows if the session passed 2FA."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None:
            request.user = SimpleLazyObject(lambda: mark_session_mfa(_unwrap(user), request))
        return self.get_response(request)


def _unwrap(user):
    if isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        return user._wrapped
    return user

"""The one staff rule: "acting as staff" = may use the back office AND passed the second factor.

Every perms function that grants a power because the user is staff calls :func:`acts_as_staff`
with the request (the second factor is a property of the session, not of the user).
"""

from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY


def may_use_back_office(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or user.has_perm("wagtailadmin.access_admin")


def session_passed_mfa(request) -> bool:
    """Did this session prove a second factor (at login or since)?"""
    methods = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    return any(m.get("method") == "mfa" for m in methods)


def acts_as_staff(request) -> bool:
    user = getattr(request, "user", None)
    return may_use_back_office(user) and session_passed_mfa(request)

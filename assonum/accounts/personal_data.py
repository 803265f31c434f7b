"""What the accounts app holds about a person: the account, its email addresses, its 2FA."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator


def export(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "is_staff": user.is_staff,
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        # The kinds of second factor set up, never their secrets.
        "two_factor": [
            {"type": a.type, "created_at": a.created_at.isoformat(),
             "last_used_at": a.last_used_at.isoformat() if a.last_used_at else None}
            for a in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(user) -> None:
    """Delete the account (called last): email addresses and authenticators go with it.

    Sessions in other browsers end by themselves: their user no longer exists.
    """
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.delete()

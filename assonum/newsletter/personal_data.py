"""Personal-data hooks (see assonum.core.plugins.PersonalData).

The newsletter subscription of the user's email address.
"""

from . import services


def export(user) -> dict:
    subscription = services.export_subscription(user.email)
    return {"newsletter_subscription": subscription} if subscription else {}


def erase(user) -> None:
    services.erase_subscription(user.email)

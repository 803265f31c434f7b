"""What an app's ``Plugin(private_urls="tests.<app>.private_urls.build")`` function returns.

``build()`` creates the objects it needs (in the test database) and returns a list of
:class:`PrivateURL`: a page that only ``allowed`` may see. ``tests/core/test_private_urls.py``
walks every declared URL as an anonymous visitor, another user, a member of another
organisation and a non-staff user who passed the second factor (each refused), then as the
allowed user (200).
"""

from dataclasses import dataclass


@dataclass
class PrivateURL:
    url: str
    allowed: object  # the user who may see the page
    mfa: bool = False  # the allowed user's session must have passed the second factor

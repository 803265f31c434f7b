"""Test-suite wide fixtures: no outbound network, and shared helpers."""

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded(real):
    def connect(self, address, *args, **kwargs):
        if not _is_local(address):
            raise OSError(f"Outbound network access is blocked in tests (tried {address!r}).")
        return real(self, address, *args, **kwargs)

    return connect


def pytest_configure(config):
    socket.socket.connect = _guarded(_real_connect)
    socket.socket.connect_ex = _guarded(_real_connect_ex)


@pytest.fixture
def demo_site(db):
    """The site shell of the demo: home page and footer pages (fast: no territory load)."""
    from assonum.core import demo

    demo.load()
    from assonum.core.models import HomePage

    return HomePage.objects.get()


# --- Signing in as staff ----------------------------------------------------------------------
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def login_with_mfa(client, user, *, totp=True):
    """Sign ``user`` in on ``client`` as a session that passed the second factor.

    With ``totp`` the user also gets an authenticator app (the back office requires one).
    Returns the client.
    """
    from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    if totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, TOTP_SECRET)
    client.force_login(user)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": 0}]
    session.save()
    return client


@pytest.fixture
def mfa_login():
    """The helper :func:`login_with_mfa`, as a fixture."""
    return login_with_mfa


@pytest.fixture
def staff_client(client, django_user_model):
    """A superuser signed in with the second factor; the user is ``staff_client.staff``."""
    user = django_user_model.objects.create_superuser(
        email="equipe@example.org", password="x-Secret-Orleans-42")
    login_with_mfa(client, user)
    client.staff = user
    return client

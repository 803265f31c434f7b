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

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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database rolls back, the cache would not
    (the site-wide parts and the pages it keeps would name rows of an earlier test)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo_site(db):
    """The site shell of the demo: home page and footer pages (fast: no territory load)."""
    from assonum.core import demo

    demo.load()
    from assonum.core.models import HomePage

    return HomePage.objects.get()


# --- Shared fixtures: a real SMTP server, real concurrent connections ------------------------

from tests.smtp import smtp_server, smtp_settings  # noqa: E402,F401 - fixtures for every app


@pytest.fixture
def run_concurrently(transactional_db):
    """Run callables at the same instant on real, separate database connections.

    ``run_concurrently(fn, n=50)`` starts ``n`` threads; each opens its own connection, waits
    on a barrier so that all start together, calls ``fn(i)`` and closes its connection. Returns
    the list of ``(result, exception)`` per thread, in order. Use it on PostgreSQL (mark the
    test ``@pytest.mark.postgres``) to prove that "the last unit", "the last seat" or "two
    moderators" end with one winner; on SQLite it still runs (writers queue on the lock).
    """
    import threading

    from django.db import connections

    def run(function, n=10, timeout=60):
        barrier = threading.Barrier(n)
        results = [None] * n

        def worker(index):
            try:
                barrier.wait(timeout=timeout)
                results[index] = (function(index), None)
            except Exception as error:  # noqa: BLE001 - returned to the test
                results[index] = (None, error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
        assert not any(t.is_alive() for t in threads), "a concurrent worker did not finish"
        return results

    return run


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.postgres`` tests need PostgreSQL: on SQLite they are deselected loudly."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    kept = [item for item in items if item.get_closest_marker("postgres") is None]
    dropped = len(items) - len(kept)
    if dropped:
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept
        print(f"\n{dropped} PostgreSQL-only test(s) deselected (DATABASE_URL is not PostgreSQL)")


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

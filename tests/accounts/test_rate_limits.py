"""M3 (issue 17): rate limits in the shared cache, per client address behind the proxy, and a
lock-out that cannot be turned against someone else's account."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/compte/login/"


@pytest.fixture
def behind_one_proxy(settings):
    """The documented deployment: one reverse proxy, every request comes from 127.0.0.1."""
    settings.TRUSTED_PROXY_COUNT = settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def visitor(address):
    return Client(HTTP_X_FORWARDED_FOR=address, REMOTE_ADDR="127.0.0.1")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_an_attacker_cannot_lock_the_owner_out_of_their_account(behind_one_proxy):
    UserFactory(email="claire.martin@exemple.org")
    attacker = visitor("203.0.113.5")
    for _ in range(6):
        response = attacker.post(LOGIN, {"login": "claire.martin@exemple.org", "password": "faux"})
        assert response.status_code == 200
    # The attacker is now refused even with the right password...
    attacker.post(LOGIN, {"login": "claire.martin@exemple.org", "password": PASSWORD})
    assert not signed_in(attacker)
    # ... but Claire, from her own address (through the same proxy), signs in.
    owner = visitor("198.51.100.7")
    response = owner.post(LOGIN, {"login": "claire.martin@exemple.org", "password": PASSWORD})
    assert response.status_code == 302 and signed_in(owner)


def test_one_address_trying_many_accounts_is_stopped_without_blocking_the_others(
        behind_one_proxy):
    for n in range(31):
        UserFactory(email=f"membre{n}@exemple.org")
    attacker = visitor("203.0.113.9")
    for n in range(30):
        attacker.post(LOGIN, {"login": f"membre{n}@exemple.org", "password": "faux"})
    attacker.post(LOGIN, {"login": "membre30@exemple.org", "password": PASSWORD})
    assert not signed_in(attacker)  # 30 failures from this address: it waits
    someone = visitor("198.51.100.20")  # everybody else behind the proxy is unaffected
    someone.post(LOGIN, {"login": "membre30@exemple.org", "password": PASSWORD})
    assert signed_in(someone)


def test_forwarded_for_is_ignored_without_a_trusted_proxy(settings):
    """TRUSTED_PROXY_COUNT=0 (default): a forged X-Forwarded-For does not reset the count."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    UserFactory(email="paul.durand@exemple.org")
    for n in range(6):
        visitor(f"192.0.2.{n}").post(LOGIN, {"login": "paul.durand@exemple.org",
                                             "password": "faux"})
    client = visitor("192.0.2.200")
    client.post(LOGIN, {"login": "paul.durand@exemple.org", "password": PASSWORD})
    assert not signed_in(client)


def test_production_counts_in_a_cache_shared_by_every_web_process(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", SECRET_KEY="x" * 60,
               REDIS_URL="",  # set and empty: a local .env cannot bring Redis back
               VAR_DIR=str(tmp_path), TRUSTED_PROXY_COUNT="2")
    code = ("from django.conf import settings as s; "
            "print(s.CACHES['default']['BACKEND'], s.ALLAUTH_TRUSTED_PROXY_COUNT)")
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    backend, proxies = result.stdout.strip().splitlines()[-1].split()
    assert backend == "django.core.cache.backends.db.DatabaseCache" and proxies == "2"


def test_the_database_cache_counts_across_processes(settings, django_db_blocker):
    """Two "workers" (two cache connections) see one counter: what gunicorn's workers share."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {
        **settings.CACHES,
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LOCATION": "assonum_cache_test"},
    }
    call_command("createcachetable", "assonum_cache_test", verbosity=0)
    first, second = caches.create_connection("shared"), caches.create_connection("shared")
    first.set("login_failed:claire", [1, 2, 3], 300)
    assert second.get("login_failed:claire") == [1, 2, 3]

"""Issue 17 §3: Redis down. A real ``redis-server`` of our own (free port), killed mid-test.

The site keeps serving (cache errors ignored: ``REDIS_CACHE_OPTIONS``), the newsletter form
still sends its confirmation (its anti-flood limit fails open), sign-up and password reset still
work (their rate limits fail open: ``assonum.core.cache_backends``), and logins fail closed with
a French message (without the cache, failed attempts would not be counted). Redis back: logins
work again, without restarting anything.
"""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core import mail

from tests.reliability.conftest import free_port

pytestmark = pytest.mark.django_db
# Needs Debian's redis-server and redis-cli (apt-get install redis-server): no skip.
assert shutil.which("redis-server"), "redis-server is not installed (apt-get install redis-server)"

PASSWORD = "Loire-Cher-Velo-2026!"


def start_redis(port: int, workdir) -> subprocess.Popen:
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True,
                         text=True).stdout.strip() != "PONG":
        assert server.poll() is None and time.monotonic() < deadline, "redis did not start"
        time.sleep(0.1)
    return server


@pytest.fixture
def redis_cache(settings, tmp_path):
    port = free_port()
    server = start_redis(port, tmp_path)
    settings.CACHES = {"default": {
        "BACKEND": "assonum.core.cache_backends.RedisCache",  # as config/settings.py sets it
        "LOCATION": f"redis://127.0.0.1:{port}/0",
        "KEY_PREFIX": "assonum-test",
        "OPTIONS": django_settings.REDIS_CACHE_OPTIONS,
    }}
    state = {"server": server}

    def kill():
        state["server"].kill()
        state["server"].wait(timeout=10)

    def restart():
        state["server"] = start_redis(port, tmp_path)

    yield kill, restart
    if state["server"].poll() is None:
        state["server"].kill()
        state["server"].wait(timeout=10)


@pytest.fixture
def member(django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(email="claire.martin@example.org",
                                                 password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, password=PASSWORD):
    return client.post("/compte/login/", {"login": "claire.martin@example.org",
                                          "password": password})


def test_redis_down_site_serves_logins_fail_closed_then_recover(
        redis_cache, demo_site, member, client, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    kill, restart = redis_cache
    cache.set("probe", "ok")
    assert cache.get("probe") == "ok"  # really Redis
    assert log_in(client).status_code == 302
    client.logout()

    kill()
    assert cache.get("probe") is None  # errors ignored, not raised
    assert client.get("/healthz").status_code == 503  # monitoring is told
    for path in ("/", "/annuaire/", "/healthz?scope=web"):  # the load balancer keeps serving
        started = time.monotonic()
        assert client.get(path).status_code == 200, path
        assert time.monotonic() - started < 10, f"{path} hung on the dead cache"

    # The newsletter form still works and its confirmation email is sent.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/lettre/", {"email": "lea.dubois@example.org",
                                            "consent": "on"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["lea.dubois@example.org"]]

    # Sign-up and password reset still work: their rate limits fail open.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/signup/", {
            "email": "nouvelle.benevole@example.org", "password1": "Brenne-Etangs-36300!",
            "password2": "Brenne-Etangs-36300!"})
    assert response.status_code == 302, response.status_code
    assert get_user_model().objects.filter(email="nouvelle.benevole@example.org").exists()
    client.logout()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/compte/password/reset/", {"email": member.email})
    assert response.status_code == 302, response.status_code
    assert [m.to for m in mail.outbox] == [[member.email]]

    # Logins fail closed: even the right password is refused, no session, with a French
    # message from the adapter (assonum.accounts.adapter), not a bare 429.
    for password in (PASSWORD, "wrong-password-123"):
        response = log_in(client, password)
        assert response.status_code == 200
        assert "La connexion est momentanément indisponible" in response.content.decode()
        assert "_auth_user_id" not in client.session

    restart()
    assert log_in(client).status_code == 302
    assert int(client.session["_auth_user_id"]) == member.pk


def test_failed_logins_still_limited_with_redis_up(redis_cache, member, client):
    """The fail-closed probe does not replace the limit: with Redis up, 5 failures lock out."""
    for _ in range(5):
        assert log_in(client, "wrong-password-123").status_code == 200
    response = log_in(client)  # the right password, but too many failures
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)

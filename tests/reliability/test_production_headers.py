"""Issue 17 §5: the HTTP Observatory header set, on public pages, with the production settings.

The security settings are read from ``config.settings`` imported as in production (a fresh
interpreter: DEBUG off, not testing, TLS behind a proxy), then applied to the test server, so
a change of the production block is what is tested. The TLS proxy is simulated by
``X-Forwarded-Proto: https`` (``SECURE_PROXY_SSL_HEADER``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db

KEYS = ["SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY", "X_FRAME_OPTIONS", "MIDDLEWARE", "DEBUG"]
# CONTENT_SECURITY_POLICY does not depend on DEBUG: the test process's own value is the
# production one.
PUBLIC_PAGES = ["/", "/annuaire/", "/lettre/", "/recherche/?q=sondage", "/compte/login/"]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


@pytest.fixture(scope="module")
def production_values():
    env = {k: v for k, v in os.environ.items()
           if k not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_COOKIES",
                        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"}}
    env.update(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="assonum.example.org",
               SITE_URL="https://assonum.example.org")
    code = ("import json, config.settings as s; "
            f"print(json.dumps({{k: getattr(s, k, None) for k in {KEYS!r}}}, default=str))")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          check=True, timeout=120)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    values = dict(production_values)
    assert values.pop("DEBUG") is False
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    for key, value in values.items():
        setattr(settings, key, value)
    return values


def directives(csp: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.split()}


def test_production_settings_are_the_deployed_ones(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31536000


def test_plain_http_is_redirected_to_https(production, client, demo_site):
    response = client.get("/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_observatory_headers_on_public_pages(production, client, demo_site, path):
    response = client.get(path, **HTTPS)
    assert response.status_code == 200, path
    csp = directives(response.get("Content-Security-Policy", ""))
    assert csp, "no Content-Security-Policy"
    for name in ("default-src", "script-src", "style-src"):
        assert "'unsafe-inline'" not in csp.get(name, []), (name, csp.get(name))
        assert "'unsafe-eval'" not in csp.get(name, []), (name, csp.get(name))
    # Scripts from the site's own files only (no nonce: public pages can be cached).
    assert csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] in (["'none'"], ["'self'"])
    assert csp["frame-ancestors"] == ["'none'"]

    max_age = re.search(r"max-age=(\d+)", response.get("Strict-Transport-Security", ""))
    assert max_age and int(max_age.group(1)) >= 31536000
    # includeSubDomains and preload are opt-in (SECURE_HSTS_INCLUDE_SUBDOMAINS / _PRELOAD).
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for morsel in response.cookies.values():
        assert morsel["secure"] and morsel["httponly"], morsel.output()
        assert morsel["samesite"] in ("Lax", "Strict"), morsel.output()


def test_session_and_csrf_cookies_are_secure_and_httponly(production, client, demo_site,
                                                          django_user_model):
    from allauth.account.models import EmailAddress

    response = client.get("/compte/login/", **HTTPS)
    assert "csrftoken" in response.cookies
    user = django_user_model.objects.create_user(email="claire.martin@example.org",
                                                 password="Loire-Cher-Velo-2026!")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    response = client.post("/compte/login/", {"login": user.email,
                                              "password": "Loire-Cher-Velo-2026!"}, **HTTPS)
    assert response.status_code == 302
    assert "sessionid" in response.cookies
    for name in ("sessionid", "csrftoken"):
        morsel = client.cookies[name]
        assert morsel["secure"] and morsel["httponly"], morsel.output()

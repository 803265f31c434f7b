"""Meta-tests that protect the whole project."""

import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:  # raised when migrations are missing
        pytest.fail(f"Missing migrations:\n{out.getvalue()} ({exit_})")


@pytest.mark.django_db
def test_every_sitemap_url_answers_with_one_h1(client):
    """Load the whole demo, then visit every URL of the sitemap as an anonymous visitor."""
    call_command("load_demo", stdout=StringIO())
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert locations, "the sitemap lists no page"
    failures = []
    for location in locations:
        path = urlsplit(location).path
        page = client.get(path)
        if page.status_code != 200:
            failures.append(f"{path}: HTTP {page.status_code}")
            continue
        h1_count = len(re.findall(r"<h1[\s>]", page.content.decode()))
        if h1_count != 1:
            failures.append(f"{path}: {h1_count} <h1>")
    assert not failures, "\n".join(failures)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG",
                       "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="assonum.example.org",
        SITE_URL="https://assonum.example.org",
        EMAIL_HOST="smtp.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        VAR_DIR=str(tmp_path),
        DOTENV_FILE="",  # a developer's .env must not decide the result
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"ASSONUM_TESTING", "SECRET_KEY"}}
    # DOTENV_FILE empty: the .env that `make run` writes (with a key) must not leak in here.
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", VAR_DIR=str(tmp_path),
               DOTENV_FILE="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr

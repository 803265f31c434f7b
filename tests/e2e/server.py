"""Run the platform as in production (gunicorn, DEBUG off, collected static files) for the
browser tests, on a database of its own that holds the whole demo content."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postgres_database(url: str, name_suffix: str) -> str:
    """Create a fresh database next to the one in ``url``; return its URL."""
    import psycopg

    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "assonum") + name_suffix
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def _drop_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


@contextmanager
def production_server(workdir: Path):
    """Yield ``(base_url, mail_dir)`` of a gunicorn server loaded with the demo content."""
    port = free_port()
    mail_dir = workdir / "emails"
    mail_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if k not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG",
                        "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    database_url = os.environ.get("DATABASE_URL", "")
    pg_url = None
    if database_url.startswith("postgres"):
        pg_url = _postgres_database(database_url, f"_e2e_{os.getpid()}")
        env["DATABASE_URL"] = pg_url
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'e2e.sqlite3'}"
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DOTENV_FILE="",  # nothing from a developer's .env
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=f"http://127.0.0.1:{port}",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        VAR_DIR=str(workdir / "var"),
        STATIC_ROOT=str(workdir / "static"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mail_dir),
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        ASSONUM_E2E="1",
        LOG_LEVEL="WARNING",
    )
    python = str(BIN / "python")

    def manage(*args):
        subprocess.run([python, "manage.py", *args], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    manage("migrate", "--no-input", "-v", "0")
    manage("load_demo")
    manage("collectstatic", "--no-input", "-v", "0")
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
         "--threads", "4", "--timeout", "120", "--access-logfile", "-"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        "The e2e server did not start:\n" + (workdir / "gunicorn.log").read_text()
                    ) from None
                time.sleep(0.3)
        yield base_url, mail_dir
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        if pg_url:
            _drop_postgres_database(pg_url)
        shutil.rmtree(workdir / "static", ignore_errors=True)

"""Production concerns: /healthz, request ids and logs, deploy checks, settings hygiene."""

import io
import json
import logging
import os
import re
import runpy
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import RequestFactory, override_settings
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "config" / "settings.py"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                        "QUEUES": ["default", "email"]}}


def production_env(tmp_path, **extra):
    """Environment of a production subprocess, blind to the developer's .env and shell."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"ASSONUM_TESTING", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY",
                        "DJANGO_ALLOW_ASYNC_UNSAFE", "EMAIL_HOST", "EMAIL_BACKEND", "REDIS_URL",
                        "ANYMAIL_ESP", "LOG_FORMAT", "SENTRY_DSN"}}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DEBUG="0", VAR_DIR=str(tmp_path / "var"),
               DOTENV_FILE=str(tmp_path / ".env"))
    env.update(extra)
    return env


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def load_settings(monkeypatch, **env):
    """Execute config/settings.py afresh with this environment; return its names."""
    for name in list(os.environ):
        if name.startswith(("ANYMAIL", "EMAIL_", "SECURE_", "SENTRY")) or name.split("_")[0] in {
            "POSTMARK", "MAILJET", "BREVO", "SENDGRID", "MAILGUN", "SCALEWAY", "POSTAL"}:
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DOTENV_FILE", "")
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


# --- /healthz ---------------------------------------------------------------------------------


def _pending_task(age: timedelta, **fields):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        task_path="assonum.newsletter.tasks.purge_unconfirmed",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default", run_after=fields.pop("run_after", get_date_max()), **fields,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - age)
    return task


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, HEALTHZ_MAX_TASK_AGE=900)
def test_healthz_reports_database_cache_and_task_backlog(client):
    _pending_task(timedelta(seconds=120))
    _pending_task(timedelta(seconds=30))
    _pending_task(timedelta(hours=5), status="SUCCESSFUL")  # done: not in the backlog
    # A retry deferred to the future is not due yet.
    _pending_task(timedelta(hours=2), run_after=timezone.now() + timedelta(minutes=5))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] is True and body["cache"] is True
    assert body["tasks"]["backlog"] == 2
    assert 119 <= body["tasks"]["oldest_pending_age_seconds"] < 200
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, HEALTHZ_MAX_TASK_AGE=900)
def test_healthz_is_503_when_no_worker_keeps_up_but_web_scope_stays_200(client):
    _pending_task(timedelta(minutes=20))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"]["late"] is True
    assert response.json()["status"] == "error"
    web = client.get("/healthz?scope=web")
    assert web.status_code == 200
    assert "tasks" not in web.json()


@pytest.mark.django_db
@override_settings(TASKS=DB_TASKS, HEALTHZ_MAX_TASK_AGE=900)
def test_healthz_counts_a_deferred_retry_from_when_it_became_due(client):
    _pending_task(timedelta(hours=3), run_after=timezone.now() - timedelta(seconds=40))
    body = client.get("/healthz").json()
    assert body["tasks"]["backlog"] == 1
    assert 39 <= body["tasks"]["oldest_pending_age_seconds"] < 120


@pytest.mark.django_db
def test_healthz_is_503_when_the_cache_is_down(client, monkeypatch):
    """Monitoring is told (503); a load balancer keeps the web server, which still serves."""
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", down)
    assert client.get("/healthz").status_code == 503
    assert client.get("/healthz").json()["cache"] is False
    response = client.get("/healthz?scope=web")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "cache": False}


# --- request id, logs, 500 page ---------------------------------------------------------------


def test_request_id_from_the_proxy_is_kept_and_logged():
    from assonum.core.observability import RequestIdFilter, RequestIdMiddleware

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(request_id)s %(message)s"))
    logger = logging.getLogger("assonum.test_request_id")
    logger.addHandler(handler)
    try:
        def view(request):
            logger.warning("dans la vue")
            from django.http import HttpResponse

            return HttpResponse("ok")

        request = RequestFactory().get("/", HTTP_X_REQUEST_ID="3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b")
        response = RequestIdMiddleware(view)(request)
        logger.warning("après la requête")
    finally:
        logger.removeHandler(handler)
    assert response["X-Request-ID"] == "3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b"
    assert stream.getvalue().splitlines() == [
        "3f2a9c0e5b7d4e1f8a6b2c9d0e1f2a3b dans la vue", "- après la requête"]


def test_a_request_id_is_generated_when_missing_or_malformed(client):
    generated = client.get("/robots.txt")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert client.get("/robots.txt")["X-Request-ID"] != generated
    forged = client.get("/robots.txt", HTTP_X_REQUEST_ID="<script>\nSet-Cookie: x")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])


def test_the_500_page_shows_the_request_id():
    from assonum.core import views
    from assonum.core.observability import RequestIdMiddleware

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-2026-12-01-0042")
    response = RequestIdMiddleware(views.server_error)(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "<code>req-2026-12-01-0042</code>" in html
    assert "Une erreur est survenue" in html


def test_json_formatter_writes_one_object_per_line():
    from assonum.core.observability import JsonFormatter

    try:
        raise ValueError("illisible")
    except ValueError:
        record = logging.LogRecord("assonum.x", logging.ERROR, __file__, 1, "Import de %s",
                                   ("La Châtre",), sys.exc_info())
    record.request_id = "abc12345"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "Import de La Châtre"
    assert entry["level"] == "ERROR" and entry["request_id"] == "abc12345"
    assert "ValueError: illisible" in entry["exception"]


def test_log_format_json_setting_writes_json_lines(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50), LOG_FORMAT="json")
    result = manage(env, "shell", "-c",
                    "import logging; logging.getLogger('assonum.essai').warning('Le Blanc')")
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"logger": "assonum.essai", "message": "Le Blanc", "request_id": "-"}.items() <= \
        entries[-1].items()


# --- deploy checks ----------------------------------------------------------------------------


def _deploy_errors():
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("assonum")}


REDIS = {"default": {"BACKEND": "django_redis.cache.RedisCache",
                     "LOCATION": "redis://127.0.0.1:6379/0"}}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("backend", ["filebased", "console", "locmem"])
def test_deploy_check_refuses_an_email_backend_that_delivers_nothing(backend):
    with override_settings(EMAIL_BACKEND=f"django.core.mail.backends.{backend}.EmailBackend",
                           CACHES=REDIS):
        assert _deploy_errors() == {"assonum.E001"}


def test_deploy_check_refuses_a_per_process_cache():
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(EMAIL_BACKEND=SMTP, CACHES=locmem):
        assert _deploy_errors() == {"assonum.E002"}
    with override_settings(EMAIL_BACKEND=SMTP, CACHES=REDIS):
        assert _deploy_errors() == set()


def test_deploy_checks_only_run_with_deploy():
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"):
        assert not [m for m in run_checks() if m.id.startswith("assonum")]


def test_check_deploy_fails_in_production_without_an_email_server(tmp_path):
    env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50),
                         ALLOWED_HOSTS="assonum.example.org", SITE_URL="https://assonum.example.org",
                         REDIS_URL="redis://127.0.0.1:6379/0")
    result = manage(env, "check", "--deploy")
    assert result.returncode != 0
    assert "assonum.E001" in result.stderr and "filebased" in result.stderr
    env.update(EMAIL_HOST="smtp.example.org")
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


# --- django-anymail ---------------------------------------------------------------------------


def _credentials(esp, names):
    return {f"{esp.upper()}_{name}": f"valeur-{name.lower()}" for name in names}


def test_every_offered_email_provider_gets_the_settings_anymail_reads(monkeypatch):
    table = load_settings(monkeypatch)["ANYMAIL_ESP_SETTINGS"]
    assert {"brevo", "mailjet", "postmark", "sendgrid", "mailgun", "scaleway"} <= set(table)
    for esp, (required, _optional) in table.items():
        loaded = load_settings(monkeypatch, ANYMAIL_ESP=esp, AWS_DEFAULT_REGION="eu-west-3",
                               ANYMAIL_WEBHOOK_SECRET="assonum:secret",
                               **_credentials(esp, required))
        assert loaded["EMAIL_BACKEND"] == f"anymail.backends.{esp}.EmailBackend"
        with override_settings(EMAIL_BACKEND=loaded["EMAIL_BACKEND"], ANYMAIL=loaded["ANYMAIL"],
                               ANYMAIL_ESP=esp, CACHES=REDIS):
            connection = mail.get_connection()  # anymail raises if a credential is missing
            assert type(connection).__module__ == f"anymail.backends.{esp}"
            assert _deploy_errors() == set(), esp


def test_postmark_and_mailjet_credentials(monkeypatch):
    postmark = load_settings(monkeypatch, ANYMAIL_ESP="postmark", POSTMARK_SERVER_TOKEN="tok")
    with override_settings(EMAIL_BACKEND=postmark["EMAIL_BACKEND"], ANYMAIL=postmark["ANYMAIL"]):
        assert mail.get_connection().server_token == "tok"
    mailjet = load_settings(monkeypatch, ANYMAIL_ESP="mailjet", ANYMAIL_API_KEY="cle",
                            MAILJET_SECRET_KEY="secret")
    with override_settings(EMAIL_BACKEND=mailjet["EMAIL_BACKEND"], ANYMAIL=mailjet["ANYMAIL"]):
        connection = mail.get_connection()
        assert (connection.api_key, connection.secret_key) == ("cle", "secret")


def test_a_missing_provider_credential_fails_the_deploy_check(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    loaded = load_settings(monkeypatch, ANYMAIL_ESP="mailjet", MAILJET_API_KEY="cle",
                           ANYMAIL_WEBHOOK_SECRET="assonum:secret")
    with override_settings(EMAIL_BACKEND=loaded["EMAIL_BACKEND"], ANYMAIL=loaded["ANYMAIL"],
                           ANYMAIL_ESP="mailjet", CACHES=REDIS):
        with pytest.raises(ImproperlyConfigured):
            mail.get_connection()
        assert _deploy_errors() == {"assonum.E004"}
    with override_settings(EMAIL_BACKEND="anymail.backends.mailjett.EmailBackend",
                           ANYMAIL_ESP="mailjett", CACHES=REDIS):
        assert _deploy_errors() == {"assonum.E003"}


def test_a_provider_without_webhook_secret_is_warned(monkeypatch):
    loaded = load_settings(monkeypatch, ANYMAIL_ESP="postmark", POSTMARK_SERVER_TOKEN="tok")
    assert "WEBHOOK_SECRET" not in loaded["ANYMAIL"]
    with override_settings(EMAIL_BACKEND=loaded["EMAIL_BACKEND"], ANYMAIL=loaded["ANYMAIL"],
                           ANYMAIL_ESP="postmark", CACHES=REDIS):
        assert _deploy_errors() == {"assonum.W001"}


# --- settings hygiene -------------------------------------------------------------------------

ENV_READ = re.compile(
    r"""(?:os\.environ\.get|os\.environ\.setdefault|env_bool|env_int|env_list)\(\s*["']([A-Z0-9_]+)["']"""
    r"""|os\.environ\[["']([A-Z0-9_]+)["']\]"""
)


def test_every_setting_read_is_documented_in_env_example(monkeypatch):
    source = SETTINGS_FILE.read_text()
    names = {a or b for a, b in ENV_READ.findall(source)}
    assert {"SECRET_KEY", "MAILINGS_BATCH_SIZE", "REDIS_URL"} <= names  # the parser works
    table = load_settings(monkeypatch)["ANYMAIL_ESP_SETTINGS"]
    names |= {f"{esp.upper()}_{n}" for esp, (req, opt) in table.items() for n in req + opt}
    names -= {"ASSONUM_TESTING"}  # set by the test settings only
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(),
                                re.MULTILINE))
    assert sorted(names - documented) == []


def test_settings_import_creates_no_folder(monkeypatch, tmp_path):
    var = tmp_path / "nowhere"
    loaded = load_settings(monkeypatch, VAR_DIR=str(var), DATABASE_URL=None, STATIC_ROOT=None)
    assert not var.exists()
    assert loaded["STATIC_ROOT"] == var / "static"


def test_database_connections_are_health_checked(monkeypatch):
    loaded = load_settings(monkeypatch, DATABASE_URL="postgres://u@127.0.0.1:5432/assonum")
    assert loaded["DATABASES"]["default"]["CONN_HEALTH_CHECKS"] is True
    assert loaded["DATABASES"]["default"]["CONN_MAX_AGE"] == 60


def test_hsts_subdomains_and_preload_are_opt_in(monkeypatch):
    prod = {"ASSONUM_TESTING": None, "DEBUG": "0", "SECRET_KEY": "k" * 50}
    default = load_settings(monkeypatch, **prod)
    assert default["SECURE_HSTS_SECONDS"] == 31536000
    assert default["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert default["SECURE_HSTS_PRELOAD"] is False
    assert {"security.W005", "security.W021"} <= set(default["SILENCED_SYSTEM_CHECKS"])
    opted = load_settings(monkeypatch, **prod, SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
                          SECURE_HSTS_PRELOAD="1")
    assert opted["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and opted["SECURE_HSTS_PRELOAD"] is True
    assert not {"security.W005", "security.W021"} & set(opted["SILENCED_SYSTEM_CHECKS"])


def test_a_dotenv_file_fills_in_what_the_environment_lacks(tmp_path):
    """The mechanism `make run` relies on, and the switch that keeps it out of the tests."""
    (tmp_path / ".env").write_text(f"SECRET_KEY={secrets.token_urlsafe(50)}\n")
    env = production_env(tmp_path)
    assert manage(env, "check").returncode == 0  # the key came from the .env file
    env["DOTENV_FILE"] = ""
    result = manage(env, "check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# --- error tracking ---------------------------------------------------------------------------


def test_sentry_is_loaded_only_when_configured_and_reports_errors(tmp_path):
    import gzip
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    received = []

    class Collector(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            elif self.headers.get("Content-Encoding") == "br":  # when brotli is installed
                import brotli

                body = brotli.decompress(body)
            received.append((self.path, body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = ("import sys, sentry_sdk; print('loaded' if sentry_sdk.get_client().is_active() "
              "else 'inactive'); sentry_sdk.capture_exception(ValueError('Saint-Amand-Montrond'))"
              "; sentry_sdk.flush(5)")
    check_loaded = "import sys; print('sentry_sdk' in sys.modules)"
    try:
        env = production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(50))
        assert manage(env, "shell", "-c", check_loaded).stdout.splitlines()[-1] == "False"
        env["SENTRY_DSN"] = f"http://clepublique@127.0.0.1:{server.server_port}/42"
        result = manage(env, "shell", "-c", script)
    finally:
        server.shutdown()
    assert result.stdout.splitlines()[-1] == "loaded", result.stderr
    assert received and received[0][0] == "/api/42/envelope/"
    assert b"Saint-Amand-Montrond" in received[0][1]


# --- smoke test (scripts/prod/restore.sh and upgrade.sh) --------------------------------------


@pytest.mark.django_db
def test_smoke_test_passes_on_a_site_with_its_pages(demo_site):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("smoke_test", stdout=out)
    assert "200 /healthz?scope=web" in out.getvalue()
    assert "Test de fumée réussi." in out.getvalue()


@pytest.mark.django_db
def test_smoke_test_fails_when_the_cache_is_down(demo_site, monkeypatch):
    from django.core.cache import cache
    from django.core.management import CommandError, call_command

    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "set", down)
    with pytest.raises(CommandError, match=r"/healthz\?scope=web: cache indisponible"):
        call_command("smoke_test", stdout=io.StringIO())

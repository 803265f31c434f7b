"""Deployment checks (``manage.py check --deploy``): refuse a production that would silently
keep emails on the server or forget its cache with each process.

Registered by ``CoreConfig.ready()`` with the ``deploy`` tag, so they run only under
``check --deploy`` (``make check-deploy``, the install and upgrade scripts) and never block the
demo, which writes its emails as files on purpose.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

# Email backends that deliver nothing to anybody.
NON_DELIVERING_EMAIL_BACKENDS = {
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "anymail.backends.console.EmailBackend",
    "anymail.backends.test.EmailBackend",
}

# Cache backends whose content lives in one process only (or nowhere): each gunicorn worker then
# counts login attempts and rate limits on its own.
PER_PROCESS_CACHE_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def check_email_backend(app_configs=None, **kwargs):
    backend = settings.EMAIL_BACKEND
    if backend in NON_DELIVERING_EMAIL_BACKENDS:
        return [Error(
            f"EMAIL_BACKEND is {backend}: emails would be kept on the server, never delivered.",
            hint="Set EMAIL_HOST (SMTP) or ANYMAIL_ESP and its credentials (see .env.example).",
            id="assonum.E001",
        )]
    return []


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    errors = []
    for alias, config in settings.CACHES.items():
        if config.get("BACKEND") in PER_PROCESS_CACHE_BACKENDS:
            errors.append(Error(
                f"The cache {alias!r} uses {config['BACKEND']}, which each process keeps for "
                "itself: rate limits and cached pages would differ from one worker to the next.",
                hint="Set REDIS_URL (see .env.example).",
                id="assonum.E002",
            ))
    return errors


@register(Tags.security, deploy=True)
def check_anymail_settings(app_configs=None, **kwargs):
    esp = getattr(settings, "ANYMAIL_ESP", "")
    if not esp or not settings.EMAIL_BACKEND.startswith("anymail."):
        return []
    table = settings.ANYMAIL_ESP_SETTINGS
    if esp not in table:
        return [Error(
            f"ANYMAIL_ESP={esp!r} is not a provider these settings know.",
            hint="One of: " + ", ".join(sorted(table)) + ".",
            id="assonum.E003",
        )]
    required, _optional = table[esp]
    missing = [f"{esp.upper()}_{name}" for name in required
               if not settings.ANYMAIL.get(f"{esp.upper()}_{name}")]
    if missing:
        return [Error(
            f"The email provider {esp} needs {', '.join(missing)}.",
            hint="Set them in the environment (see .env.example).",
            id="assonum.E004",
        )]
    if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return [Warning(
            f"No ANYMAIL_WEBHOOK_SECRET: the bounces and complaints {esp} reports to "
            f"/anymail/{esp}/tracking/ would be refused, and the newsletter would keep writing "
            "to dead addresses.",
            hint="Set ANYMAIL_WEBHOOK_SECRET=user:password and give the provider that webhook.",
            id="assonum.W001",
        )]
    return []

"""AssoNum settings: every value comes from the environment (see .env.example)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

# A local .env file (written by `make run` on first use) fills in what the environment lacks.
# DOTENV_FILE names another file, or none when empty (the tests' subprocesses set it, so that a
# developer's .env never leaks into them).
DOTENV_FILE = os.environ.get("DOTENV_FILE", str(BASE_DIR / ".env"))
if DOTENV_FILE and Path(DOTENV_FILE).is_file() and not os.environ.get("ASSONUM_TESTING"):
    from dotenv import load_dotenv

    load_dotenv(DOTENV_FILE, override=False)

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("ASSONUM_TESTING", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-change-me-" + "x" * 20
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
# The public address used in emails and feeds. Without SITE_URL, the local server's address on
# PORT (`PORT=8190 make run` serves and links to http://127.0.0.1:8190/).
SITE_URL = (os.environ.get("SITE_URL")
            or f"http://127.0.0.1:{env_int('PORT', 8000)}").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

# --- Territory -------------------------------------------------------------------------------
# The region served by this deployment (INSEE region code). Another region deploys the same
# software by changing only this value.
REGION_CODE = os.environ.get("REGION_CODE", "24")
# Population under which a commune counts as rural (historical INSEE threshold).
RURAL_POPULATION_THRESHOLD = env_int("RURAL_POPULATION_THRESHOLD", 2000)

# --- Applications ----------------------------------------------------------------------------
ASSONUM_APPS = [
    "assonum.core",
    "assonum.territory",
    "assonum.accounts",
    "assonum.organisations",
    "assonum.toolbox",
    "assonum.stories",
    "assonum.directory",
    "assonum.newsletter",
    "assonum.mailings",
    "assonum.helprequests",
    "assonum.events",
    "assonum.diagnostic",
    "assonum.donations",
    "assonum.fund",
    "assonum.observatory",
    "assonum.api",
]

INSTALLED_APPS = [
    *ASSONUM_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "assonum.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "assonum.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above GZip: a stored page is already compressed (the key says whether the client takes gzip).
    "assonum.core.page_cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "assonum.core.perms.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "assonum.core.middleware.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "assonum" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "assonum.core.context_processors.site",
            ],
        },
    },
]

# Django's form rendering with the site's field template (a mark on required fields).
FORM_RENDERER = "assonum.core.form_renderer.FormRenderer"

# --- Database --------------------------------------------------------------------------------
# No folder is created here (read-only containers): the SQLite file's folder is made at startup
# (assonum.core.apps), STATIC_ROOT by collectstatic, the email folder by its backend.
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'assonum.sqlite3'}"
# Health checks: a connection that died (PostgreSQL restarted) is replaced before a request
# uses it, so the web processes recover by themselves.
DATABASES = {"default": dj_database_url.parse(
    DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

# --- Cache -----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Redis down: the site keeps serving (cache misses), rate limits on sign-up and password reset
# fail open (assonum.core.cache_backends), logins fail closed
# (assonum.accounts.adapter.cache_is_working). Short timeouts: no request hangs on it.
REDIS_CACHE_OPTIONS = {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5,
                       "SOCKET_TIMEOUT": 0.5}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "assonum.core.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "assonum",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
elif DEBUG or TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    # Without Redis, production still needs ONE cache shared by every web process: rate limits
    # (logins, sign-ups, password resets) count there. The table is created by accounts.0002.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "assonum_cache"}}
# Anonymous page cache (seconds); 0 disables it. See assonum/core/page_cache.py and
# docs/adr/0002-page-cache.md. The site-wide parts (navigation, footer, settings, Site) are cached
# in any case, purged by the same generation key.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0)
# Paths never served from nor stored in the page cache.
PAGE_CACHE_EXCLUDED_PREFIXES = ("/admin/", "/espace/", "/compte/", "/comptes/", "/fichiers/",
                                "/api/", "/healthz", "/documents/")

# --- Background tasks ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}

# --- Accounts --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # "assonum2026", "CentreValDeLoire45"...: the site's and region's names are tried first.
    {"NAME": "assonum.accounts.password_validation.SiteNamePasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/espace/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[AssoNum] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# Rate limits count in the shared cache (see CACHES). The client address is REMOTE_ADDR, or
# the one the trusted reverse proxies put in X-Forwarded-For (TRUSTED_PROXY_COUNT). Failed
# logins count per (account, address) — the adapter adds the address to allauth's key — so
# nobody can lock someone else's account out from their own address, plus a larger limit
# per address against one client trying many accounts.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ACCOUNT_ADAPTER = "assonum.accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "AssoNum"

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media files ------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "assonum" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Private uploads (never served directly; only through a permission-checked view).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION") or None
    AWS_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    AWS_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None
    MEDIA_BACKEND = "storages.backends.s3.S3Storage"
else:
    MEDIA_BACKEND = "django.core.files.storage.FileSystemStorage"

STATIC_BACKEND = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
    if DEBUG or TESTING and not env_bool("COMPRESS_STATIC")
    else "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
# Private uploads: a folder the web server never serves, or a private S3-compatible bucket.
PRIVATE_S3_BUCKET = os.environ.get("PRIVATE_S3_BUCKET", "")
if PRIVATE_S3_BUCKET:
    PRIVATE_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage",
                       "OPTIONS": {"bucket_name": PRIVATE_S3_BUCKET, "default_acl": "private",
                                   "querystring_auth": True, "file_overwrite": False}}
else:
    PRIVATE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                       "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT),
                                   # never served: a file's only URL is the perms-checked view
                                   "base_url": "/fichiers/non-servi/"}}
STORAGES = {
    "default": {"BACKEND": MEDIA_BACKEND},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": os.environ.get("STATICFILES_BACKEND", STATIC_BACKEND)},
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
WHITENOISE_USE_FINDERS = DEBUG or TESTING
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email -----------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "AssoNum <ne-pas-repondre@assonum.localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "emails"))
# An email service provider through django-anymail: ANYMAIL_ESP names it, and its credentials
# are read under anymail's own names (POSTMARK_SERVER_TOKEN, MAILJET_API_KEY + MAILJET_SECRET_KEY
# ...). ANYMAIL_API_KEY stands for the first one. The deploy checks (assonum.core.checks) refuse a
# missing one. Amazon SES reads boto3's usual AWS_* variables.
ANYMAIL_ESP = os.environ.get("ANYMAIL_ESP", "").strip().lower()
ANYMAIL_ESP_SETTINGS = {  # provider: (required, optional) settings, without the prefix
    "amazon_ses": ((), ("CONFIGURATION_SET_NAME",)),
    "brevo": (("API_KEY",), ()),
    "mailersend": (("API_TOKEN",), ()),
    "mailgun": (("API_KEY",), ("SENDER_DOMAIN", "API_URL", "WEBHOOK_SIGNING_KEY")),
    "mailjet": (("API_KEY", "SECRET_KEY"), ()),
    "mailtrap": (("API_TOKEN",), ()),
    "mandrill": (("API_KEY",), ("WEBHOOK_KEY",)),
    "postal": (("API_KEY", "API_URL"), ("WEBHOOK_KEY",)),
    "postmark": (("SERVER_TOKEN",), ("MESSAGE_STREAM",)),
    "resend": (("API_KEY",), ("SIGNING_SECRET",)),
    "scaleway": (("SECRET_KEY", "PROJECT_ID"), ("REGION",)),
    "sendgrid": (("API_KEY",), ()),
    "sparkpost": (("API_KEY",), ("API_URL",)),
    "unisender_go": (("API_KEY", "API_URL"), ()),
}
# Basic-auth "user:password" of the providers' tracking webhook (/anymail/<esp>/tracking/).
ANYMAIL = {"WEBHOOK_SECRET": os.environ["ANYMAIL_WEBHOOK_SECRET"]} if os.environ.get(
    "ANYMAIL_WEBHOOK_SECRET") else {}
if ANYMAIL_ESP in ANYMAIL_ESP_SETTINGS:
    _required, _optional = ANYMAIL_ESP_SETTINGS[ANYMAIL_ESP]
    for _position, _name in enumerate(_required + _optional):
        _value = os.environ.get(f"{ANYMAIL_ESP.upper()}_{_name}", "")
        if not _value and _position == 0 and _required:
            _value = os.environ.get("ANYMAIL_API_KEY", "")
        if _value:
            ANYMAIL[f"{ANYMAIL_ESP.upper()}_{_name}"] = _value
if os.environ.get("EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["EMAIL_BACKEND"]
elif ANYMAIL_ESP:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_ESP}.EmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # Embedded default: every email is written as a file under var/emails/ so that a person
    # trying the demo can open it and follow its links.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
# DKIM signing of bulk mail (optional): a PEM private key file, the selector and the domain.
DKIM_PRIVATE_KEY_PATH = os.environ.get("DKIM_PRIVATE_KEY_PATH", "")
DKIM_SELECTOR = os.environ.get("DKIM_SELECTOR", "")
DKIM_DOMAIN = os.environ.get("DKIM_DOMAIN", "")

# --- Security --------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Only the browser tests, which run the production settings over plain HTTP on
    # 127.0.0.1, turn this off.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
# HSTS for every subdomain and the browsers' preload list bind the whole domain for years: a
# decision of the domain's owner, so opt-in (Django's deploy checks W005/W021 then stay quiet).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS: list[str] = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]

# Content-Security-Policy (assonum.core.middleware). Scripts run only from the site's own files
# (`script-src 'self'`, no inline script, no nonce: a public page is the same for every visitor, so
# it can be cached). The map tile server is a setting; its host is added to img-src.
MAP_TILE_URL = os.environ.get(
    "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", "© contributeurs OpenStreetMap"
)

# --- Wagtail ---------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("SITE_NAME", "AssoNum Centre-Val de Loire")
# The short name account emails greet with ("Bienvenue sur AssoNum") and sign.
SITE_SHORT_NAME = os.environ.get("SITE_SHORT_NAME", "AssoNum")
WAGTAILADMIN_BASE_URL = SITE_URL
# No outside avatar service: Gravatar is off, people get their initials
# (assonum.core.wagtail_hooks.initials_avatar).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILSEARCH_HITS_MAX_AGE = 0
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "ods", "odp", "docx", "xlsx", "csv", "txt"]
WAGTAIL_PASSWORD_RESET_ENABLED = False  # staff reset through /compte/

# --- Logging ---------------------------------------------------------------------------------
# One line per record on stderr, with the request id (assonum.core.observability); LOG_FORMAT=json
# writes JSON lines for a log collector.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "assonum.core.observability.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "assonum.core.observability.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if LOG_FORMAT == "json" else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Oldest pending background task (seconds) above which /healthz answers 503; 0: never.
HEALTHZ_MAX_TASK_AGE = env_int("HEALTHZ_MAX_TASK_AGE", 900)

# Error tracking (optional): the Sentry SDK is imported only when SENTRY_DSN is set.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        send_default_pii=False,  # no addresses, cookies or IPs of the associations' people
    )

ADMINS = [("Admin", a) for a in env_list("ADMINS")]

# --- Content-Security-Policy (django-csp; admin policy chosen in assonum.core.middleware) -----
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402

_tile_host = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
if "{s}" in MAP_TILE_URL:
    _tile_url = urlsplit(MAP_TILE_URL)
    _tile_host = f"{_tile_url.scheme}://*.{_tile_url.netloc.split('.', 1)[1]}"
# Hosts whose video players may be framed, once the visitor has clicked to load a video.
VIDEO_FRAME_HOSTS = env_list(
    "VIDEO_FRAME_HOSTS", "https://www.youtube-nocookie.com,https://player.vimeo.com,https://framatube.org"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tile_host],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": VIDEO_FRAME_HOSTS or [NONE],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin relies on inline scripts and styles: it gets a looser policy of its own,
# limited to the /admin/ prefix.
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    # Only Wagtail's preview may be framed (assonum.core.middleware.frame_ancestors).
    "frame-ancestors": [NONE],
}
ADMIN_URL_PREFIX = "/admin/"

AUTH_USER_MODEL = "accounts.User"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None

# --- search (toolbox) -----------------------------------------------------------------------
# French stemming with accents ignored on PostgreSQL: the configuration is created by the
# migration toolbox.0002 (see assonum/core/search.py for SQLite).
if IS_POSTGRES:
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "french_unaccent"

# --- accounts ---
# Staff need two-factor authentication before any back-office page; Wagtail's own login form
# redirects to the site's (allauth) login, which has the 2FA step.
MIDDLEWARE += ["assonum.accounts.middleware.StaffTwoFactorMiddleware"]  # noqa: F405
WAGTAILADMIN_LOGIN_URL = "/compte/login/"
LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SIGNUP_REDIRECT_URL = "/espace/"
ACCOUNT_CHANGE_EMAIL = True  # one address at a time: "change email" replaces it once verified
ACCOUNT_SESSION_REMEMBER = None  # ask ("Se souvenir de moi")
MFA_RECOVERY_CODE_COUNT = 10
ACCOUNT_FORMS = {"signup": "assonum.accounts.forms.SignupForm",
                 "login": "assonum.accounts.forms.LoginForm"}

# --- directory ---
# A listing not updated for this many days is "stale": its owners are reminded by email (then
# every 30 days) and the back office lists it first.
DIRECTORY_STALE_AFTER_DAYS = env_int("DIRECTORY_STALE_AFTER_DAYS", 365)

# --- mailings --------------------------------------------------------------------------------
# Bulk email delivery engine (assonum.mailings); see docs/architecture.md "Mailings".
# 0 = unlimited
MAILINGS_RATE_LIMIT_PER_SECOND = float(os.environ.get("MAILINGS_RATE_LIMIT_PER_SECOND") or 0)
MAILINGS_PARALLEL_TASKS = env_int("MAILINGS_PARALLEL_TASKS", 2)  # sending tasks per campaign
MAILINGS_BATCH_SIZE = env_int("MAILINGS_BATCH_SIZE", 100)  # deliveries claimed at once
MAILINGS_LEASE_SECONDS = env_int("MAILINGS_LEASE_SECONDS", 300)  # claim lease (dead worker)
MAILINGS_COMMIT_EVERY = env_int("MAILINGS_COMMIT_EVERY", 1)  # sent rows per commit (dup window)
MAILINGS_MAX_ATTEMPTS = env_int("MAILINGS_MAX_ATTEMPTS", 5)  # temporary errors before "failed"
MAILINGS_RETRY_BASE_SECONDS = env_int("MAILINGS_RETRY_BASE_SECONDS", 60)  # backoff 60, 120, 240 s
MAILINGS_HARD_BOUNCE_THRESHOLD = env_int("MAILINGS_HARD_BOUNCE_THRESHOLD", 2)
MAILINGS_TASK_TIME_BUDGET = env_int("MAILINGS_TASK_TIME_BUDGET", 120)  # seconds per task run
MAILINGS_STALL_SECONDS = env_int("MAILINGS_STALL_SECONDS", 120)  # sweep restarts after this
# The mailto: of List-Unsubscribe (empty: only the one-click https link)
MAILINGS_UNSUBSCRIBE_MAILTO = os.environ.get("MAILINGS_UNSUBSCRIBE_MAILTO", "")
MAILINGS_RETURN_PATH = os.environ.get("MAILINGS_RETURN_PATH", "")  # envelope sender (bounces)

# --- directory (data) ------------------------------------------------------------------------
# Imports and exports in the national standard for digital-mediation places (schema v1.0.2).
# Keep places outside the region on import (otherwise each is reported as a rejected row).
DIRECTORY_ACCEPT_OUTSIDE_REGION = env_bool("DIRECTORY_ACCEPT_OUTSIDE_REGION", False)
# Who produces our open-data export: the `source` column when the place has no collector, and
# the producer id in the suggested file name
# (YYYY-MM-DD_<id>_lieux-de-mediation-numerique_<territory>).
DIRECTORY_PRODUCER_NAME = os.environ.get("DIRECTORY_PRODUCER_NAME", "AssoNum")
DIRECTORY_PRODUCER_ID = os.environ.get("DIRECTORY_PRODUCER_ID", "assonum")

# --- security (issue 17) ---------------------------------------------------------------------
# Invitation emails sent on someone's behalf, over the last 24 hours (0 = no limit).
INVITATIONS_PER_ACCOUNT_PER_DAY = env_int("INVITATIONS_PER_ACCOUNT_PER_DAY", 20)
INVITATIONS_PER_ORGANISATION_PER_DAY = env_int("INVITATIONS_PER_ORGANISATION_PER_DAY", 50)
# Headers added by assonum.core.middleware.SecurityHeadersMiddleware.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "midi=(), payment=(), publickey-credentials-get=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

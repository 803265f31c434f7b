"""Settings for the test suite: the normal settings with test-only switches set first."""

import os

os.environ["ASSONUM_TESTING"] = "1"
os.environ.setdefault("PAGE_CACHE_SECONDS", "0")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                     "QUEUES": ["default", "email"]}}
# A tiny app that plugs into every hook of the plug-in declaration (tests/core/test_plugins.py
# adds it to ASSONUM_APPS); installed so that its templates are found.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.plugin_app"]  # noqa: F405
WHITENOISE_AUTOREFRESH = True  # no scan of a STATIC_ROOT that tests never collect

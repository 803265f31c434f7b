"""Settings of the benchmark server: the production settings plus a bare "hello" view.

Only used by bench/run.py (``DJANGO_SETTINGS_MODULE=bench.settings``); the hello view is never
mounted in the real site.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

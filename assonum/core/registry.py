"""Discovery of the per-app hook modules.

Each AssoNum app may provide any of these modules; the core gathers them in the order of
``settings.ASSONUM_APPS`` so that a new app plugs in without editing shared files:

- ``demo.py``      ``load(stdout) -> list[str]``: idempotent demo content, returns lines to print
- ``search.py``    ``SEARCH_TYPES``: a list of :class:`assonum.core.search.SearchType`
- ``digest.py``    ``new_items(since) -> list[assonum.core.digest.DigestItem]``
- ``sitemaps.py``  ``SITEMAPS``: a dict of Django sitemap classes (Wagtail pages are already in)
- ``api.py``       ``router``: a django-ninja Router, mounted under ``/api/v1/``
- ``periodic.py``  ``PERIODIC_TASKS``: a list of :class:`assonum.core.periodic.PeriodicTask`
- ``navigation.py`` ``NAV_ITEMS``: a list of (url name, label, order) for the header; the first
  item may also be a literal path starting with "/" (for a Wagtail page, e.g. "/boite-a-outils/")
- ``home.py``      ``home_section(request) -> dict | None`` (see assonum.core.home)
- ``dashboard.py`` ``dashboard_section(request) -> dict | None``: a block of the signed-in
  home ``/espace/`` (my listings, my stories, my pending actions...), same shape as home sections
- ``bench.py``     ``generate(stdout, scale: float) -> None``: bulk-create a realistic volume of
  the app's content for the benchmark (``manage.py make_bench_data --scale 1.0``, see bench/)
- ``personal_data.py`` ``export(user) -> dict`` (JSON-serialisable: what the app holds about the
  person) and ``erase(user) -> None`` (called inside the account-deletion transaction)
"""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings


def app_modules(name: str):
    """Yield ``<app>.<name>`` for every AssoNum app that has such a module."""
    for app in settings.ASSONUM_APPS:
        dotted = f"{app}.{name}"
        if find_spec(dotted) is not None:
            yield import_module(dotted)


def collect(name: str, attribute: str) -> list:
    """Concatenate the list attribute ``attribute`` of every ``<app>.<name>`` module."""
    items = []
    for module in app_modules(name):
        items.extend(getattr(module, attribute, []))
    return items

"""The plug-in declaration: one typed object per app says everything the app adds to the whole.

Each app of ``settings.ASSONUM_APPS`` has a module ``<app>/plugin.py`` defining ``PLUGIN``::

    from assonum.core.plugins import NavItem, Plugin, PersonalData

    PLUGIN = Plugin(
        app="assonum.donations",
        urls="assonum.donations.urls", url_prefix="dons/",     # mounted by config/urls.py
        navigation=[NavItem("donations:index", _("Dons d'ordinateurs"), 60)],
        home=home.home_section,                                # request -> dict | None
        dashboard=dashboard.dashboard_section,                 # request -> dict | None
        search_types=lambda: search.SEARCH_TYPES,
        digest=DigestProvider(new_items=digest.new_items, kinds={"offer": _("Dons")}),
        ...
    )

The core reads nothing else: the header menu, the home page, ``/espace/``, the site search, the
newsletter digests, the sitemap, the API, the scheduler, data export and erasure, the bench,
the staff groups and the default settings all come from these objects. ``manage.py check``
validates every declaration (:func:`check_plugins`): a misspelt keyword, a hook that is not
callable, an extension point nobody declared, or a hook module (``search.py``, ``digest.py``...)
that the app's plug-in does not use are errors, so that no hook is switched off silently.

Apps also offer **extension points** to each other without importing each other: the toolbox
declares ``extension_points={"toolbox.tool_page": "..."}`` and calls
``extensions("toolbox.tool_page")`` on a tool page; the events app adds
``extensions={"toolbox.tool_page": events.hooks.upcoming_for_tool}``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import timedelta
from functools import cache
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core import checks

# --- The parts of a declaration ----------------------------------------------------------------


@dataclass(frozen=True)
class NavItem:
    """A header link: a URL name ("directory:place_list") or a literal path ("/temoignages/")."""

    target: str
    label: Any
    order: int = 100

    @property
    def is_path(self) -> bool:
        return self.target.startswith("/")


@dataclass(frozen=True, kw_only=True)
class DigestProvider:
    """New content for the newsletter digests: ``new_items(query) -> list[DigestItem]``.

    ``query`` is an ``assonum.core.digest.DigestQuery`` (window, kinds, topics, departments,
    limit); the provider filters and limits in the database and returns at most
    ``query.limit`` items, newest first.
    """

    new_items: Callable
    kinds: Mapping[str, Any]  # DigestItem.kind -> French label ("offer" -> "Dons d'ordinateurs")


@dataclass(frozen=True, kw_only=True)
class PersonalData:
    """What the app holds about a person (GDPR export and erasure).

    - ``export(user) -> dict`` (JSON-serialisable);
    - ``erase(user) -> None``, called inside the account-deletion transaction;
    - ``deletion_blockers(user) -> list[str]``: French reasons why the account cannot be
      deleted yet (the last administrator of an organisation...); empty when it can.
    """

    export: Callable | None = None
    erase: Callable | None = None
    deletion_blockers: Callable | None = None


@dataclass(frozen=True)
class Scenario:
    """A benchmark scenario: a name and a path (anonymous GET on the benchmark server)."""

    name: str
    path: str


@dataclass(frozen=True, kw_only=True)
class Bench:
    """``generate(stdout, scale)`` bulk-creates the app's benchmark data; ``scenarios`` are GETs."""

    generate: Callable | None = None
    scenarios: Sequence[Scenario] = ()
    # fill(stdout, count) -> int: bulk-creates ``count`` more searchable rows with their search
    # documents, for ``make_bench_data --documents N`` (the directory's places).
    fill: Callable | None = None


@dataclass(frozen=True, kw_only=True)
class StaffRole:
    """A staff group ("Modération"...) with its Django permissions ("app_label.codename")."""

    group: str
    permissions: Sequence[str] = ()
    back_office: bool = True  # grants wagtailadmin.access_admin (then 2FA is required)


@dataclass(frozen=True, kw_only=True)
class PrivateFiles:
    """A private file field served by ``/fichiers/<app_label>/<name>/<pk>/`` after a perms check.

    ``may_download(user, obj) -> bool`` lives in the app's perms.py.
    """

    name: str
    model: str  # "app_label.ModelName"
    field: str
    may_download: Callable


@dataclass(frozen=True)
class Statistic:
    """One published figure of an app, for the observatory and the app's own public page.

    ``department`` is an INSEE code or "" for the whole region; ``group`` names a breakdown
    ("theme:site-web", "kind:laptop"); ``count`` is how many associations (or people) the figure
    comes from, so that the anonymity threshold can be applied by whoever shows it.
    """

    key: str
    label: Any
    value: float
    unit: str = ""
    department: str = ""
    group: str = ""
    count: int | None = None


@dataclass(frozen=True, kw_only=True)
class Plugin:
    """Everything one app adds to the whole. Every field is optional except ``app``."""

    app: str
    urls: str = ""  # dotted URLconf module, mounted at url_prefix by config/urls.py
    url_prefix: str = ""
    url_namespace: str = ""  # defaults to the URLconf's app_name
    navigation: Sequence[NavItem] = ()
    home: Callable | None = None  # request -> dict | None ({"template", "order", ...})
    dashboard: Callable | None = None  # request -> dict | None, a block of /espace/
    search_types: Callable | None = None  # () -> list[assonum.core.search.SearchType]
    digest: DigestProvider | None = None
    sitemaps: Callable | None = None  # () -> {name: Sitemap class}
    api_router: Callable | None = None  # () -> ninja.Router, mounted under /api/v1/
    periodic: Callable | None = None  # () -> list[assonum.core.periodic.PeriodicTask]
    personal_data: PersonalData | None = None
    demo: Callable | None = None  # load(stdout) -> list[str] (lines to print), idempotent
    bench: Bench | None = None
    staff_roles: Sequence[StaffRole] = ()
    settings_defaults: Mapping[str, Any] = field(default_factory=dict)
    statistics: Callable | None = None  # () -> list[Statistic]
    private_files: Sequence[PrivateFiles] = ()
    # Models ("app_label.ModelName") whose records public pages show: saving or deleting one
    # (or moving it through workflow.transition) purges the page cache (core/page_cache.py).
    cache_models: Sequence[str] = ()
    # Dotted path of a test-side function returning the app's private URLs (see tests/core).
    private_urls: str = ""
    extension_points: Mapping[str, str] = field(default_factory=dict)  # name -> what it gets
    extensions: Mapping[str, Callable] = field(default_factory=dict)  # point name -> callable


#: Hook modules an app may have, the names that make them hooks, and the plug-in field that
#: must then use them. A module of that name without those names (territory's commune
#: ``search.py``) is not a hook. The core's own modules are the consumers and are not checked.
HOOK_MODULES = {
    "demo": (("load",), "demo"),
    "search": (("SEARCH_TYPES",), "search_types"),
    "digest": (("new_items",), "digest"),
    "sitemaps": (("SITEMAPS",), "sitemaps"),
    "api": (("router",), "api_router"),
    "periodic": (("PERIODIC_TASKS",), "periodic"),
    "navigation": (("NAV_ITEMS",), "navigation"),
    "home": (("home_section",), "home"),
    "dashboard": (("dashboard_section",), "dashboard"),
    "bench": (("generate",), "bench"),
    "personal_data": (("export", "erase"), "personal_data"),
    "statistics": (("statistics",), "statistics"),
}


# --- Reading the declarations -------------------------------------------------------------------


class PluginError(Exception):
    pass


def load_plugin(app: str) -> Plugin | None:
    dotted = f"{app}.plugin"
    if find_spec(dotted) is None:
        return None
    module = import_module(dotted)
    plugin = getattr(module, "PLUGIN", None)
    if not isinstance(plugin, Plugin):
        raise PluginError(f"{dotted} must define PLUGIN = Plugin(...)")
    if plugin.app != app:
        raise PluginError(f"{dotted}: PLUGIN.app is {plugin.app!r}, expected {app!r}")
    return plugin


@cache
def _plugins(apps: tuple[str, ...]) -> tuple[Plugin, ...]:
    found = []
    for app in apps:
        plugin = load_plugin(app)
        if plugin is not None:
            found.append(plugin)
    return tuple(found)


def plugins() -> tuple[Plugin, ...]:
    """The declarations of every app, in the order of ``settings.ASSONUM_APPS``."""
    return _plugins(tuple(settings.ASSONUM_APPS))


def extensions(point: str) -> list[Callable]:
    """Every app's callable for the extension point ``point``."""
    return [plugin.extensions[point] for plugin in plugins() if point in plugin.extensions]


def call_each(point: str, *args, **kwargs) -> list:
    """Call every extension of ``point`` and keep the results that are not None/empty."""
    results = []
    for function in extensions(point):
        result = function(*args, **kwargs)
        if result:
            results.append(result)
    return results


def digest_kinds() -> list[tuple[str, Any]]:
    """Every (kind, label) the apps' digests produce, for the newsletter's choices."""
    kinds: dict[str, Any] = {}
    for plugin in plugins():
        if plugin.digest is not None:
            kinds.update(plugin.digest.kinds)
    return list(kinds.items())


def statistics() -> list[Statistic]:
    """Every app's published figures (the observatory reads only this)."""
    figures: list[Statistic] = []
    for plugin in plugins():
        if plugin.statistics is not None:
            figures.extend(plugin.statistics())
    return figures


def _cast(raw: str, default):
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, timedelta):
        return timedelta(seconds=int(raw))
    return raw


def apply_settings_defaults() -> None:
    """Set each declared default setting not already set: from the environment, else the default."""
    for plugin in plugins():
        for name, default in plugin.settings_defaults.items():
            if hasattr(settings, name):
                continue
            raw = os.environ.get(name)
            setattr(settings, name, default if raw in (None, "") else _cast(raw, default))


# --- The system check -----------------------------------------------------------------------------

CALLABLE_FIELDS = ("home", "dashboard", "search_types", "sitemaps", "api_router", "periodic",
                   "demo", "statistics")


def problems_of(plugin: Plugin, declared_points: set[str]) -> list[str]:
    problems = []
    for name in CALLABLE_FIELDS:
        value = getattr(plugin, name)
        if value is not None and not callable(value):
            problems.append(f"{name} must be callable")
    for item in plugin.navigation:
        if not isinstance(item, NavItem):
            problems.append(f"navigation items must be NavItem, got {item!r}")
    if plugin.digest is not None:
        if not isinstance(plugin.digest, DigestProvider) or not callable(plugin.digest.new_items):
            problems.append("digest must be a DigestProvider with a callable new_items")
    if plugin.personal_data is not None:
        if not isinstance(plugin.personal_data, PersonalData):
            problems.append("personal_data must be a PersonalData")
        else:
            for part in ("export", "erase", "deletion_blockers"):
                value = getattr(plugin.personal_data, part)
                if value is not None and not callable(value):
                    problems.append(f"personal_data.{part} must be callable")
    if plugin.bench is not None and not isinstance(plugin.bench, Bench):
        problems.append("bench must be a Bench")
    for role in plugin.staff_roles:
        if not isinstance(role, StaffRole):
            problems.append(f"staff_roles items must be StaffRole, got {role!r}")
    for private in plugin.private_files:
        if not isinstance(private, PrivateFiles) or not callable(private.may_download):
            problems.append(f"private_files items must be PrivateFiles, got {private!r}")
            continue
        try:
            from django.apps import apps

            model = apps.get_model(private.model)
            model._meta.get_field(private.field)
        except (LookupError, ValueError, Exception) as error:  # noqa: BLE001
            problems.append(f"private_files {private.name!r}: {error}")
    for label in plugin.cache_models:
        try:
            from django.apps import apps

            apps.get_model(label)
        except (LookupError, ValueError) as error:
            problems.append(f"cache_models {label!r}: {error}")
    if plugin.urls and find_spec(plugin.urls) is None:
        problems.append(f"urls module {plugin.urls!r} not found")
    for point, function in plugin.extensions.items():
        if point not in declared_points:
            problems.append(f"extension {point!r} names no declared extension point")
        if not callable(function):
            problems.append(f"extension {point!r} must be callable")
    if plugin.app != "assonum.core":
        for module_name, (names, field_name) in HOOK_MODULES.items():
            dotted = f"{plugin.app}.{module_name}"
            if find_spec(dotted) is None or _uses(plugin, field_name):
                continue
            module = import_module(dotted)
            if any(hasattr(module, name) for name in names):
                problems.append(f"{dotted} defines {'/'.join(names)} but PLUGIN.{field_name} is "
                                "unset: the hook would be switched off silently")
    return problems


def _uses(plugin: Plugin, field_name: str) -> bool:
    value = getattr(plugin, field_name)
    if field_name == "navigation":
        return bool(value)
    return value is not None and value != ()


@checks.register()
def check_plugins(app_configs=None, **kwargs):
    errors = []
    loaded = []
    for app in settings.ASSONUM_APPS:
        try:
            plugin = load_plugin(app)
        except Exception as error:  # noqa: BLE001 - a broken declaration is reported, not raised
            errors.append(checks.Error(f"{app}.plugin: {error}", id="assonum.E001"))
            continue
        if plugin is not None:
            loaded.append(plugin)
    declared = {point for plugin in loaded for point in plugin.extension_points}
    for plugin in loaded:
        for problem in problems_of(plugin, declared):
            errors.append(checks.Error(f"{plugin.app}.plugin: {problem}", id="assonum.E002"))
    return errors


def plugin_field_names() -> list[str]:
    return [f.name for f in fields(Plugin)]

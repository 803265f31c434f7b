"""The plug-in declaration: a new app plugs into every hook with no shared file edited, and
a misspelt declaration fails ``manage.py check``."""

import dataclasses
import importlib
import sys
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import clear_url_caches

from assonum.core import plugins as plugins_module
from assonum.core.plugins import Plugin, check_plugins, plugins

PLUGIN_APP = "tests.plugin_app"


def _with_app(settings):
    return override_settings(ASSONUM_APPS=[*settings.ASSONUM_APPS, PLUGIN_APP])


@pytest.fixture
def plugged(settings):
    with _with_app(settings):
        plugins_module.apply_settings_defaults()
        _reload_urls()
        yield  # the defaults set above live in the override and leave with it
    _reload_urls()


def _reload_urls():
    import assonum.api.urls
    import config.urls

    for module in (assonum.api.urls, config.urls):
        importlib.reload(module)
    clear_url_caches()


@pytest.mark.django_db
def test_a_new_app_plugs_into_every_hook(plugged, client, demo_site, settings):
    from assonum.accounts.services import export_personal_data
    from assonum.core.digest import DigestQuery, collect_new_items
    from assonum.core.periodic import periodic_tasks
    from assonum.core.search import search_types
    from assonum.core.views import all_sitemaps
    from tests.accounts.factories import UserFactory

    app = sys.modules.get(PLUGIN_APP + ".plugin") or importlib.import_module(PLUGIN_APP + ".plugin")
    assert app.PLUGIN in plugins()
    assert check_plugins() == []
    # URLs mounted from the declaration; settings default applied.
    page = client.get("/greffon/")
    assert page.status_code == 200 and "Bonjour du greffon" in page.content.decode()
    assert settings.PLUGIN_APP_GREETING == "Bonjour du greffon"
    # Header link, home section.
    home = client.get("/").content.decode()
    assert 'href="/greffon/"' in home
    assert "Section du greffon" in home
    # /espace/ section.
    user = UserFactory()
    client.force_login(user)
    assert "Bloc du greffon" in client.get("/espace/").content.decode()
    # Search, digest, sitemap, periodic, personal data, statistics, bench, staff roles.
    assert "greffon" in [t.key for t in search_types()]
    since = datetime(2020, 1, 1, tzinfo=UTC)
    assert [i.title for i in collect_new_items(DigestQuery(since=since))
            if i.kind == "greffon"] == ["Nouveauté"]
    assert ("greffon", "Greffons") in plugins_module.digest_kinds()
    assert "greffon" in all_sitemaps()
    assert "plugin_app.tick" in [t.name for t in periodic_tasks()]
    assert export_personal_data(user=user)["plugin_app"] == {"email": user.email}
    assert [s.value for s in plugins_module.statistics() if s.key == "greffon.count"] == [4]
    assert plugins_module.call_each("toolbox.tool_page", None, None) == [{"from": "greffon"}]
    scenario_paths = [s.path for p in plugins() if p.bench for s in p.bench.scenarios]
    assert "/greffon/" in scenario_paths
    # API router.
    assert client.get("/api/v1/greffon/ping").json() == {"pong": True}


def test_a_misspelt_keyword_fails_the_check(settings, monkeypatch):
    import tests.plugin_app.plugin as declared

    def broken():
        return Plugin(app=PLUGIN_APP, new_item=print)  # misspelt: "new_item"

    monkeypatch.setattr(plugins_module, "load_plugin",
                        lambda app: broken() if app == PLUGIN_APP else None)
    with _with_app(settings):
        errors = check_plugins()
    assert declared.PLUGIN  # the real one is fine; the broken one is reported
    assert errors and all("unexpected keyword argument 'new_item'" in e.msg for e in errors)
    assert {e.id for e in errors} == {"assonum.E001"}


@pytest.mark.parametrize("change, expected", [
    ({"home": "not callable"}, "home must be callable"),
    ({"extensions": {"toolbox.tool_pages": print}}, "names no declared extension point"),
    ({"search_types": None}, "defines SEARCH_TYPES but PLUGIN.search_types is unset"),
    ({"urls": "tests.plugin_app.nowhere"}, "urls module 'tests.plugin_app.nowhere' not found"),
])
def test_a_wrong_declaration_fails_the_check(settings, monkeypatch, change, expected):
    import tests.plugin_app.plugin as declared

    wrong = dataclasses.replace(declared.PLUGIN, **change)
    real = plugins_module.load_plugin
    monkeypatch.setattr(plugins_module, "load_plugin",
                        lambda app: wrong if app == PLUGIN_APP else real(app))
    with _with_app(settings):
        errors = check_plugins()
        assert any(expected in error.msg for error in errors), [e.msg for e in errors]
        with pytest.raises(SystemCheckError):
            call_command("check")


def test_the_installed_declarations_pass_the_check():
    assert check_plugins() == []
    assert {p.app for p in plugins()} >= {"assonum.directory", "assonum.toolbox"}


def test_settings_defaults_read_the_environment(monkeypatch):
    import tests.plugin_app.plugin as declared

    monkeypatch.setenv("PLUGIN_APP_DAYS", "9")
    monkeypatch.setattr(plugins_module, "plugins", lambda: (declared.PLUGIN,))
    from django.conf import settings as django_settings

    with override_settings():  # whatever is set inside is dropped on exit
        assert not hasattr(django_settings, "PLUGIN_APP_DAYS")
        plugins_module.apply_settings_defaults()
        assert django_settings.PLUGIN_APP_DAYS == 9
    assert not hasattr(django_settings, "PLUGIN_APP_DAYS")
    assert isinstance(declared.PLUGIN.settings_defaults["PLUGIN_APP_DAYS"], int)
    assert timedelta(days=1)  # the caster also knows timedeltas (seconds)


def test_the_test_app_leaves_no_trace(settings):
    """Runs after the tests above: the declared apps are the real ones again."""
    assert PLUGIN_APP not in settings.ASSONUM_APPS
    assert PLUGIN_APP not in {p.app for p in plugins()}

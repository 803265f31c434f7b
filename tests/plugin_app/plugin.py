"""A tiny app used by tests/core/test_plugins.py: it plugs into every hook of the declaration."""

from datetime import timedelta

from assonum.core.plugins import (
                                  Bench,
                                  DigestProvider,
                                  NavItem,
                                  PersonalData,
                                  Plugin,
                                  Scenario,
                                  StaffRole,
                                  Statistic,
)

from . import hooks

PLUGIN = Plugin(
    app="tests.plugin_app",
    urls="tests.plugin_app.urls", url_prefix="greffon/",
    navigation=[NavItem("plugin_app:index", "Greffon", 95)],
    home=hooks.home_section,
    dashboard=hooks.dashboard_section,
    search_types=hooks.search_types,
    digest=DigestProvider(new_items=hooks.new_items, kinds={"greffon": "Greffons"}),
    sitemaps=hooks.sitemaps,
    api_router=hooks.api_router,
    periodic=hooks.periodic,
    personal_data=PersonalData(export=hooks.export, erase=hooks.erase,
                               deletion_blockers=lambda user: []),
    demo=lambda stdout=None: ["greffon : démo chargée"],
    bench=Bench(generate=lambda stdout, scale: None, scenarios=[Scenario("greffon", "/greffon/")]),
    staff_roles=[StaffRole(group="Greffon", permissions=[])],
    settings_defaults={"PLUGIN_APP_GREETING": "Bonjour du greffon", "PLUGIN_APP_DAYS": 3},
    statistics=lambda: [Statistic(key="greffon.count", label="Greffons", value=4, count=4)],
    extensions={"toolbox.tool_page": lambda request, page: {"from": "greffon"}},
)

__all__ = ["PLUGIN", "timedelta"]

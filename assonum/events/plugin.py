from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import (
    Bench,
    DigestProvider,
    NavItem,
    PersonalData,
    Plugin,
    Scenario,
    StaffRole,
)

from . import dashboard, demo, digest, home, hooks, navigation, personal_data, statistics


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.events",
    urls="assonum.events.urls",
    url_prefix="agenda/",
    navigation=[NavItem(*item) for item in navigation.NAV_ITEMS],
    home=home.home_section,
    dashboard=dashboard.dashboard_section,
    digest=DigestProvider(new_items=digest.new_items,
                          kinds={"event": _("Ateliers et formations")}),
    sitemaps=_sitemaps,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    bench=Bench(scenarios=[
        Scenario("agenda list", "/agenda/"),
        Scenario("agenda near Vierzon 20 km", "/agenda/?pres_de=Vierzon&rayon=20"),
        Scenario("agenda feed", "/agenda/flux.ics?departement=36"),
    ]),
    staff_roles=[StaffRole(group="Modération", permissions=[
        "events.view_event", "events.change_event", "events.view_registration",
        "events.change_registration", "events.view_tour", "events.change_tour",
        "events.add_tour"])],
    settings_defaults={"EVENTS_RETENTION_DAYS": 365},
    statistics=statistics.statistics,
    extensions={
        "toolbox.tool_page": hooks.upcoming_for_tool,
        "directory.place_page": hooks.upcoming_at_place,
        "diagnostic.recommendations": hooks.upcoming_for_diagnostic,
    },
    # The agenda, the event pages and their seats left. Saving one purges the page cache.
    cache_models=["events.Tour", "events.Series", "events.Event", "events.Registration"],
)

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

from . import bench, dashboard, demo, digest, home, navigation, personal_data, statistics


def _search_types():
    from .search import SEARCH_TYPES

    return SEARCH_TYPES


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


def _api_router():
    from .api import router

    return router


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.directory",
    urls="assonum.directory.urls",
    navigation=[NavItem(*item) for item in navigation.NAV_ITEMS],
    home=home.home_section,
    dashboard=dashboard.dashboard_section,
    search_types=_search_types,
    digest=DigestProvider(new_items=digest.new_items, kinds={"place": _("Acteurs du numérique")}),
    sitemaps=_sitemaps,
    api_router=_api_router,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    # Moderation of proposals and claims is granted by this group (perms.MODERATORS_GROUP).
    staff_roles=[StaffRole(group="Modération", permissions=[
        "directory.view_place", "directory.view_placechange", "directory.view_placeclaim"])],
    demo=demo.load,
    statistics=statistics.statistics,
    bench=Bench(generate=bench.generate, fill=bench.fill, scenarios=[
        Scenario("directory list", "/annuaire/"),
        Scenario("directory near Châteauroux 20 km",
                 "/annuaire/?pres_de=Ch%C3%A2teauroux&rayon=20"),
        Scenario("directory GeoJSON (5,000 places)", "/api/v1/lieux.geojson"),
        Scenario("directory map data (every place)", "/annuaire/carte.geojson"),
    ]),
    private_urls="tests.directory.private_urls.build",
    # The places of the list, the map and the place pages. Saving one purges the page cache.
    cache_models=["directory.Place"],
)

from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Bench, NavItem, Plugin, Scenario

from . import hooks


def _api_router():
    from .api import router

    return router


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.observatory",
    urls="assonum.observatory.urls",
    url_prefix="observatoire/",
    navigation=[NavItem("observatory:index", _("Observatoire"), 90)],
    api_router=_api_router,
    sitemaps=_sitemaps,
    periodic=_periodic,
    settings_defaults={
        "OBSERVATORY_MIN_GROUP": 5,
        # Longer than the refresh period (1 hour): visitors never wait for a computation.
        "OBSERVATORY_CACHE_SECONDS": 3 * 3600,
    },
    bench=Bench(scenarios=[
        Scenario("observatory", "/observatoire/"),
        Scenario("observatory, a department", "/observatoire/?departement=36"),
        Scenario("observatory map", "/observatoire/territoires/"),
    ]),
    extensions={"toolbox.tool_page": hooks.tool_usage},
)

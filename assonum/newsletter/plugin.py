from assonum.core.plugins import Bench, NavItem, PersonalData, Plugin, Scenario

from . import demo, navigation, personal_data


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.newsletter",
    urls="assonum.newsletter.urls",
    navigation=[NavItem(*item) for item in navigation.NAV_ITEMS],
    sitemaps=_sitemaps,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    bench=Bench(scenarios=[
        Scenario("newsletter archive", "/lettre/archives/"),
        Scenario("newsletter issue", "/lettre/archives/numero-2-premiers-modules/"),
    ]),
    # The topics of the subscription form and the archive. Saving one purges the page cache.
    cache_models=["newsletter.Topic"],
)

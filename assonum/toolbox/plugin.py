from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Bench, DigestProvider, NavItem, Plugin, Scenario

from . import bench, demo, digest, home, navigation


def _search_types():
    from .search import SEARCH_TYPES

    return SEARCH_TYPES


PLUGIN = Plugin(
    app="assonum.toolbox",
    urls="assonum.toolbox.urls",
    navigation=[NavItem(*item) for item in navigation.NAV_ITEMS],
    home=home.home_section,
    search_types=_search_types,
    digest=DigestProvider(new_items=digest.new_items,
                          kinds={"tool": _("Outils"), "guide": _("Fiches pratiques")}),
    demo=demo.load,
    bench=Bench(generate=bench.generate, scenarios=[
        Scenario("home", "/"),
        Scenario("toolbox list", "/boite-a-outils/"),
        Scenario("toolbox list, 2 filters", "/boite-a-outils/?licence=libre&besoin=collaborer"),
        Scenario("toolbox list, filters, page 3",
                 "/boite-a-outils/?licence=libre&cout=gratuit&page=3"),
        Scenario("tool page", "/boite-a-outils/framadate/"),
        Scenario("guide page", "/fiches-pratiques/rgpd-associations/"),
        Scenario("search 'sondage'", "/recherche/?q=sondage"),
        Scenario("search 'association numerique'", "/recherche/?q=association+numerique"),
    ]),
    # The needs shown as filters and on tools (tools and guides are pages).
    # Saving or deleting one purges the page cache.
    cache_models=["toolbox.Need"],
)

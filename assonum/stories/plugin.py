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

from . import bench, dashboard, demo, digest, home, navigation, personal_data


def _search_types():
    from .search import SEARCH_TYPES

    return SEARCH_TYPES


PLUGIN = Plugin(
    app="assonum.stories",
    urls="assonum.stories.urls",
    navigation=[NavItem(*item) for item in navigation.NAV_ITEMS],
    home=home.home_section,
    dashboard=dashboard.dashboard_section,
    search_types=_search_types,
    digest=DigestProvider(new_items=digest.new_items, kinds={"story": _("Témoignages")}),
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    # The group of the stories' Wagtail review task (services.ensure_moderation_workflow).
    staff_roles=[StaffRole(group="Modération")],
    demo=demo.load,
    bench=Bench(generate=bench.generate, scenarios=[
        Scenario("story list", "/temoignages/"),
        Scenario("story list, 2 filters, page 2",
                 "/temoignages/?theme=vie-associative&departement=37&page=2"),
        Scenario("story page", "/temoignages/inter-truck-numerique/"),
    ]),
    private_urls="tests.stories.private_urls.build",
    # The themes that filter the stories (stories are pages). Saving one purges the page cache.
    cache_models=["stories.StoryTheme", "stories.StoryProposal"],
)

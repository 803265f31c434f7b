from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import Bench, NavItem, PersonalData, Plugin, Scenario, StaffRole

from . import dashboard, demo, hooks, personal_data, statistics


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.helprequests",
    urls="assonum.helprequests.urls",
    url_prefix="mise-en-relation/",
    navigation=[NavItem("helprequests:index", _("Mise en relation"), 55)],
    dashboard=dashboard.dashboard_section,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    bench=Bench(scenarios=[Scenario("mise en relation", "/mise-en-relation/")]),
    staff_roles=[StaffRole(group="Mise en relation", permissions=[
        "helprequests.view_helprequest", "helprequests.change_helprequest",
        "helprequests.view_recipient", "helprequests.view_message",
        "helprequests.view_thankyou", "helprequests.change_thankyou",
    ])],
    settings_defaults={
        "HELPREQUESTS_RADIUS_KM": 40,
        "HELPREQUESTS_MAX_ACTORS": 3,
        "HELPREQUESTS_ESCALATE_AFTER_DAYS": 5,
        "HELPREQUESTS_LATE_AFTER_DAYS": 30,
        "HELPREQUESTS_STAFF_EMAILS": "",
    },
    statistics=statistics.statistics,
    extensions={"directory.place_page": hooks.place_thanks,
                "diagnostic.recommendations": hooks.ask_from_diagnostic},
    # What the landing page shows. Saving one purges the page cache.
    cache_models=["helprequests.HelpRequest", "helprequests.ThankYou"],
)

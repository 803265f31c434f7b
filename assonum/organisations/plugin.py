from assonum.core.plugins import Bench, PersonalData, Plugin, StaffRole

from . import bench, dashboard, demo, personal_data


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


PLUGIN = Plugin(
    app="assonum.organisations",
    urls="assonum.organisations.urls",
    demo=demo.load,
    bench=Bench(generate=bench.generate),
    dashboard=dashboard.dashboard_section,
    sitemaps=_sitemaps,
    # Page and collection rights of these groups are in migration 0003 (Wagtail objects).
    staff_roles=[
        StaffRole(group="Rédaction", permissions=["organisations.view_organisation"]),
        StaffRole(group="Modération", permissions=[
            "organisations.view_organisation", "organisations.change_organisation",
            "organisations.view_membership"]),
    ],
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase,
                               deletion_blockers=personal_data.deletion_blockers),
    private_urls="tests.organisations.private_urls.build",
    # Names shown on stories, places and events. Saving one purges the page cache.
    cache_models=["organisations.Organisation"],
)

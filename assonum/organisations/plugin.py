from assonum.core.plugins import PersonalData, Plugin

from . import dashboard, demo, personal_data


def _sitemaps():
    from .sitemaps import SITEMAPS

    return SITEMAPS


PLUGIN = Plugin(
    app="assonum.organisations",
    urls="assonum.organisations.urls",
    demo=demo.load,
    dashboard=dashboard.dashboard_section,
    sitemaps=_sitemaps,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase,
                               deletion_blockers=personal_data.deletion_blockers),
)

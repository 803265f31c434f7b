from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import NavItem, PersonalData, Plugin, PrivateFiles, StaffRole

from . import dashboard, demo, hooks, perms, personal_data, statistics

PLUGIN = Plugin(
    app="assonum.fund",
    urls="assonum.fund.urls",
    url_prefix="fonds/",
    navigation=[NavItem("fund:index", _("Fonds d'accompagnement"), 70)],
    dashboard=dashboard.dashboard_section,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    staff_roles=[
        StaffRole(group=perms.COMMITTEE_GROUP, permissions=["fund.view_application"]),
        StaffRole(group=perms.EXPERTS_GROUP, permissions=[], back_office=False),
    ],
    settings_defaults={
        "FUND_GRANTOR_NAME": "Région Centre-Val de Loire",
        "FUND_GRANTOR_SIRET": "23450002300028",
        "FUND_STAFF_EMAIL": "",
    },
    statistics=statistics.statistics,
    private_files=[PrivateFiles(name="piece", model="fund.Document", field="file",
                                may_download=perms.may_read_document)],
    extensions={"diagnostic.recommendations": hooks.open_calls_for_diagnostic},
    # The calls, their criteria and the supports shown. Saving one purges the page cache.
    cache_models=["fund.Call", "fund.Criterion", "fund.Support"],
)

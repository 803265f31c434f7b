from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import (
    Bench,
    NavItem,
    PersonalData,
    Plugin,
    PrivateFiles,
    Scenario,
    StaffRole,
)

from . import bench, dashboard, demo, perms, personal_data, statistics


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.donations",
    urls="assonum.donations.urls",
    url_prefix="dons/",
    navigation=[NavItem("donations:index", _("Dons d'ordinateurs"), 60)],
    dashboard=dashboard.dashboard_section,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    bench=Bench(generate=bench.generate, scenarios=[
        Scenario("donations offers list", "/dons/offres/"),
        Scenario("donations offers near Châteauroux 20 km",
                 "/dons/offres/?pres_de=Ch%C3%A2teauroux&rayon=20"),
        Scenario("donations index (counters)", "/dons/"),
    ]),
    staff_roles=[StaffRole(group="Modération", permissions=[
        "donations.view_offer", "donations.change_offer", "donations.view_lot",
        "donations.view_reservation", "donations.view_need"])],
    settings_defaults={
        "DONATIONS_RESERVATION_DAYS": 14,
        "DONATIONS_MATCH_RADIUS_KM": 50,
    },
    statistics=statistics.figures,
    private_files=[PrivateFiles(name="photo", model="donations.Photo", field="image",
                                may_download=perms.may_see_photo)],
    # The offers and needs on the public lists, and the quantities left.
    # Saving or deleting one purges the page cache.
    cache_models=["donations.Offer", "donations.Lot", "donations.Photo", "donations.Need",
                  "donations.Reservation"],
)

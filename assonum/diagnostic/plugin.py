from django.utils.translation import gettext_lazy as _

from assonum.core.plugins import NavItem, PersonalData, Plugin

from . import dashboard, demo, personal_data, statistics


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.diagnostic",
    urls="assonum.diagnostic.urls",
    url_prefix="diagnostic/",
    navigation=[NavItem("diagnostic:index", _("Autodiagnostic"), 55)],
    dashboard=dashboard.dashboard_section,
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
    demo=demo.load,
    statistics=statistics.statistics,
    settings_defaults={
        "DIAGNOSTIC_MIN_GROUP": 5,
        "DIAGNOSTIC_ACTORS_RADIUS_KM": 30,
        "DIAGNOSTIC_ANONYMOUS_DAYS": 14,
    },
    extension_points={
        "diagnostic.recommendations": (
            "Called (request, result_summary) on a diagnostic result page; result_summary is "
            "services.latest_summary()'s dict plus organisation_id and commune_code. Return "
            "{'template': ..., **context} for a block of recommendations, or None."
        ),
    },
    # The published questionnaire of the landing page. Saving one purges the page cache.
    cache_models=["diagnostic.Theme", "diagnostic.Question", "diagnostic.Choice",
                  "diagnostic.Measure", "diagnostic.QuestionnaireVersion"],
)

from assonum.core.plugins import PersonalData, Plugin

from . import personal_data


def _periodic():
    from .periodic import PERIODIC_TASKS

    return PERIODIC_TASKS


PLUGIN = Plugin(
    app="assonum.mailings",
    periodic=_periodic,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
)

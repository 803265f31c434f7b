from assonum.core.plugins import PersonalData, Plugin

from . import demo, personal_data

PLUGIN = Plugin(
    app="assonum.accounts",
    urls="assonum.accounts.urls",
    demo=demo.load,
    personal_data=PersonalData(export=personal_data.export, erase=personal_data.erase),
)

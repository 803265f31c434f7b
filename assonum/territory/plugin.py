from assonum.core.plugins import Plugin

from . import demo


def _api_router():
    from .api import router

    return router


PLUGIN = Plugin(app="assonum.territory", urls="assonum.territory.urls", demo=demo.load,
                api_router=_api_router)

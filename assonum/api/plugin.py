from assonum.core.plugins import Plugin

PLUGIN = Plugin(app="assonum.api", urls="assonum.api.urls", url_prefix="api/v1/")

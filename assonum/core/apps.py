from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "assonum.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from .plugins import apply_settings_defaults  # also registers the plug-in check

        apply_settings_defaults()

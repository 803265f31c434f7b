from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "assonum.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from .plugins import apply_settings_defaults  # also registers the plug-in check

        apply_settings_defaults()

        from django.db.models.signals import post_migrate

        from .staff_roles import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="assonum.core.staff_roles")

from pathlib import Path

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "assonum.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from .plugins import apply_settings_defaults  # also registers the plug-in check

        apply_settings_defaults()

        from django.conf import settings

        from . import checks  # noqa: F401 - registers the deploy checks

        # The embedded SQLite database needs its folder; settings create none (read-only
        # containers), so it is made here, at startup, and only for a file database.
        database = settings.DATABASES["default"]
        if database["ENGINE"].endswith("sqlite3") and str(database["NAME"]) != ":memory:":
            Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)

        from django.db.models.signals import post_migrate

        from .staff_roles import on_post_migrate

        post_migrate.connect(on_post_migrate, dispatch_uid="assonum.core.staff_roles")

        from . import page_cache, search

        # A deployment migrates: what the page cache keeps (pages, derived values holding
        # model instances) is then rebuilt by the new code.
        post_migrate.connect(page_cache.bump, sender=self, dispatch_uid="assonum.core.purge")

        page_cache.connect_signals()
        page_cache.install_view_restriction_shortcut()
        page_cache.install_site_root_paths_shortcut()
        search.connect_signals()  # the site search's documents follow the declared models

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpRequestsConfig(AppConfig):
    name = "assonum.helprequests"
    label = "helprequests"
    verbose_name = _("Mise en relation")
    default_auto_field = "django.db.models.BigAutoField"

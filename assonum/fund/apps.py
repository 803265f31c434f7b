from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "assonum.fund"
    label = "fund"
    verbose_name = _("Fonds d'accompagnement")
    default_auto_field = "django.db.models.BigAutoField"

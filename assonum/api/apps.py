from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "assonum.api"
    label = "api"
    verbose_name = "API"

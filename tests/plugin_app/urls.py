from django.urls import path

from . import hooks

app_name = "plugin_app"
urlpatterns = [path("", hooks.index, name="index")]

from django.urls import path  # noqa: F401

app_name = "core"

# The site search (/recherche/) lives here; Wagtail pages are served by the catch-all in
# config/urls.py.
urlpatterns: list = []

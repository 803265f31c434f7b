from django.urls import path

from . import views

app_name = "core"

# Wagtail pages are served by the catch-all in config/urls.py.
urlpatterns: list = [
    path("recherche/", views.search, name="search"),
    path("fichiers/<str:app>/<str:name>/<str:pk>/", views.private_file, name="private_file"),
]

from django.urls import path

from . import views

app_name = "observatory"

urlpatterns = [
    path("", views.index, name="index"),
    path("territoires/", views.territories, name="territories"),
    path("donnees/", views.open_data, name="open_data"),
    path("donnees/<slug:table>.csv", views.download, name="download"),
]

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("espace/", views.dashboard, name="dashboard"),
    path("espace/mes-donnees/", views.personal_data, name="personal_data"),
    path("espace/mes-donnees/telecharger/", views.download_personal_data, name="download_data"),
    path("espace/supprimer-mon-compte/", views.delete_account, name="delete_account"),
]

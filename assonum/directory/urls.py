from django.urls import path

from . import export_views, views

app_name = "directory"

urlpatterns = [
    # Open data: the published places in the national standard.
    path("annuaire/export.csv", export_views.export_csv, name="export_csv"),
    path("annuaire/export.json", export_views.export_json, name="export_json"),
    # Public pages.
    path("annuaire/", views.place_list, name="place_list"),
    path("annuaire/carte.geojson", views.map_data, name="map_data"),
    # Self-service.
    path("annuaire/proposer/", views.place_propose, name="place_propose"),
    # Moderation.
    path("annuaire/moderation/", views.moderation_queue, name="moderation"),
    path("annuaire/moderation/modifications/<int:pk>/", views.change_review, name="change_review"),
    path("annuaire/moderation/revendications/<int:pk>/", views.claim_review, name="claim_review"),
    # One place.
    path("annuaire/<slug:slug>/", views.place_detail, name="place_detail"),
    path("annuaire/<slug:slug>/modifier/", views.place_edit, name="place_edit"),
    path("annuaire/<slug:slug>/a-jour/", views.place_confirm, name="place_confirm"),
    path("annuaire/<slug:slug>/revendiquer/", views.place_claim, name="place_claim"),
]

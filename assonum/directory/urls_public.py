from django.urls import path

from . import views

# The "directory" namespace is declared here (the public side); urls_data's names join it only
# if that module declares no namespace of its own.
app_name = "directory"

urlpatterns = [
    path("annuaire/", views.place_list, name="place_list"),
    path("annuaire/carte.geojson", views.map_data, name="map_data"),
    path("annuaire/proposer/", views.place_propose, name="place_propose"),
    path("annuaire/moderation/", views.moderation_queue, name="moderation"),
    path("annuaire/moderation/modifications/<int:pk>/", views.change_review, name="change_review"),
    path("annuaire/moderation/revendications/<int:pk>/", views.claim_review, name="claim_review"),
    path("annuaire/<slug:slug>/", views.place_detail, name="place_detail"),
    path("annuaire/<slug:slug>/modifier/", views.place_edit, name="place_edit"),
    path("annuaire/<slug:slug>/a-jour/", views.place_confirm, name="place_confirm"),
    path("annuaire/<slug:slug>/revendiquer/", views.place_claim, name="place_claim"),
]

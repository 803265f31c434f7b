from django.urls import path

from . import views

app_name = "donations"

urlpatterns = [
    path("", views.index, name="index"),
    path("offres/", views.offer_list, name="offer_list"),
    path("offres/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offres/<int:pk>/reserver/", views.reserve, name="reserve"),
    path("offres/<int:pk>/attestation/", views.attestation, name="attestation"),
    path("offres/<int:pk>/reception/", views.confirm_reception, name="confirm_reception"),
    path("reservations/<int:pk>/<slug:action>/", views.reservation_action,
         name="reservation_action"),
    path("donner/", views.give, name="give"),
    path("besoins/", views.need_list, name="need_list"),
    path("besoins/nouveau/", views.need_add, name="need_add"),
    path("besoins/<int:pk>/clore/", views.need_close, name="need_close"),
    path("points-de-reprise/", views.dropoff_list, name="dropoff_list"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/<int:pk>/", views.moderate, name="moderate"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
]

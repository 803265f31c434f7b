from django.urls import path

from . import views

app_name = "helprequests"

urlpatterns = [
    path("", views.index, name="index"),
    path("demander/", views.ask, name="ask"),
    path("demandes/", views.request_list, name="list"),
    path("demandes/<int:pk>/", views.detail, name="detail"),
    path("demandes/<int:pk>/prendre/", views.take, name="take"),
    path("demandes/<int:pk>/decliner/", views.decline, name="decline"),
    path("demandes/<int:pk>/demarrer/", views.start, name="start"),
    path("demandes/<int:pk>/terminer/", views.finish, name="finish"),
    path("demandes/<int:pk>/message/", views.post_message, name="message"),
    path("demandes/<int:pk>/avis/", views.rate, name="rate"),
    path("demandes/<int:pk>/ajouter-un-acteur/", views.add_recipient, name="add_recipient"),
    path("demandes/<int:pk>/remettre-en-attente/", views.release, name="release"),
    path("remerciements/<int:pk>/moderer/", views.moderate_thank_you, name="moderate_thank_you"),
]

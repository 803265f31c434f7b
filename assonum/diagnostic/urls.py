from django.urls import path

from . import views

app_name = "diagnostic"

urlpatterns = [
    path("", views.index, name="index"),
    path("commencer/", views.start, name="start"),
    path("<int:pk>/theme/<int:number>/", views.theme, name="theme"),
    path("<int:pk>/plus-tard/", views.later, name="later"),
    path("<int:pk>/rattacher/", views.attach, name="attach"),
    path("reprendre/<str:token>/", views.resume, name="resume"),
    path("resultats/<int:pk>/", views.result, name="result"),
    path("resultats/<int:pk>/reponses/", views.answers, name="answers"),
    path("resultats/<int:pk>/suivi/", views.follow_up, name="follow_up"),
    path("resultats/<int:pk>/partage/", views.share, name="share"),
    path("resultats/<int:pk>/partage/<int:share_pk>/retirer/", views.revoke, name="revoke"),
]

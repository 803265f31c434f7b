from django.urls import path

from . import feeds, views

app_name = "newsletter"

urlpatterns = [
    path("lettre/", views.subscribe, name="subscribe"),
    path("lettre/merci/", views.thanks, name="thanks"),
    path("lettre/confirmation/<str:signed>/", views.confirm, name="confirm"),
    path("lettre/preferences/<str:token>/", views.preferences, name="preferences"),
    path("lettre/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("lettre/archives/atom.xml", feeds.IssuesFeed(), name="atom"),
]

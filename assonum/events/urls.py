from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("flux.ics", views.feed, name="feed"),
    path("mois/<int:year>-<int:month>/", views.month, name="month"),
    path("proposer/", views.propose, name="propose"),
    path("moderation/", views.moderation, name="moderation"),
    path("inscription/confirmer/<str:signed>/", views.confirm, name="confirm"),
    path("inscription/annuler/<str:signed>/", views.cancel, name="cancel"),
    path("organisateur/<slug:slug>/", views.organiser, name="organiser"),
    path("organisateur/<slug:slug>/flux.ics", views.organiser_feed, name="organiser_feed"),
    path("tournee/<slug:slug>/", views.tour, name="tour"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/evenement.ics", views.event_ics, name="event_ics"),
    path("<slug:slug>/participants/", views.attendees, name="attendees"),
    re_path(r"^(?P<slug>[-\w]+)/participants\.(?P<fmt>csv|xlsx)$", views.attendees_export,
            name="attendees_export"),
]

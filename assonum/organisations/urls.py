from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("organisations/", views.organisation_list, name="list"),
    path("organisations/nouvelle/", views.organisation_create, name="create"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="detail"),
    path("organisations/<slug:slug>/modifier/", views.organisation_edit, name="edit"),
    path("organisations/<slug:slug>/membres/", views.members, name="members"),
    path("organisations/<slug:slug>/membres/inviter/", views.invite, name="invite"),
    path("organisations/<slug:slug>/membres/<int:pk>/role/", views.change_role, name="change_role"),
    path("organisations/<slug:slug>/membres/<int:pk>/retirer/", views.remove_member,
         name="remove_member"),
    path("organisations/<slug:slug>/invitations/<int:pk>/annuler/", views.revoke_invitation,
         name="revoke_invitation"),
    path("organisations/<slug:slug>/quitter/", views.leave, name="leave"),
    path("organisations/<slug:slug>/reseau/<int:pk>/retirer/", views.remove_from_network,
         name="remove_from_network"),
    path("organisations/<slug:slug>/reseau/demandes/<int:pk>/", views.decide_network_request,
         name="decide_network_request"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]

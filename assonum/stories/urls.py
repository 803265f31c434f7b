from django.urls import path

from . import views

app_name = "stories"

# The story pages themselves are Wagtail pages (/temoignages/...), served by the catch-all.
urlpatterns = [
    path("temoignages/proposer/", views.propose, name="propose"),
    path("temoignages/proposer/envoye/<int:pk>/", views.proposal_sent, name="proposal_sent"),
    path("temoignages/proposer/<int:pk>/modifier/", views.revise, name="revise"),
]

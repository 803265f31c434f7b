from django.urls import path

from . import views

app_name = "fund"

urlpatterns = [
    path("", views.index, name="index"),
    path("appels/<slug:slug>/", views.call_detail, name="call"),
    path("appels/<slug:slug>/candidater/", views.apply, name="apply"),
    path("dossiers/<int:pk>/", views.application_detail, name="application"),
    path("dossiers/<int:pk>/modifier/", views.application_edit, name="edit"),
    path("dossiers/<int:pk>/pieces/", views.add_document, name="add_document"),
    path("dossiers/<int:pk>/messages/", views.post_message, name="message"),
    path("dossiers/<int:pk>/satisfaction/", views.satisfaction, name="satisfaction"),
    path("dossiers/<int:pk>/instruction/", views.staff_action, name="staff_action"),
    path("dossiers/<int:pk>/evaluation/", views.review, name="review"),
    path("comite/", views.queue, name="queue"),
    path("accompagnements/", views.supports, name="supports"),
    path("accompagnements/<int:pk>/", views.support_detail, name="support"),
    path("subventions/", views.grants, name="grants"),
    path("donnees/subventions.csv", views.subventions_csv, name="scdl"),
    path("rapports/", views.report, name="reports"),
    path("rapports/export.xlsx", views.report_xlsx, name="reports_xlsx"),
]

from django.urls import path

from . import export_views

# Open-data exports (the directory data helper's module); names: "directory_data:export_csv"...
app_name = "directory_data"

urlpatterns = [
    path("annuaire/export.csv", export_views.export_csv, name="export_csv"),
    path("annuaire/export.json", export_views.export_json, name="export_json"),
]

"""The read-only JSON API (django-ninja).

It gathers the router every app declares (``Plugin(api_router=...)``).
"""

from django.urls import path
from ninja import NinjaAPI

from assonum.core.plugins import plugins

api = NinjaAPI(
    title="API AssoNum",
    version="1",
    description="API publique en lecture seule : communes, lieux de l'annuaire, outils…",
    urls_namespace="api",
    docs_url=None,  # Swagger UI would load from a CDN; the OpenAPI document is enough
    openapi_url="/openapi.json",
)
for plugin in plugins():
    if plugin.api_router is not None:
        api.add_router("", plugin.api_router())

urlpatterns = [path("", api.urls)]

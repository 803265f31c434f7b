"""The read-only JSON API (django-ninja), gathering the router of every app's ``api.py``."""

from django.urls import path
from ninja import NinjaAPI

from assonum.core.registry import app_modules

api = NinjaAPI(
    title="API AssoNum",
    version="1",
    description="API publique en lecture seule : communes, lieux de l'annuaire, outils…",
    urls_namespace="api",
    docs_url=None,  # Swagger UI would load from a CDN; the OpenAPI document is enough
    openapi_url="/openapi.json",
)
for module in app_modules("api"):
    router = getattr(module, "router", None)
    if router is not None and module.__name__ != __name__:
        api.add_router(getattr(module, "API_PREFIX", ""), router)

urlpatterns = [path("", api.urls)]

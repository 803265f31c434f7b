from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse


def index(request):
    return HttpResponse(f"<h1>{settings.PLUGIN_APP_GREETING}</h1>")


def home_section(request):
    return {"template": "plugin_app/section.html", "order": 99, "text": "Section du greffon"}


def dashboard_section(request):
    return {"template": "plugin_app/section.html", "order": 99, "text": "Bloc du greffon"}


def search_types():
    from assonum.core.search import SearchType
    from assonum.organisations.models import Organisation

    return [SearchType(key="greffon", label="Greffon", queryset=Organisation.objects.none,
                       template="plugin_app/section.html", order=99)]


def new_items(query):
    from assonum.core.digest import DigestItem

    return [DigestItem(kind="greffon", kind_label="Greffon", title="Nouveauté", url="/greffon/")]


class GreffonSitemap(Sitemap):
    def items(self):
        return ["/greffon/"]

    def location(self, item):
        return item


def sitemaps():
    return {"greffon": GreffonSitemap}


_router = None


def api_router():
    global _router
    if _router is None:
        from ninja import Router

        _router = Router()

        @_router.get("/greffon/ping")
        def ping(request):
            return {"pong": True}

    return _router


def periodic():
    from assonum.core.emails import deliver_email
    from assonum.core.periodic import PeriodicTask

    return [PeriodicTask(name="plugin_app.tick", task=deliver_email, every=timedelta(days=1))]


def export(user):
    return {"email": user.email}


def erase(user):
    return None

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from assonum.core import views as core_views
from assonum.core.plugins import plugins

# Each app owns its URLs and declares them in its plug-in (``Plugin(urls=..., url_prefix=...)``);
# the order matters only for Wagtail's catch-all, which comes last.
urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("sitemap.xml", core_views.sitemap, name="sitemap"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Email providers' tracking webhooks (bounces, complaints): assonum.mailings.webhooks.
    path("anymail/", include("anymail.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("compte/", include("allauth.urls")),
    *[path(plugin.url_prefix, include(plugin.urls)) for plugin in plugins() if plugin.urls],
    path("", include("assonum.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "assonum.core.views.page_not_found"
handler500 = "assonum.core.views.server_error"

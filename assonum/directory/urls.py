from django.urls import include, path

# Two URL modules so that two people can work on the directory at once: the public pages and
# self-service (urls_public) and the open-data exports (urls_data).
urlpatterns = [
    path("", include("assonum.directory.urls_data")),
    path("", include("assonum.directory.urls_public")),
]

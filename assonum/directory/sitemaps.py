"""The directory's list page and every published place."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Place


class PlaceListSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["directory:place_list"]

    def location(self, item):
        return reverse(item)


class PlaceSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Place.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {"directory-list": PlaceListSitemap, "directory-places": PlaceSitemap}

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Organisation


class OrganisationListSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return ["organisations:list"]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Organisation.objects.order_by("pk").only("slug", "updated_at")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {"organisation-list": OrganisationListSitemap, "organisations": OrganisationSitemap}

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from .models import Event


class AgendaSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["events:agenda"]

    def location(self, item):
        return reverse(item)


class EventSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().upcoming(timezone.now()).order_by("start")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {"events-agenda": AgendaSitemap, "events": EventSitemap}

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class NewsletterSitemap(Sitemap):
    """The subscribe page (the archive and the issues are Wagtail pages, already listed)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return ["newsletter:subscribe"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"newsletter": NewsletterSitemap}

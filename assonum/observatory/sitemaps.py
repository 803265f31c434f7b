from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class ObservatorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["observatory:index", "observatory:territories", "observatory:open_data"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"observatory": ObservatorySitemap}

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import NewsletterArchivePage, NewsletterIssuePage


class IssuesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Lettre d'information AssoNum")
    subtitle = _("Les numéros de la lettre d'information des associations.")

    def link(self):
        archive = NewsletterArchivePage.objects.live().first()
        return (archive.get_url() if archive else None) or "/lettre/"

    def items(self):
        return (
            NewsletterIssuePage.objects.live().public().order_by("-issue_date", "-number")[:20]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url() or "/lettre/archives/"

    def item_pubdate(self, item):
        return item.sent_at or item.first_published_at or timezone.make_aware(
            datetime.combine(item.issue_date, time(9))
        )

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return settings.WAGTAIL_SITE_NAME

"""Fast bulk creation of Wagtail pages, for benchmark data (not for editorial use)."""

from django.db.models import F
from django.utils import timezone
from wagtail.models import Page


def append_live_children(parent, pages) -> None:
    """Insert ``pages`` (unsaved specific pages) as the last live children of ``parent``.

    Computes the treebeard paths directly instead of one ``add_child`` round trip per page.
    """
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen:]) if last else 0
    now = timezone.now()
    for offset, page in enumerate(pages, start=1):
        page.depth = parent.depth + 1
        page.path = Page._get_path(parent.path, page.depth, step + offset)
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.live = True
        page.first_published_at = page.last_published_at = now
        page.set_url_path = lambda _parent, page=page: page.url_path  # already set: skip a query
        page.save(clean=False)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))

"""New tools and guides for the newsletter's automatic digests."""

from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem

from .models import GuidePage, ToolPage

MAX_ITEMS = 50  # per kind: a digest shows a handful; never load an unbounded set


def _path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def _items(model, kind, label, since):
    pages = (model.objects.live().public().filter(first_published_at__gte=since)
             .prefetch_related("needs").order_by("-first_published_at")[:MAX_ITEMS])
    return [
        DigestItem(kind=kind, kind_label=label, title=page.title, url=_path(page),
                   summary=page.summary, published_at=page.first_published_at,
                   tags=frozenset(need.slug for need in page.needs.all()))
        for page in pages
    ]


def new_items(since) -> list[DigestItem]:
    return (_items(ToolPage, "tool", _("Nouvel outil"), since)
            + _items(GuidePage, "guide", _("Nouvelle fiche pratique"), since))

"""New tools and guides for the newsletter's automatic digests (see ``assonum.core.digest``)."""

from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem, DigestQuery

from .models import GuidePage, ToolPage


def _path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def _items(model, kind, label, query: DigestQuery):
    if not query.wants(kind):
        return []
    pages = model.objects.live().public().filter(first_published_at__gte=query.since)
    if query.until is not None:
        pages = pages.filter(first_published_at__lte=query.until)
    tags = query.tags_for(kind)
    if tags is not None:
        pages = pages.filter(pk__in=model.objects.filter(needs__slug__in=tags).values("pk"))
    # Tools and guides concern the whole region: no department condition.
    pages = pages.prefetch_related("needs").order_by("-first_published_at", "-pk")[: query.limit]
    return [
        DigestItem(kind=kind, kind_label=label, title=page.title, url=_path(page),
                   summary=page.summary, published_at=page.first_published_at,
                   tags=frozenset(need.slug for need in page.needs.all()))
        for page in pages
    ]


def new_items(query: DigestQuery) -> list[DigestItem]:
    """At most ``query.limit`` tools and at most as many guides, newest first."""
    return (_items(ToolPage, "tool", _("Nouvel outil"), query)
            + _items(GuidePage, "guide", _("Nouvelle fiche pratique"), query))

"""New stories for the newsletter's automatic digests (see ``assonum.core.digest``)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem, DigestQuery

from .models import StoryPage

KIND = "story"


def _path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def new_items(query: DigestQuery) -> list[DigestItem]:
    """At most ``query.limit`` stories published in the window, newest first, filtered in SQL."""
    if not query.wants(KIND):
        return []
    stories = StoryPage.objects.live().public().filter(first_published_at__gte=query.since)
    if query.until is not None:
        stories = stories.filter(first_published_at__lte=query.until)
    tags = query.tags_for(KIND)
    if tags is not None:
        stories = stories.filter(
            Q(pk__in=StoryPage.objects.filter(themes__slug__in=tags).values("pk"))
            | Q(pk__in=StoryPage.objects.filter(tools__needs__slug__in=tags).values("pk"))
        )
    if query.department_codes:
        stories = stories.filter(Q(department__isnull=True)
                                 | Q(department_id__in=query.department_codes))
    stories = (
        stories.select_related("department")
        .prefetch_related("themes", "tools__needs")
        .order_by("-first_published_at", "-pk")[: query.limit]
    )
    items = []
    for story in stories:
        tags = {theme.slug for theme in story.themes.all()}
        tags |= {need.slug for tool in story.tools.all() for need in tool.needs.all()}
        items.append(DigestItem(
            kind=KIND,
            kind_label=_("Nouveau témoignage"),
            title=story.title,
            url=_path(story),
            summary=story.summary,
            published_at=story.first_published_at,
            tags=frozenset(tags),
            department_codes=frozenset([story.department_id] if story.department_id else []),
        ))
    return items

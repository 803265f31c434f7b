"""New stories for the newsletter's automatic digests."""

from django.utils.translation import gettext as _

from assonum.core.digest import DigestItem

from .models import StoryPage


def _path(page) -> str:
    parts = page.get_url_parts()
    return parts[2] if parts else page.url_path


def new_items(since) -> list[DigestItem]:
    stories = (
        StoryPage.objects.live().public()
        .filter(first_published_at__gte=since)
        .select_related("department")
        .prefetch_related("themes", "tools__needs")
        .order_by("-first_published_at")
    )
    items = []
    for story in stories:
        tags = {theme.slug for theme in story.themes.all()}
        tags |= {need.slug for tool in story.tools.all() for need in tool.needs.all()}
        items.append(DigestItem(
            kind="story",
            kind_label=_("Nouveau témoignage"),
            title=story.title,
            url=_path(story),
            summary=story.summary,
            published_at=story.first_published_at,
            tags=frozenset(tags),
            department_codes=frozenset([story.department_id] if story.department_id else []),
        ))
    return items

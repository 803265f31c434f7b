"""The stories in the site search (live, public pages)."""

from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import StoryPage


def story_document(story: StoryPage) -> dict:
    body = " ".join(story.body.stream_block.get_searchable_content(story.body))
    where = story.commune.name if story.commune_id else ""
    try:
        url = story.get_url() or ""
    except Exception:  # noqa: BLE001 - a page outside any site has no URL, it stays searchable
        url = ""
    return {
        "title": story.title,
        "body": " ".join([story.summary, body, story.organisation_label, where]),
        "url": url,
        "department": story.department_id or "",
    }


SEARCH_TYPES = [
    SearchType(
        key="temoignages",
        label=_("Témoignages"),
        queryset=lambda: StoryPage.objects.live().public().select_related("organisation"),
        template="stories/includes/search_result.html",
        order=30,
        models=[StoryPage],
        document=story_document,
        index_queryset=lambda: StoryPage.objects.live().public().select_related(
            "organisation", "commune"),
        results_queryset=lambda: StoryPage.objects.live().public().select_related(
            "organisation").defer("body"),
    )
]

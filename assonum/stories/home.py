"""The home page's "Derniers témoignages" section."""

from assonum.core.page_cache import derived

from .models import StoryIndexPage, StoryPage

HOME_STORIES = 3


def home_section(request):
    # Published stories only, the same for every visitor: kept until a page changes.
    return derived("stories-home", request.get_host(), _section, request)


def _section():
    stories = list(StoryPage.objects.live().public().for_listing()[:HOME_STORIES])
    if not stories:
        return None
    return {
        "template": "stories/includes/home_section.html",
        "order": 20,
        "stories": stories,
        "index": StoryIndexPage.objects.live().first(),
    }

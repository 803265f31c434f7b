"""The home page's "Derniers témoignages" section."""

from .models import StoryIndexPage, StoryPage

HOME_STORIES = 3


def home_section(request):
    stories = list(StoryPage.objects.live().public().for_listing()[:HOME_STORIES])
    if not stories:
        return None
    return {
        "template": "stories/includes/home_section.html",
        "order": 20,
        "stories": stories,
        "index": StoryIndexPage.objects.live().first(),
    }

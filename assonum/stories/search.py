from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import StoryPage

SEARCH_TYPES = [
    SearchType(
        key="temoignages",
        label=_("Témoignages"),
        queryset=lambda: StoryPage.objects.live().public().select_related("organisation"),
        template="stories/includes/search_result.html",
        order=30,
    )
]

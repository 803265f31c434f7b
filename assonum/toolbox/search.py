from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import GuidePage, ToolPage

SEARCH_TYPES = [
    SearchType(
        key="outils",
        label=_("Outils"),
        queryset=lambda: ToolPage.objects.live().public(),
        template="toolbox/includes/search_result_tool.html",
        order=10,
    ),
    SearchType(
        key="fiches",
        label=_("Fiches pratiques"),
        queryset=lambda: GuidePage.objects.live().public(),
        template="toolbox/includes/search_result_guide.html",
        order=20,
    ),
]

"""Home page section: "find a tool for a need"."""

from .models import GuideIndexPage, Need, ToolIndexPage


def home_section(request):
    tools_index = ToolIndexPage.objects.live().first()
    if tools_index is None:
        return None
    guides_index = GuideIndexPage.objects.live().first()
    return {
        "template": "toolbox/includes/home_needs.html",
        "order": 10,
        "needs": list(Need.objects.all()),
        "tools_url": tools_index.get_url(request),
        "guides_url": guides_index.get_url(request) if guides_index else None,
    }

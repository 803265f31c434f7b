"""Home page section: "find a tool for a need"."""

from assonum.core.page_cache import derived

from .models import GuideIndexPage, Need, ToolIndexPage


def home_section(request):
    # Published pages and needs only, the same for every visitor: kept until one changes.
    return derived("toolbox-home", request.get_host(), lambda: _section(request), request)


def _section(request):
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

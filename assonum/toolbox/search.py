"""The tools and guides in the site search (live, public pages), and "alternative à X"."""

from django.utils.translation import gettext_lazy as _

from assonum.core.search import SearchType

from .models import GuidePage, Licence, ToolPage

FREE_SOFTWARE_BOOST = 1.1  # free software first among tools of (about) equal relevance


def _url(page) -> str:
    try:
        return page.get_url() or ""
    except Exception:  # noqa: BLE001 - a page outside any site has no URL, it stays searchable
        return ""


def _needs(page) -> str:
    return " ".join(n.name for n in page.needs.all()) if page.pk else ""


def tool_document(tool: ToolPage) -> dict:
    free = tool.licence == Licence.FREE_SOFTWARE
    return {
        "title": tool.title,
        "body": " ".join([tool.summary, tool.description, _needs(tool)]),
        "url": _url(tool),
        "is_free_software": free,
        "boost": FREE_SOFTWARE_BOOST if free else 1.0,
    }


def guide_document(guide: GuidePage) -> dict:
    body = " ".join(guide.body.stream_block.get_searchable_content(guide.body))
    return {"title": guide.title, "body": " ".join([guide.summary, body, _needs(guide)]),
            "url": _url(guide)}


def free_alternatives(name: str, limit: int = 50) -> list[ToolPage]:
    """The tool called ``name`` (accent-free, lower case)'s declared free alternatives, then the
    other free tools of its needs; empty when no tool has that name."""
    from django.db.models import Q

    tools = ToolPage.objects.live().public()
    tool = (tools.filter(title__iexact=name).first()
            or tools.filter(Q(title__istartswith=name) | Q(slug=name)).order_by("title").first())
    if tool is None:
        return []
    declared = list(tool.free_alternatives.live().public().order_by("title")[:limit])
    same_need = (tools.filter(licence=Licence.FREE_SOFTWARE, needs__in=tool.needs.all())
                 .exclude(pk__in=[tool.pk, *(t.pk for t in declared)])
                 .distinct().order_by("title")[: max(0, limit - len(declared))])
    return declared + list(same_need)


SEARCH_TYPES = [
    SearchType(
        key="outils",
        label=_("Outils"),
        queryset=lambda: ToolPage.objects.live().public(),
        template="toolbox/includes/search_result_tool.html",
        order=10,
        models=[ToolPage],
        document=tool_document,
        index_queryset=lambda: ToolPage.objects.live().public().prefetch_related("needs"),
        results_queryset=lambda: ToolPage.objects.live().public().defer(
            "description", "tutorials", "privacy_notes", "accessibility_notes"),
        alternatives=free_alternatives,
    ),
    SearchType(
        key="fiches",
        label=_("Fiches pratiques"),
        queryset=lambda: GuidePage.objects.live().public(),
        template="toolbox/includes/search_result_guide.html",
        order=20,
        models=[GuidePage],
        document=guide_document,
        index_queryset=lambda: GuidePage.objects.live().public().prefetch_related("needs"),
        results_queryset=lambda: GuidePage.objects.live().public().defer("body"),
    ),
]

"""What a result recommends: measures with tools and guides, actors nearby, other apps' blocks.

Queries are constant: one for the tools, one for their needs, one for the guides, one for
their needs, one for the actors, whatever the number of themes, measures or past diagnostics.
"""

from __future__ import annotations

from django.conf import settings

from assonum.core.plugins import call_each

PRIORITY_COUNT = 6  # MonAideCyber shows the first six measures as the priorities
TOOLS_PER_MEASURE = 2
GUIDES_PER_MEASURE = 1


def _tools_and_guides(need_slugs: set[str]):
    from assonum.toolbox.models import GuidePage, ToolPage

    if not need_slugs:
        return {}, {}
    tools = (
        ToolPage.objects.live()
        .public()
        .filter(needs__slug__in=need_slugs)
        .distinct()
        .free_software_first()
        .only("title", "url_path", "path", "depth", "summary", "licence")
        .prefetch_related("needs")[:80]
    )
    guides = (
        GuidePage.objects.live()
        .public()
        .filter(needs__slug__in=need_slugs)
        .distinct()
        .order_by("title")
        .only("title", "url_path", "path", "depth", "summary")
        .prefetch_related("needs")[:80]
    )
    tools_by_need: dict[str, list] = {}
    for tool in tools:
        for need in tool.needs.all():
            tools_by_need.setdefault(need.slug, []).append(tool)
    guides_by_need: dict[str, list] = {}
    for guide in guides:
        for need in guide.needs.all():
            guides_by_need.setdefault(need.slug, []).append(guide)
    return tools_by_need, guides_by_need


def _pick(by_need: dict, needs: list[str], limit: int) -> list:
    picked, seen = [], set()
    for need in needs:
        for item in by_need.get(need, []):
            if item.pk not in seen:
                seen.add(item.pk)
                picked.append(item)
    # free software first across needs, as the toolbox does
    picked.sort(key=lambda item: getattr(item, "licence", "libre") != "libre")  # stable
    return picked[:limit]


def nearby_actors(organisation, services: set[str], offers: set[str], limit=3):
    """Published directory places within DIAGNOSTIC_ACTORS_RADIUS_KM offering what is missing."""
    from assonum.directory.listing import base_queryset, json_has_any, near

    commune = organisation.seat_commune if organisation and organisation.seat_commune_id else None
    if commune is None or commune.latitude is None or not (services or offers):
        return [], commune
    wanted = json_has_any("services", sorted(services)) | json_has_any("offers", sorted(offers))
    places = near(base_queryset().filter(wanted), commune, settings.DIAGNOSTIC_ACTORS_RADIUS_KM)
    return list(places[:limit]), commune


def build(*, request, diagnostic, theme_results, follow_ups, summary) -> dict:
    snapshot = diagnostic.version.snapshot
    from . import scoring

    measures = scoring.triggered_measures(snapshot, diagnostic.answers or {})
    themes = {t["slug"]: t for t in snapshot["themes"]}
    weak = [r for r in theme_results if r.score is not None and r.score < 50]
    priorities = measures[:PRIORITY_COUNT]
    need_slugs: set[str] = set()
    for measure in priorities:
        need_slugs.update(measure["needs"] or themes.get(measure["theme"], {}).get("needs", []))
    for result in weak:
        need_slugs.update(themes.get(result.theme_slug, {}).get("needs", []))
    tools_by_need, guides_by_need = _tools_and_guides(need_slugs)
    statuses = {f.measure_slug: f for f in follow_ups}
    for measure in priorities:
        needs = measure["needs"] or themes.get(measure["theme"], {}).get("needs", [])
        measure["tools"] = _pick(tools_by_need, needs, TOOLS_PER_MEASURE)
        measure["guides"] = _pick(guides_by_need, needs, GUIDES_PER_MEASURE)
        follow_up = statuses.get(measure["slug"])
        measure["status"] = follow_up.status if follow_up else "todo"
        measure["status_label"] = follow_up.get_status_display() if follow_up else None
        measure["theme_label"] = themes.get(measure["theme"], {}).get("label", "")
    # Themes that are weak but trigger no priority measure still get their tools and guides.
    covered = {m["theme"] for m in priorities}
    weak_blocks = []
    for result in weak:
        if result.theme_slug in covered:
            continue
        needs = themes.get(result.theme_slug, {}).get("needs", [])
        weak_blocks.append(
            {
                "label": result.theme_label,
                "links": _pick(tools_by_need, needs, TOOLS_PER_MEASURE)
                + _pick(guides_by_need, needs, GUIDES_PER_MEASURE),
            }
        )
    services: set[str] = set()
    offers: set[str] = set()
    for result in weak:
        theme = themes.get(result.theme_slug, {})
        services.update(theme.get("services", []))
        offers.update(theme.get("offers", []))
    for measure in priorities:
        services.update(measure.get("services", []))
        offers.update(measure.get("offers", []))
    actors, commune = nearby_actors(diagnostic.organisation, services, offers)
    blocks = call_each("diagnostic.recommendations", request, summary)
    return {
        "priorities": priorities,
        "other_measures": measures[PRIORITY_COUNT:],
        "weak_blocks": weak_blocks,
        "actors": actors,
        "commune": commune,
        "radius_km": settings.DIAGNOSTIC_ACTORS_RADIUS_KM,
        "blocks": [b for b in blocks if isinstance(b, dict) and b.get("template")],
    }

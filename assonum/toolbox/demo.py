"""Demo content of the toolbox: needs, the two index pages, 60 real tools, 11 guides.

Idempotent.
"""

from django.db import transaction

from assonum.core.models import HomePage

from .demo_data.guides import GUIDES
from .demo_data.needs import NEEDS
from .demo_data.tools import TOOLS
from .models import GuideIndexPage, GuidePage, Need, ToolIndexPage, ToolPage
from .services import index_now


def _publish(page):
    page.save_revision().publish()


def ensure_indexes(home) -> tuple[ToolIndexPage, GuideIndexPage]:
    tools_index = ToolIndexPage.objects.first()
    if tools_index is None:
        tools_index = ToolIndexPage(
            title="Boîte à outils", slug="boite-a-outils",
            intro="Des outils numériques classés par besoin. Les logiciels libres sont présentés "
                  "en premier, avec ce qu'ils coûtent, où sont les données et leur difficulté.",
        )
        home.add_child(instance=tools_index)
        _publish(tools_index)
    guides_index = GuideIndexPage.objects.first()
    if guides_index is None:
        guides_index = GuideIndexPage(
            title="Fiches pratiques", slug="fiches-pratiques",
            intro="Des pas-à-pas courts pour utiliser le numérique dans votre association, en "
                  "gardant un œil sur les données, l'environnement et les personnes éloignées "
                  "du numérique.",
        )
        home.add_child(instance=guides_index)
        _publish(guides_index)
    return tools_index, guides_index


def _body(items, tools_by_slug):
    body = []
    for kind, value in items:
        if kind == "text":
            body.append({"type": "text", "value": value})
        elif kind == "steps":
            body.append({"type": "steps", "value": [
                {"title": title, "text": text} for title, text in value]})
        elif kind in ("tip", "warning"):
            title, text = value
            body.append({"type": kind, "value": {"title": title, "text": text}})
        elif kind == "tools":
            body.append({"type": "tools", "value": [
                tools_by_slug[slug].pk for slug in value if slug in tools_by_slug]})
    return body


@transaction.atomic
def load(stdout=None) -> list[str]:
    home = HomePage.objects.first()
    if home is None:
        return ["toolbox: no home page, run the core demo first"]
    needs = {}
    for order, (slug, name, description) in enumerate(NEEDS, start=1):
        needs[slug], _ = Need.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order * 10, "description": description})
    tools_index, guides_index = ensure_indexes(home)

    existing = {t.slug: t for t in ToolPage.objects.child_of(tools_index)}
    new = set()
    for spec in TOOLS:
        if spec["slug"] in existing:
            continue
        tool = ToolPage(
            title=spec["title"], slug=spec["slug"], summary=spec["summary"],
            description=spec["description"], licence=spec["licence"], cost=spec["cost"],
            cost_band=spec["band"], hosting=spec["hosting"], difficulty=spec["difficulty"],
            website=spec["website"], privacy_notes=spec.get("privacy", ""),
            accessibility_notes=spec.get("accessibility", ""),
            tutorials=[{"type": "link", "value": {"title": t, "url": u, "note": n}}
                       for t, u, n in spec.get("tutorials", [])],
        )
        tool.needs = [needs[slug] for slug in spec["needs"]]
        tools_index.add_child(instance=tool)
        existing[tool.slug] = tool
        new.add(tool.slug)
    # Second pass: the links between tools need every tool to exist.
    for spec in TOOLS:
        tool = existing[spec["slug"]]
        wanted = [existing[slug] for slug in spec.get("alt", []) if slug in existing]
        if tool.slug not in new and set(tool.free_alternatives.all()) == set(wanted):
            continue
        tool.free_alternatives = wanted
        _publish(tool)

    existing_guides = set(GuidePage.objects.child_of(guides_index).values_list("slug", flat=True))
    created_guides = 0
    for spec in GUIDES:
        if spec["slug"] in existing_guides:
            continue
        guide = GuidePage(title=spec["title"], slug=spec["slug"], summary=spec["summary"],
                          body=_body(spec["body"], existing))
        guide.needs = [needs[slug] for slug in spec["needs"]]
        guides_index.add_child(instance=guide)
        _publish(guide)
        created_guides += 1
    index_now(ToolPage)
    index_now(GuidePage)
    return [f"toolbox: {len(needs)} needs, {len(new)} new tools, {created_guides} new guides"]

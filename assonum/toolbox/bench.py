"""Benchmark data of the toolbox: 1,000 tools and 1,000 guides at scale 1.0 (``make_bench_data``).

Pages are written with pre-computed treebeard paths (no ``add_child`` round trips), the links in
bulk, then indexed for search in bulk.
"""

import random

from django.db import transaction
from django.utils import timezone

from assonum.core.models import HomePage
from assonum.core.page_tree import append_live_children

from .demo import ensure_indexes
from .demo_data.needs import NEEDS
from .models import CostBand, Difficulty, GuidePage, Hosting, Licence, Need, ToolPage
from .services import index_now

WORDS = ("association bénévoles adhérents partage agenda sondage réunion dons collecte site "
         "lettre réseau données sécurité formation atelier projet école numérique commune "
         "document tableur messagerie visioconférence carte événement cotisation compte").split()


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


@transaction.atomic
def _guide_body(rng) -> list:
    steps = [{"title": _text(rng, 3), "text": f"<p>{_text(rng, 20)}</p>"} for _ in range(3)]
    return [{"type": "text", "value": f"<p>{_text(rng, 80)}</p>"},
            {"type": "steps", "value": steps},
            {"type": "tip", "value": {"title": "Astuce", "text": f"<p>{_text(rng, 15)}</p>"}}]


def generate(stdout, scale: float = 1.0) -> None:
    home = HomePage.objects.first()
    if home is None:
        stdout.write("toolbox: no home page (run load_demo first)")
        return
    for order, (slug, name, description) in enumerate(NEEDS, start=1):
        Need.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10,
                                                        "description": description})
    needs = list(Need.objects.all())
    tools_index, guides_index = ensure_indexes(home)
    rng = random.Random(42)
    count = max(1, int(1000 * scale))
    run = timezone.now().strftime("%Y%m%d%H%M%S")
    licences, bands = Licence.values, CostBand.values
    tools = [
        ToolPage(title=f"Outil {run}-{i} {rng.choice(WORDS)}", slug=f"outil-{run}-{i}",
                 summary=_text(rng, 8), description=f"<p>{_text(rng, 60)}</p>",
                 licence=rng.choice(licences), cost=_text(rng, 4), cost_band=rng.choice(bands),
                 hosting=rng.choice(Hosting.values), difficulty=rng.choice(Difficulty.values),
                 website="https://example.org/")
        for i in range(count)
    ]
    append_live_children(tools_index, tools)
    Through = ToolPage.needs.through
    Through.objects.bulk_create([Through(toolpage_id=t.pk, need_id=n.pk)
                                 for t in tools for n in rng.sample(needs, 2)])
    free = [t for t in tools if t.licence == Licence.FREE_SOFTWARE]
    Alt = ToolPage.free_alternatives.through
    Alt.objects.bulk_create([Alt(from_toolpage_id=t.pk, to_toolpage_id=rng.choice(free).pk)
                             for t in tools if t.licence != Licence.FREE_SOFTWARE and free])
    guides = [
        GuidePage(title=f"Fiche {run}-{i} {rng.choice(WORDS)}", slug=f"fiche-{run}-{i}",
                  summary=_text(rng, 10),
                  body=_guide_body(rng))
        for i in range(count)
    ]
    append_live_children(guides_index, guides)
    GThrough = GuidePage.needs.through
    GThrough.objects.bulk_create(
        [GThrough(guidepage_id=g.pk, need_id=rng.choice(needs).pk) for g in guides])
    index_now(ToolPage, ToolPage.objects.filter(pk__in=[t.pk for t in tools]))
    index_now(GuidePage, GuidePage.objects.filter(pk__in=[g.pk for g in guides]))
    stdout.write(f"toolbox: {len(tools)} tools and {len(guides)} guides")

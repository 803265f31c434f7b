"""Benchmark data of the stories: 500 published stories at scale 1.0 (``make_bench_data``).

Pages are written with pre-computed treebeard paths (no ``add_child`` round trips), their links
in bulk, then indexed for search in bulk. Run ``load_demo`` first (index page, themes, tools).
"""

import random

from django.db import transaction
from django.utils import timezone

from assonum.core.page_tree import append_live_children

from .demo import THEMES, ensure_index
from .models import StoryKind, StoryPage, StoryTheme
from .services import index_stories

WORDS = ("association bénévoles adhérents atelier commune rural tiers-lieu fab lab formation "
         "assemblée générale visioconférence sondage partage documents libre réseau habitants "
         "projet jeunes médiathèque inclusion numérique accompagnement mairie école").split()


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


@transaction.atomic
def generate(stdout, scale: float = 1.0) -> None:
    from assonum.territory.models import Commune
    from assonum.toolbox.models import ToolPage

    for order, (name, slug) in enumerate(THEMES, start=1):
        StoryTheme.objects.get_or_create(slug=slug, defaults={"name": name, "order": order * 10})
    try:
        index = ensure_index()
    except RuntimeError as error:
        stdout.write(f"stories: {error}")
        return
    rng = random.Random(37)
    themes = list(StoryTheme.objects.all())
    tool_ids = list(ToolPage.objects.live().values_list("pk", flat=True)[:500])
    communes = list(Commune.objects.in_region().values_list("code", "department_id")[:2000])
    run = timezone.now().strftime("%Y%m%d%H%M%S")
    count = max(1, int(500 * scale))
    stories = []
    for i in range(count):
        commune = rng.choice(communes) if communes and rng.random() < 0.8 else None
        stories.append(StoryPage(
            title=f"Témoignage {run}-{i} {rng.choice(WORDS)}",
            slug=f"temoignage-{run}-{i}",
            kind=rng.choice(StoryKind.values),
            summary=_text(rng, 20),
            organisation_name=f"Association {rng.choice(WORDS)} {i}",
            commune_id=commune[0] if commune else None,
            department_id=commune[1] if commune else None,
            body=[
                {"type": "paragraph", "value": f"<p>{_text(rng, 120)}</p>"},
                {"type": "interview", "value": {"person": "", "items": [
                    {"question": _text(rng, 8) + " ?", "answer": _text(rng, 40)}
                    for _ in range(3)]}},
                {"type": "quote", "value": {"quote": _text(rng, 15), "attribution": ""}},
            ],
        ))
    append_live_children(index, stories)
    Themes = StoryPage.themes.through
    Themes.objects.bulk_create([Themes(storypage_id=s.pk, storytheme_id=t.pk)
                                for s in stories for t in rng.sample(themes, min(2, len(themes)))])
    if tool_ids:
        Tools = StoryPage.tools.through
        per_story = min(3, len(tool_ids))
        Tools.objects.bulk_create([Tools(storypage_id=s.pk, toolpage_id=t)
                                   for s in stories for t in rng.sample(tool_ids, per_story)])
    index_stories([s.pk for s in stories])
    stdout.write(f"stories: {len(stories)} stories")

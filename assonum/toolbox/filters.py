"""The filters of the tool list: plain GET parameters, with a count for every value.

Within one facet the checked values are alternatives (OR); across facets they narrow (AND). The
count shown beside a value is the number of tools the list would show if that value were checked
too, the other facets staying as they are (the usual faceted-search rule). All the counts come
from one aggregate query, whatever the number of tools.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assonum.core.page_cache import site_wide

from .models import CostBand, Difficulty, Hosting, Licence, Need, ToolPage

MAX_VALUES = 30  # per facet: more is not a real visitor

# The sorts offered above the results (GET ``tri``); the first is the default.
SORTS = [
    ("pertinence", _("Pertinence")),
    ("nom", _("Nom")),
    ("libre", _("Logiciel libre d'abord")),
]


@dataclass
class Option:
    value: str
    label: str
    count: int = 0
    checked: bool = False


@dataclass
class Facet:
    key: str  # the GET parameter
    label: str
    lookup: str  # the ORM field
    options: list[Option] = field(default_factory=list)

    @property
    def selected(self) -> list[str]:
        return [o.value for o in self.options if o.checked]


def _facet_definitions():
    return [
        ("besoin", _("Besoin"), "needs__slug", None),
        ("licence", _("Licence"), "licence", Licence.choices),
        ("cout", _("Coût"), "cost_band", CostBand.choices),
        ("difficulte", _("Difficulté"), "difficulty", Difficulty.choices),
        ("hebergement", _("Hébergement des données"), "hosting", Hosting.choices),
    ]


class ToolFilter:
    def __init__(self, data, parent=None):
        self.data = data
        self.parent = parent
        self.facets: list[Facet] = []
        # The needs change a few times a year: read once per generation (toolbox.Need purges).
        needs = site_wide("toolbox-needs", lambda: list(Need.objects.values_list("slug", "name")))
        for key, label, lookup, choices in _facet_definitions():
            if choices is None:
                choices = needs
            wanted = {str(v)[:120] for v in data.getlist(key)[:MAX_VALUES]}
            facet = Facet(key, label, lookup, [Option(v, str(lbl), checked=v in wanted)
                                               for v, lbl in choices])
            self.facets.append(facet)
        self._base = None
        wanted_sort = str(data.get("tri", ""))
        self.sort = wanted_sort if wanted_sort in dict(SORTS) else SORTS[0][0]
        self.sorts = [(value, str(label)) for value, label in SORTS]

    @property
    def base(self):
        """Live, public tools (evaluating ``public()`` costs one query: do it once)."""
        if self._base is None:
            # One ToolIndexPage per site (max_count = 1): no path condition needed.
            self._base = ToolPage.objects.live().public()
        return self._base

    def _q(self, exclude: Facet | None = None) -> Q:
        q = Q()
        for facet in self.facets:
            if facet is exclude or not facet.selected:
                continue
            if facet.lookup == "needs__slug":
                # A subquery keeps one row per tool (no duplicate through the join).
                q &= Q(pk__in=ToolPage.needs.through.objects.filter(
                    need__slug__in=facet.selected).values("toolpage_id"))
            else:
                q &= Q(**{f"{facet.lookup}__in": facet.selected})
        return q

    def parts(self) -> tuple:
        """The chosen filters and sort, normalised: what :meth:`results` depends on."""
        return (tuple((f.key, tuple(sorted(f.selected))) for f in self.facets), self.sort)

    @property
    def is_active(self) -> bool:
        return any(f.selected for f in self.facets)

    def results(self):
        """The matching tools, in the chosen order.

        "pertinence": the tools matching the most of the checked needs first, then free
        software, then by name (without a need checked it is "libre"); "nom": by name;
        "libre": free software first, then by name.
        """
        results = self.base.filter(self._q())
        if self.sort == "nom":
            return results.order_by("title")
        results = results.free_software_first()
        needs = next(f for f in self.facets if f.key == "besoin").selected
        if self.sort == "pertinence" and needs:
            results = results.annotate(
                matched=Count("needs", filter=Q(needs__slug__in=needs), distinct=True)
            ).order_by("-matched", "licence_rank", "title")
        return results

    def compute_counts(self):
        """Every count of every facet in ONE aggregate query (conditional distinct counts),
        kept until a tool changes (the same for every visitor with the same filters)."""
        from assonum.core.page_cache import derived

        if not any(facet.options for facet in self.facets):
            return self.facets
        parts = [(f.key, [o.value for o in f.options], sorted(f.selected)) for f in self.facets]
        counts = derived("toolbox-facets", parts, self._count_query)
        for f_index, facet in enumerate(self.facets):
            for o_index, option in enumerate(facet.options):
                option.count = counts[f"c{f_index}_{o_index}"] or 0
        return self.facets

    def _count_query(self) -> dict[str, int]:
        aggregates = {}
        for f_index, facet in enumerate(self.facets):
            others = self._q(exclude=facet)
            for o_index, option in enumerate(facet.options):
                aggregates[f"c{f_index}_{o_index}"] = Count(
                    "pk", distinct=True,
                    filter=others & Q(**{facet.lookup: option.value}),
                )
        return self.base.order_by().aggregate(**aggregates)

    def querystring(self) -> str:
        from urllib.parse import urlencode

        pairs = [(f.key, v) for f in self.facets for v in f.selected]
        if self.sort != SORTS[0][0]:
            pairs.append(("tri", self.sort))
        return urlencode(pairs)

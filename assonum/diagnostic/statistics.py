"""Anonymised aggregates for the observatory, computed in SQL (``Plugin(statistics=...)``).

Only the latest completed diagnostic of each *association* counts. Every group (a department,
a sector, the whole region) is published only when at least ``DIAGNOSTIC_MIN_GROUP``
associations are in it (default 5): a smaller group is left out entirely, never shown.

- ``diagnostic.theme_level``: share of associations (%) at each level (1 to 4) of each theme;
  ``group`` = ``theme:<slug>|level:<n>`` (prefixed by ``sector:<code>|`` for the sectors).
- ``diagnostic.answer.<key>``: share of the associations who answered the keyed question
  (``outils``: the tools you use; ``difficultes``: the difficulties you meet) that chose each
  answer; ``group`` = ``answer:<label>`` (prefixed by ``sector:<code>|`` for the sectors).
- ``diagnostic.answered.<key>``: the same groups, as the number of associations that chose the
  answer (``count`` is still the number who answered the question).
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from assonum.core.plugins import Statistic

from .models import Diagnostic, SelectedAnswer, ThemeResult

DEPARTMENT = "diagnostic__organisation__seat_commune__department_id"
SECTOR = "diagnostic__organisation__sector"
ORGANISATION = "diagnostic__organisation"
KEYS = ("outils", "difficultes")
LEVEL_LABELS = {1: "à construire", 2: "en progrès", 3: "solide", 4: "avancé"}


def _latest():
    return Diagnostic.objects.latest_per_organisation().filter(organisation__kind="association")


def _totals(queryset, dims, minimum):
    """{dims tuple: associations} for the groups of at least ``minimum`` (HAVING in SQL)."""
    rows = (
        queryset.values(*dims)
        .annotate(n=Count(ORGANISATION, distinct=True))
        .filter(n__gte=minimum)
        .order_by()
    )
    return {tuple(row[d] for d in dims): row["n"] for row in rows}


def _scopes():
    # (dimension or None, how the statistic is labelled)
    return [(None, "region"), (DEPARTMENT, "department"), (SECTOR, "sector")]


def theme_levels(minimum: int) -> list[Statistic]:
    base = ThemeResult.objects.filter(diagnostic__in=_latest(), level__isnull=False)
    figures = []
    for dim, scope in _scopes():
        dims = ([dim] if dim else []) + ["theme_slug"]
        totals = _totals(base, dims, minimum)
        if not totals:
            continue
        rows = (
            base.values(*dims, "level")
            .annotate(n=Count(ORGANISATION, distinct=True), label=Max("theme_label"))
            .order_by()
        )
        for row in rows:
            group_key = tuple(row[d] for d in dims)
            total = totals.get(group_key)
            if not total:
                continue
            where = row[dim] if dim else ""
            prefix = f"sector:{where}|" if scope == "sector" else ""
            figures.append(
                Statistic(
                    key="diagnostic.theme_level",
                    label=_("%(theme)s : niveau « %(level)s »")
                    % {
                        "theme": row["label"],
                        "level": LEVEL_LABELS.get(row["level"], row["level"]),
                    },
                    value=round(100 * row["n"] / total, 1),
                    unit="%",
                    department=where if scope == "department" else "",
                    group=f"{prefix}theme:{row['theme_slug']}|level:{row['level']}",
                    count=total,
                )
            )
    return figures


def keyed_answers(minimum: int) -> list[Statistic]:
    base = SelectedAnswer.objects.filter(diagnostic__in=_latest(), question_key__in=KEYS)
    figures = []
    for dim, scope in _scopes():
        dims = ([dim] if dim else []) + ["question_key"]
        totals = _totals(base, dims, minimum)
        if not totals:
            continue
        rows = base.values(*dims, "label").annotate(n=Count(ORGANISATION, distinct=True)).order_by()
        for row in rows:
            total = totals.get(tuple(row[d] for d in dims))
            if not total:
                continue
            where = row[dim] if dim else ""
            prefix = f"sector:{where}|" if scope == "sector" else ""
            figures.append(
                Statistic(
                    key=f"diagnostic.answer.{row['question_key']}",
                    label=row["label"],
                    value=round(100 * row["n"] / total, 1),
                    unit="%",
                    department=where if scope == "department" else "",
                    group=f"{prefix}answer:{row['label']}",
                    count=total,
                )
            )
            figures.append(
                Statistic(
                    key=f"diagnostic.answered.{row['question_key']}",
                    label=row["label"],
                    value=row["n"],
                    unit="associations",
                    department=where if scope == "department" else "",
                    group=f"{prefix}answer:{row['label']}",
                    count=total,
                )
            )
    return figures


def statistics() -> list[Statistic]:
    minimum = max(int(settings.DIAGNOSTIC_MIN_GROUP), 1)
    return theme_levels(minimum) + keyed_answers(minimum)

"""The observatory's tables, read from one snapshot (:mod:`assonum.observatory.services`).

Anonymity: a figure is shown only when it comes from at least ``OBSERVATORY_MIN_GROUP``
associations (``Statistic.count``; a figure without a count, such as a number of public places,
is not about associations and is always shown). A group the providing app did not publish (the
diagnostic leaves out its small groups entirely) reads "pas assez de réponses" too. Only the
figures and the labels the apps publish are read: no free text ever reaches the page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LEVELS = [(1, _("à construire")), (2, _("en progrès")), (3, _("solide")), (4, _("avancé"))]
QUESTIONS = {
    "outils": _("Les outils que les associations utilisent"),
    "difficultes": _("Les difficultés que les associations rencontrent"),
}
LICENCE = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"

SOURCES = {
    "diagnostic": _("autodiagnostics des associations sur AssoNum (le dernier terminé de "
                    "chaque association)"),
    "directory": _("annuaire AssoNum des acteurs du numérique (lieux publiés)"),
    "donations": _("dons d'ordinateurs AssoNum (remises confirmées et dépôts reçus)"),
    "fund": _("fonds d'accompagnement AssoNum"),
    "events": _("agenda AssoNum (ateliers et formations passés)"),
}


@dataclass(frozen=True)
class Indicator:
    """A column of the departments' table (and a choice of the map)."""

    slug: str  # GET value of ?carte= and CSV column
    key: str  # Statistic key
    label: str
    unit: str
    source: str


INDICATORS = [
    Indicator("diagnostics", "diagnostic", _("Associations ayant fait leur autodiagnostic"),
              _("associations"), "diagnostic"),
    Indicator("acteurs", "directory.places", _("Acteurs du numérique référencés"), _("lieux"),
              "directory"),
    Indicator("appareils", "donations.devices", _("Appareils donnés pour une seconde vie"),
              _("appareils"), "donations"),
    Indicator("co2e", "donations.co2e", _("Fabrication évitée"), _("kg CO2e"), "donations"),
    Indicator("accompagnements", "fund.supports", _("Accompagnements financés"), "", "fund"),
    Indicator("heures", "fund.hours", _("Heures d'accompagnement"), _("h"), "fund"),
    Indicator("formations", "events.held", _("Ateliers et formations tenus"), _("événements"),
              "events"),
    Indicator("formes", "events.trained", _("Personnes formées ou sensibilisées"),
              _("personnes"), "events"),
]

#: A cell whose group is too small (or was not published by its app).
HIDDEN = None


def min_group() -> int:
    return max(int(settings.OBSERVATORY_MIN_GROUP), 1)


def source_label(key: str) -> str:
    return SOURCES.get(key.split(".", 1)[0], _("AssoNum"))


class Observatory:
    def __init__(self, data: dict, minimum: int | None = None):
        self.data = data
        self.min_group = minimum if minimum is not None else min_group()
        self.computed_at = datetime.fromisoformat(data["computed_at"])
        self.region_name = data.get("region_name") or ""
        self.departments = data["departments"]
        self.department_names = {d["code"]: d["name"] for d in self.departments}
        self._by = defaultdict(list)
        self.keys = set()
        for figure in data["figures"]:
            self._by[(figure["key"], figure["department"])].append(figure)
            self.keys.add(figure["key"])

    # --- anonymity ---------------------------------------------------------------------------

    def shown(self, figure: dict) -> bool:
        count = figure["count"]
        # Nothing (count 0) reveals no one; otherwise a group must reach the threshold.
        return count is None or count == 0 or count >= self.min_group

    def figures(self, key: str, department: str = "") -> list[dict]:
        return self._by.get((key, department), [])

    def public_figures(self) -> list[dict]:
        """Every figure that may be shown (the API and the tables never see the others)."""
        return [f for f in self.data["figures"] if self.shown(f)]

    # --- the diagnostic: answers and maturity --------------------------------------------------

    def answers(self, question: str, department: str = "") -> dict | None:
        """Share and number of associations for each answer of a keyed question, or None."""
        shares = {f["group"]: f for f in self.figures(f"diagnostic.answer.{question}", department)
                  if f["group"].startswith("answer:") and self.shown(f)}
        if not shares:
            return None
        numbers = {f["group"]: f["value"]
                   for f in self.figures(f"diagnostic.answered.{question}", department)}
        rows = []
        for group, figure in shares.items():
            share = figure["value"]
            rows.append({"label": figure["label"], "share": share,
                         "associations": int(numbers.get(group, round(share * figure["count"]
                                                                       / 100))),
                         "total": figure["count"]})
        rows.sort(key=lambda r: (-r["share"], r["label"]))
        return {"rows": rows, "total": max(r["total"] for r in rows)}

    def maturity(self, department: str = "") -> dict | None:
        """Per theme, the share of associations at each of the four levels, or None."""
        themes: dict[str, dict] = {}
        for figure in self.figures("diagnostic.theme_level", department):
            if figure["group"].startswith("sector:") or not self.shown(figure):
                continue
            parts = dict(part.split(":", 1) for part in figure["group"].split("|"))
            slug, level = parts.get("theme"), int(parts.get("level", 0))
            theme = themes.setdefault(slug, {
                "slug": slug, "label": figure["label"].rsplit(" : niveau", 1)[0],
                "shares": {n: 0.0 for n, _label in LEVELS}, "total": figure["count"]})
            if level in theme["shares"]:
                theme["shares"][level] = figure["value"]
        if not themes:
            return None
        rows = sorted(themes.values(), key=lambda t: t["label"])
        for row in rows:
            row["levels"] = [row["shares"][n] for n, _label in LEVELS]
        return {"rows": rows, "total": max(r["total"] for r in rows)}

    def diagnosed(self, department: str = "") -> int | None:
        """How many associations the diagnostic figures of this scope come from, or None."""
        counts = [f["count"] for f in self.figures("diagnostic.theme_level", department)
                  if not f["group"].startswith("sector:") and self.shown(f)]
        return max(counts) if counts else HIDDEN

    def tool_usage(self, answer_label: str, department: str = "") -> dict | None:
        answers = self.answers("outils", department)
        if answers is None:
            return None
        for row in answers["rows"]:
            if row["label"] == answer_label:
                return row
        return {"label": answer_label, "share": 0.0, "associations": 0,
                "total": answers["total"]}

    # --- the other apps' figures per department --------------------------------------------------

    def indicators(self) -> list[Indicator]:
        """The columns whose app is there (an absent app's column is left out)."""
        present = []
        for indicator in INDICATORS:
            if indicator.slug == "diagnostics":
                if "diagnostic.theme_level" in self.keys or any(
                        k.startswith("diagnostic.") for k in self.keys):
                    present.append(indicator)
            elif indicator.key in self.keys:
                present.append(indicator)
        return present

    def value(self, indicator: Indicator, department: str = ""):
        if indicator.slug == "diagnostics":
            return self.diagnosed(department)
        plain = [f for f in self.figures(indicator.key, department) if ":" not in f["group"]]
        if not plain:
            return 0  # the app publishes the departments where something happened
        figure = plain[0]
        return figure["value"] if self.shown(figure) else HIDDEN

    def department_table(self) -> dict:
        indicators = self.indicators()
        rows = [{"code": d["code"], "name": d["name"],
                 "values": [self.value(i, d["code"]) for i in indicators]}
                for d in self.departments]
        region = {"code": self.data.get("region_code", ""), "name": self.region_name,
                  "values": [self.value(i, "") for i in indicators]}
        return {"indicators": indicators, "rows": rows, "region": region}

    def services(self, department: str = "") -> list[dict]:
        rows = [{"label": f["label"], "places": f["value"]}
                for f in self.figures("directory.service", department) if self.shown(f)]
        return sorted(rows, key=lambda r: (-r["places"], r["label"]))

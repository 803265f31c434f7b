"""Scoring, in pure functions over the frozen questionnaire (a version's snapshot) and answers.

The rule, after ANSSI's MonAideCyber:

- each answer carries a score: 0 to 3 for a choice (0 to 4 on a scale); a question's value is
  its answer's score divided by the question's best possible score (for a multiple choice, the
  sum of the chosen scores, capped at 3, divided by 3), so between 0 and 1;
- each question has a weight from 0 to 3;
- a theme's score is the weighted mean of the values of its *answered* questions, scaled to
  0–100 and rounded;
- "je ne sais pas" carries no score: it is left out of the mean (it is neither a 0 nor a 3),
  and it is counted and stated next to the theme's score; a theme answered only with "je ne
  sais pas" has no score;
- the overall score is the mean of the themes that have a score.

Nothing here touches the database: the same snapshot and answers always give the same result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

UNKNOWN = "unknown"
MULTIPLE_CAP = 3

#: Levels of a theme score: (lowest score, level number).
LEVELS = ((75, 4), (50, 3), (25, 2), (0, 1))


def round_half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def question_max(question: dict) -> int:
    if question["kind"] == "multiple":
        return MULTIPLE_CAP
    if question["kind"] == "scale":
        return 4
    return max((c["score"] for c in question["choices"]), default=0) or 3


def answer_value(question: dict, answer: dict | None):
    """The answer's value in [0, 1], ``UNKNOWN`` ("je ne sais pas"), or None (not answered)."""
    if not answer:
        return None
    if answer.get("unknown"):
        return UNKNOWN
    chosen = set(answer.get("choices") or [])
    scores = [c["score"] for c in question["choices"] if c["id"] in chosen]
    if not scores:
        return None
    if question["kind"] == "multiple":
        total = min(sum(scores), MULTIPLE_CAP)
    else:
        total = max(scores)
    return min(total / question_max(question), 1.0)


@dataclass(frozen=True)
class ThemeScore:
    slug: str
    label: str
    score: int | None
    answered: int = 0
    unknown: int = 0
    unanswered: int = 0

    @property
    def level(self) -> int | None:
        return level_of(self.score)


def theme_score(theme: dict, answers: dict) -> ThemeScore:
    weighted = 0.0
    weights = 0
    answered = unknown = unanswered = 0
    for question in theme["questions"]:
        value = answer_value(question, answers.get(str(question["id"])))
        if value is None:
            unanswered += 1
            continue
        if value == UNKNOWN:
            unknown += 1
            continue
        answered += 1
        weighted += question["weight"] * value
        weights += question["weight"]
    score = round_half_up(100 * weighted / weights) if weights else None
    return ThemeScore(theme["slug"], theme["label"], score, answered, unknown, unanswered)


def overall_score(scores) -> int | None:
    values = [s.score for s in scores if s.score is not None]
    return round_half_up(sum(values) / len(values)) if values else None


def level_of(score: int | None) -> int | None:
    if score is None:
        return None
    for lowest, level in LEVELS:
        if score >= lowest:
            return level
    return 1


@dataclass
class Result:
    themes: list[ThemeScore]
    overall: int | None
    measures: list[dict] = field(default_factory=list)

    @property
    def unknown(self) -> int:
        return sum(t.unknown for t in self.themes)

    @property
    def unanswered(self) -> int:
        return sum(t.unanswered for t in self.themes)


def triggered_measures(snapshot: dict, answers: dict) -> list[dict]:
    """Measures whose tag an answer carries, most urgent first (priority, then theme order)."""
    measures = snapshot.get("measures", {})
    found: dict[str, dict] = {}
    for position, theme in enumerate(snapshot["themes"]):
        for question in theme["questions"]:
            answer = answers.get(str(question["id"])) or {}
            if answer.get("unknown"):
                continue
            chosen = set(answer.get("choices") or [])
            for choice in question["choices"]:
                if choice["id"] not in chosen:
                    continue
                for tag in choice.get("tags", []):
                    if tag in measures and tag not in found:
                        found[tag] = {**measures[tag], "slug": tag, "position": position}
    return sorted(found.values(), key=lambda m: (m["priority"], m["position"], m["slug"]))


def compute(snapshot: dict, answers: dict) -> Result:
    themes = [theme_score(theme, answers) for theme in snapshot["themes"]]
    return Result(
        themes=themes, overall=overall_score(themes), measures=triggered_measures(snapshot, answers)
    )


def strengths_and_priorities(themes, *, strong=75, weak=50):
    """(strong themes best first, weak themes weakest first) among the scored ones."""
    scored = [t for t in themes if t.score is not None]
    strengths = sorted((t for t in scored if t.score >= strong), key=lambda t: -t.score)
    priorities = sorted((t for t in scored if t.score < weak), key=lambda t: t.score)
    return strengths, priorities

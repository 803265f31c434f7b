"""Freezing the draft questionnaire into a JSON snapshot, and reading a snapshot back."""

from __future__ import annotations

from django.db.models import Prefetch

from .models import Choice, Measure, Question, Theme


def build_snapshot() -> dict:
    """The draft referential as plain data (four queries whatever its size)."""
    questions = (
        Question.objects.filter(active=True)
        .order_by("order", "pk")
        .prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("sort_order", "pk")))
    )
    themes = list(
        Theme.objects.order_by("order", "pk").prefetch_related(
            Prefetch("questions", queryset=questions)
        )
    )
    snapshot_themes = []
    for theme in themes:
        snapshot_themes.append(
            {
                "slug": theme.slug,
                "label": theme.label,
                "intro": theme.intro,
                "needs": theme.need_slugs,
                "services": list(theme.services or []),
                "offers": list(theme.offers or []),
                "questions": [
                    {
                        "id": question.pk,
                        "key": question.key,
                        "text": question.text,
                        "help": question.help_text,
                        "kind": question.kind,
                        "weight": question.weight,
                        "choices": [
                            {"id": c.pk, "label": c.label, "score": c.score, "tags": c.tag_list}
                            for c in question.choices.all()
                        ],
                    }
                    for question in theme.questions.all()
                ],
            }
        )
    measures = {
        m.slug: {
            "title": m.title,
            "text": m.text,
            "priority": m.priority,
            "theme": m.theme.slug,
            "needs": m.need_slugs,
            "services": list(m.services or []),
            "offers": list(m.offers or []),
        }
        for m in Measure.objects.select_related("theme")
    }
    return {"themes": [t for t in snapshot_themes if t["questions"]], "measures": measures}


def theme_at(snapshot: dict, number: int) -> dict | None:
    """The theme on page ``number`` (1-based), or None."""
    themes = snapshot["themes"]
    return themes[number - 1] if 1 <= number <= len(themes) else None


def questions_by_key(snapshot: dict) -> dict[str, dict]:
    return {q["key"]: q for t in snapshot["themes"] for q in t["questions"] if q.get("key")}

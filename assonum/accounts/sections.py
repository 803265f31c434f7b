"""The signed-in home ``/espace/``: the sections every app contributes.

An app adds a block by defining ``dashboard_section(request)`` in ``<app>/dashboard.py``,
returning ``None`` or ``{"template": ..., "order": int, **context}`` (as home sections do).
"""

from assonum.core.registry import app_modules


def dashboard_sections(request) -> list[dict]:
    sections = []
    for module in app_modules("dashboard"):
        section = module.dashboard_section(request)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.get("order", 100))

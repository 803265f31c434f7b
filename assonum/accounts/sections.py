"""The signed-in home ``/espace/``: the sections every app contributes.

An app adds a block with ``Plugin(dashboard=...)``: a function of the request returning ``None``
or ``{"template": ..., "order": int, **context}`` (as home sections do).
"""

from assonum.core.plugins import plugins


def dashboard_sections(request) -> list[dict]:
    sections = []
    for plugin in plugins():
        if plugin.dashboard is None:
            continue
        section = plugin.dashboard(request)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.get("order", 100))

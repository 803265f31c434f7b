"""What the home page shows from each module.

An app adds a section to the home page with ``Plugin(home=...)``: a function of the request
returning ``None`` or a dict ``{"template": ..., "order": int, **context}``.
"""

from .plugins import plugins


def home_sections(request) -> list[dict]:
    sections = []
    for plugin in plugins():
        if plugin.home is None:
            continue
        section = plugin.home(request)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.get("order", 100))

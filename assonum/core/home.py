"""What the home page shows from each module.

An app adds a section to the home page by defining ``home_section(request)`` in
``<app>/home.py``, returning ``None`` or a dict ``{"template": ..., "order": int, **context}``.
"""

from .registry import app_modules


def home_sections(request) -> list[dict]:
    sections = []
    for module in app_modules("home"):
        if module.__name__ == __name__:
            continue
        section = module.home_section(request)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda s: s.get("order", 100))

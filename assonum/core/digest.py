"""What is new on the platform, for the newsletter's automatic digests.

An app offers its new content by declaring, in its plug-in (``assonum.core.plugins``)::

    digest=DigestProvider(new_items=digest.new_items, kinds={"offer": _("Dons")})

The newsletter gathers every app's items, keeps those matching a reader's topics and
departments, and renders them. Items carry plain data only (no model instances), so that what
is common to a segment is rendered once.
"""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DigestItem:
    kind: str  # "tool", "guide", "story", "place", later "event", "offer"...
    kind_label: str  # French, e.g. "Nouvel outil"
    title: str
    url: str  # absolute path ("/boite-a-outils/framadate/") or absolute URL
    summary: str = ""
    published_at: datetime | None = None
    # Free tags (need slugs, themes, offers) a newsletter topic can match on.
    tags: frozenset[str] = field(default_factory=frozenset)
    # INSEE department codes the item concerns; empty means the whole region.
    department_codes: frozenset[str] = field(default_factory=frozenset)


def collect_new_items(since: datetime) -> list[DigestItem]:
    """Every app's new items since ``since`` (the core's own module defines none)."""
    items: list[DigestItem] = []
    from .plugins import plugins

    for plugin in plugins():
        if plugin.digest is not None:
            items.extend(plugin.digest.new_items(since))
    return items

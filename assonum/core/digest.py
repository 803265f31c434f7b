"""What is new on the platform, for the newsletter's automatic digests.

An app offers its new content by declaring, in its plug-in (``assonum.core.plugins``)::

    digest=DigestProvider(new_items=digest.new_items, kinds={"offer": _("Dons")})

``new_items(query: DigestQuery) -> list[DigestItem]`` returns at most ``query.limit`` items,
newest first, published in the query's window and matching its kinds, topics and departments:
the provider filters and limits in the database (``query.kinds_wanted()`` and
``query.tags_for(kind)`` say what to filter on), so that the work per call is bounded whatever
the number of rows. The newsletter merges the apps' items and keeps the newest ``limit``. Items
carry plain data only (no model instances), so that what is common to a segment is rendered once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

# The most a digest block shows (``DigestBlock.max_items`` is capped there too).
MAX_LIMIT = 30


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


@dataclass(frozen=True)
class TopicMatch:
    """What a reader's topic matches: every item of ``kinds``, items carrying one of ``tags``."""

    kinds: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DigestQuery:
    """Which new items a digest wants: published in ``[since, until]``, newest first, at most
    ``limit``.

    - ``kinds``: the item kinds wanted (empty: every kind);
    - ``topics``: the reader's topics (empty: every topic); an item matches when one topic has
      its kind or shares a tag with it;
    - ``department_codes``: the reader's departments (empty: the whole region); an item without
      departments concerns the whole region and always matches.
    """

    since: datetime
    until: datetime | None = None
    kinds: frozenset[str] = frozenset()
    topics: tuple[TopicMatch, ...] = ()
    department_codes: frozenset[str] = frozenset()
    limit: int = 8

    def __post_init__(self):
        object.__setattr__(self, "limit", max(0, min(int(self.limit), MAX_LIMIT)))
        object.__setattr__(self, "kinds", frozenset(self.kinds))
        object.__setattr__(self, "department_codes", frozenset(self.department_codes))
        object.__setattr__(self, "topics", tuple(self.topics))

    def tags_for(self, kind: str) -> frozenset[str] | None:
        """The tags an item of ``kind`` must carry one of; ``None`` when any item of that kind
        is wanted (no topic, or a topic taking the whole kind). An empty set: none is wanted."""
        if not self.topics or any(kind in topic.kinds for topic in self.topics):
            return None
        return frozenset().union(*(topic.tags for topic in self.topics))

    def wants(self, kind: str) -> bool:
        """Whether any item of ``kind`` may be wanted (the provider can skip its query if not)."""
        if self.limit <= 0 or (self.kinds and kind not in self.kinds):
            return False
        tags = self.tags_for(kind)
        return tags is None or bool(tags)

    def matches(self, item: DigestItem) -> bool:
        """The same conditions in Python, on one item (what providers do in SQL, except
        ``since``)."""
        if not self.wants(item.kind):
            return False
        tags = self.tags_for(item.kind)
        if tags is not None and not (item.tags & tags):
            return False
        if self.department_codes and item.department_codes:
            if not (item.department_codes & self.department_codes):
                return False
        # The lower bound is the provider's (in SQL); the upper one is checked again here.
        if item.published_at is not None and self.until is not None:
            if item.published_at > self.until:
                return False
        return True


def newest(items: Iterable[DigestItem], query: DigestQuery) -> list[DigestItem]:
    """The ``query.limit`` newest matching items (items without a date count as the newest)."""
    kept = [item for item in items if query.matches(item)]
    kept.sort(key=lambda item: (item.published_at is None, item.published_at or query.since),
              reverse=True)
    return kept[: query.limit]


def collect_new_items(query: DigestQuery) -> list[DigestItem]:
    """Every app's new items for ``query``: at most ``query.limit``, newest first."""
    from .plugins import plugins

    items: list[DigestItem] = []
    for plugin in plugins():
        if plugin.digest is None or not any(query.wants(k) for k in plugin.digest.kinds):
            continue
        items.extend(plugin.digest.new_items(query)[: query.limit])
    return newest(items, query)

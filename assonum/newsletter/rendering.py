"""Rendering newsletter issues as emails, once per segment.

A *segment* is what makes two readers' emails differ: their topics and departments. Readers with
the same ``segment_key`` receive the same message, so an issue is rendered once per segment, never
once per reader. The only per-reader parts are two links, left as placeholders that the mailings
engine substitutes for each recipient:

``%%UNSUBSCRIBE_URL%%``
    replaced by the recipient's ``context["unsubscribe_url"]``
``%%PREFERENCES_URL%%``
    replaced by the recipient's ``context["preferences_url"]``

(the canonical list is ``assonum.mailings.message.PLACEHOLDERS``; ``RenderedMessage`` is the
engine's).
The rule is generic: for every key ``k`` of a recipient's context dict, the engine replaces the
literal text ``%%`` + ``k.upper()`` + ``%%`` in the text and HTML parts (``PLACEHOLDERS`` below
lists the ones this module emits; the subject never holds one). The engine HTML-escapes the
values it puts in the HTML part.

``render_for_campaign(source_ref, segment_key)`` is the renderer the mailings engine calls (its
dotted path is ``RENDERER``).
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from assonum.core.digest import DigestQuery, TopicMatch, collect_new_items, newest
from assonum.mailings.message import RenderedMessage

RENDERER = "assonum.newsletter.rendering.render_for_campaign"
PLACEHOLDERS = {
    "unsubscribe_url": "%%UNSUBSCRIBE_URL%%",
    "preferences_url": "%%PREFERENCES_URL%%",
}
# How far back the very first issue's digest looks.
FIRST_ISSUE_LOOKBACK = timedelta(days=31)


# --- Segments --------------------------------------------------------------------------------


def make_segment_key(topic_slugs, department_codes) -> str:
    topics = ",".join(sorted(set(topic_slugs)))
    departments = ",".join(sorted(set(department_codes)))
    return f"t={topics};d={departments}"


def segment_key(subscriber) -> str:
    """A stable key made of the subscriber's topics and departments (prefetch them)."""
    return make_segment_key(
        [topic.slug for topic in subscriber.topics.all()],
        [department.code for department in subscriber.departments.all()],
    )


def parse_segment_key(key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    parts = dict(part.split("=", 1) for part in key.split(";") if "=" in part)
    topics = tuple(slug for slug in parts.get("t", "").split(",") if slug)
    departments = tuple(code for code in parts.get("d", "").split(",") if code)
    return topics, departments


# --- Digest items ----------------------------------------------------------------------------


def digest_bounds(issue) -> tuple:
    """(since, until) of the issue's digest: from the previous issue to this one's sending."""
    since, until = issue.digest_window()
    if since is None:
        since = until - FIRST_ISSUE_LOOKBACK
    return since, until


def digest_query(issue, block_value, *, topics, department_codes, bounds=None) -> DigestQuery:
    """What one digest block asks the apps for one reader (``topics``: Topic list, empty or
    None for every topic; ``department_codes``: INSEE codes, empty or None for the region)."""
    since, until = bounds or digest_bounds(issue)
    return DigestQuery(
        since=since, until=until,
        kinds=frozenset(block_value.get("kinds") or []),
        topics=tuple(TopicMatch(kinds=topic.kinds, tags=topic.tags) for topic in topics or ()),
        department_codes=frozenset(department_codes or ()),
        limit=block_value.get("max_items") or 8,
    )


def _digest_items(query: DigestQuery, keep: bool) -> list:
    if not keep:
        return newest(collect_new_items(query), query)
    from assonum.core.page_cache import derived

    # Sorted, not frozensets: the key must be the same in every process.
    parts = (query.since, query.until, sorted(query.kinds), sorted(query.department_codes),
             query.limit, [(sorted(t.kinds), sorted(t.tags)) for t in query.topics])
    return derived("newsletter-digest", parts, lambda: newest(collect_new_items(query), query))


def body_parts(issue, *, topics, department_codes, keep: bool = False,
               bounds: tuple | None = None) -> list[dict]:
    """The issue's blocks, each digest block with the items it shows for this reader.

    Each digest block asks the apps once (``collect_new_items``), for at most its
    ``max_items``, filtered in the database: the work is bounded whatever the number of rows.
    The web page and every email of a sending go through here. ``keep``: the items are kept
    under the page cache's generation (``page_cache.derived``), for a sent issue, whose digest
    window is closed. ``bounds``: the window, when the caller has it (else computed once).
    """
    parts = []
    for block in issue.body:
        part = {"type": block.block_type, "value": block.value, "block": block, "items": None}
        if block.block_type == "digest":
            bounds = bounds or digest_bounds(issue)
            query = digest_query(issue, block.value, topics=topics,
                                 department_codes=department_codes, bounds=bounds)
            part["items"] = _digest_items(query, keep)
        parts.append(part)
    return parts


# --- Email -----------------------------------------------------------------------------------


def absolute(url: str) -> str:
    if url.startswith("/"):
        return settings.SITE_URL + url
    return url


_RELATIVE_ATTR = re.compile(r'(href|src)="/(?!/)')


def absolutize_html(html: str) -> str:
    return _RELATIVE_ATTR.sub(lambda m: f'{m.group(1)}="{settings.SITE_URL}/', html)


class _TextExtractor(HTMLParser):
    """A small HTML to plain text converter for the text/plain alternative."""

    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "ul", "ol", "li", "br", "section", "header",
              "footer", "article", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.href_stack: list[str | None] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"style", "script", "head", "title"}:
            self.skip += 1
        elif tag in {"h1", "h2", "h3", "h4"}:
            self.out.append("\n\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag in self.BLOCKS:
            self.out.append("\n")
        if tag == "a":
            self.href_stack.append(attrs.get("href"))
        if tag == "img" and attrs.get("alt"):
            self.out.append(f"[{attrs['alt']}]")

    def handle_endtag(self, tag):
        if tag in {"style", "script", "head", "title"}:
            self.skip = max(0, self.skip - 1)
        elif tag == "a" and self.href_stack:
            href = self.href_stack.pop()
            if href and not href.startswith("mailto:"):
                self.out.append(f" ({href})")
        elif tag in {"h1", "h2", "h3", "h4"}:
            self.out.append("\n")
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    text = unescape("".join(parser.out))
    lines = [line.strip() for line in text.splitlines()]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def issue_web_url(issue) -> str:
    url = issue.get_url() or ""
    return absolute(url) if url else settings.SITE_URL + "/lettre/archives/"


def render_issue(issue, *, topic_slugs, department_codes) -> RenderedMessage:
    """The whole email of ``issue`` for the readers of one segment (see the module docstring)."""
    from assonum.core.models import SiteIdentity

    from .models import Topic

    topics = list(Topic.objects.filter(slug__in=topic_slugs)) if topic_slugs else []
    parts = body_parts(issue, topics=topics, department_codes=set(department_codes))
    context = {
        "issue": issue,
        "parts": parts,
        "topics": topics,
        "web_url": issue_web_url(issue),
        "site_url": settings.SITE_URL,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "identity": SiteIdentity.load(),
        "unsubscribe_url": PLACEHOLDERS["unsubscribe_url"],
        "preferences_url": PLACEHOLDERS["preferences_url"],
        "now": timezone.now(),
    }
    html = absolutize_html(render_to_string("newsletter/email/issue.html", context))
    body_html = absolutize_html(render_to_string("newsletter/email/issue_body.html", context))
    text = render_to_string(
        "newsletter/email/issue.txt", {**context, "body_text": html_to_text(body_html)}
    )
    return RenderedMessage(subject=issue.title, text=text, html=html)


def render_for_campaign(source_ref: str, segment_key: str) -> RenderedMessage:
    """The mailings engine's renderer: ``source_ref`` is ``newsletter.issue:<page id>``."""
    from .models import NewsletterIssuePage

    prefix, _, pk = source_ref.partition(":")
    if prefix != "newsletter.issue" or not pk.isdigit():
        raise ValueError(f"Unknown source reference: {source_ref!r}")
    issue = NewsletterIssuePage.objects.get(pk=int(pk))
    topic_slugs, department_codes = parse_segment_key(segment_key)
    return render_issue(issue, topic_slugs=topic_slugs, department_codes=department_codes)

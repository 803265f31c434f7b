"""Helpers for browser tests: audits (axe, page budget, EcoIndex), emails, screenshots."""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = ROOT / "var" / "screenshots"

# Budgets of ../shared/design/quality.md
MAX_BYTES = 150 * 1024
MAX_REQUESTS = 15
MAX_DOM_NODES = 400
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# EcoIndex reference method: quantile tables for DOM nodes, requests and size (KB).
_Q_DOM = [0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237,
          1459, 1801, 2479, 594601]
_Q_REQ = [0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281,
          3920]
_Q_SIZE = [0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32,
           1648.27, 1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54,
           223212.26]


def _quantile(quantiles: list[float], value: float) -> float:
    for i in range(1, len(quantiles)):
        if value < quantiles[i]:
            return i - 1 + (value - quantiles[i - 1]) / (quantiles[i] - quantiles[i - 1])
    return len(quantiles) - 1


def ecoindex(dom: int, requests: int, size_kb: float) -> float:
    q_dom, q_req, q_size = _quantile(_Q_DOM, dom), _quantile(_Q_REQ, requests), _quantile(
        _Q_SIZE, size_kb
    )
    return round(100 - 5 * (3 * q_dom + 2 * q_req + q_size) / 6, 1)


def ecoindex_grade(score: float) -> str:
    for grade, floor in (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10)):
        if score > floor:
            return grade
    return "G"


@dataclass
class Audit:
    url: str
    status: int
    transferred: int = 0
    requests: int = 0
    dom_nodes: int = 0
    h1_count: int = 0
    violations: list = field(default_factory=list)
    overflow_px: int = 0
    failed_requests: list = field(default_factory=list)

    @property
    def ecoindex(self) -> float:
        return ecoindex(self.dom_nodes, self.requests, self.transferred / 1024)

    def problems(self, *, budget=True, max_dom=MAX_DOM_NODES) -> list[str]:
        found = []
        if self.status != 200:
            found.append(f"HTTP {self.status}")
        if self.h1_count != 1:
            found.append(f"{self.h1_count} <h1> (one expected)")
        for violation in self.violations:
            targets = "; ".join(
                ", ".join(node["target"]) if isinstance(node["target"], list) else str(node)
                for node in violation["nodes"][:3]
            )
            found.append(f"axe {violation['id']} ({violation['impact']}): {violation['help']} "
                         f"-> {targets}")
        if budget:
            if self.transferred > MAX_BYTES:
                found.append(f"{self.transferred} bytes transferred > {MAX_BYTES}")
            if self.requests > MAX_REQUESTS:
                found.append(f"{self.requests} requests > {MAX_REQUESTS}")
            if self.dom_nodes > max_dom:
                found.append(f"{self.dom_nodes} DOM nodes > {max_dom}")
        if self.overflow_px > 1:
            found.append(f"horizontal scroll of {self.overflow_px}px at 320px wide")
        if self.failed_requests:
            found.append(f"failed requests: {self.failed_requests}")
        return found


def _is_tile(url: str, base_url: str) -> bool:
    """Map tiles are outside the budget (and unreachable offline)."""
    return urlsplit(url).netloc != urlsplit(base_url).netloc


def audit(page, url: str, *, narrow: bool = True) -> Audit:
    """Load ``url`` in a fresh state of ``page`` and measure it.

    ``page`` must come from the ``page`` fixture (axe is injected into its context). Only
    same-origin requests count towards the budget: map tiles are excepted.
    """
    base = url
    finished: list = []
    failed: list[str] = []

    def on_finished(request):
        if not _is_tile(request.url, base):
            finished.append(request)

    def on_failed(request):
        if not _is_tile(request.url, base):
            failed.append(request.url)

    # Measure a first visit: no HTTP cache between the pages of one test.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    try:
        response = page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", on_finished)
        page.remove_listener("requestfailed", on_failed)
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.detach()
    result = Audit(url=url, status=response.status if response else 0)
    for request in finished:
        sizes = request.sizes()
        result.transferred += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    result.requests = len(finished)
    result.failed_requests = failed
    result.dom_nodes = page.evaluate("document.getElementsByTagName('*').length")
    result.h1_count = page.evaluate("document.querySelectorAll('h1').length")
    if page.evaluate("typeof window.axe !== 'undefined'"):
        report = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        result.violations = report["violations"]
    if narrow:
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        result.overflow_px = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.set_viewport_size(size)
    return result


def assert_page_ok(page, url: str, *, budget: bool = True, max_dom: int = MAX_DOM_NODES) -> Audit:
    """Zero axe violations, exactly one <h1>, HTTP 200, within the page budget."""
    result = audit(page, url)
    problems = result.problems(budget=budget, max_dom=max_dom)
    assert not problems, f"{url}:\n  " + "\n  ".join(problems)
    return result


def assert_works_without_js(page_nojs, url: str) -> None:
    """The page renders its main content with JavaScript disabled."""
    response = page_nojs.goto(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    assert page_nojs.locator("main h1").count() == 1, f"{url}: no <h1> in <main> without JS"


def read_emails(mail_dir: Path) -> list[email.message.EmailMessage]:
    """Every email the e2e server wrote (Django's file backend), oldest first."""
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log"), key=lambda p: p.stat().st_mtime):
        chunks = path.read_bytes().split(b"-" * 79 + b"\n")
        for chunk in chunks:
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def email_body(message) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part else ""


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

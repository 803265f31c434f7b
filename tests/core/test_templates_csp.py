"""Every template of the site keeps to the strict CSP (``script-src 'self'``, no nonce).

The policy runs scripts only from the site's own files, so a template must not hold an inline
script (except JSON-LD data, which browsers never execute), an ``on*=`` handler, a
``javascript:`` URL or a ``style=`` attribute (``style-src 'self'`` blocks it). Emails are not
web pages (mail clients need inline styles) and are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "assonum"
EMAIL_FOLDERS = {"email", "emails"}

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
HANDLER = re.compile(r"""<[a-z][^>]*\son[a-z]+\s*=""", re.I | re.S)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
STYLE_ATTRIBUTE = re.compile(r"""<[a-z][^>]*\sstyle\s*=""", re.I | re.S)


def web_templates() -> list[Path]:
    found = []
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        parts = set(path.relative_to(ROOT).parts)
        if parts & EMAIL_FOLDERS:
            continue
        found.append(path)
    return found


def problems(text: str) -> list[str]:
    found = []
    for match in SCRIPT_TAG.finditer(text):
        attributes = match.group(1)
        if re.search(r"""\bsrc\s*=""", attributes):
            continue
        if re.search(r"""\btype\s*=\s*["']application/ld\+json["']""", attributes):
            continue
        found.append(f"inline script: {match.group(0)}")
    found += [f"event handler: {m.group(0)[:80]}" for m in HANDLER.finditer(text)]
    found += [f"javascript: URL at {m.start()}" for m in JAVASCRIPT_URL.finditer(text)]
    found += [f"style attribute: {m.group(0)[:80]}" for m in STYLE_ATTRIBUTE.finditer(text)]
    found += ["a CSP nonce"] if "csp_nonce" in text else []
    return found


def test_the_walk_finds_the_site_templates():
    names = {path.relative_to(ROOT).as_posix() for path in web_templates()}
    assert "templates/base.html" in names
    assert "events/templates/events/detail.html" in names
    assert not any("/emails/" in name for name in names)


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", "inline script"),
    ('<script type="module">import "x"</script>', "inline script"),
    ('<button onclick="go()">', "event handler"),
    ("<a href='javascript:go()'>", "javascript: URL"),
    ('<p style="color:red">', "style attribute"),
    ('<script src="/static/x.js" nonce="{{ request.csp_nonce }}"></script>', "a CSP nonce"),
])
def test_the_checker_sees_each_kind_of_problem(text, expected):
    assert any(problem.startswith(expected) for problem in problems(text))


def test_the_checker_allows_files_and_json_ld():
    assert problems('<script src="/static/x.js" defer></script>') == []
    assert problems('<script type="application/ld+json">{"@type": "Event"}</script>') == []
    assert problems('<p class="one">Pour annoncer la fête</p>') == []


def test_no_template_has_inline_script_handler_or_style():
    found = {}
    for path in web_templates():
        trouble = problems(path.read_text(encoding="utf-8"))
        if trouble:
            found[path.relative_to(ROOT).as_posix()] = trouble
    assert found == {}

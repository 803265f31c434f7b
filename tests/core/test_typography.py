"""French quotes keep their content on the same line: « … » with no-break spaces inside."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2] / "assonum"
BREAKING = re.compile(r"« | »")


def test_french_quotes_have_no_break_spaces():
    offenders = []
    for path in sorted(ROOT.rglob("*")):
        # The national standard's labels ("Formé à « Mon Espace Santé »") stay as written.
        if (path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts
                or path.name == "vocabularies.py"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if BREAKING.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert not offenders, "« » with a plain space (use U+00A0): " + ", ".join(offenders[:20])

"""The two-column "What we said | What we did" layout (also "You said | We did", "We said we would | What
happened", "Our commitment | Progress"): each row pairs a pledge ("We will ...") with what came of it,
reported in the past tense; sometimes under section headings (issue 18).

The real layout (corpus/layouts/what-we-said-what-we-did-two-column.txt) is a web page flattened to text:
the header on one space-joined line, each row's report either on the pledge's own line or in the
paragraphs under it.  The variants are written here: other header words, headings between groups, and the
same table as pipe, tab and cell-per-paragraph text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.reading.evidence import is_pledge
from pipeline.run import run_document

LAYOUT = "what-we-said-what-we-did-two-column"


def _records(path: Path) -> list[tuple[str | None, str | None, list[str]]]:
    return [(r.section, r.action, list(r.progress)) for r in run_document(path, tag=False).records]


def test_the_real_layout_gives_every_gold_record() -> None:
    path = shared_path("corpus", "layouts", f"{LAYOUT}.txt")
    gold = json.loads(shared_path("gold", "layouts", f"{LAYOUT}.json").read_text(encoding="utf-8"))
    # gold/SPEC.md: "a table caption ... above the rows is the section"; this file's gold leaves its
    # caption ("Commitments and outcomes") out of the section, other layouts' gold keep theirs.
    want = [("Commitments and outcomes", g["action"], g["progress"]) for g in gold["records"]]
    assert _records(path) == want
    assert len(want) == 5


FLAT_WITH_HEADINGS = """Annual report 2025

You said We did

Housing

We will bring 40 empty homes back into use. We brought 46 empty homes back into use.

We will review the allocations policy.

The review started in May 2025.

It will finish in the spring.

Transport

We will add ten new bus shelters. Eight shelters were installed by December 2025.
"""


def test_flattened_rows_under_headings(tmp_path: Path) -> None:
    """Headings between the groups are the rows' sections; a report may say what will happen next
    ("It will finish ...") without opening a row."""
    path = tmp_path / "report.txt"
    path.write_text(FLAT_WITH_HEADINGS, encoding="utf-8")
    assert _records(path) == [
        ("Housing", "We will bring 40 empty homes back into use.", ["We brought 46 empty homes back into use."]),
        ("Housing", "We will review the allocations policy.",
         ["The review started in May 2025.", "It will finish in the spring."]),
        ("Transport", "We will add ten new bus shelters.", ["Eight shelters were installed by December 2025."]),
    ]


ROWS = [("We will bring 40 empty homes back into use.", "We brought 46 empty homes back into use."),
        ("We will review the allocations policy.", "The review was delayed until the new year.")]


@pytest.mark.parametrize("header", [("We said we would", "What happened"), ("Our commitment", "Progress"),
                                    ("What we said", "Update"), ("You said", "We did")])
@pytest.mark.parametrize("form", ["pipe", "tab", "cells"])
def test_other_header_words_and_forms(tmp_path: Path, header: tuple[str, str], form: str) -> None:
    lines = {
        "pipe": [f"| {a} | {b} |" for a, b in [header, ("---", "---"), *ROWS]],
        "tab": [f"{a}\t{b}" for a, b in [header, *ROWS]],
        "cells": [f"{cell}\n" for row in [header, *ROWS] for cell in row],
    }[form]
    path = tmp_path / "report.txt"
    path.write_text("Housing commitments 2025\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert _records(path) == [(None, a, [b]) for a, b in ROWS]


def test_a_pledge_is_a_promise_not_a_report() -> None:
    assert is_pledge("The customer services team will offer a call-back.")
    assert not is_pledge("A telephone interpreting contract was put in place in May 2025.")
    assert not is_pledge("It will be included in the new contract specification due in 2026.")

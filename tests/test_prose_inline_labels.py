"""Prose with inline labels: a report page run into ONE paragraph (what PDF-to-text and copy-paste give)
where the same label phrases, repeated in the same order, mark each item's fields (issue 18).

The real layout (corpus/layouts/prose-inline-labels.txt) is an annual report's key-project page:
"KEY PROJECT N – Progress to date – <name>" then "What we set out to do in 2024/25 ...", "What we
achieved in 2024/25 ...", "What comes next in 2025/26 ...".  The variants are written here: other label
words, no numbered marker, no period tails, and the same text with its line breaks kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.run import run_document

LAYOUT = "prose-inline-labels"


def _records(path: Path) -> list[tuple[str | None, str | None, list[str], list[str]]]:
    return [(r.action, r.detail, list(r.progress), list(r.issues)) for r in run_document(path, tag=False).records]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_layout_gives_every_gold_record() -> None:
    path = shared_path("corpus", "layouts", f"{LAYOUT}.txt")
    gold = json.loads(shared_path("gold", "layouts", f"{LAYOUT}.json").read_text(encoding="utf-8"))
    want = [(g["action"], g["detail"], g["progress"], g["issues"]) for g in gold["records"]]
    assert _records(path) == want
    assert len(want) == 3
    recs = run_document(path, tag=False).records
    assert {(r.section, r.objective) for r in recs} == {(g["section"], g["objective"]) for g in gold["records"]}


def test_the_same_text_with_its_line_breaks_kept(tmp_path: Path) -> None:
    text = shared_path("corpus", "layouts", f"{LAYOUT}.txt").read_text(encoding="utf-8")
    for cue in ("KEY PROJECT 2", "KEY PROJECT 3", "KEY PROJECT 1"):
        text = text.replace(f" {cue}", f"\n\n{cue}")
    for label in ("What we set out to do in 2024/25", "What we achieved in 2024/25", "What comes next in 2025/26"):
        text = text.replace(f" {label} ", f"\n{label}\n")
    recs = _records(_write(tmp_path, text))
    assert [r[:3] for r in recs] == [
        ("Mobile Library Replacement", "Mobile Library Replacement - Buy a new mobile library vehicle with step-free access.",
         ["Specification agreed with library users and tenders invited. Preferred supplier chosen in May."]),
        ("Library Digital Hubs", "Library Digital Hubs - Set up digital help desks in the two largest libraries.",
         ["Digital help desks opened in both libraries with volunteer support on four days a week."]),
        ("Library Building Condition Survey",
         "Library Building Condition Survey - Survey the condition of all four library buildings.",
         ["Surveys completed for three libraries. The fourth was delayed by roof repairs."]),
    ]


OTHER_WORDS = (
    "Annual performance report 2025 Parks and open spaces This section reports on our parks. "
    "Project 1: Riverside Park Play Area How we will deliver it Replace the play equipment at Riverside Park. "
    "What we did in 2024-25 New equipment installed in March after consultation with local schools. "
    "Next steps Add accessible swings in the summer. "
    "Project 2: Town Woodland Planting How we will deliver it Plant 2,000 trees on the town edge. "
    "What we did in 2024-25 1,400 trees planted with volunteers over three weekends. "
    "Next steps Plant the remaining 600 trees next winter. "
    "Project 3: Allotment Waiting List How we will deliver it Create 30 new allotment plots. "
    "What we did in 2024-25 Twenty plots created at Mill Lane. "
    "Next steps Find a site for the last ten plots."
)


def test_other_label_words_and_a_colon_after_the_marker(tmp_path: Path) -> None:
    assert _records(_write(tmp_path, OTHER_WORDS)) == [
        ("Riverside Park Play Area", "Replace the play equipment at Riverside Park.",
         ["New equipment installed in March after consultation with local schools."],
         ["Add accessible swings in the summer."]),
        ("Town Woodland Planting", "Plant 2,000 trees on the town edge.",
         ["1,400 trees planted with volunteers over three weekends."], ["Plant the remaining 600 trees next winter."]),
        ("Allotment Waiting List", "Create 30 new allotment plots.", ["Twenty plots created at Mill Lane."],
         ["Find a site for the last ten plots."]),
    ]


NO_MARKER = (
    "Housing services update for members, quarter four. The service has three priorities this year. "
    "What we said we would deliver Empty Homes - Bring 40 empty homes back into use. "
    "What we did 46 empty homes brought back into use, ahead of target. "
    "What we plan to do Target the 20 longest-empty homes. "
    "What we said we would deliver Allocations Review - Review the allocations policy with tenants. "
    "What we did Consultation finished in May and the draft policy is written. "
    "What we plan to do Take the policy to Cabinet in September."
)


def test_no_numbered_marker_the_first_value_names_each_item(tmp_path: Path) -> None:
    assert _records(_write(tmp_path, NO_MARKER)) == [
        ("Empty Homes", "Empty Homes - Bring 40 empty homes back into use.",
         ["46 empty homes brought back into use, ahead of target."], ["Target the 20 longest-empty homes."]),
        ("Allocations Review", "Allocations Review - Review the allocations policy with tenants.",
         ["Consultation finished in May and the draft policy is written."], ["Take the policy to Cabinet in September."]),
    ]


@pytest.mark.parametrize("text", [
    # labels once only: an ordinary paragraph, not a page run into one
    "What we achieved this year was more than we hoped. What comes next is a review of the whole service, "
    "which members asked for last year, and a report to the committee in the spring of next year.",
])
def test_a_paragraph_without_a_repeated_cycle_gives_no_record(tmp_path: Path, text: str) -> None:
    assert _records(_write(tmp_path, text)) == []

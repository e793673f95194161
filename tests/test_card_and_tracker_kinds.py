"""Two report kinds tried as a new user would (invented content, tests/data/kinds): project cards whose
narrative follows the label lines, and an audit recommendation tracker whose Status column comes after
the management response."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pipeline.run import run_document

KINDS = Path(__file__).parent / "data" / "kinds"


def test_the_narrative_under_each_card_s_labels_is_its_progress() -> None:
    """A card's narrative was dropped whenever the next card's action label ("Project:") followed it:
    only the last card kept its progress (W133 named the loss)."""
    result = run_document(KINDS / "project-cards-narrative-after-rag-label.txt", tag=False)
    assert [(r.action, r.responsible, r.due, r.status, r.progress[0][:30]) for r in result.records] == [
        ("Solar panels on council buildings", ("Energy Manager",), ("2026-03",), "GREEN",
         "Panels are installed on the ci"),
        ("Electric pool cars", ("Fleet Manager",), ("2025-12",), "AMBER", "Eight of twelve cars delivered"),
        ("Tree planting on verges", ("Parks Manager",), ("2026-02",), "RED", "Planting was postponed after t"),
    ]
    assert not [w for w in result.document.warnings if w.startswith("W133")]
    assert result.document.coverage == 1.0
    # A card's "Deadline: Winter 2025" was the report's period; the title line's year is.
    assert (result.document.period, result.document.period_end) == ("2025", dt.date(2025, 12, 31))


def test_a_status_column_after_the_response_gives_the_state() -> None:
    result = run_document(KINDS / "audit-tracker-status-after-management-response.txt", tag=False)
    assert [(r.responsible, r.due, r.status, r.state, r.progress[-1]) for r in result.records] == [
        (("Head of Finance",), ("2025-08-31",), None, "complete", "Implemented"),
        (("Monitoring Officer",), ("2025-12-31",), None, "ongoing", "In progress"),
        (("Procurement Manager",), ("2026-03-31",), None, "not started", "Not started"),
    ]
    assert [s.role for s in result.records[0].sources][-1] == "status"


def test_a_plain_text_report_s_first_title_line_is_its_title(tmp_path: Path) -> None:
    """documents.title stayed null on every plain-text report tried (no bold or heading level there):
    the first line that looks like a title and names a kind of report is it; a council's name above it
    and site furniture are passed over; a table header line is no title."""
    result = run_document(KINDS / "audit-tracker-status-after-management-response.txt", tag=False)
    assert result.document.title == "Internal Audit - Follow-up of Recommendations"
    plan = tmp_path / "parish.txt"
    plan.write_text("Little Hamsworth Parish Council\nParish Action Plan 2025-2027\n\nWhat\tWho\tWhen\n"
                    "Replace the bus shelter on Church Road\tClerk\tSpring 2026\n"
                    "Plant 50 trees on the recreation ground\tEnvironment working group\tNovember 2025\n",
                    encoding="utf-8")
    doc = run_document(plan, tag=False).document
    assert (doc.title, doc.council, doc.period) == ("Parish Action Plan", "Little Hamsworth Parish Council",
                                                    "2025-2027")
    bare = tmp_path / "bare.txt"
    bare.write_text("Responsible officer\tAction\nHead of Housing\tOpen the new hostel\n", encoding="utf-8")
    assert run_document(bare, tag=False).document.title is None

"""Group rows inside a table with a header (issue 18): a workstream or theme row whose only filled cells
are a title-like first cell and, optionally, its own RAG word ("<b>Workstream A: Money</b> | | | |
<b>AMBER</b> | |") is the section and section_status of the rows under it, never a record.  The bug
case gave 0 records (E110: the row opened a RAG report's project and the data rows became its progress);
the layout gave the three theme rows as its only records.  Each feature of the kind is removed in turn
below (bold header, Ref column, the group's RAG, bold), and the group stands before or after the first
data row, once or several times, before a page break."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_path

from pipeline.reading.readers.tables.group_rows import group_row
from pipeline.run import run_document

BUGCASES = shared_path("bugcases")
LAYOUTS = shared_path("corpus", "layouts")

HEADER = ["Ref", "Action", "Lead Officer", "Target Date", "RAG Status", "Progress Update", "Next Steps"]
A1 = ["A1", "Balance the budget", "Director of Finance", "February 2026", "AMBER", "Gap reduced.", "Report in December."]
A2 = ["A2", "Sell surplus land", "Head of Property", "Q4 2025/26", "GREEN", "Depot sold.", "Report receipts."]
B1 = ["B1", "Open the new depot", "Head of Waste", "March 2026", "RED", "Delayed by planning.", "Resubmit."]


def records(path: Path) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(r.action, r.section, r.section_status, r.status) for r in run_document(path, tag=False).records]


def group(title: str, rag: str | None = "AMBER", bold: bool = True) -> dict[str, object]:
    return {"title": title, "rag": rag, "bold": bold}


def render(rows: list[object], *, ref: bool = True, bold_header: bool = True) -> str:
    """A tab-separated table: data rows as lists, group rows as :func:`group` (title first, RAG in the
    RAG column); without a Ref column the group's title stands in the action column."""
    lines = []
    for k, row in enumerate(rows):
        if isinstance(row, dict):
            b = (lambda s: f"<b>{s}</b>") if row["bold"] else str
            cells = [b(row["title"]), "", "", "", b(row["rag"]) if row["rag"] else "", "", ""]
            cells = cells if ref else cells[:1] + cells[2:]
        else:
            assert isinstance(row, list)
            cells = [f"<b>{c}</b>" for c in row] if k == 0 and bold_header else list(row)
            cells = cells if ref else cells[1:]
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


MONEY = [("Balance the budget", "Workstream A: Money", "AMBER", "AMBER"),
         ("Sell surplus land", "Workstream A: Money", "AMBER", "GREEN")]


def test_bold_workstream_row_with_its_own_rag_is_the_section_not_a_record() -> None:
    # bugcases README: 2 actions, section "Workstream A: Money", section_status AMBER (was 0 records, E110).
    assert records(BUGCASES / "min-text-bold-header-ref-column-workstream-row.txt") == MONEY


def test_bold_theme_rag_rows_over_each_group_of_a_two_page_table() -> None:
    # Was 3 records, the theme rows themselves; 7 of 7 gold now.
    got = records(LAYOUTS / "tab-cells-bold-header-theme-rag-rows.txt")
    assert [(s, ss, st) for _, s, ss, st in got] == [
        ("Theme 1: Governance and Decision Making", "GREEN", "GREEN"),
        ("Theme 1: Governance and Decision Making", "GREEN", "GREEN"),
        ("Theme 2: Housing Repairs Recovery", "RED", "RED"),
        ("Theme 2: Housing Repairs Recovery", "RED", "AMBER"),
        ("Theme 2: Housing Repairs Recovery", "RED", "GREEN"),
        ("Theme 3: Financial Resilience", "AMBER", "AMBER"),
        ("Theme 3: Financial Resilience", "AMBER", "GREEN"),
    ]
    assert [a for a, *_ in got][::3] == ["Refresh the constitution and scheme of delegation",
                                         "Complete stock condition surveys for all council homes",
                                         "Rebuild general fund reserves to at least 5% of net budget"]


WORKSTREAM_A = group("Workstream A: Money")


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(render([HEADER, WORKSTREAM_A, A1, A2], bold_header=False), MONEY, id="plain-header"),
    pytest.param(render([HEADER, WORKSTREAM_A, A1, A2], ref=False), MONEY, id="no-ref-column"),
    pytest.param(render([HEADER, group("Workstream A: Money", rag=None), A1, A2]),
                 [(a, s, None, st) for a, s, _, st in MONEY], id="group-without-rag"),
    pytest.param(render([HEADER, group("Workstream A: Money", bold=False), A1, A2]), MONEY, id="group-not-bold"),
    pytest.param(render([HEADER, group("Workstream A: Money", bold=False), A1, A2], ref=False), MONEY,
                 id="group-not-bold-no-ref-cue-word"),
    pytest.param(render([HEADER, group("Money matters", bold=False), A1, A2]),
                 [(a, "Money matters", ss, st) for a, _, ss, st in MONEY], id="plain-title-in-ref-column"),
    pytest.param(render([HEADER, group("Money matters"), A1, A2], ref=False),
                 [(a, "Money matters", ss, st) for a, _, ss, st in MONEY], id="bold-title-over-plain-rows"),
    pytest.param(render([HEADER, A1, group("Workstream B: Waste", rag="RED"), A2, B1]),
                 [("Balance the budget", None, None, "AMBER"), ("Sell surplus land", "Workstream B: Waste", "RED", "GREEN"),
                  ("Open the new depot", "Workstream B: Waste", "RED", "RED")], id="after-the-first-data-row"),
    pytest.param(render([HEADER, WORKSTREAM_A, A1, A2, group("Workstream B: Waste", "RED", bold=False), B1], ref=False),
                 [*MONEY, ("Open the new depot", "Workstream B: Waste", "RED", "RED")], id="several-groups"),
    pytest.param("## Annex 1 - Plan\n\nIntro.\n\n" + render([HEADER, WORKSTREAM_A, A1, group("Workstream B: Waste", "RED")])
                 + "\nPage 2 of 3\n\n## Annex 1 - Plan\n\n" + render([HEADER, A2, B1]),
                 [MONEY[0], ("Sell surplus land", "Workstream B: Waste", "RED", "GREEN"),
                  ("Open the new depot", "Workstream B: Waste", "RED", "RED")], id="group-before-a-page-break"),
])
def test_group_row_variants(tmp_path: Path, text: str, expected: list[tuple]) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    assert records(path) == expected


@pytest.mark.parametrize("ref", [True, False])
def test_a_title_and_rag_row_nothing_marks_as_a_group_stays_a_record(tmp_path: Path, ref: bool) -> None:
    # An action with only its RAG filled in (no lead, date or update yet) is a record, with or without a
    # Ref column: its title is in the action column, not bold, and no section or workstream cue.
    path = tmp_path / "plan.txt"
    path.write_text(render([HEADER, A1, ["A9", "Publish the plan", "", "", "GREEN", "", ""], A2], ref=ref), encoding="utf-8")
    assert [a for a, *_ in records(path)] == ["Balance the budget", "Publish the plan", "Sell surplus land"]
    path.write_text(render([HEADER, group("Money matters", bold=False), A1, A2], ref=False), encoding="utf-8")
    assert [a for a, *_ in records(path)] == ["Money matters", "Balance the budget", "Sell surplus land"]


def test_group_row_needs_columns() -> None:
    from pipeline.reading.model import ReadState, layout_units_of

    units = layout_units_of("<b>Workstream A: Money</b>\t\t<b>AMBER</b>\nA1\tBalance the budget\tAMBER\n")
    assert group_row(units, 0, ReadState()) is False   # no header above: not this reader's shape

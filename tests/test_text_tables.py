"""Tables spelled out in plain text (extractors/text_tables.py, extractors/text_columns.py): pipe tables,
pipe-terminated cells, delimiter-joined rows, fixed-width columns, <br /> markup.

The two layout documents of these kinds in the development set are checked against their gold
(../shared/gold/layouts); every other kind has a small variant file in tests/data/text/ named after it,
written from the one-line descriptions in ../shared/corpus/layouts/README.md.
"""

from __future__ import annotations

import doctest
import importlib
import json
from pathlib import Path

import pytest
from conftest import REPO, shared_path

from extractors import extract
from extractors.base import Layout, Table, Text

TEXT = Path(__file__).parent / "data" / "text"


def cells(table: Table) -> list[list[str]]:
    return [[c.text if c is not None else "" for c in row] for row in table.rows]


def texts(layout: Layout) -> list[str]:
    return [b.text for b in layout.blocks if isinstance(b, Text)]


def gold(name: str) -> list[dict]:
    return json.loads(shared_path("gold", "layouts", name.replace(".txt", ".json")).read_text(encoding="utf-8"))["records"]


# --- the two development documents of these kinds, against their gold ---------------------------------


def test_pipe_terminated_cells_three_tables_with_repeated_header():
    layout = extract(shared_path("corpus", "layouts", "pipe-terminated-cells.txt"))
    tables = layout.tables()
    assert [(len(t.rows), t.n_cols) for t in tables] == [(4, 4), (3, 4), (4, 4)]
    assert all(cells(t)[0] == ["Ref", "Task", "Targeted date", "Update"] for t in tables)
    assert [t.page for t in tables] == [1, 1, 1]
    body = [row for t in tables for row in cells(t)[1:]]
    assert [row[0] for row in body] == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3"]
    # Each gold record is one body row: action = Task, timescale = Targeted date, progress = Update.
    records = gold("pipe-terminated-cells.txt")
    assert len(records) == len(body) == 8
    for row, record in zip(body, records):
        assert row[1] == record["action"]
        assert row[2] == record["timescale"]
        assert ([row[3]] if row[3] else []) == record["progress"]
    # ' |' alone on the next line closed "...two town centre wards"; a '|' line after "31 July 2025 |" is an empty cell.
    assert body[2] == ["1.3", "Inspect all licensed shared houses in the two town centre wards", "31 March 2026",
                       "Forty of 112 inspected by the end of September"]
    assert body[1][3] == ""
    # Wrapped cells are one paragraph each.
    assert tables[0].rows[1][1].items == ("Publish the revised licensing conditions and fee schedule for shared houses,",)


def test_pipe_terminated_cells_headings_and_intro_stay_paragraphs():
    layout = extract(shared_path("corpus", "layouts", "pipe-terminated-cells.txt"))
    kinds = [type(b).__name__ if isinstance(b, Table) else b.text for b in layout.blocks]
    assert kinds[:4] == ["Annex C", "Private Sector Housing Plan – Action Plan", "1.", "When drawing up the"]
    # Numbered section headings between the tables stay paragraphs (the pipeline makes them sections).
    assert kinds[-10:] == ["1.", "Licensing of Houses", "in Multiple Occupation", "Table",
                           "2.", "Energy Efficiency in Private Rented Homes", "Table", "3.", "Partnership Working", "Table"]
    assert kinds.count("Table") == 3


def test_fixed_width_columns_bands_wrapped_cells_and_hyphenated_header():
    layout = extract(shared_path("corpus", "layouts", "fixed-width-columns.txt"))
    (table,) = layout.tables()
    rows = cells(table)
    assert (len(rows), table.n_cols) == (6, 7)
    assert rows[0] == ["Area", "Ref", "Improvement action", "Lead officer", "Due date", "Completed Date", "Comments"]
    assert [r[1] for r in rows[1:]] == ["2.1.1", "2.1.2", "2.2.1", "2.2.2", "2.3.1"]
    # The Area is given only on the first row of its group ('Financial' / 'Reporting' wrapped in its band).
    assert [r[0] for r in rows[1:]] == ["Financial Reporting", "", "Financial Management", "", "Income Collection"]
    for row, record in zip(rows[1:], gold("fixed-width-columns.txt"), strict=True):
        assert row[2] == record["action"]
        assert row[3].split("\n") == record["responsible"]
        assert row[4] == record["timescale"]
        assert [c for c in (row[5], row[6]) if c] == record["progress"]
    # The title indented by tabs above the table is a paragraph, not a one-row table.
    assert "FINANCIAL RESILIENCE IMPROVEMENT PLAN" in texts(layout)


def test_pipe_terminated_cells_with_bullets_and_a_blank_line_after_the_table():
    layout = extract(TEXT / "pipe-terminated-cells-bullets.txt")
    (table,) = layout.tables()
    assert cells(table) == [
        ["Ref", "Action", "Progress"],
        ["A1", "Review the tenancy policy", "Draft shared with tenants\nConsultation closes in May"],
        ["A2", "Publish the allocations scheme", ""],  # a lone '|' closes the open cell, the next is an empty cell
    ]
    assert table.rows[1][2].bullets == (True, True)
    assert texts(layout) == ["Housing Allocations - action log", "Next update due in March."]


# --- variants of the other kinds -------------------------------------------------------------------------


def test_fixed_width_without_an_id_column_rows_start_where_a_column_pauses():
    layout = extract(TEXT / "fixed-width-no-id-column.txt")
    (table,) = layout.tables()
    assert cells(table) == [
        ["Action", "Lead", "Deadline", "Progress"],
        ["Publish the plan and consult residents on the draft", "Policy Team", "Mar 2026",
         "Draft out for comment until October."],
        ["Fit LED lighting in all council car parks", "Facilities Manager", "Jun 2026",
         "Not started - waits for the capital bid."],
        ["Train all managers in carbon literacy", "HR", "Dec 2025", "60% trained."],
    ]
    assert texts(layout) == ["Parkside District Council", "Climate Action Plan - progress at September 2025",
                             "Contact: climate@parkside.example"]


def test_slash_joined_rows_missing_cell_is_padded_and_reported():
    layout = extract(TEXT / "slash-joined-rows-missing-cell.txt")
    (table,) = layout.tables()
    rows = cells(table)
    assert rows[0] == ["Action", "Lead officer", "Timescale", "Progress"]
    assert [r[1] for r in rows[1:]] == ["HR Manager", "PM/EO", "HR/OD Lead", "Equality Officer"]  # bare '/' kept
    assert rows[3] == ["Review the flexible working policy with the trade unions", "HR/OD Lead", "By 2026", ""]
    assert any(w.startswith("W109 page 1: 1 rows of a ' / '-joined rows") and w.endswith("(row numbers 4)")
               for w in layout.warnings)
    # Two-cell ' / ' lines are prose, not rows.
    assert "Results / Difference made" in texts(layout)
    assert "The 2024/25 figures are provisional / subject to audit." in texts(layout)


def test_double_space_kpi_rows_but_not_prose_or_label_lines():
    layout = extract(TEXT / "double-space-kpi-rows.txt")
    (table,) = layout.tables()
    assert cells(table) == [
        ["Indicator", "Target", "Q2 actual", "Status"],
        ["Average days to process new benefit claims (Minimise)", "20", "18.5", "On target"],
        ["Household waste recycled (%)", "50", "47.2", "Below target"],
        ["Complaints answered in time (%)", "90", "n/a", "Not measured"],
        ["Time to answer an FOI request", "20 working days", "5 working days", "On target"],
    ]
    assert texts(layout)[1:] == [
        "Figures are provisional. They will be confirmed at year end. The next report is due in January.",
        "Contact Officer: Head of Performance Tel: 01632 960999",
        "Outputs 412 staff completed the module during the year",
    ]


def test_pipe_table_after_label_furniture_with_alignment_row_and_br_in_a_cell():
    layout = extract(TEXT / "pipe-table-label-furniture.txt")
    (table,) = layout.tables()
    assert cells(table)[0] == ["Ref", "Action/Target", "Lead", "By", "Comment"]
    assert cells(table)[1] == ["1", "Publish the equality objectives on the website", "Policy Team", "06/25", "Done"]
    review = table.rows[2][1]
    assert review.items == ("Review the pay gap", "Report the findings to Cabinet")
    assert cells(table)[3] == ["3", "Improve access to the civic centre", "Facilities", "Ongoing", ""]
    assert any(w.startswith("W109 page 1: 1 rows of a pipe table") for w in layout.warnings)
    # The label lines before it and the one-line site menu after it stay paragraphs.
    assert texts(layout)[0] == "Report to: Cabinet"
    assert texts(layout)[-1] == "Services | Accessibility | Jobs | Contact Us"


def test_markdown_table_without_outer_pipes_and_escaped_pipe():
    layout = extract(TEXT / "markdown-table-no-outer-pipes.txt")
    (table,) = layout.tables()
    assert cells(table) == [
        ["Action", "Responsible", "Due"],
        ["Audit the website against accessibility standards", "Digital Team", "March 2026"],
        ["Produce easy read leaflets | posters", "Communications", "2025/26"],
    ]
    assert texts(layout) == ["Objective 1: Fair access to services"]


def test_pipe_joined_rows_without_separator_row():
    layout = extract(TEXT / "pipe-joined-rows-no-separator.txt")
    (table,) = layout.tables()
    assert [r[0] for r in cells(table)] == ["Action", "Install CCTV in the town centre car parks",
                                            "Extend the night-time marshal scheme", "Train taxi drivers to spot exploitation"]
    assert cells(table)[3] == ["Train taxi drivers to spot exploitation", "Licensing", "Jun 2026", "Red"]
    # A one-line site menu and pipe-joined label/value lines are not tables.
    assert texts(layout) == ["Services | Accessibility | Jobs | Contact Us", "Community Safety Plan - actions",
                             "| Directorate: | Place |", "| Report date: | June 2025 |"]


def test_tabs_mixed_with_spaces_are_both_cell_breaks():
    layout = extract(TEXT / "tab-and-space-gaps.txt")
    (table,) = layout.tables()
    assert cells(table) == [
        ["Ref", "Action", "Owner", "Due"],
        ["1.1", "Train staff in equality law", "HR", "March 2026"],
        ["1.2", "Audit council buildings", "Facilities", "June 2026"],
        ["1.3", "Publish workforce data", "Policy", "Annually"],
    ]


def test_br_markup_on_one_line_becomes_lines():
    layout = extract(TEXT / "br-markup-one-line.txt")
    assert layout.tables() == ()
    assert texts(layout) == [
        "Accessibility Plan: progress report", "Timescale: 2025/26",
        "1. Publish an easy read version of the plan", "and share it with partner organisations.", "Status: Complete",
        "2. Review the accessibility of the customer service centre", "Status: In progress - the survey closes",
        "in May.", "Timescale: 2026/27", "1. Train all reception staff in deaf awareness", "Status: Not started",
        "Officer responsible: Customer Services Manager & Facilities",
    ]


# --- precision: the development documents of other kinds get no table from these readers ------------------

# The 20 development layout documents whose kind is not a table spelled out in text, and the tables
# the text extractor gives each (none: one cell per line, label blocks, single-space rows and run-on
# paragraphs are the pipeline's to read).
OTHER_KINDS = {
    "action-n-bullet-labels.txt": 0,
    "bullet-measure-rag-parenthesis.txt": 0,
    "cell-per-line-bulleted-cells.txt": 0,
    "cell-per-line-unlabelled-columns.txt": 0,
    "commitment-label-blocks.txt": 0,
    "committee-report-label-pairs-and-summary-row.txt": 0,
    "emoji-status-outcome-blocks.txt": 0,
    "footnoted-headers-lettered-rows.txt": 0,
    "id-column-cell-per-paragraph.txt": 0,
    "inspection-response-log.txt": 0,
    "interleaved-pdf-cells.txt": 0,
    "kpi-single-space-tables.txt": 0,
    "level-measure-blocks.txt": 0,
    "measure-framework-labels.txt": 0,
    "numbered-list-status-lines.txt": 0,
    "objective-blocks-directorate-rag.txt": 0,
    "pdf-cells-wrapped-blank-lines.txt": 0,
    "run-on-paragraph-table.txt": 0,
    "tracker-collapsed-empty-cells.txt": 0,
    "two-column-header-one-line.txt": 0,
}


@pytest.mark.parametrize("name", sorted(OTHER_KINDS))
def test_no_spurious_table_in_other_layout_kinds(name: str):
    layout = extract(shared_path("corpus", "layouts", name))
    assert len(layout.tables()) == OTHER_KINDS[name]
    assert not any(w.startswith("W109") for w in layout.warnings)


# --- the docstring examples of the new modules run ---------------------------------------------------------


@pytest.mark.parametrize("name", ["extractors.text_tables", "extractors.text_columns", "extractors.text"])
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)  # examples name files relative to the repository
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted >= 5

"""The structure stages on small documents of each layout kind (written for these tests, not the dev set):
tables rebuilt from paragraphs, rows on single lines, item blocks, column groups, content evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from extractors.base import Cell, Layout, Table
from pipeline.reading.loop import layout_to_rows
from pipeline.records import rows_to_records


def records_of_text(tmp_path: Path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc = layout_to_rows(extract(path))
    return rows_to_records(doc, doc_id="d", source_file=name), doc


def test_one_cell_per_paragraph_table_with_multi_paragraph_cells(tmp_path: Path) -> None:
    text = """Housing improvement actions

Action

Update

When

Lead officer

Review the allocations policy

Consultation closed in May with 412 responses.

The revised policy goes to Cabinet in the autumn.

December 2025

Head of Housing Needs

Cut the time to re-let empty homes

Average re-let time fell from 41 to 33 days.

March 2026

Voids Manager
"""
    recs, _ = records_of_text(tmp_path, text)
    assert [r.action for r in recs] == ["Review the allocations policy", "Cut the time to re-let empty homes"]
    assert recs[0].progress == ("Consultation closed in May with 412 responses.",
                                "The revised policy goes to Cabinet in the autumn.")
    assert (recs[0].responsible, recs[0].due) == (("Head of Housing Needs",), ("2025-12",))
    assert (recs[1].responsible, recs[1].due) == (("Voids Manager",), ("2026-03",))
    assert all(0.3 <= r.confidence <= 0.85 for r in recs)


def test_rows_on_single_lines_under_a_one_line_header(tmp_path: Path) -> None:
    text = """Quarter 2 indicators
Measure Service Q1 Q2 Target Status
Average days to process housing benefit claims Revenues 21.4 18.9 20 Green
Missed bin collections per 100,000 Waste 61 96 50 Red
"""
    recs, _ = records_of_text(tmp_path, text)
    assert [r.action for r in recs] == ["Average days to process housing benefit claims", "Missed bin collections per 100,000"]
    assert recs[0].kind == "measure"
    assert recs[0].progress == ("Q1: 21.4", "Q2: 18.9", "Target: 20")
    assert [r.status for r in recs] == ["GREEN", "RED"]
    assert recs[1].responsible == ("Waste",)


def test_item_blocks_with_labels_alone_and_inline(tmp_path: Path) -> None:
    text = """Our commitments

Commitment 4

Open a second community hub in the north of the borough

Lead: Communities Team

Our progress

A site has been agreed and plans were approved in June.

What happens next

Fit-out starts in January.

Expected by: Spring 2026

Commitment 5

Publish ward profiles for every councillor

Lead: Insight Team

Our progress

Profiles for 12 of 21 wards are published.

Expected by: December 2025
"""
    recs, _ = records_of_text(tmp_path, text)
    assert [r.action for r in recs] == ["Open a second community hub in the north of the borough",
                                        "Publish ward profiles for every councillor"]
    assert recs[0].progress == ("A site has been agreed and plans were approved in June.",)
    assert recs[0].issues == ("Fit-out starts in January.",)
    assert (recs[0].responsible, recs[0].due) == (("Communities Team",), ("2026-05",))
    assert recs[1].due == ("2025-12",)
    assert recs[0].section == "Our commitments"


def test_status_words_are_not_rag_but_rag_words_are(tmp_path: Path) -> None:
    text = """1. Adopt an accessible customer service policy.
   Status: Completed
2. Publish the accessibility statement.
   Status: Amber
   Target completion: March 2026
"""
    recs, _ = records_of_text(tmp_path, text)
    assert [(r.action, r.status, r.progress) for r in recs] == [
        ("Adopt an accessible customer service policy.", None, ("Completed",)),
        ("Publish the accessibility statement.", "AMBER", ()),
    ]
    assert recs[1].due == ("2026-03",)


def test_column_groups_pair_cells_by_position(tmp_path: Path) -> None:
    text = """Timetable

Draft the equality action plan

Consult on the draft plan

Policy Officer

Engagement Officer

June 2025

September 2025
"""
    recs, _ = records_of_text(tmp_path, text)
    assert [(r.action, r.responsible, r.due) for r in recs] == [
        ("Draft the equality action plan", ("Policy Officer",), ("2025-06",)),
        ("Consult on the draft plan", ("Engagement Officer",), ("2025-09",)),
    ]


def cells(*texts: str) -> tuple[Cell, ...]:
    return tuple(Cell(text=t, page=1, items=(t,) if t else ()) for t in texts)


def test_unknown_header_words_content_decides_with_low_confidence() -> None:
    table = Table(rows=(
        cells("No", "Thing to do", "Who's on it", "Finish by", "Colour"),
        cells("1", "Refresh the equality policy", "Policy Team", "March 2026", "Green"),
        cells("2", "Publish the workforce profile", "HR Manager", "June 2026", "Amber"),
    ), page=1)
    doc = layout_to_rows(Layout(source=Path("x.html"), format="html", blocks=(table,)))
    recs = rows_to_records(doc, doc_id="d", source_file="x.html")
    assert [(r.action, r.responsible, r.due, r.status) for r in recs] == [
        ("Refresh the equality policy", ("Policy Team",), ("2026-03",), "GREEN"),
        ("Publish the workforce profile", ("HR Manager",), ("2026-06",), "AMBER"),
    ]
    assert all(r.confidence < 0.7 for r in recs)
    assert any(w.startswith("W112") and "Thing to do" in w for w in doc.warnings)


def test_a_table_of_unknown_words_without_evidence_names_its_header_cells() -> None:
    table = Table(rows=(cells("Term", "Meaning"), cells("BSL", "British Sign Language"), cells("EqIA", "Equality impact assessment")), page=1)
    doc = layout_to_rows(Layout(source=Path("x.html"), format="html", blocks=(table,)))
    assert doc.rows == () and doc.unplaced == ("Term", "Meaning")


@pytest.mark.parametrize("name", ["min-html-action-table-then-glossary.html", "min-html-nested-table-in-progress-cell.html",
                                  "min-html-nested-table-then-glossary.html"])
def test_tables_that_are_not_action_tables_stay_out(shared, name: str) -> None:
    """../shared/bugcases: a glossary after the action table is not records; a table nested in a progress
    cell stays in that cell's text; both together."""
    from pipeline.run import run_document

    result = run_document(shared("bugcases", name), tag=False)
    assert [r.action for r in result.records] == [
        "Improve take-up of the council tax support scheme among older residents.",
        "Offer British Sign Language interpreting at all public meetings.",
    ]
    assert [r.responsible for r in result.records] == [("Revenues Manager",), ("Democratic Services",)]
    assert all("Glossary" not in " ".join(r.progress) for r in result.records)
    if "nested" in name:
        assert result.records[0].progress == ("Take-up by quarter:", "Quarter | Claims", "Q1 | 412", "Q2 | 455")


@pytest.fixture
def shared():
    from tests.conftest import shared_path

    return shared_path


# --- regressions from real council pages read after the layouts set (issue 12) ------------------------------


def test_pipe_ended_cells_without_separator_row(tmp_path: Path) -> None:
    """A KPI appendix converted one cell per line, each ending " |", a lone "|" for an empty cell, no
    ``---|`` row, a row number first, and header cells that name no role ("Time period to achieve
    target", "Yr end total / average"): every value was read one column off (real district council
    appendix), and lone numbers were dropped as page numbers."""
    header = ["Service", "Indicator", "Target", "Time period to achieve target", "Q1", "Q2",
              "Yr end total / average", "Comments"]
    rows = [["1", "Accountancy", "% of invoices paid within 30 days", "90%", "Monthly", "95.65%", "97.15%",
             "97.82%", ""],
            ["2", "Accountancy", "% of invoices paid within 10 days", "60%", "Monthly", "50.85%", "57.72%",
             "59.25%", "Target exceeded except Q1"],
            ["3", "Customer Services", "Sundry debt collection rates", "90.00%", "Financial year", "55.00%",
             "84.54%", "90.09%", ""]]
    lines = ["Annual Performance Indicators |", "|", "|"] + [f"{h} |" for h in header] + ["|"]
    for row in rows:
        lines += [f"{c} |" if c else "|" for c in row]
    records, _ = records_of_text(tmp_path, "\n".join(lines) + "\n")
    assert [r.action for r in records] == [row[2] for row in rows]
    assert [r.responsible for r in records] == [("Accountancy",), ("Accountancy",), ("Customer Services",)]
    assert [r.timescale for r in records] == ["Monthly", "Monthly", "Financial year"]
    assert records[1].progress[:3] == ("Target: 60%", "Q1: 50.85%", "Q2: 57.72%")
    assert "Target exceeded except Q1" in records[1].progress


def test_item_titles_with_three_digit_codes_after_a_comment(tmp_path: Path) -> None:
    """Label blocks titled "7.001 Promote ..." (three-digit item codes): a title after a Comment of
    several paragraphs was swallowed into that comment (a borough's quarterly service report)."""
    text = """Quarterly service report - operational priorities

7.001 Promote the borough as a business location

Stage: In progress

Due date: 31 March 2020

Status: Green

Comment:

The business brochure is completed and was circulated to partners.

The next iteration will be started in early 2020.

7.002 Benchmark income and charges

Stage: Completed

Due date: 31 March 2020

Status: Green

7.003 Public transport safety

Due date: 30 June 2020

Status: Amber

Comment:

Collisions continue to fall.
"""
    records, _ = records_of_text(tmp_path, text)
    assert [r.action for r in records] == ["Promote the borough as a business location",
                                           "Benchmark income and charges", "Public transport safety"]
    assert [r.status for r in records] == ["GREEN", "GREEN", "AMBER"]
    assert records[0].progress == ("The business brochure is completed and was circulated to partners.",
                                   "The next iteration will be started in early 2020.")
    assert records[1].progress == ()
    assert records[2].timescale == "30 June 2020"


def test_recommendations_numbered_by_markers_with_no_labels(tmp_path: Path) -> None:
    """An inspectorate's recommendations copied out of a table whose header was lost: "Recommendation N"
    alone or glued to its text by a space, an applicability cell under it ("Y", "Action for ...").
    Before, no label meant no item (E110; a fire authority's appendix)."""
    text = """Appendix 2 Values and Culture Recommendations
Recommendation 1
By 1 October 2023, chief officers should provide a confidential way for staff to raise concerns.
Y |
Recommendation 2 By 1 October 2023, the national employer should review independent reporting lines. |
Action for the National Employer, the Local Government Association and the Fire Chiefs Council |
Recommendation 3 By 1 June 2023, chief officers should review the support for those who raised concerns. |
|
Y |
Recommendation 4 By 1 June 2023, chief officers should share updates with those who raised concerns. |
Y |
"""
    records, _ = records_of_text(tmp_path, text)
    assert [r.action[:40] for r in records] == ["By 1 October 2023, chief officers should",
                                                "By 1 October 2023, the national employer",
                                                "By 1 June 2023, chief officers should re",
                                                "By 1 June 2023, chief officers should sh"]
    assert [r.progress for r in records] == [("Y",), ("Action for the National Employer, the Local Government Association and the Fire Chiefs Council",), ("Y",), ("Y",)]
    assert {r.confidence for r in records} == {0.4}


def test_numbered_paragraphs_that_skip_numbers_are_not_a_marker_list(tmp_path: Path) -> None:
    text = """Recommendation 1 The committee notes the report and its appendices in full.

Recommendation 3 The committee asks for a further report in the new year.

Recommendation 4 The committee thanks officers for the work on the plan so far.
"""
    records, doc = records_of_text(tmp_path, text)
    assert records == []


def test_outcome_column_that_groups_rows_is_the_objective() -> None:
    """An "Outcome" column whose merged cells span several actions groups them: it was filed as each
    action's success measures (the headers file says "outcome" is a measure unless its cells group rows)."""
    from pipeline.run import run_document

    path = Path(__file__).parent / "data" / "columns" / "outcome-column-grouping-rows-filed-as-measures.html"
    records = run_document(path, tag=False).records
    assert [r.objective for r in records] == ["Outcome 1: Residents can reach our services"] * 3 + [
        "Outcome 2: A workforce that reflects the borough"] * 2
    assert all(r.measures == () for r in records)
    assert [r.responsible for r in records][:2] == [("Digital Services",), ("Customer Services",)]
    assert records[4].progress == ("Data collected; disclosure too low to publish.",)


def test_objective_row_worded_otherwise_than_objective(tmp_path: Path) -> None:
    """A row "Strategic objective: ..." across an action table sets the objective of the rows under it
    (only "Objective:" did; the issue's unseen improvement plan missed such a row)."""
    text = ("Improvement plan progress\n\n"
            "Action\tLead officer\tTarget date\tRAG\n"
            "Strategic objective: Residents feel safe in their neighbourhoods\t\t\t\n"
            "Extend CCTV to the town centre car parks\tCommunity Safety\tMarch 2026\tGreen\n"
            "Equality objective - Services reach every community\t\t\t\n"
            "Translate the housing application form\tHousing Options\tJune 2026\tAmber\n")
    records, _ = records_of_text(tmp_path, text)
    assert [(r.action, r.objective) for r in records] == [
        ("Extend CCTV to the town centre car parks", "Residents feel safe in their neighbourhoods"),
        ("Translate the housing application form", "Services reach every community")]

"""A ruled KPI PDF's Ref column (KPI 01 ... KPI 06) was in no field, no source and not in ``dropped``
(issue 18): an ID column gives no field (gold/SPEC.md), so its text went nowhere and the account
passed it off as header text.  Each record now names its Ref cell among its sources (role "id").

The PDF is invented and drawn by tests/data/pdf/make_ref_column.py with the tools of
tests/data/make_pdf.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from pipeline.account import account_document
from pipeline.reading.loop import layout_to_rows
from pipeline.records import rows_to_records
from pipeline.run import run_document

PDF = Path(__file__).resolve().parent / "data" / "pdf" / "ruled-kpi-ref-column-in-no-source.pdf"
REFS = [f"KPI 0{n}" for n in range(1, 7)]


@pytest.fixture(scope="module")
def result():
    return run_document(PDF, tag=False)


def test_each_measure_names_its_ref_cell_as_a_source(result) -> None:
    records = result.records
    assert [r.action for r in records][:2] == [
        "Percentage of household waste sent for reuse, recycling and composting",
        "Average days to process new housing benefit claims"]
    assert [[s.text for s in r.sources if s.role == "id"] for r in records] == [[ref] for ref in REFS]
    # The reference is no field: no action, progress item or status holds it.
    assert not any(ref in " ".join([r.action or "", *r.progress]) for r, ref in zip(records, REFS))
    assert [r.status for r in records] == ["AMBER", "GREEN", "RED", "GREEN", "AMBER", "GREEN"]
    assert records[0].progress == ("Target: 48%", "Actual: 45.2%",
                                   "Garden waste collections were suspended for three weeks in August.")


def test_the_account_counts_the_ref_cells_with_their_records() -> None:
    layout = extract(PDF)
    doc = layout_to_rows(layout)
    account = account_document(layout, rows_to_records(doc, doc_id="d", source_file="s"), title=doc.title)
    rows = [u for u in account.units if u.table is not None and u.text.startswith("KPI 0")]
    assert len(rows) == 6
    # Every character of a data row is the record's (Ref cell included), none header or lost.
    assert all(u.chars["header"] == 0 and u.chars["lost"] == 0 and u.chars["field"] > 0 for u in rows)
    assert account.coverage == 1.0 and account.lost_rows == ()


def test_review_outlines_the_ref_cells_in_their_own_colour() -> None:
    from pipeline.review import render_report, review_inputs

    html = render_report(review_inputs([PDF]))
    assert ".role-id { --role: #6b7280; }" in html
    # Each record's sources list its Ref cell under role "id".
    assert html.count('<td class="role-id"') == 6

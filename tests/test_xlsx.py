"""Workbooks (XLSX, XLSM, ODS) read as tables: documents written here with openpyxl and odfpy (tests/sheets.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sheets

from extractors import FileTooLarge, extract, extractor_for
from extractors.xlsx import MAX_SHEET_ROWS, cell_name
from pipeline.run import run_document


@pytest.fixture(scope="module")
def tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sheets.tracker_xlsx(tmp_path_factory.mktemp("xlsx") / "tracker.xlsx")


@pytest.fixture(scope="module")
def tracker_result(tracker: Path):
    return run_document(tracker, tag=False)


def test_workbook_is_chosen_by_content_not_name(tracker: Path, tmp_path: Path) -> None:
    renamed = tmp_path / "tracker.docx"
    shutil.copy(tracker, renamed)
    assert extractor_for(renamed).format == "xlsx"
    ods = sheets.tracker_ods(tmp_path / "tracker.ods")
    as_bin = tmp_path / "tracker.bin"
    shutil.copy(ods, as_bin)
    assert extractor_for(as_bin).format == "ods"


def test_tracker_rows_become_records_with_sheet_as_section(tracker_result) -> None:
    doc = tracker_result.document
    assert doc.error is None and doc.format == "xlsx" and doc.pages == 2
    assert doc.title == "Equality Action Plan"
    actions = [r for r in tracker_result.records if r.kind == "action"]
    assert [r.action for r in actions] == [
        "Publish the equality objectives", "Train all managers in inclusive recruitment",
        "Run a residents' panel on access to services"]
    assert {r.section for r in tracker_result.records} == {"Community Leader"}


def test_merged_cells_line_breaks_fills_and_serial_dates(tracker_result) -> None:
    first, second, third = [r for r in tracker_result.records if r.kind == "action"]
    # a commitment merged over two rows is shared; "Progress" merged over two columns takes both
    assert first.commitment == second.commitment == "We will lead by example"
    assert third.commitment == "We will listen to residents"
    assert first.progress == ("Objectives agreed by Cabinet", "Published on the website", "Done in March")
    # a date cell (an Excel serial number) is a date
    assert first.timescale == "31 March 2024" and first.due == ("2024-03-31",)
    assert second.due == ("2024-09",)
    # RAG from the word and the fill; from the fill alone when the cell is empty
    assert (first.status, second.status, third.status) == ("GREEN", "AMBER", "RED")


def test_second_table_on_sheet_and_formula_cached_value(tracker_result) -> None:
    measures = [r for r in tracker_result.records if r.kind == "measure"]
    assert [m.action for m in measures] == ["Residents satisfied with access to services",
                                            "Staff completing equality training"]
    assert measures[0].progress == ("Target: 75",)        # =40+35, as Excel cached it
    assert measures[1].responsible == ("HR",)


def test_hidden_sheet_row_and_column_are_skipped_and_said(tracker_result) -> None:
    texts = " ".join(t for r in tracker_result.records for t in (r.action, *r.progress))
    assert "Hidden row action" not in texts and "archived" not in texts.lower() and "secret" not in texts
    warnings = tracker_result.document.warnings
    assert "W150 1 hidden sheets skipped ('Archive 2022')" in warnings
    assert "W151 sheet 'Community Leader': 1 hidden rows and 1 hidden columns skipped" in warnings


def test_provenance_is_sheet_and_cell(tracker_result) -> None:
    first = tracker_result.records[0]
    where = {s.role: (s.page, s.index) for s in first.sources}
    assert where["action"] == (1, (0, 4, 1))                 # sheet 1, table 0, cell B5
    assert cell_name(*where["action"][1][1:]) == "B5"
    assert where["responsible"] == (1, (0, 4, 4))            # E5


def test_ods_tracker(tmp_path: Path) -> None:
    result = run_document(sheets.tracker_ods(tmp_path / "plan.ods"), tag=False)
    assert result.document.format == "ods" and result.document.error is None
    assert result.document.title == "Accessible Services Plan 2024"
    a, b = result.records
    assert (a.section, a.action, a.progress) == ("Service Provider", "Caption all council videos",
                                                 ("Half captioned", "Rest by June"))
    assert a.due == ("2024-06-30",) and a.status == "AMBER" and b.status == "GREEN"
    assert b.responsible == ("Revenues",)
    assert "W150 1 hidden sheets skipped ('Old')" in result.document.warnings


def test_review_shows_workbook_rows(tracker: Path, tmp_path: Path) -> None:
    from pipeline.review import render_report, review_inputs

    html = render_report(review_inputs([tracker]))
    assert "Publish the equality objectives" in html and "Policy Team" in html


# --- hostile workbooks: a named error or a bounded read ----------------------------------------------------------


def test_zip_bomb_workbook_is_refused_before_inflating(tmp_path: Path) -> None:
    path = sheets.zip_bomb_xlsx(tmp_path / "bomb.xlsx")
    with pytest.raises(FileTooLarge, match="zip bomb"):
        extract(path)
    assert run_document(path, tag=False).document.error_code == "E106"


def test_sheet_spanning_every_column_and_row_is_refused(tmp_path: Path) -> None:
    path = sheets.widest_sheet_xlsx(tmp_path / "wide.xlsx")
    with pytest.raises(FileTooLarge, match=r"1,048,576 rows x 16,384 columns \(XFD1048576\)"):
        extract(path)


def test_formula_loop_reads_cached_values(tmp_path: Path) -> None:
    result = run_document(sheets.formula_loop_xlsx(tmp_path / "loop.xlsx"), tag=False)
    (record,) = result.records
    assert record.action == "Reconcile the budget lines" and record.progress == ("0",)


@pytest.mark.slow
def test_million_row_sheet_is_refused_or_read_bounded(tmp_path: Path) -> None:
    wide = run_document(sheets.million_rows_xlsx(tmp_path / "million.xlsx"), tag=False)
    assert wide.document.error_code == "E106" and "1,000,001 rows x 5 columns" in wide.document.error
    narrow = run_document(sheets.million_rows_xlsx(tmp_path / "narrow.xlsx", columns=2), tag=False)
    assert len(narrow.records) == MAX_SHEET_ROWS - 1
    assert f"W152 sheet 'Actions': rows after row {MAX_SHEET_ROWS} were not read (995000 more rows)" \
        in narrow.document.warnings


def test_batch_goes_on_past_hostile_workbooks(tracker: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from pipeline.batch import run_batch

    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(tracker, inputs / "tracker.xlsx")
    sheets.zip_bomb_xlsx(inputs / "bomb.xlsx")
    sheets.widest_sheet_xlsx(inputs / "wide.xlsm")
    run_batch([inputs], tmp_path / "out", workers=1)
    docs = pq.read_table(tmp_path / "out" / "documents").to_pylist()
    by_name = {d["source_file"]: d for d in docs}
    assert by_name["bomb.xlsx"]["error_code"] == by_name["wide.xlsm"]["error_code"] == "E106"
    assert by_name["tracker.xlsx"]["n_records"] == 5 and by_name["tracker.xlsx"]["format"] == "xlsx"

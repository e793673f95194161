"""Provenance in the data (issue 11): every record says where each of its pieces was read, and every
document says what text it lost (struck through, page furniture, paragraphs set aside)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest
from conftest import DATA, RAW

from extractors import extract
from extractors.base import Table, Text
from extractors.html import html_to_layout
from extractors.text import file_lines
from pipeline.run import run_document
from schemas import (
    DOCUMENTS_SCHEMA,
    RECORDS_SCHEMA,
    DroppedText,
    SourceRef,
    rows_to_table,
)


def where(record) -> list[tuple]:
    return [(s.role, s.page, s.bbox, s.lines, s.index) for s in record.sources]


@pytest.fixture(scope="module")
def seed_004():
    return run_document(RAW / "004_59fe58fd6413823e.txt", tag=False)


# --- text renderings: lines ---------------------------------------------------------------------------------


def test_text_tab_row_record_points_at_its_line(seed_004):
    first = seed_004.records[0]
    assert first.action == "Delivery of One View project - Ongoing Project"
    assert where(first) == [(role, 1, None, (8, 8), None) for role in ("action", "detail", "responsible", "timescale")]
    assert file_lines(RAW / "004_59fe58fd6413823e.txt")[7].startswith("<p><b>We will</b> work closely")


def test_text_record_over_a_page_break_lists_each_line(seed_004):
    # Record 7's row carries on in the rows on lines 16 and 20 (a running header on line 18 between).
    assert [s.lines for s in seed_004.records[7].sources] == [(15, 15)] * 4 + [(16, 16)] * 3 + [(20, 20)] * 3
    assert [s.page for s in seed_004.records[7].sources] == [1] * 7 + [2] * 3


def test_pipe_terminated_cells_cover_their_lines():
    record = run_document(DATA / "text" / "pipe-terminated-cells-bullets.txt", tag=False).records[0]
    assert record.action == "Review the tenancy policy"
    # The Ref cell on line 7 ("A1 |") gives no field but is the record's id source.
    assert where(record) == [("id", 1, None, (7, 7), None), ("action", 1, None, (8, 8), None),
                             ("progress", 1, None, (9, 10), None)]


def test_fixed_width_cells_cover_their_wrapped_lines():
    record = run_document(DATA / "text" / "fixed-width-no-id-column.txt", tag=False).records[0]
    assert record.action == "Publish the plan and consult residents on the draft"
    assert [(s.role, s.lines) for s in record.sources] == [
        ("action", (5, 7)), ("responsible", (5, 6)), ("timescale", (5, 5)), ("progress", (5, 7))]


def test_every_text_cell_and_paragraph_has_its_line():
    for path in sorted(RAW.glob("*.txt")) + sorted((DATA / "text").glob("*.txt")):
        layout = extract(path)
        for block in layout.blocks:
            if isinstance(block, Text):
                assert block.line is not None, (path.name, block.text)
            else:
                assert all(c.lines is not None for row in block.rows for c in row if c is not None), path.name


# --- HTML and DOCX: table, row, column; paragraph numbers -----------------------------------------------------


@pytest.mark.parametrize("path", [DATA / "html" / "seed-004-word-export.html", DATA / "docx" / "seed-004.docx"],
                         ids=lambda p: p.suffix)
def test_html_and_docx_cells_name_table_row_and_column(path: Path):
    first = run_document(path, tag=False).records[0]
    assert first.action == "Delivery of One View project - Ongoing Project"
    assert [(s.role, s.index) for s in first.sources] == [
        ("action", (0, 1, 1)), ("detail", (0, 1, 2)), ("responsible", (0, 1, 3)), ("timescale", (0, 1, 4))]


@pytest.mark.parametrize("path", [DATA / "html" / "seed-004-merged-actions.html",
                                  DATA / "docx" / "seed-004-merged-actions.docx"], ids=lambda p: p.suffix)
def test_a_merged_action_cell_points_at_the_cell_it_copies(path: Path):
    record = run_document(path, tag=False).records[13]
    assert record.action == "Maintain understanding of the organisation's diversity and staff need. NEW"
    # The action cell is merged down rows 4-6 of the second table; the other cells are each row's own.
    assert [(s.role, s.index) for s in record.sources] == [
        ("action", (1, 4, 1)), ("detail", (1, 4, 2)), ("responsible", (1, 4, 3)), ("timescale", (1, 4, 4)),
        ("detail", (1, 5, 2)), ("responsible", (1, 5, 3)), ("timescale", (1, 5, 4)),
        ("detail", (1, 6, 2)), ("timescale", (1, 6, 4))]
    assert record.dropped == ("Target date moved to December 2016",)
    assert record.sources[4].struck == ("Target date moved to December 2016",)


@pytest.mark.parametrize("path", sorted((DATA / "html").glob("*.html")) + sorted((DATA / "docx").glob("*.docx")),
                         ids=lambda p: p.name)
def test_every_html_and_docx_cell_and_paragraph_has_its_index(path: Path):
    layout = extract(path)
    paragraphs = [b.index for b in layout.blocks if isinstance(b, Text)]
    assert paragraphs == list(range(len(paragraphs)))
    cells = [c for b in layout.blocks if isinstance(b, Table) for row in b.rows for c in row if c is not None]
    assert len(paragraphs) + len(cells) > 20   # seed-003-headings.docx has paragraphs only
    assert all(c.index is not None and len(c.index) == 3 for c in cells)


def test_docx_paragraph_records_name_their_paragraphs():
    record = run_document(DATA / "docx" / "seed-003-headings.docx", tag=False).records[0]
    assert record.action == "More proactive use of Covalent (our performance management system)"
    assert [(s.role, s.index) for s in record.sources] == [
        ("action", (5,)), ("progress", (7,)), ("progress", (8,)), ("progress", (9,))]
    layout = extract(DATA / "docx" / "seed-003-headings.docx")
    paragraphs = {b.index: b.text for b in layout.blocks if isinstance(b, Text)}
    assert paragraphs[5] == record.action


def test_html_numbers_paragraphs_and_tables_in_document_order():
    layout = html_to_layout(b"<body><p>Intro</p><table><tr><td>A</td><td>B</td></tr>"
                            b"<tr><td colspan=2>Wide<s> gone</s></td></tr></table><p>Note</p>"
                            b"<table><tr><td>C</td></tr></table></body>")
    texts = [b for b in layout.blocks if isinstance(b, Text)]
    first, second = [b for b in layout.blocks if isinstance(b, Table)]
    assert [(t.text, t.index) for t in texts] == [("Intro", 0), ("Note", 1)]
    assert [[c.index for c in row] for row in first.rows] == [[(0, 0, 0), (0, 0, 1)], [(0, 1, 0), (0, 1, 0)]]
    assert [c.spanned for c in first.rows[1]] == [False, True]
    assert first.rows[1][0].struck_text == ("gone",)
    assert second.rows[0][0].index == (1, 0, 0)


# --- PDF: bounding boxes --------------------------------------------------------------------------------------


def test_pdf_cells_have_their_bounding_boxes():
    first = run_document(DATA / "pdf" / "seed-004-ruled.pdf", tag=False).records[0]
    assert first.action == "Delivery of One View project - Ongoing Project"
    assert where(first) == [
        ("action", 1, (230.0, 147.0, 380.0, 405.0), None, None),
        ("detail", 1, (380.0, 147.0, 566.89, 405.0), None, None),
        ("responsible", 1, (566.89, 147.0, 691.89, 405.0), None, None),
        ("timescale", 1, (691.89, 147.0, 801.89, 405.0), None, None),
    ]


def test_every_pdf_cell_and_paragraph_has_a_bbox():
    layout = extract(DATA / "pdf" / "seed-003-ruled.pdf")
    for block in layout.blocks:
        cells = [block] if isinstance(block, Text) else [c for row in block.rows for c in row if c is not None]
        assert all(c.bbox is not None for c in cells)


# --- what was dropped ---------------------------------------------------------------------------------------


def test_struck_text_is_kept_as_text_on_the_record(seed_004):
    record = seed_004.records[15]
    assert record.action == "Adopt Inclusive Language Guide – Ongoing Action"
    assert record.flags == ("struck_text_dropped:48",)
    assert record.dropped == ("including a specific work stream on communities.",)
    assert sum(len(t) for t in record.dropped) == 48
    assert DroppedText("struck", "including a specific work stream on communities.", 4, 43) in seed_004.document.dropped


def test_docx_struck_decoys_are_in_documents_dropped():
    # tests/data/make_html.py DECOYS: struck-through runs the generator puts into the Word tables.
    result = run_document(DATA / "docx" / "seed-004.docx", tag=False)
    struck = [d.text for d in result.document.dropped if d.kind == "struck"]
    assert "Superseded by the 2019 service review" in struck
    assert sum(len(t) for t in struck) == 438   # the W102 count
    assert "W102 page 1-3: 438 characters of struck-through text dropped" in result.document.warnings
    assert sum(len(t) for r in result.records for t in r.dropped) == 438
    assert result.records[1].dropped == ("Superseded by the 2019 service review",) * 2


def test_running_headers_are_in_documents_dropped():
    result = run_document(RAW / "001_bc951520d11eea04.txt", tag=False)
    furniture = [d for d in result.document.dropped if d.kind == "furniture"]
    assert len(furniture) == 11   # "W103 11 running header/footer lines removed"
    assert furniture[0] == DroppedText("furniture", "Appendix 1 Equalities Actions Update", 2, 11)
    assert {d.text for d in furniture} == {"Appendix 1 Equalities Actions Update"}


def test_paragraphs_set_aside_are_in_documents_dropped():
    result = run_document(RAW / "003_8ba6588832b7b595.txt", tag=False)
    unused = [(d.page, d.line, d.text[:40]) for d in result.document.dropped if d.kind == "unused"]
    assert unused == [(1, 5, "The Corporate Improvement Plan explains "),
                      (1, 7, "Progress on the improvement workstreams ")]
    # The account calls them prose (outside any table or list), and no warning repeats it (W110 is retired).
    assert not [w for w in result.document.warnings if w.startswith(("W110", "W13"))]
    assert (result.document.chars_prose, result.document.chars_lost, result.document.coverage) == (362, 0, 1.0)


def test_provenance_columns_round_trip_through_arrow(seed_004):
    records = rows_to_table(list(seed_004.records), RECORDS_SCHEMA).to_pylist()
    assert records[15]["dropped"] == ["including a specific work stream on communities."]
    assert records[0]["sources"][0] == {
        "role": "action", "text": "Delivery of One View project - Ongoing Project", "page": 1, "x0": None,
        "top": None, "x1": None, "bottom": None, "line_start": 8, "line_end": 8, "index": None, "struck": []}
    documents = rows_to_table([seed_004.document], DOCUMENTS_SCHEMA)
    assert documents.schema.field("dropped").type == pa.list_(pa.struct([
        ("kind", pa.string()), ("text", pa.string()), ("page", pa.int32()), ("line", pa.int32())]))
    assert documents.to_pylist()[0]["dropped"][0] == {
        "kind": "struck", "text": "including a specific work stream on communities.", "page": 4, "line": 43}
    assert SourceRef("action", "x", 1).struck == ()


def test_a_rag_cell_is_a_source_of_its_record() -> None:
    """The RAG cell a record's status came from had no source entry, so review could not outline it."""
    pdf = Path(__file__).parent / "data" / "pdf" / "browser-printed-centred-cells-split-rows.pdf"
    first = run_document(pdf, tag=False).records[0]
    status = [s for s in first.sources if s.role == "status"]
    assert [s.text for s in status] == ["Amber"]
    assert status[0].page == 1 and status[0].bbox is not None

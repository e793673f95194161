"""PDF tables as councils draw them: one small file per kind the reader once got wrong (issue 9).

Files in tests/data/pdf/ are named after what broke.  Six are copies of ../shared/bugcases/min-pdf-*
(expected records in its README); the others are drawn by tests/data/pdf/make_regressions.py.  Each
test asserts what the extractor must produce (cells, rows, fills) and, where the pipeline can already
read it, the records.  The controls in ../shared/bugcases must keep their records.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import SHARED

from extractors import extract
from extractors.base import FileTooLarge, Layout, Settings, Table
from extractors.pdf import PdfExtractor, PdfSettings, pdf_settings_of, with_pdf_settings
from pipeline.run import run_document

PDF_DIR = Path(__file__).resolve().parent / "data" / "pdf"
BUGCASES = SHARED / "bugcases"
ACTIONS = [  # the three actions of the min-pdf action tables and of the controls
    ("Train all front-line staff in disability awareness and confident communication.", "HR Business Partner",
     "June 2026", "GREEN"),
    ("Collect equality monitoring data for every new housing tenancy.", "Housing Services", "April 2026", "AMBER"),
    ("Translate the household recycling guide into the four most requested languages.", "Waste and Recycling",
     "September 2025", "RED"),
]
HEADER = ["Action", "Lead officer", "Timescale", "RAG status"]


def layout_of(name: str, settings: Settings | None = None) -> Layout:
    return PdfExtractor().extract(PDF_DIR / name, settings or Settings())


def only_table(layout: Layout) -> Table:
    assert len(layout.tables()) == 1, [len(t.rows) for t in layout.tables()]
    return layout.tables()[0]


def grid(table: Table) -> list[list[str | None]]:
    return [[None if c is None else c.text.replace("\n", " ") for c in row] for row in table.rows]


def records(path: Path) -> list[tuple]:
    result = run_document(path, tag=False)
    assert result.ok, result.document.error
    return [(r.action, r.responsible[0] if r.responsible else None, r.timescale, r.status) for r in result.records]


# --- ruled tables -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["inset-header-shading-split-columns.pdf", "light-table-rows-collapsed-no-row-rules.pdf",
                                  "rotate180-upright-page-turned-twice.pdf"])
def test_action_table_kinds_read_as_four_columns_and_three_rows(name: str) -> None:
    """Header shading inset in each cell is not a rule (it split every column in two); a table ruled
    only under its header and between columns has one row per action (it collapsed into one); a
    /Rotate 180 page drawn upright is not turned again (its text came out reversed)."""
    table = only_table(layout_of(name))
    assert grid(table) == [HEADER] + [[a, lead, due, rag.title()] for a, lead, due, rag in ACTIONS]
    assert table.ruled is True
    assert records(PDF_DIR / name) == ACTIONS


def test_cell_merged_down_rows_with_borders_drawn_per_row_stays_whole() -> None:
    """Word draws the borders of a cell merged down three rows one piece per row; the reader once
    added a rule where those pieces meet and cut the commitment into row-sized pieces."""
    table = only_table(layout_of("merged-cell-cut-by-per-row-borders.pdf"))
    commitment = ("We will make sure residents from every background can reach council services easily, in person, "
                  "by phone and online, and that feedback from under-represented groups shapes how those services "
                  "change over the plan period.")
    assert [r[0] for r in grid(table)] == ["Commitment", commitment, None, None]
    result = run_document(PDF_DIR / "merged-cell-cut-by-per-row-borders.pdf", tag=False)
    assert [r.commitment for r in result.records] == [commitment] * 3
    assert [r.action for r in result.records] == [
        "Publish an accessible customer charter in five community languages.",
        "Run two listening events a year with disabled residents' forums.",
        "Review the complaints form so that it can be completed by screen reader users.",
    ]


def test_dense_ruled_grid_puts_every_word_in_its_cell() -> None:
    """A 40 x 40 ruled grid with one word per cell (a small cousin of the hostile 200 x 200 grid,
    whose word-to-cell assignment was words x cells): every word lands in its own cell."""
    table = only_table(layout_of("ruled-grid-40x40-one-word-per-cell.pdf"))
    assert grid(table) == [[f"r{r}c{k}" for k in range(40)] for r in range(40)]


def test_page_with_too_many_characters_is_refused_clearly(tmp_path: Path) -> None:
    """A page over PdfSettings.max_chars_per_page is counted (pdfium) and skipped before pdfplumber
    spends minutes on it; a file of only such pages is E106 with the limit named."""
    settings = with_pdf_settings(Settings(), max_chars_per_page=1000, char_count_min_stream_kb=1.0)
    path = PDF_DIR / "ruled-grid-40x40-one-word-per-cell.pdf"
    with pytest.raises(FileTooLarge) as info:
        PdfExtractor().extract(path, settings)
    message = str(info.value)
    assert message.startswith(f"{path.name}: ") and "--max-chars-per-page" in message and "over the limit of 1,000" in message
    result = run_document(path, settings, tag=False)
    assert result.document.error_code == "E106" and result.document.status == "failed"


# --- unruled tables -----------------------------------------------------------------------------


def test_single_spaced_one_line_rows_over_two_pages() -> None:
    """An unruled KPI table of single-spaced one-line rows (no gaps between rows), its header
    repeated on page 2: one row per indicator, the repeated header dropped."""
    table = only_table(layout_of("unruled-one-line-rows-collapsed-2pages.pdf"))
    assert table.ruled is False
    assert grid(table) == [
        ["Performance indicator", "Target", "Actual", "RAG status"],
        ["Complaints answered within 10 working days", "90%", "93%", "Green"],
        ["Staff who completed equality training", "95%", "81%", "Amber"],
        ["Council buildings with a hearing loop", "100%", "64%", "Red"],
        ["Web pages meeting the accessibility standard", "98%", "97%", "Amber"],
        ["Residents' survey responses from young people", "500", "612", "Green"],
        ["Interpreting requests met within two days", "85%", "88%", "Green"],
    ]
    result = run_document(PDF_DIR / "unruled-one-line-rows-collapsed-2pages.pdf", tag=False)
    assert [(r.kind, r.status, r.page_start) for r in result.records] == [
        ("measure", "GREEN", 1), ("measure", "AMBER", 1), ("measure", "RED", 1), ("measure", "AMBER", 1),
        ("measure", "GREEN", 2), ("measure", "GREEN", 2)]


def test_bullets_in_a_later_column_stay_in_their_cell() -> None:
    """A bullet glyph set a tab before its text in the Progress column was read as a column of its
    own, and the rows (apart only by bullet-sized gaps) as one row."""
    table = only_table(layout_of("unruled-bullet-in-later-column-became-column.pdf"))
    assert [c.text for c in table.rows[0] if c is not None] == ["Action", "Progress", "Lead officer", "RAG status"]
    progress = [row[1] for row in table.rows[1:]]
    assert [(c.items, c.bullets) for c in progress if c is not None] == [
        (("Recruitment campaign launched in May.",
          "Twelve new governors appointed, five from ethnic minority backgrounds.",
          "Induction sessions moved to evenings."), (True, True, True)),
        (("Audit of all 48 stations finished.", "Ramps ordered for the nine stations that need them."), (True, True)),
    ]
    result = run_document(PDF_DIR / "unruled-bullet-in-later-column-became-column.pdf", tag=False)
    assert [(r.action, len(r.progress), r.status) for r in result.records] == [
        ("Recruit a wider pool of school governors.", 3, "GREEN"), ("Make polling stations step-free.", 2, "AMBER")]


def test_unruled_report_with_zebra_rows_rag_cells_and_two_tables() -> None:
    """A portrait report with no rules: zebra-shaded rows, RAG as cell colour (every second one with
    no word), titles wrapping over two single-spaced lines, a project table per priority and a KPI
    table with other columns after them.  Shading marks rows, it is never a border."""
    layout = layout_of("unruled-zebra-rag-report.pdf")
    projects, kpis = layout.tables()
    assert projects.n_cols == 4 and kpis.n_cols == 4
    assert [row[0].text for row in projects.rows if row[0] is not None][1:4] == [
        "Open two new community hubs in the north of the borough",
        "Refurbish the central library for step-free access", "Publish a cultural strategy"]
    assert [row[3].fill for row in kpis.rows[1:] if row[3] is not None] == ["amber", "green", "red"]
    result = run_document(PDF_DIR / "unruled-zebra-rag-report.pdf", tag=False)
    assert [(r.kind, r.section, r.status, r.timescale) for r in result.records] == [
        ("project", "Thriving and inclusive places", "GREEN", "March 2026"),
        ("project", "Thriving and inclusive places", "AMBER", "June 2026"),
        ("project", "Thriving and inclusive places", "RED", "December 2025"),
        ("project", "Fair access to services", "GREEN", "October 2025"),
        ("project", "Fair access to services", "AMBER", "January 2026"),
        ("measure", "Key performance indicators", "AMBER", None),
        ("measure", "Key performance indicators", "GREEN", None),
        ("measure", "Key performance indicators", "RED", None),
    ]


# --- tables over pages --------------------------------------------------------------------------


def test_data_row_equal_to_an_early_row_is_not_a_repeated_header() -> None:
    """Page 2 starts with the same indicator as page 1's first data row: it was dropped as a
    'repeated header'; only bold header rows (or a repeated run of two rows or more) are."""
    table = only_table(layout_of("stitch-repeated-data-row-kept.pdf"))
    assert [r[0] for r in grid(table)] == [
        "Performance indicator", "Complaints answered within 10 days", "Staff who completed equality training",
        "Council buildings with a hearing loop", "Complaints answered within 10 days",
        "Web pages meeting the accessibility standard"]
    assert [r[3] for r in records(PDF_DIR / "stitch-repeated-data-row-kept.pdf")] == [
        "GREEN", "AMBER", "RED", "GREEN", "AMBER"]


def test_headerless_table_keeps_a_first_row_repeated_at_the_page_top() -> None:
    table = only_table(layout_of("stitch-headerless-repeated-row-kept.pdf"))
    assert [r[0] for r in grid(table)] == ["Library visits", "Leisure centre visits", "Library visits", "Museum visits"]


def test_row_starting_lower_case_at_a_page_top_is_not_glued_to_the_row_before() -> None:
    """'e-learning modules completed by staff' heads a complete row of its own on page 2; it was
    glued to page 1's last row because it begins in lower case.  The pipeline carries a lower-case row
    on only when the title above stops mid-sentence, so it is a record of its own too."""
    table = only_table(layout_of("stitch-lowercase-row-not-glued.pdf"))
    assert grid(table) == [
        ["Performance indicator", "Target", "Actual", "RAG status"],
        ["Staff survey response rate", "60%", "55%", "Amber"],
        ["Managers trained in fair recruitment", "100%", "92%", "Amber"],
        ["e-learning modules completed by staff", "80%", "84%", "Green"],
        ["Disabled staff with workplace adjustments", "100%", "100%", "Green"],
    ]
    assert [r[0] for r in records(PDF_DIR / "stitch-lowercase-row-not-glued.pdf")] == [
        "Staff survey response rate", "Managers trained in fair recruitment", "e-learning modules completed by staff",
        "Disabled staff with workplace adjustments"]


# --- the controls and the settings --------------------------------------------------------------


@pytest.mark.parametrize("name", ["control-pdf-plain-ruled-table.pdf", "control-pdf-highlighted-words-in-cell.pdf",
                                  "control-pdf-unruled-wrapped-cells.pdf"])
def test_controls_keep_their_records(name: str) -> None:
    """Close cousins that always worked: a plain ruled table, a highlighter behind words in a cell
    (too small to be the cell's colour, never a rule), an unruled table with wrapped cells."""
    path = BUGCASES / name
    assert records(path) == ACTIONS
    table = only_table(extract(path))
    assert [c.fill for c in table.rows[1] if c is not None] == [None, None, None, None]


def test_pdf_settings_override_through_shared_settings() -> None:
    """Tolerances live in one frozen PdfSettings carried by Settings (picklable and hashable, so a
    batch can ship it to workers and cache by it); a wider gutter changes how a table is read."""
    settings = with_pdf_settings(Settings(), gutter_min_x_pt=400.0)
    assert pdf_settings_of(settings).gutter_min_x_pt == 400.0
    assert pickle.loads(pickle.dumps(settings)) == settings and hash(settings) == hash(pickle.loads(pickle.dumps(settings)))
    assert pdf_settings_of(Settings()) == PdfSettings()
    with pytest.raises(ValueError, match="unknown PDF settings"):
        PdfSettings.resolve({"gutter_x": 3})
    with pytest.raises(ValueError, match="must be a positive number"):
        PdfSettings(gutter_min_x_pt=0)
    name = "unruled-one-line-rows-collapsed-2pages.pdf"
    assert layout_of(name).tables() and layout_of(name, settings).tables() == ()


# --- a web page printed to PDF by a browser ----------------------------------------------------------------


def test_browser_printed_table_with_centred_cells_keeps_one_row_per_ruled_row() -> None:
    """Chromium printed an HTML action table: cells are vertically centred (HTML's default), so the
    one-line cells (Ref, service, date, RAG) stand on the second line of a three-line row, and each row
    was cut in two at that line; the header over an unknown prose column ("Where we are") was lost in
    every record.  The file was made by a newcomer from their own page, not by the project."""
    path = PDF_DIR / "browser-printed-centred-cells-split-rows.pdf"
    tables = layout_of("browser-printed-centred-cells-split-rows.pdf").tables()
    assert [len(t.rows) for t in tables] == [4, 3]
    assert [c.text for c in tables[1].rows[0] if c is not None] == [
        "Ref", "What we said we would do", "Accountable body", "Where we are", "By when", "Rating"]
    recs = run_document(path, tag=False).records
    assert [r.action for r in recs][:2] == [
        "Publish all new council documents in an accessible format that meets WCAG 2.2 AA",
        "Provide British Sign Language video relay at the customer contact centre"]
    assert [r.status for r in recs] == ["AMBER", "GREEN", "RED", "GREEN", "AMBER"]
    assert [r.timescale for r in recs] == ["March 2026", "September 2025", "31/12/2025", "Q4 2025/26", "April 2026"]
    assert recs[2].responsible == ("Facilities Management", "Property Services")
    assert recs[1].progress == ("Contract awarded to supplier; service live from 1 September 2025.",)

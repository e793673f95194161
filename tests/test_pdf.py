"""PDF extractor on the reportlab renderings of the gold seeds (tests/data/make_pdf.py) and on bad input.

Each seed is rendered twice, ruled (grid, header row repeated per page, rows broken across pages)
and unruled (columns by whitespace only), with struck-through decoys, RAG fills, running headers
and "Page X of Y" footers; the gold beside each file is the seed's gold unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors import extract
from extractors.base import (
    Cell,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    NoTextLayer,
    Settings,
    Table,
    Text,
)
from extractors.pdf import PdfExtractor, color_to_rgb, is_page_number, rgb_to_rag
from pipeline.evaluate import evaluate_results
from pipeline.run import run_document

DATA = Path(__file__).resolve().parent / "data"
PDF_DIR = DATA / "pdf"
BAD = DATA / "bad"
RENDERINGS = sorted(PDF_DIR.glob("seed-*.pdf"))
DECOYS = (  # struck through in every rendering (make_pdf.DECOY_*); never field text
    "Superseded: target moved to March 2016.",
    "Deleted action: no longer required.",
    "Previous update withdrawn by the service.",
    "Deadline extended twice.",
    "Original date: 31 December 2016",
)

_layouts: dict[str, object] = {}


def layout_of(name: str):
    if name not in _layouts:
        _layouts[name] = PdfExtractor().extract(PDF_DIR / name, Settings())
    return _layouts[name]


def gold_of(name: str) -> dict:
    return json.loads((PDF_DIR / name).with_suffix(".json").read_text(encoding="utf-8"))


def all_text(layout) -> list[str]:
    out = []
    for b in layout.blocks:
        if isinstance(b, Text):
            out.append(b.text)
        else:
            out += [c.text for r in b.rows for c in r if c is not None]
    return out


def cells(layout) -> list[Cell]:
    return [c for t in layout.tables() for r in t.rows for c in r if c is not None]


def find_row(layout, title: str) -> tuple[Cell | None, ...]:
    rows = [r for t in layout.tables() for r in t.rows if any(c is not None and c.text.startswith(title) for c in r)]
    assert len(rows) == 1, f"{title!r}: {len(rows)} rows"
    return rows[0]


def test_every_seed_rendered_twice_with_gold() -> None:
    assert [p.name for p in RENDERINGS] == [f"seed-00{i}-{k}.pdf" for i in range(5) for k in ("ruled", "unruled")]
    for p in RENDERINGS:
        gold = gold_of(p.name)
        assert gold["file"] == p.name and gold["format"] == "pdf"
        assert p.stat().st_size < 100_000  # small fixtures


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.stem)
def test_rendering_scores_against_gold(path: Path) -> None:
    result = run_document(path, tag=False)
    assert result.ok, result.document.error
    report = evaluate_results(PDF_DIR, [result])
    doc = next(d for d in report.documents if d.file == path.name)
    assert doc.n_gold == len(gold_of(path.name)["records"])
    assert doc.f1 >= 0.95, (doc.misses, doc.extras)
    assert doc.field_score >= 0.90


# Page counts of the committed renderings (make_pdf.py is deterministic).
PAGES = {"seed-000-ruled.pdf": 6, "seed-000-unruled.pdf": 6, "seed-001-ruled.pdf": 6, "seed-001-unruled.pdf": 7,
         "seed-002-ruled.pdf": 3, "seed-002-unruled.pdf": 3, "seed-003-ruled.pdf": 9, "seed-003-unruled.pdf": 10,
         "seed-004-ruled.pdf": 6, "seed-004-unruled.pdf": 7}


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.stem)
def test_layout_invariants(path: Path) -> None:
    layout = layout_of(path.name)
    assert layout.format == "pdf" and layout.pages == PAGES[path.name]
    tables = layout.tables()
    assert tables and all(t.ruled is path.stem.endswith("-ruled") for t in tables)
    texts = all_text(layout)
    # Struck-through decoys never reach cell or paragraph text; they are counted instead.
    for decoy in DECOYS:
        assert not any(decoy in t for t in texts), decoy
    assert any(w.startswith("W102 ") for w in layout.warnings)
    # Running header and "Page X of Y" footer are removed on every page and reported once each.
    assert not any(re.fullmatch(r"Page \d+ of \d+", t) for t in texts)
    furniture = [w for w in layout.warnings if w.startswith("W103 ")]
    assert len(furniture) == 2 and all(w.startswith(f"W103 {layout.pages} ") for w in furniture)
    # Bullets are items without their glyph; every cell's items/bullets line up.
    for c in cells(layout):
        assert len(c.items) == len(c.bullets)
        assert c.text == "\n".join(c.items)
        assert not any(i.startswith(("\u2022", "(cid:")) for i in c.items)
        assert c.bbox is not None and c.page >= 1


@pytest.mark.parametrize("seed,struck", [("000", 334), ("001", 242), ("002", 248), ("003", 390), ("004", 420)])
def test_struck_characters_counted_the_same_in_both_layouts(seed: str, struck: int) -> None:
    for kind in ("ruled", "unruled"):
        layout = layout_of(f"seed-{seed}-{kind}.pdf")
        counted = sum(c.struck_chars for c in cells(layout)) + sum(
            b.struck_chars for b in layout.blocks if isinstance(b, Text))
        assert counted == struck, kind
        assert counted == sum(int(w.split(": ")[1].split()[0]) for w in layout.warnings if w.startswith("W102 "))


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_repeated_headers_dropped_and_tables_joined_across_pages(kind: str) -> None:
    layout = layout_of(f"seed-004-{kind}.pdf")
    headers = [r for t in layout.tables() for r in t.rows if r[0] is not None and r[0].text == "Commitments"]
    # One header row per section table (3 sections), though the tables run over 6-7 pages.
    assert len(headers) == 3
    assert [c.text for c in headers[0]] == [
        "Commitments", "Action Title", "Actions", "Responsible Service", "Timescale for delivery"]
    assert all(c.bold for c in headers[0])
    # Full-width bold section and objective rows are one-cell rows.
    section = find_row(layout, "As an Employer")
    assert section[0].bold and all(c is None or c.is_empty for c in section[1:])


def split_rows_on_pages(path: Path, title_col: int) -> int:
    """Pages whose first table row under the header has an empty title cell: rows the page break split."""
    import pdfplumber

    from extractors.pdf import page_to_out

    n = 0
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, start=1):
            tables = [b for _, b in page_to_out(page, i, Settings()).blocks if isinstance(b, Table)]
            page.close()
            rows = [r for t in tables for r in t.rows if sum(c is not None for c in r) > 1]
            rows = [r for r in rows if r[0] is None or r[0].text != "Commitments"]
            if rows and i > 1 and (rows[0][title_col] is None or rows[0][title_col].is_empty):
                n += 1
    return n


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_rows_split_by_page_breaks_are_merged(kind: str) -> None:
    name = f"seed-004-{kind}.pdf"
    assert split_rows_on_pages(PDF_DIR / name, title_col=1) >= 2  # the rendering does split rows
    layout = layout_of(name)
    # 3 sections x (section, objective, header) + one row per gold record: no leftover halves.
    assert sum(len(t.rows) for t in layout.tables()) == 9 + 21
    for rec in gold_of(name)["records"]:
        row = find_row(layout, rec["action"])
        assert " ".join(row[1].items) == rec["action"]
        assert " ".join(row[2].items) == rec["detail"], rec["action"]
        assert list(row[3].items) == rec["responsible"], rec["action"]
        assert "; ".join(row[4].items) == rec["timescale"], rec["action"]
    # A row joined over a page break says where it ends.
    joined = [r for t in layout.tables() for r in t.rows if any(c is not None and c.page_end for c in r)]
    assert len(joined) >= 2
    assert all(c.page_end == c.page + 1 for r in joined for c in r if c is not None and c.page_end)


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_paragraph_split_by_page_break_is_one_item(kind: str) -> None:
    # Seed 000's "There is room for improvement still here and | following the appointment ..."
    layout = layout_of(f"seed-000-{kind}.pdf")
    gold = {r["action"]: r for r in gold_of(f"seed-000-{kind}.pdf")["records"]}
    for title in ("Embedding the principles of consultation", "Offering opportunities for staff"):
        row = find_row(layout, title)
        action = next(a for a in gold if a.startswith(title))
        assert list(row[1].items) == gold[action]["progress"], title


def test_vertically_merged_commitment_cell() -> None:
    layout = layout_of("seed-004-ruled.pdf")
    first = layout.tables()[0]
    commitments = [r[0] for r in first.rows[3:]]
    assert commitments[0] is not None and commitments[0].text.startswith("We will work closely with our partners")
    # Below its first row the merged cell is None on its page, and an empty cell on the next page.
    assert all(c is None or c.is_empty for c in commitments[1:])
    assert sum(c is None for c in commitments[1:]) >= 3


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_rag_from_fill_colour(kind: str) -> None:
    layout = layout_of(f"seed-003-{kind}.pdf")
    gold = gold_of(f"seed-003-{kind}.pdf")["records"]
    rag_cells = [c for c in cells(layout) if c.fill]
    # 4 workstreams + every project with a RAG; make_pdf shows every second project's RAG as fill only.
    assert len(rag_cells) == 4 + sum(1 for r in gold if r["status"])
    assert sum(1 for c in rag_cells if c.is_empty) == 13
    assert all(c.fill == c.text.lower() for c in rag_cells if not c.is_empty)
    row = find_row(layout, "Economic Development")
    assert row[0].bold and row[1].is_empty and row[1].fill == "amber"


def test_one_page_that_is_all_one_continued_row() -> None:
    # 003's "Customer services delivery" progress (42 items) fills page 4 of the ruled rendering
    # with no horizontal rule at all: still one row of the table, not loose text.
    layout = layout_of("seed-003-ruled.pdf")
    assert len(layout.tables()) == 1
    gold = {r["action"]: r for r in gold_of("seed-003-ruled.pdf")["records"]}
    rows = layout.tables()[0].rows
    i = next(k for k, r in enumerate(rows) if r[0] is not None and r[0].text == "Customer services delivery")
    progress = [it for r in rows[i + 1:i + 4] if r[1] is None for it in r[0].items]
    assert progress[:len(gold["Customer services delivery"]["progress"])] == gold["Customer services delivery"]["progress"]


def test_headings_by_size() -> None:
    layout = layout_of("seed-003-unruled.pdf")
    title = layout.blocks[0]
    assert isinstance(title, Text) and title.heading_level == 1
    assert title.text == "Corporate Improvement Plan update October \u2013 March 2013/14"
    paragraph = layout.blocks[1]
    assert isinstance(paragraph, Text) and paragraph.heading_level is None
    assert paragraph.text.startswith("The Corporate Improvement Plan explains")


def test_table_strategy_setting() -> None:
    ruled_only = PdfExtractor().extract(PDF_DIR / "seed-002-unruled.pdf", Settings(pdf_table_strategy="lines"))
    assert ruled_only.tables() == ()
    text_only = PdfExtractor().extract(PDF_DIR / "seed-002-unruled.pdf", Settings(pdf_table_strategy="text"))
    assert len(text_only.tables()) == 1 and text_only.tables()[0].ruled is False


@pytest.mark.parametrize(
    "name,error,words",
    [
        ("bad-encrypted.pdf", EncryptedFile, "password"),
        ("bad-truncated.pdf", DamagedFile, "cut short"),
        ("bad-scanned.pdf", NoTextLayer, "OCR"),
        ("bad-empty.pdf", EmptyFile, "0 bytes"),
    ],
)
def test_bad_pdfs_give_a_clear_error(name: str, error: type, words: str) -> None:
    path = BAD / name
    with pytest.raises(error) as info:
        extract(path)
    assert str(info.value).startswith(f"{name}: ") and words in str(info.value)
    result = run_document(path, tag=False)  # a failed file is a value, not an exception
    assert not result.ok and result.document.error_code == error.code and result.records == ()


def test_page_furniture_helpers() -> None:
    assert is_page_number("Page 3 of 9") and is_page_number("12") and is_page_number("- 4 -")
    assert not is_page_number("2023") and not is_page_number("Page turner")
    assert rgb_to_rag(color_to_rgb((0, 0.69, 0.31))) == "green"
    assert rgb_to_rag(color_to_rgb((1, 0.75, 0))) == "amber"
    assert rgb_to_rag(color_to_rgb((1, 1, 0))) == "amber"  # Word's yellow highlight used for amber
    assert rgb_to_rag(color_to_rgb((1, 0, 0))) == "red"
    assert rgb_to_rag(color_to_rgb((0, 0, 0, 0.15))) is None  # grey header shading (CMYK)
    assert rgb_to_rag(color_to_rgb(0.85)) is None


@pytest.mark.parametrize("module", ["settings", "words", "cells", "rules", "grid", "ruled", "page", "furniture"])
def test_docstring_examples(module: str) -> None:
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(f"extractors.pdf.{module}"))
    assert result.failed == 0 and result.attempted >= 1


def test_every_page_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page's cached objects are released before the next page is read (flat memory)."""
    import pdfplumber.page

    closed: list[int] = []
    original = pdfplumber.page.Page.close

    def close(self) -> None:
        closed.append(self.page_number)
        original(self)

    monkeypatch.setattr(pdfplumber.page.Page, "close", close)
    layout = PdfExtractor().extract(PDF_DIR / "seed-003-ruled.pdf", Settings())
    assert closed == list(range(1, layout.pages + 1))


def test_a_page_that_fails_is_reported_and_the_rest_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.pdf.page as page_module

    original = page_module.page_to_words

    def words(page, settings):
        if page.page_number == 2:
            raise ValueError("broken content stream")
        return original(page, settings)

    monkeypatch.setattr(page_module, "page_to_words", words)
    layout = PdfExtractor().extract(PDF_DIR / "seed-002-ruled.pdf", Settings())
    assert ("W113 page 2 could not be read and was skipped, its text is missing from the records: "
            "ValueError: broken content stream") in layout.warnings
    assert {c.page for c in cells(layout)} == {1, 3}
    assert layout.failed_pages == (2,)
    # The documents row says so in columns a query can find, not only in a warning string.
    result = run_document(PDF_DIR / "seed-002-ruled.pdf", tag=False)
    assert result.ok and result.records
    assert (result.document.status, result.document.failed_pages) == ("partial", (2,))


def test_document_status_of_whole_and_failed_files() -> None:
    whole = run_document(PDF_DIR / "seed-002-ruled.pdf", tag=False).document
    assert (whole.status, whole.failed_pages) == ("ok", ())
    failed = run_document(BAD / "bad-truncated.pdf", tag=False).document
    assert (failed.status, failed.failed_pages, failed.pages) == ("failed", (), None)


def test_word_style_strike_rects_underlines_and_list_levels(tmp_path: Path) -> None:
    """Word draws strike-through and underline as thin filled rects: only the one through the
    middle of the glyphs is a strike.  Nested bullets ("o" + tab at level 2) get list levels from
    their indent."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "word-strike.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    h = A4[1]
    c.setFont("Helvetica", 11)
    c.drawString(72, h - 100, "Target date March 2016 extended")
    width_struck = c.stringWidth("March 2016 ", "Helvetica", 11)
    x_struck = 72 + c.stringWidth("Target date ", "Helvetica", 11)
    c.rect(x_struck, h - 100 + 3.2, width_struck - 2, 0.6, stroke=0, fill=1)   # strike: mid x-height
    c.drawString(72, h - 130, "Underlined words stay")
    c.rect(72, h - 130 - 1.5, c.stringWidth("Underlined words", "Helvetica", 11), 0.6, stroke=0, fill=1)
    c.drawString(72, h - 170, "\u2022")
    c.drawString(90, h - 170, "Top level bullet")
    c.drawString(90, h - 190, "o")
    c.drawString(108, h - 190, "Nested item after Word's o marker")
    c.drawString(90, h - 210, "\u2022")
    c.drawString(108, h - 210, "Nested bullet")
    c.showPage()
    c.save()

    layout = PdfExtractor().extract(path, Settings())
    texts = [b for b in layout.blocks if isinstance(b, Text)]
    assert texts[0].text == "Target date extended" and texts[0].struck_chars == len("March2016")
    assert texts[1].text == "Underlined words stay" and texts[1].struck_chars == 0
    assert layout.tables() == ()  # a bullet list is not a two-column table
    assert [(t.text, t.list_item, t.list_level) for t in texts[2:]] == [
        ("Top level bullet", True, 0),
        ("Nested item after Word's o marker", True, 1),
        ("Nested bullet", True, 1),
    ]
    assert layout.warnings == ("W102 page 1: 9 characters of struck-through text dropped",)


def test_rows_joined_over_a_page_break_span_both_pages():
    """Records whose row the extractor joined over a page break end on the later page (Cell.page_end)."""
    from pipeline.run import run_document

    result = run_document(Path(__file__).parent / "data" / "pdf" / "seed-001-ruled.pdf", tag=False)
    spans = [(r.seq, r.page_start, r.page_end) for r in result.records if r.page_end > r.page_start]
    assert spans == [(2, 1, 2), (5, 2, 3), (14, 4, 5), (17, 5, 6)]

"""The PDF extractor and the pipeline over every real PDF in ../shared/corpus/public (MANIFEST.tsv).

Every file must go through without an exception; files with tables (pdfplumber's test PDFs, the
ICDAR 2013 competition set, the UK council SOPNs) must yield tables, on the pages the ICDAR ground
truth names; pdfplumber's committee minutes (no tables) must yield none.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache

import pytest
from conftest import PUBLIC, public_corpus

pytestmark = pytest.mark.slow  # 101 real PDFs of ../shared/corpus/public, twice: minutes

from extractors.base import Layout, Settings
from extractors.pdf import PdfExtractor
from pipeline.run import run_document


def manifest_rows() -> list[dict[str, str]]:
    """The PDF rows of ../shared/corpus/public/MANIFEST.tsv; skips this module, naming the folder, without it."""
    if not (PUBLIC / "MANIFEST.tsv").exists():
        try:
            public_corpus()
        except pytest.skip.Exception as skip:
            pytest.skip(skip.msg, allow_module_level=True)
    with (PUBLIC / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f, delimiter="\t") if r["path"].endswith(".pdf")]


ROWS = manifest_rows()
IDS = [r["path"].split("/")[-1] for r in ROWS]


@lru_cache(maxsize=None)
def layout_of(rel: str) -> Layout:
    return PdfExtractor().extract(PUBLIC / rel, Settings())


def gt_pages(notes: str) -> set[int]:
    """Pages with tables in an ICDAR row: '... 3 table(s) on page(s) [1, 2]; ...'."""
    m = re.search(r"table\(s\) on page\(s\) \[([\d, ]+)\]", notes)
    return {int(x) for x in m.group(1).split(",")} if m else set()


def test_manifest_lists_the_corpus() -> None:
    assert len(ROWS) == 101
    assert all((PUBLIC / r["path"]).exists() for r in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_pipeline_runs_without_exception(row: dict[str, str]) -> None:
    result = run_document(PUBLIC / row["path"], tag=False)  # raises only on a bug
    if row["pages"]:
        assert result.document.pages in (None, int(row["pages"]))
    if result.document.error_code is not None:
        # Only "no action table in this file" is acceptable for these non-council layouts.
        assert result.document.error_code not in {"E101", "E102", "E103", "E104", "E105"}, result.document.error
    # None of these is an action plan, progress report or KPI table (chelsea's action plan is in French):
    # any record here would be a false positive.
    assert result.records == (), [r.action for r in result.records[:5]]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_extractor_layout(row: dict[str, str]) -> None:
    layout = layout_of(row["path"])
    if row["pages"]:
        assert layout.pages == int(row["pages"])
    for t in layout.tables():
        assert t.rows and all(len(r) == t.n_cols for r in t.rows)
        assert all(c.page >= t.page for r in t.rows for c in r if c is not None)


TABLE_FILES = [r for r in ROWS if r["path"].startswith(("jsvine_pdfplumber/", "icdar2013/", "DemocracyClub_"))]


@pytest.mark.parametrize("row", TABLE_FILES, ids=[r["path"].split("/")[-1] for r in TABLE_FILES])
def test_files_with_tables_yield_tables(row: dict[str, str]) -> None:
    layout = layout_of(row["path"])
    if "NO tables" in row["notes"]:  # pdfplumber's 2023-06-20-PV.pdf: committee minutes
        assert layout.tables() == ()
        return
    if "label/value blocks" in row["notes"]:
        # Bury's SOPN: "Name of proposer: ..." lines, one label and its value per line, no grid:
        # paragraphs, not a table (a one-row "table" from a text box here was a false positive).
        texts = [b.text for b in layout.blocks if not hasattr(b, "rows")]
        assert sum(1 for t in texts if t.startswith("Name of proposer:")) >= 20
        return
    assert layout.tables()
    pages = gt_pages(row["notes"])
    if pages:
        assert pages & {t.page for t in layout.tables()}


def test_icdar_table_pages_found() -> None:
    """Of the 128 pages the ICDAR 2013 ground truth puts tables on, at least 95% get one."""
    want = found = 0
    for row in ROWS:
        pages = gt_pages(row["notes"])
        if not row["path"].startswith("icdar2013/") or not pages:
            continue
        layout = layout_of(row["path"])
        got = {c.page for t in layout.tables() for r in t.rows for c in r if c is not None}
        want += len(pages)
        found += len(pages & got)
    assert want == 128
    assert found / want >= 0.95


def test_repeated_and_unrepeated_headers_stitched() -> None:
    # York SOPN: one table split over 2 pages with the header repeated on p2 -> one table.
    york = layout_of("DemocracyClub_yournextrepresentative/local.york.strensall.2019-05-02.pdf")
    assert len(york.tables()) == 1
    header = [c.text for c in york.tables()[0].rows[0] if c is not None]
    assert sum(1 for r in york.tables()[0].rows if [c.text for c in r if c is not None] == header) == 1
    # WARN report: one table over pp1-15 with the header only on p1 -> joined.
    warn = layout_of("jsvine_pdfplumber/WARN-Report-for-7-1-2015-to-03-25-2016.pdf")
    first = warn.tables()[0]
    assert {c.page for r in first.rows for c in r if c is not None} == set(range(1, 16))


def test_word_report_numbered_paragraphs_stay_text() -> None:
    """The race disparity audit (a Word export): "3.2 <tab> The UK has become ..." paragraphs,
    letter-spaced chapter headings and the running URL header are not tables."""
    layout = layout_of("ukgov-equality-hub_ethnicity-facts-and-figures/race-disparity-audit-summary-findings.pdf")
    assert len(layout.tables()) <= 3
    numbered = re.compile(r"^\d+\.\d+ ")
    in_tables = [c.text for t in layout.tables() for r in t.rows for c in r if c is not None and numbered.match(c.text)]
    assert in_tables == []
    texts = [b.text for b in layout.blocks if not hasattr(b, "rows")]
    assert sum(1 for t in texts if numbered.match(t)) >= 100
    assert not any(t == "www.ethnicity-facts-figures.service.gov.uk" for t in texts)
    assert "W103 54 running header/footer lines removed ('www.ethnicity-facts-figures.service.gov.uk')" in layout.warnings


def test_rotated_page_reads_like_the_unrotated_one() -> None:
    """pdfplumber's NICS table stored as a portrait page with /Rotate 90 gives the same table."""
    plain = layout_of("jsvine_pdfplumber/nics-background-checks-2015-11.pdf").tables()
    turned = layout_of("jsvine_pdfplumber/nics-background-checks-2015-11-rotated.pdf").tables()
    assert len(plain) == len(turned) == 1
    as_text = [[[None if c is None else c.text for c in r] for r in t.rows] for t in (plain[0], turned[0])]
    assert as_text[0] == as_text[1]
    # One row per state or territory between the header and the totals (once ten states to a cell).
    rows = as_text[0]
    assert [r[0] for r in rows[1:5]] == ["State / Territory", "Alabama", "Alaska", "Arizona"]
    assert rows[-2][0] == "Totals" and len(rows) == 59 and len(rows[2]) == 25

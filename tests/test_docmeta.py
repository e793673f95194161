"""documents.council / period / period_start / period_end: what a report's front matter says about it.

Real reports: the five seeds (data/raw), the seeds' HTML renderings inside a council site template,
and layouts from ../shared/corpus/layouts (only ones outside the held-out set).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from conftest import DATA, RAW, shared_path

from pipeline.docmeta import council_in, period_in_line
from pipeline.run import run_document
from pipeline.store import open_store

D = dt.date


MBC = "Maidstone Borough Council"


@pytest.mark.parametrize(
    ("seed", "council", "period", "start", "end"),
    [
        # 000-002 state no period in their front matter: the body dates it.  000 is a progress report: its
        # last update is March 2016 ("due in December 2016" is a plan, not an update); 002 is a plan with
        # deadlines from September 2017 to September 2018 (its lone "November 2017" line is a timescale cell).
        # documents.period stays None: it is the period as the report writes it, and these write none.
        ("000_183e9267aebdd3be.txt", MBC, None, None, D(2016, 3, 31)),
        ("001_bc951520d11eea04.txt", MBC, None, None, D(2022, 3, 31)),
        ("002_be210f0cadcd6921.txt", MBC, None, D(2017, 9, 1), D(2018, 9, 30)),
        # 003 names Kent County Council (KCC) about as often as Maidstone: no council dominates, none is taken.
        ("003_8ba6588832b7b595.txt", None, "October – March 2013/14", D(2013, 10, 1), D(2014, 3, 31)),
        ("004_59fe58fd6413823e.txt", MBC, "2023-24", D(2023, 4, 1), D(2024, 3, 31)),
    ],
)
def test_seed_council_and_period(seed, council, period, start, end):
    doc = run_document(RAW / seed, tag=False).document
    assert (doc.period, doc.period_start, doc.period_end) == (period, start, end)
    # Seed 001 works "with Kent County Council" in its rows: a partner, outnumbered by Maidstone and MBC.
    assert doc.council == council
    assert (doc.council_source, doc.period_source) == ("document" if council else None, "document")
    # An unknown council is counted in the run's summary (W140), never a warning on the document itself.
    assert not any(w.startswith("W140") for w in doc.warnings)


def test_the_council_site_template_title_names_the_council():
    doc = run_document(DATA / "html" / "seed-004-word-export.html", tag=False).document
    assert doc.council == "Maidstone Borough Council"
    assert (doc.period, doc.period_start, doc.period_end) == ("2023-24", D(2023, 4, 1), D(2024, 3, 31))


def test_a_web_pages_site_name_is_the_council_and_its_h1_the_title(tmp_path):
    """A council web page without <main> whose bold site name ("Kiltarra District Council") sits above the
    page's <h1>: the name is documents.council, the h1 documents.title (it was taken as the title)."""
    page = (DATA / "variants" / "edi-annual-report-cms.html").read_text(encoding="utf-8")
    page = re.sub(r'<header class="site-header">.*?</header>',
                  '<div class="top"><p><strong>Kiltarra District Council</strong></p></div>', page, flags=re.S)
    page = page.replace('<main id="main">', '<div id="content">').replace("</main>", "</div>")
    path = tmp_path / "site-name-above-h1.html"
    path.write_text(page, encoding="utf-8")
    result = run_document(path, tag=False)
    doc = result.document
    assert doc.title == "Equality, Diversity and Inclusion Annual Report"
    assert (doc.council, doc.period) == ("Kiltarra District Council", "2024/25")
    assert len(result.records) == run_document(DATA / "variants" / "edi-annual-report-cms.html", tag=False).document.n_records


@pytest.mark.parametrize(
    ("layout", "council", "period", "start", "end"),
    [
        # "appendix 2 for report 14 - kiltarra shire council"; the plan's "2025 - 2029" and the report's half-year
        ("interleaved-pdf-cells.txt", "Kiltarra Shire Council", "1 July 2025 - 31 December 2025",
         D(2025, 7, 1), D(2025, 12, 31)),
        ("pdf-cells-wrapped-blank-lines.txt", "Port Aldous City Council", "2025-2026", D(2025, 4, 1), D(2026, 3, 31)),
        ("tracker-collapsed-empty-cells.txt", None, "30 June 2025", None, D(2025, 6, 30)),  # "position at"
        ("bullet-measure-rag-parenthesis.txt", None, "Jul-Sep 2025", D(2025, 7, 1), D(2025, 9, 30)),
        # "the City of Corvale Multi-Year Accessibility Plan:" is in a sentence, not a name line
        ("numbered-list-status-lines.txt", None, "2025", D(2025, 1, 1), D(2025, 12, 31)),
    ],
)
def test_layout_front_matter(layout, council, period, start, end):
    doc = run_document(shared_path("corpus", "layouts", layout), tag=False).document
    assert (doc.council, doc.period, doc.period_start, doc.period_end) == (council, period, start, end)


@pytest.mark.parametrize(
    ("line", "whole", "council"),
    [
        ("Port Aldous City Council", True, "Port Aldous City Council"),
        ("Home | Kingston upon Thames Royal Borough of Kingston upon Thames", True, None),
        ("Royal Borough of Kingston upon Thames", True, "Royal Borough of Kingston upon Thames"),
        ("City of Corvale Council", True, "City of Corvale Council"),
        ("CITY OF CORVALE", True, "City of Corvale"),
        ("Stoke-on-Trent City Council", True, "Stoke-on-Trent City Council"),
        ("Maidstone Council", True, "Maidstone Borough Council"),  # the ORG gazetteer's canonical name
        ("Report to Full Council", True, None),
        ("The Council", True, None),
        ("Maidstone Borough Council Equality Action Plan", False, "Maidstone Borough Council"),
        ("Maidstone Borough Council Equality Action Plan", True, None),
        ("City of Corvale Multi-Year Accessibility Plan", False, None),  # "City of X" only as a whole line
    ],
)
def test_council_forms(line, whole, council):
    assert council_in(line, whole=whole) == council


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Strategic Equality Plan 2025-29", ("2025-29", D(2025, 1, 1), D(2029, 12, 31))),
        ("Scrutiny recommendations tracker – as at 31 March 2025", ("31 March 2025", None, D(2025, 3, 31))),
        ("Published - October 2025", None),            # a publication month, not a period
        ("Tuesday, 9th September, 2025", None),        # a meeting date
        ("Progress on the strategy will be reported to Cabinet every year in July, starting in July 2026.", None),
    ],
)
def test_period_in_line(line, found):
    assert period_in_line(line) == found


def test_pandas_reads_period_and_due_dates_as_datetime64(tmp_path):
    out = tmp_path / "out"
    with open_store(out) as store:
        store.write_result(run_document(RAW / "004_59fe58fd6413823e.txt", tag=False))
    documents = pd.read_parquet(out / "documents")
    records = pd.read_parquet(out / "records")
    for column in (documents["period_start"], documents["period_end"], records["due_date"]):
        assert pd.api.types.is_datetime64_dtype(column), column.dtype
    assert documents["period_end"].iloc[0] == pd.Timestamp("2024-03-31")
    # what the analyst wanted to write: deadlines before the end of the report's own period
    assert (records["due_date"] < documents["period_end"].iloc[0]).sum() == 0
    assert records["due_date"].dt.year.dropna().astype(int).tolist().count(2025) > 0

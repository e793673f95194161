"""The layout development set (../shared/corpus/layouts: 33 layouts councils publish, invented content,
gold in ../shared/gold/layouts) end to end against its gold, with floors per document.

These are development documents, not targets: the floors only keep what was reached from slipping.
Two thirds were built on; the other 11 were held out and scored once, blind, on 2026-11-30
(record F1 0.717, field 0.870 — see the closing note of issue 12), then developed on too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_document
from tests.conftest import shared_path

# Reached on 2026-11-30 (never lower; raise when the reader improves).
MIN_RECORD_F1 = 0.96
MIN_FIELD_SCORE = 0.94
# (record F1, field score) per document.  interleaved-pdf-cells (cells of a PDF row interleaved line by
# line into one paragraph) and prose-inline-labels (a page run into one paragraph with unpunctuated
# inline labels) are not read yet: they give no record rather than wrong ones.
FLOORS: dict[str, tuple[float, float]] = {
    "action-n-bullet-labels.txt": (1.0, 0.99),
    "blank-line-rows-empty-first-header.txt": (1.0, 0.95),
    "br-markup-single-line.txt": (0.85, 0.85),
    "bullet-measure-rag-parenthesis.txt": (1.0, 0.99),
    "cell-per-line-bulleted-cells.txt": (1.0, 0.98),
    "cell-per-line-row-numbers-spacers.txt": (0.92, 0.95),
    "cell-per-line-unlabelled-columns.txt": (0.8, 0.88),
    "chart-text-then-project-table.txt": (1.0, 0.79),
    "commitment-label-blocks.txt": (1.0, 0.95),
    "committee-report-label-pairs-and-summary-row.txt": (1.0, 0.93),
    "dash-label-lines.txt": (1.0, 0.99),
    "dashboard-action-cards.txt": (1.0, 0.5),
    "emoji-status-outcome-blocks.txt": (1.0, 0.99),
    "fixed-width-columns.txt": (1.0, 0.99),
    "footnoted-headers-lettered-rows.txt": (1.0, 0.93),
    "grouped-column-cells.txt": (1.0, 0.9),
    "id-column-cell-per-paragraph.txt": (1.0, 0.99),
    "inspection-response-log.txt": (1.0, 0.99),
    "interleaved-pdf-cells.txt": (0.0, 0.0),
    "kpi-double-space.txt": (1.0, 0.99),
    "kpi-single-space-tables.txt": (1.0, 0.97),
    "level-measure-blocks.txt": (1.0, 0.98),
    "measure-framework-labels.txt": (1.0, 0.93),
    "numbered-list-status-lines.txt": (1.0, 0.99),
    "objective-blocks-directorate-rag.txt": (1.0, 0.93),
    "pdf-cells-wrapped-blank-lines.txt": (1.0, 0.99),
    "pipe-table-action-target.txt": (1.0, 0.99),
    "pipe-terminated-cells.txt": (1.0, 0.97),
    "prose-inline-labels.txt": (0.0, 0.0),
    "run-on-paragraph-table.txt": (1.0, 0.86),
    "slash-joined-rows.txt": (1.0, 0.82),
    "tracker-collapsed-empty-cells.txt": (1.0, 0.99),
    "two-column-header-one-line.txt": (1.0, 0.96),
}


@pytest.fixture(scope="module")
def report():
    from dataclasses import asdict

    from pipeline.evaluate import evaluate, load_gold

    corpus = shared_path("corpus", "layouts")
    results = [run_document(corpus / name, tag=False) for name in sorted(FLOORS)]
    gold = {name: records for name, records in load_gold(shared_path("gold", "layouts")).items() if name in FLOORS}
    return evaluate(gold, [asdict(r) for res in results for r in res.records])


def test_every_layout_has_a_floor(report) -> None:
    """The floors cover the 33 text layouts they were set on; the layouts added to ../shared this round
    (2026-12-07: the third in tests/holdout_layouts.txt and the rest) are not scored here until someone
    sets their floors."""
    assert sorted(d.file for d in report.documents) == sorted(FLOORS)
    assert all(shared_path("corpus", "layouts", name).is_file() for name in FLOORS)


def test_layout_totals(report) -> None:
    assert report.record_f1 >= MIN_RECORD_F1, report.to_json()
    assert report.field_score >= MIN_FIELD_SCORE, report.to_json()


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_layout_floor(report, name: str) -> None:
    doc = next(d for d in report.documents if d.file == name)
    f1, field = FLOORS[name]
    assert doc.f1 >= f1, (doc.misses, doc.extras)
    assert doc.field_score >= field
    assert not doc.extras or doc.f1 > 0, f"{name}: records that match no gold record: {doc.extras}"


def test_unread_layouts_give_no_wrong_records(report) -> None:
    for name in ("interleaved-pdf-cells.txt", "prose-inline-labels.txt"):
        doc = next(d for d in report.documents if d.file == name)
        assert doc.n_pred == 0, doc.extras


def test_documents_with_no_known_header_words_say_which_cells(tmp_path: Path) -> None:
    path = tmp_path / "unknown.txt"
    path.write_text("Thing\tOther thing\napples\tpears\nplums\tfigs\n", encoding="utf-8")
    result = run_document(path, tag=False)
    assert result.document.error_code == "E110"
    assert "'Thing', 'Other thing'" in result.document.error

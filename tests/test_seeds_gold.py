"""The five seed reports end to end against their hand-labelled gold (../shared/gold/seeds)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.evaluate import FIELDS, evaluate_results
from pipeline.run import run_document

# Reached on 2026-11-23 (never lower these; raise them when the pipeline improves).
MIN_RECORD_F1 = 1.0
# Raised on 2026-11-30 when the staged reader read seed 002's record 6 right (was 0.998 / 0.99).
MIN_FIELD_SCORE = 1.0
MIN_FIELD_SCORE_PER_SEED = {
    "000_183e9267aebdd3be.txt": 0.999,
    "001_bc951520d11eea04.txt": 0.999,
    "002_be210f0cadcd6921.txt": 0.999,
    "003_8ba6588832b7b595.txt": 0.999,
    "004_59fe58fd6413823e.txt": 0.999,
}


@pytest.fixture(scope="module")
def results(seeds_dir: Path):
    return [run_document(p, tag=False) for p in sorted(seeds_dir.glob("*.txt"))]


@pytest.fixture(scope="module")
def report(results, gold_seeds_dir: Path):
    return evaluate_results(gold_seeds_dir, results)


@pytest.fixture(scope="module")
def gold(gold_seeds_dir: Path) -> dict[str, dict]:
    out = {}
    for f in sorted(gold_seeds_dir.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        out[data["file"]] = data
    return out


def test_every_seed_extracts_without_error(results):
    assert len(results) == 5
    for r in results:
        assert r.ok, r.document.error
        assert r.document.format == "text"


def test_gold_accuracy_totals(report):
    assert report.n_gold == 105
    assert report.record_f1 >= MIN_RECORD_F1, report.to_json()
    assert report.field_score >= MIN_FIELD_SCORE


@pytest.mark.parametrize("name", sorted(MIN_FIELD_SCORE_PER_SEED))
def test_gold_accuracy_per_seed(report, name):
    doc = next(d for d in report.documents if d.file == name)
    assert doc.n_pred == doc.n_gold == doc.n_matched, (doc.misses, doc.extras)
    assert doc.field_score >= MIN_FIELD_SCORE_PER_SEED[name]


def test_records_equal_gold_field_for_field(results, gold):
    """All 105 gold records come out identical in every gold field, in document order (seed 002's record 6,
    whose detail and measure bullets only blank lines tell apart, is right since the paragraph-table
    reader scores bullets by content)."""
    identical = 0
    for r in results:
        expected = gold[r.document.source_file]["records"]
        assert len(r.records) == len(expected)
        for got, want in zip(r.records, expected):
            got_d = asdict(got)
            got_d = {k: list(v) if isinstance(v, tuple) else v for k, v in got_d.items()}
            if all(got_d[f] == want[f] for f in FIELDS):
                identical += 1
    assert identical == 105


def test_titles_and_periods_match_gold(results, gold):
    for r in results:
        g = gold[r.document.source_file]
        assert (r.document.title, r.document.period) == (g["title"], g["period"])


def test_record_invariants(results):
    for r in results:
        seqs = [rec.seq for rec in r.records]
        assert seqs == list(range(len(r.records)))
        assert len({rec.record_id for rec in r.records}) == len(r.records)
        for rec in r.records:
            assert rec.action.strip()
            assert 1 <= rec.page_start <= rec.page_end <= r.document.pages
            assert rec.kind in {"action", "measure", "project"}
            assert rec.status in {None, "GREEN", "AMBER", "RED"}
            assert rec.record_id.startswith(rec.doc_id + ":")

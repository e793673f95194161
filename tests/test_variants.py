"""Layouts the seeds do not use (tests/data/variants, built by make_variants.py with gold beside each):
other header words and column orders, objective columns and numbered objectives, KPI tables with period
columns, RAG as CSS classes, shading or coloured dots, officers titled after a list of services."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.evaluate import FIELDS, evaluate_results
from pipeline.run import run_document

VARIANTS = Path(__file__).parent / "data" / "variants"
GOLDS = sorted(VARIANTS.glob("*.json"))


@pytest.fixture(scope="module")
def results():
    return {g.stem: run_document(VARIANTS / json.loads(g.read_text(encoding="utf-8"))["file"], tag=False) for g in GOLDS}


def test_eight_variants_in_four_formats(results):
    assert len(results) == 8
    assert {r.document.format for r in results.values()} == {"text", "html", "docx", "pdf"}


def test_variants_score_perfectly(results):
    report = evaluate_results(VARIANTS, results.values())
    assert (report.n_gold, report.n_pred, report.n_matched) == (58, 58, 58)
    assert report.field_score == 1.0, report.to_json()


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_variant_records_equal_gold(results, gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    got = [{k: list(v) if isinstance(v, tuple) else v for k, v in asdict(r).items()} for r in results[gold_path.stem].records]
    assert [{f: g[f] for f in FIELDS} for g in got] == [{f: w[f] for f in FIELDS} for w in gold["records"]]

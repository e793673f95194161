"""Text renderings beyond the seeds (tests/data/text/*.txt, gold beside each): other header words,
a status column, "Priority N:" themes, a repeated header row after a page footer, struck text."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.evaluate import FIELDS, evaluate_results
from pipeline.run import run_document

TEXT = Path(__file__).parent / "data" / "text"
GOLDS = sorted(TEXT.glob("*.json"))


def test_there_are_variants():
    assert len(GOLDS) >= 1


@pytest.mark.parametrize("gold_path", GOLDS, ids=lambda p: p.stem)
def test_variant_matches_gold_exactly(gold_path: Path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    result = run_document(TEXT / gold["file"], tag=False)
    report = evaluate_results(TEXT, [result])
    doc = next(d for d in report.documents if d.file == gold["file"])
    assert (doc.n_gold, doc.n_pred, doc.n_matched) == (len(gold["records"]),) * 3, (doc.misses, doc.extras)
    for got, want in zip(result.records, gold["records"]):
        got_d = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(got).items()}
        assert {f: got_d[f] for f in FIELDS} == {f: want[f] for f in FIELDS}

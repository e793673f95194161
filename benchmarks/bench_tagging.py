"""Tagging throughput: words/s of pipeline.nlp.tag_records over every gold seed record, one process.

Run:  .venv/bin/python benchmarks/bench_tagging.py [--repeat 5]
Prints one line, e.g. "tag_records: 130 records, 24,000 words, 1,234 entities; best of 5: 0.51 s = 47,000 words/s".
The first call (building the pipeline) is timed separately and not counted in words/s.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.nlp import build_nlp, record_texts, tag_records  # noqa: E402
from schemas import ActionRecord  # noqa: E402

SHARED = Path(os.environ.get("COUNCIL_SHARED", REPO.parent / "shared"))
_FIELDS = ("section", "section_status", "objective", "commitment", "action", "detail", "progress", "issues",
           "measures", "responsible", "timescale", "start", "due", "status")


def gold_records() -> list[ActionRecord]:
    """Every record of every gold seed file, as ActionRecords."""
    out = []
    for path in sorted((SHARED / "gold" / "seeds").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for i, r in enumerate(data["records"]):
            values = {k: tuple(r[k]) if isinstance(r[k], list) else r[k] for k in _FIELDS}
            out.append(ActionRecord(f"{path.stem}:{i}", path.stem, data["file"], i, r["kind"], **values))
    return out


def count_words(records: list[ActionRecord]) -> int:
    """Whitespace-separated words in every text the tagger reads (responsible items included)."""
    words = sum(len(text.split()) for r in records for text, _, _ in record_texts(r))
    return words + sum(len(name.split()) for r in records for name in r.responsible)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs; the best is reported")
    args = parser.parse_args()
    records = gold_records()
    words = count_words(records)
    t0 = time.perf_counter()
    build_nlp()
    build_s = time.perf_counter() - t0
    best = float("inf")
    n_entities = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        n_entities = len(tag_records(records))
        best = min(best, time.perf_counter() - t0)
    print(f"tag_records: {len(records)} records, {words:,} words, {n_entities:,} entities; "
          f"best of {args.repeat}: {best:.3f} s = {words / best:,.0f} words/s (single process; "
          f"build_nlp {build_s:.2f} s)")


if __name__ == "__main__":
    main()

"""Scoring lineage against a link gold (``tests/gold/lineage/README.md``): links and dropped actions.

Gold records are named by file and the start of their action; precision and recall compare record-id pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.lineage.outcomes import threads


@dataclass(frozen=True, slots=True)
class LinkScore:
    """Precision and recall of the links made against a gold's; the pairs that differ, as record ids."""

    precision: float
    recall: float
    true_positives: int
    made: int
    gold: int
    missed: tuple[tuple[str, str], ...]
    wrong: tuple[tuple[str, str], ...]


def _find_record(records: Sequence[dict], source_file: str, action_start: str, where: Path) -> str:
    key = " ".join(action_start.casefold().split())
    hits = [r["record_id"] for r in records if r["source_file"] == source_file
            and " ".join((r["action"] or "").casefold().split()).startswith(key)]
    if len(hits) != 1:
        raise ValueError(f"{where}: {source_file!r} has {len(hits)} records whose action starts {action_start!r}; "
                         "the start must name exactly one record (tests/gold/lineage/README.md)")
    return hits[0]


def gold_links(gold_dir: Path, records: Sequence[dict]) -> set[tuple[str, str]]:
    """(earlier record_id, later record_id) of a gold folder's links.csv, resolved against ``records``."""
    import csv

    path = Path(gold_dir) / "links.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {(_find_record(records, row["earlier_file"], row["earlier_action"], path),
                 _find_record(records, row["later_file"], row["later_action"], path)) for row in csv.DictReader(f)}


def gold_dropped(gold_dir: Path, records: Sequence[dict]) -> set[str]:
    """record_ids of a gold folder's dropped.csv (last records of actions dropped without completion)."""
    import csv

    path = Path(gold_dir) / "dropped.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {_find_record(records, row["file"], row["action"], path) for row in csv.DictReader(f)}


def made_links(rows: Sequence[dict]) -> set[tuple[str, str]]:
    """(earlier record_id, later record_id) of every link in lineage rows (each merge/split pair counts)."""
    return {(before, r["record_id"]) for r in rows if r["record_id"] for before in r["continues"]}


def score_links(made: set[tuple[str, str]], gold: set[tuple[str, str]]) -> LinkScore:
    """Precision (share of made links in the gold) and recall (share of gold links made)."""
    tp = len(made & gold)
    return LinkScore(tp / len(made) if made else 1.0, tp / len(gold) if gold else 1.0, tp, len(made), len(gold),
                     tuple(sorted(gold - made)), tuple(sorted(made - gold)))


def dropped_without_completion(rows: Sequence[dict]) -> set[str]:
    """record_ids of the last records of threads whose outcome is "dropped without completion"."""
    by_thread: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["report"], r["record_id"] is None)):
        by_thread.setdefault(r["thread_id"], []).append(r)
    out = set()
    for t in threads(rows):
        if t.outcome == "dropped without completion":
            out.add([r for r in by_thread[t.thread_id] if r["record_id"]][-1]["record_id"])
    return out

"""Threads by outcome (``council-extract track``): each thread's story read back from lineage rows.

An outcome is one of ``OUTCOMES``: completed, cancelled, carried, dropped without completion, new or merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.lineage.items import council_key, council_place

OUTCOMES = ("completed", "cancelled", "carried", "dropped without completion", "new", "merged")
# records.state values that close an action without completing it
CLOSED_STATES = frozenset({"cancelled", "superseded"})


@dataclass(frozen=True, slots=True)
class Thread:
    """One thread's story: its outcome, first and last report and action text, and how many records."""

    council: str
    thread_id: str
    outcome: str
    first_period: str | None
    last_period: str | None
    first_action: str
    last_action: str
    records: int
    reports: int
    changes: tuple[str, ...]


def thread_outcome(rows: Sequence[dict], last_report: int) -> str:
    """The outcome of one thread (its rows in report order) in a series whose last report is ``last_report``.

    completed: its last record reports it done; cancelled: its last record's state is cancelled or
    superseded (a new user saw cancelled actions listed as carried, still open); dropped without
    completion: absent from a later report and never reported done or closed; merged: its last record
    was continued together with another thread's; new: it starts in the last report (in a series of
    one report, every thread does); carried: still open in the last report (as a record, or restated
    in a commitment of it: a ``commitment`` row).
    """
    records = [r for r in rows if r["record_id"]]
    last = records[-1]
    if any(r["completed"] for r in records):
        return "completed"
    if last.get("state") in CLOSED_STATES:
        return "cancelled"
    if rows[-1]["relation"] == "commitment" and rows[-1]["report"] == last_report:
        return "carried"
    if last["report"] < last_report:
        return "merged" if rows[-1]["change"] != "dropped" else "dropped without completion"
    if len(records) == 1 and last["change"] == "new" and last["report"] == last_report:
        return "new"
    return "carried"


def _thread(thread_id: str, rows: Sequence[dict], last_report: int) -> Thread:
    """One thread's story from its rows in report order (a commitment row counts as a report it was seen in)."""
    records = [r for r in rows if r["record_id"]]
    seen = [r for r in rows if r["record_id"] or r["relation"] == "commitment"]
    changes = [*(["split"] if records[0]["relation"] == "split" else []),
               *(["merged"] if any(r["relation"] == "merge" for r in records) else []),
               *(c for r in seen[1:] for c in (r["changes"] or
                                               ["carried" if r["record_id"] else "restated in a commitment"]))]
    return Thread(
        council=rows[0]["council"], thread_id=thread_id, outcome=thread_outcome(rows, last_report),
        first_period=records[0]["period"], last_period=seen[-1]["period"],
        first_action=records[0]["action"] or "", last_action=records[-1]["action"] or "",
        records=len(records), reports=len({r["report"] for r in seen}), changes=tuple(dict.fromkeys(changes)),
    )


def threads(rows: Sequence[dict]) -> list[Thread]:
    """Every thread of lineage rows (one or more councils), with its outcome (:func:`thread_outcome`)."""
    by_council: dict[str, list[dict]] = {}
    for r in rows:
        by_council.setdefault(council_key(r["council"]), []).append(r)
    out = []
    for council_rows in by_council.values():
        last_report = max(r["report"] for r in council_rows)
        by_thread: dict[str, list[dict]] = {}
        for r in sorted(council_rows, key=lambda r: (r["report"], r["record_id"] is None)):
            by_thread.setdefault(r["thread_id"], []).append(r)
        out += [_thread(thread_id, trows, last_report) for thread_id, trows in by_thread.items()]
    order = {o: i for i, o in enumerate(OUTCOMES)}
    return sorted(out, key=lambda t: (council_key(t.council), order[t.outcome], t.thread_id))


def read_lineage(data: Path, council: str | None = None) -> list[dict]:
    """The lineage rows of a dataset (one council's, or all), as dicts in report order."""
    from pipeline.store import read_table

    table = read_table(Path(data), "lineage")
    rows = table.to_pylist()
    if council:
        named = [r for r in rows if council_key(r["council"]) == council_key(council)]
        place, full = council_place(council)
        # "Brackenford" names the series of "Brackenford Borough Council" (see dataset.merge_short_names)
        rows = named or ([] if full else [r for r in rows if council_place(r["council"]) == (place, True)])
    return sorted(rows, key=lambda r: (council_key(r["council"]), r["report"], r["record_id"] or ""))

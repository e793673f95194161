"""One council's series: reports put in period order and each report's records linked to the open threads.

:class:`SeriesState` carries the open threads from one report to the next, so a series can be extended
from its stored rows (:func:`state_from_rows`) as well as linked from its first report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.lineage.items import Item, Link, Report, Tail
from pipeline.lineage.scoring import (
    changes_between,
    choose_links,
    evidence_text,
    field_levels,
    restated,
    score,
    twins,
    with_twins,
)

LOOKBACK = 2              # reports back a record may continue (the previous one, or the one before)


@dataclass(slots=True)
class SeriesState:
    """What linking the next report needs: the open threads' last records and the last report's number."""

    tails: list[Tail] = field(default_factory=list)
    last_report: int = -1


def _row(report: Report, n: int, item: Item | None, thread_id: str, change: str, **extra) -> dict:
    """One lineage row (LINEAGE_SCHEMA's columns) of ``item`` (None: a dropped or commitment row)."""
    return {
        "thread_id": thread_id, "record_id": item.record_id if item else None, "doc_id": report.doc_id,
        "council": report.council, "period": report.period, "period_end": report.period_end, "report": n,
        "kind": extra.pop("kind", item.kind if item else None), "action": extra.pop("action", item.action if item else None),
        "status": item.status if item else None, "state": item.state if item else None,
        "completed": bool(item and item.completed),
        "link_probability": extra.get("link_probability"), "change": change, "changes": extra.get("changes", []),
        "continues": extra.get("continues", []), "relation": extra.get("relation"), "evidence": extra.get("evidence"),
    }


@dataclass(frozen=True, slots=True)
class _Step:
    """One report's links, indexed both ways, and the similarities behind them."""

    cand: list[Tail]
    by_cur: dict[int, list[Link]]
    by_cand: dict[int, list[Link]]
    sims: dict[str, np.ndarray]

    @property
    def heir(self) -> dict[int, int]:
        """Earlier record -> the later record that keeps its thread (its strongest link)."""
        return {j: max(lks, key=lambda lk: lk.probability).cur for j, lks in self.by_cand.items()}


def _linked_row(step: _Step, report: Report, n: int, i: int, item: Item, heir: dict[int, int]) -> tuple[dict, str]:
    """The lineage row of a record that continues one or more earlier ones, and its thread_id."""
    own = sorted(step.by_cur[i], key=lambda lk: -lk.probability)
    first = own[0]
    before = step.cand[first.cand]
    thread_id = before.thread_id if heir[first.cand] == i else item.record_id
    relation = "merge" if len(own) > 1 else "split" if len(step.by_cand[first.cand]) > 1 else "one"
    changed = changes_between(before.item, item)
    levels = field_levels(item, before.item, {k: float(v[i, first.cand]) for k, v in step.sims.items()})
    row = _row(report, n, item, thread_id, changed[0] if changed else "carried", link_probability=first.probability,
               changes=changed, continues=[step.cand[lk.cand].item.record_id for lk in own], relation=relation,
               evidence=evidence_text(levels, n - before.report > 1))
    return row, thread_id


def _unlinked_rows(rows: list[dict], report: Report, n: int, open_tails: Sequence[Tail],
                   items: Sequence[Item]) -> list[Tail]:
    """Append the rows of open tails no record of report ``n`` continues: a ``commitment`` row for each whose
    action a commitment restates (returned, as tails kept open as of ``n``), a ``dropped`` row for each other
    tail of the previous report."""
    in_commitments = restated([t.item for t in open_tails], items)
    kept = []
    for k, tail in enumerate(open_tails):
        if k in in_commitments:
            rows.append(_row(report, n, None, tail.thread_id, "carried", kind=tail.item.kind, action=tail.item.action,
                             continues=[tail.item.record_id], relation="commitment",
                             evidence=f"restated in the commitment of {items[in_commitments[k]].record_id}"))
            kept.append(Tail(tail.item, n, tail.thread_id))
        elif tail.report == n - 1:
            rows.append(_row(report, n, None, tail.thread_id, "dropped", kind=tail.item.kind,
                             action=tail.item.action, continues=[tail.item.record_id]))
    return kept


def link_report(state: SeriesState, report: Report, n: int, items: Sequence[Item]) -> list[dict]:
    """Link one report's records to the open threads; return its lineage rows (dropped rows included).

    ``state`` is updated in place: continued tails close, this report's records become tails, tails older
    than LOOKBACK reports are forgotten.  An open tail no record continues but whose action a commitment
    of this report restates (:func:`restated`) gets a ``carried`` row with relation ``commitment`` (no
    record) and stays open as of this report, after this report's records.
    """
    cand = [t for t in state.tails if n - t.report <= LOOKBACK]
    prob, sims = score(items, [t.item for t in cand], [n - t.report > 1 for t in cand])
    step = _Step(cand, {}, {}, sims)
    chosen = with_twins(choose_links(prob), twins(items, [n] * len(items)),
                        twins([t.item for t in cand], [t.report for t in cand]))
    for lk in chosen:
        step.by_cur.setdefault(lk.cur, []).append(lk)
        step.by_cand.setdefault(lk.cand, []).append(lk)
    heir = step.heir
    rows, new_tails = [], []
    for i, item in enumerate(items):
        if i in step.by_cur:
            row, thread_id = _linked_row(step, report, n, i, item, heir)
        else:
            row, thread_id = _row(report, n, item, item.record_id, "new"), item.record_id
        rows.append(row)
        new_tails.append(Tail(item, n, thread_id))
    open_tails = [tail for j, tail in enumerate(cand) if j not in step.by_cand and not tail.item.completed]
    kept = _unlinked_rows(rows, report, n, open_tails, items)
    closed = {cand[j].item.record_id for j in step.by_cand} | {t.item.record_id for t in kept}
    state.tails = [t for t in state.tails if t.item.record_id not in closed and n - t.report < LOOKBACK] + new_tails + kept
    state.last_report = n
    return rows


def period_label(start: dt.date | None, end: dt.date | None) -> str | None:
    """A label for a period the report does not write (dates read from its body): "Sep 2017 – Sep 2018",
    "to Mar 2016".

    >>> period_label(dt.date(2017, 9, 1), dt.date(2018, 9, 30)), period_label(None, dt.date(2016, 3, 31))
    ('Sep 2017 – Sep 2018', 'to Mar 2016')
    """
    if end is None:
        return None
    return f"{start:%b %Y} – {end:%b %Y}" if start else f"to {end:%b %Y}"


def order_reports(docs: Sequence[dict]) -> list[Report]:
    """A council's reports in series order: by period end (else start), then file name; undated ones left out."""
    dated = []
    for d in docs:
        when = d.get("period_end") or d.get("period_start")
        if when is None:
            continue
        when = when.date() if isinstance(when, dt.datetime) else when
        end = d.get("period_end")
        end = end.date() if isinstance(end, dt.datetime) else end
        start = d.get("period_start")
        start = start.date() if isinstance(start, dt.datetime) else start
        dated.append((when, d["source_file"], Report(d["doc_id"], d["council"], d.get("period") or period_label(start, end),
                                                       end, d["source_file"])))
    return [r for _, _, r in sorted(dated, key=lambda x: (x[0], x[1]))]


def link_series(reports: Sequence[Report], items: dict[str, list[Item]], state: SeriesState | None = None,
                start: int = 0) -> list[dict]:
    """Lineage rows of reports ``start``.. of a series (``items``: doc_id -> its records in order)."""
    state = state or SeriesState()
    rows: list[dict] = []
    for n in range(start, len(reports)):
        rows.extend(link_report(state, reports[n], n, items.get(reports[n].doc_id, [])))
    return rows


def state_from_rows(rows: Sequence[dict], items: dict[str, Item]) -> SeriesState:
    """Rebuild the open threads after the last report from a council's stored lineage rows.

    ``items``: record_id -> Item for the records of the last LOOKBACK reports and those restated in their
    commitments (:func:`commitment_records`).  Tails come in the order :func:`link_report` leaves them: by
    the rows that opened them, a tail restated in a commitment at its latest ``commitment`` row.
    """
    last = max((r["report"] for r in rows), default=-1)
    continued = {rid for r in rows if r["record_id"] for rid in r["continues"]}
    opened = [(r["record_id"], r) for r in rows if r["record_id"]]
    opened += [(r["continues"][0], r) for r in rows if r["relation"] == "commitment" and not r["record_id"]]
    opened.sort(key=lambda x: x[1]["report"])          # stable: a report's records before its commitment rows
    latest = {rid: r for rid, r in opened}
    tails = [
        Tail(items[rid], r["report"], r["thread_id"]) for rid, r in opened
        if latest[rid] is r and rid not in continued and last - r["report"] < LOOKBACK and rid in items
    ]
    return SeriesState(tails, last)


def commitment_records(rows: Sequence[dict]) -> set[str]:
    """record_ids kept open by a ``commitment`` row in the last LOOKBACK reports of stored lineage rows
    (their Items are needed to extend the series, whatever report they came from)."""
    last = max((r["report"] for r in rows), default=-1)
    return {r["continues"][0] for r in rows if r["relation"] == "commitment" and not r["record_id"]
            and last - r["report"] < LOOKBACK}

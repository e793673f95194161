"""Reading the lineage table: threads by outcome (``council-extract track``) and one thread side by side
(``council-extract review --data D --thread ID``).

>>> lines = track_lines(threads(read_lineage(Path("data/processed"))))   # doctest: +SKIP
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from pipeline.lineage import OUTCOMES, Thread, council_key, read_lineage
from pipeline.wording import plural

TRACK_COLUMNS = ("council", "outcome", "thread_id", "first_period", "last_period", "reports", "records", "changes",
                 "first_action", "last_action")
WRAP = 100          # characters of an action line printed by track
_HEADINGS = {
    "completed": "completed", "cancelled": "cancelled or superseded (closed without completion)",
    "carried": "carried (still open in the latest report)",
    "dropped without completion": "dropped without completion (absent from a later report, never reported done)",
    "new": "new in the latest report", "merged": "merged into another thread",
}


def threads_table(items: Sequence[Thread]) -> pa.Table:
    """The threads as an Arrow table (TRACK_COLUMNS; ``changes`` a list) for ``track --to csv|xlsx``."""
    columns: dict[str, list] = {c: [] for c in TRACK_COLUMNS}
    for t in items:
        for c in TRACK_COLUMNS:
            columns[c].append(list(t.changes) if c == "changes" else getattr(t, c))
    schema = pa.schema([pa.field(c, pa.list_(pa.string()) if c == "changes" else
                                 pa.int32() if c in ("reports", "records") else pa.string()) for c in TRACK_COLUMNS])
    return pa.Table.from_pydict(columns, schema=schema)


def _span(t: Thread) -> str:
    if t.first_period == t.last_period:
        return f"{t.first_period}"
    return f"{t.first_period} -> {t.last_period}, {t.reports} reports"


def track_lines(items: Sequence[Thread], *, width: int = WRAP) -> list[str]:
    """Plain-text lines: per council, per outcome, each thread's span, first action and (if it changed) last."""
    lines: list[str] = []
    councils: dict[str, list[Thread]] = {}
    for t in items:
        councils.setdefault(council_key(t.council), []).append(t)
    for group in councils.values():
        counts = {o: sum(t.outcome == o for t in group) for o in OUTCOMES}
        lines.append(f"{group[0].council}: {plural(len(group), 'thread')} (" +
                     ", ".join(f"{n} {o}" for o, n in counts.items() if n) + ")")
        for outcome in OUTCOMES:
            chosen = [t for t in group if t.outcome == outcome]
            if not chosen:
                continue
            lines.append(f"  {_HEADINGS[outcome]}: {len(chosen)}")
            for t in chosen:
                lines += _thread_lines(t, width)
        lines.append("")
    return lines[:-1] if lines else ["no threads: run `council-extract lineage` on a dataset whose reports name "
                                     "their council and period"]


def _thread_lines(t: Thread, width: int) -> list[str]:
    changes = f" [{', '.join(t.changes)}]" if t.changes and t.reports > 1 else ""
    out = [f"    {t.thread_id}  ({_span(t)}){changes}"]
    out += textwrap.wrap(t.first_action, width, initial_indent="      first: ", subsequent_indent=" " * 13)
    if t.last_action != t.first_action:
        out += textwrap.wrap(t.last_action, width, initial_indent="      last:  ", subsequent_indent=" " * 13)
    return out


# --- one thread, side by side --------------------------------------------------------------------------------

THREAD_FIELDS = ("period", "change", "link_probability", "action", "section", "progress", "services", "timescale",
                 "due_date", "status", "evidence")


class ThreadNotFound(LookupError):
    """No lineage row has that thread_id; the message says how to list them."""


def thread_records(data: Path, thread_id: str) -> list[dict]:
    """The lineage rows of one thread in report order, each joined with its record's fields."""
    from pipeline.store import connect_dataset

    rows = [r for r in read_lineage(Path(data)) if r["thread_id"] == thread_id]
    if not rows:
        raise ThreadNotFound(f"{data}: no thread {thread_id!r} in the lineage table; list them with "
                             f"`council-extract track --data {data}`")
    con = connect_dataset(Path(data))
    ids = [r["record_id"] for r in rows if r["record_id"]]
    found = {}
    if ids:
        placeholders = ", ".join("?" for _ in ids)
        cur = con.execute("select record_id, source_file, section, progress, services, timescale, due_date "
                          f"from records where record_id in ({placeholders})", ids)
        names = [d[0] for d in cur.description]
        found = {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
    return [{**found.get(r["record_id"] or "", {}), **r} for r in rows]


def _cell(name: str, value) -> str:
    if value is None or value == []:
        return ""
    if name == "link_probability":
        return f"{value:.2f}"
    if isinstance(value, list):
        return "".join(f"<li>{html.escape(str(v))}</li>" for v in value).join(("<ul>", "</ul>"))
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return html.escape(str(value))


def thread_page(rows: Sequence[dict]) -> str:
    """A self-contained HTML page: one column per report of the thread, one row per field."""
    head = "".join(f"<th>{html.escape(r.get('source_file') or r['doc_id'])}</th>" for r in rows)
    body = "".join(
        f"<tr><th>{name.replace('_', ' ')}</th>" + "".join(f"<td>{_cell(name, r.get(name))}</td>" for r in rows)
        + "</tr>" for name in THREAD_FIELDS)
    title = html.escape(f"{rows[0]['council']}: thread {rows[0]['thread_id']}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title><style>"
            "body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
            "th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left;max-width:32em}"
            "thead th{background:#eee}</style></head>"
            f"<body><h1>{title}</h1><table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"
            "</body></html>\n")

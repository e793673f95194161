"""The lineage table in the dataset: one Parquet file per council, built in full or extended.

:func:`link_dataset` reads the documents and records tables, links each council's series and writes
its rows atomically under the dataset's lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from pipeline.lineage.items import Item, council_key, council_place, item_of
from pipeline.lineage.series import LOOKBACK, commitment_records, link_series, order_reports, state_from_rows
from schemas.lineage import LINEAGE_SCHEMA

LINEAGE_DIR = "lineage"


def council_file(out_dir: Path, council: str) -> Path:
    """Where a council's lineage rows live: DIR/lineage/<hh>/<sha1 of the council key, 16 hex>.parquet."""
    key = hashlib.sha1(council_key(council).encode()).hexdigest()[:16]
    return Path(out_dir) / LINEAGE_DIR / key[:2] / f"{key}.parquet"


def _query(con, sql: str, params: Sequence | None = None) -> list[dict]:
    cur = con.execute(sql, list(params or []))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


RECORD_COLUMNS = ("record_id", "doc_id", "seq", "kind", "action", "detail", "section", "objective", "commitment",
                  "services", "due_date", "status", "state", "progress", "issues", "timescale")


def load_items(data: Path, doc_ids: Sequence[str]) -> dict[str, list[Item]]:
    """doc_id -> its records as Items, in record order (each document's records file read directly)."""
    import pyarrow.parquet as pq

    from pipeline.store import TABLE_SCHEMAS, document_file

    schema = TABLE_SCHEMAS["records"]
    out: dict[str, list[Item]] = {}
    for doc_id in doc_ids:
        path = document_file(Path(data), "records", doc_id)
        rows = pq.read_table(path, columns=list(RECORD_COLUMNS), schema=schema).to_pylist() if path.exists() else []
        out[doc_id] = [item_of(r) for r in sorted(rows, key=lambda r: r["seq"])]
    return out


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What :func:`link_dataset` did: councils linked in full, councils extended, reports linked, undated."""

    relinked: tuple[str, ...]
    extended: tuple[str, ...]
    unchanged: tuple[str, ...]
    reports_linked: int
    undated: tuple[str, ...]     # source files of reports with a council but no period (not placed)


def _councils(con) -> dict[str, list[dict]]:
    docs = _query(con, "select doc_id, source_file, council, period, period_start, period_end, n_records "
                       "from documents where council is not null and n_records > 0")
    by_key: dict[str, list[dict]] = {}
    for d in docs:
        by_key.setdefault(council_key(d["council"]), []).append(d)
    return merge_short_names(by_key)


def _series_key(key: str, by_key: dict[str, list[dict]]) -> str:
    """The series a council named on the command line belongs to ("Brackenford" -> its full name's key)."""
    if key in by_key:
        return key
    place = council_place(key)[0]
    into = [k for k, docs in by_key.items() if council_place(docs[0]["council"]) == (place, True)]
    return into[0] if len(into) == 1 else key


def merge_short_names(by_key: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Reports filed under a council's place alone ("Brackenford", from a folder ``brackenford/2024-25/``, or
    "Brackenford Council") join the one council of that place named in full ("Brackenford Borough
    Council"), which names the series; with two (a district and a county of one place) they stay apart.
    A new user following the README's folder example got one council split into two series.
    """
    places = {k: council_place(docs[0]["council"]) for k, docs in by_key.items()}
    merged = {k: list(docs) for k, docs in by_key.items()}
    for k, (place, full) in places.items():
        if full:
            continue
        into = [other for other, (p, f) in places.items() if f and p == place]
        if len(into) == 1:
            name = by_key[into[0]][0]["council"]
            merged[into[0]] = merged[into[0]] + [{**d, "council": name} for d in merged.pop(k)]
    return merged


def _stored(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path, schema=LINEAGE_SCHEMA).to_pylist() if path.exists() else []


def update_council(data: Path, docs: list[dict], stored: list[dict], *,
                   force: bool = False) -> tuple[str, list[dict], int]:
    """('relinked' | 'extended' | 'unchanged', the council's rows, reports linked now) for one council.

    ``docs``: its documents rows; ``stored``: its lineage rows as written before.  Extended when the
    stored reports are, with as many records (a re-run that changed a report's records re-links), the
    first reports of the series now; else the council is linked again.
    """
    counts = {d["doc_id"]: d["n_records"] for d in docs}
    reports = order_reports(docs)
    order = [r.doc_id for r in reports]
    old_order = {r["doc_id"]: r["report"] for r in stored}
    old_counts = Counter(r["doc_id"] for r in stored if r["record_id"])
    start = len(old_order)
    same_prefix = order[:start] == sorted(old_order, key=lambda d: old_order[d])
    if stored and not force and same_prefix and all(counts.get(d, 0) == old_counts[d] for d in order[:start]):
        if start == len(order):
            return "unchanged", stored, 0
        window = order[max(0, start - LOOKBACK): start]
        kept = commitment_records(stored)
        older = sorted({r["doc_id"] for r in stored if r["record_id"] in kept} - set(window))
        items = load_items(data, older + window + order[start:])
        state = state_from_rows(stored, {i.record_id: i for d in older + window for i in items[d]})
        return "extended", stored + link_series(reports, items, state, start), len(order) - start
    return "relinked", link_series(reports, load_items(data, order)), len(order)


def write_council(out_dir: Path, council: str, rows: list[dict], tmp_dir: Path) -> None:
    """Write one council's lineage rows atomically (temp file in the dataset's .tmp, then rename)."""
    from pipeline.store import write_parquet_atomic

    table = pa.Table.from_pylist([_arrow_row(r) for r in rows], schema=LINEAGE_SCHEMA)
    write_parquet_atomic(table, council_file(out_dir, council), tmp_dir)


def _arrow_row(row: dict) -> dict:
    end = row["period_end"]
    if isinstance(end, dt.date) and not isinstance(end, dt.datetime):
        row = {**row, "period_end": dt.datetime(end.year, end.month, end.day)}
    return row


def link_dataset(data: Path, *, councils: Sequence[str] | None = None, force: bool = False) -> LinkSummary:
    """Build or extend the lineage table of the dataset at ``data`` (all councils, or those named).

    Takes the dataset's lock (a ``run`` writing it at the same time is refused: StoreLocked).  A council
    whose reports are all linked already is left as it is; ``force`` re-links every council named.
    Run over all councils, it deletes the rows of councils no report names any more.
    Raises DatasetNotFound when ``data`` holds no dataset.
    """
    from pipeline.store import connect_dataset, open_store, table_files

    con = connect_dataset(Path(data))
    by_key = _councils(con)
    wanted = {_series_key(council_key(c), by_key) for c in councils} if councils else set(by_key)
    done: dict[str, list[str]] = {"relinked": [], "extended": [], "unchanged": []}
    linked = 0
    undated = sorted(d["source_file"] for k in wanted for d in by_key.get(k, [])
                     if d["period_end"] is None and d["period_start"] is None)
    with open_store(Path(data)) as store:
        for key in sorted(wanted & set(by_key)):
            docs = by_key[key]
            name = docs[0]["council"]
            path = council_file(Path(data), name)
            how, rows, n = update_council(Path(data), docs, _stored(path), force=force)
            done[how].append(name)
            linked += n
            if how != "unchanged":
                write_council(Path(data), name, rows, store.tmp_dir)
        if not councils:   # a council no report names any more (renamed by a metadata file, removed)
            keep = {council_file(Path(data), docs[0]["council"]) for docs in by_key.values()}
            for path in table_files(Path(data) / LINEAGE_DIR):
                if path not in keep:
                    path.unlink()
    return LinkSummary(tuple(done["relinked"]), tuple(done["extended"]), tuple(done["unchanged"]), linked,
                       tuple(undated))

"""pipeline.store: atomic, partitioned, incremental Parquet dataset.

The rows written here are the hand-labelled gold records of the five seed reports
(shared/gold/seeds), so the store is tested on real council content independently of the
extraction stages; tests/test_batch.py covers the same store fed by real runs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import GOLD_SEEDS as GOLD
from conftest import RAW

from pipeline import PIPELINE_VERSION
from pipeline.run import DocumentResult, file_doc_id
from pipeline.store import (
    DatasetNotFound,
    StoreLocked,
    connect_dataset,
    document_file,
    open_store,
    read_table,
    table_files,
)
from schemas import DOCUMENTS_SCHEMA, RECORDS_SCHEMA, SCHEMA_VERSION, ActionRecord, DocumentRow

GOLD_COUNTS = {  # records per seed in shared/gold/seeds
    "000_183e9267aebdd3be.txt": 24,
    "001_bc951520d11eea04.txt": 21,
    "002_be210f0cadcd6921.txt": 11,
    "003_8ba6588832b7b595.txt": 28,
    "004_59fe58fd6413823e.txt": 21,
}


def gold_result(gold_path: Path) -> DocumentResult:
    """A DocumentResult holding the gold records of one seed, as the pipeline would return them."""
    gold = json.loads(gold_path.read_text())
    source = RAW / gold["file"]
    doc_id = file_doc_id(source)
    records = tuple(
        ActionRecord(
            record_id=f"{doc_id}:{seq}", doc_id=doc_id, source_file=source.name, seq=seq,
            kind=r["kind"], action=r["action"], section=r["section"], section_status=r["section_status"],
            objective=r["objective"], commitment=r["commitment"], detail=r["detail"],
            progress=tuple(r["progress"]), issues=tuple(r["issues"]), measures=tuple(r["measures"]),
            responsible=tuple(r["responsible"]), timescale=r["timescale"], start=r["start"],
            due=tuple(r["due"]), status=r["status"],
        )
        for seq, r in enumerate(gold["records"])
    )
    document = DocumentRow(
        doc_id=doc_id, source_file=source.name, source_path=str(source), format=gold["format"],
        size_bytes=source.stat().st_size, title=gold["title"], period=gold["period"], pages=1,
        extractor="text", pipeline_version=PIPELINE_VERSION, n_records=len(records),
        processed_at=dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc), seconds=0.1,
    )
    return DocumentResult(document, records)


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    return [gold_result(p) for p in sorted(GOLD.glob("*.json"))]


@pytest.fixture
def dataset(tmp_path: Path, results: list[DocumentResult]) -> Path:
    out = tmp_path / "out"
    with open_store(out) as store:
        for result in results:
            store.write_result(result)
    return out


def test_round_trip_keeps_every_row_and_value(dataset: Path, results: list[DocumentResult]) -> None:
    documents = read_table(dataset, "documents")
    records = read_table(dataset, "records")
    assert documents.num_rows == 5
    assert records.num_rows == 105
    counts = dict(zip(documents.column("source_file").to_pylist(), documents.column("n_records").to_pylist()))
    assert counts == GOLD_COUNTS
    first = next(r for r in records.to_pylist() if r["record_id"] == "bcfc2fb5409d57a4:0")
    assert first["action"] == "Delivering the Communications and Engagement Strategy Action Plan"
    assert first["section"] == "Community Leader"
    assert len(first["progress"]) == 12
    assert first["progress"][-1] == "Consultation on major decisions are promoted across the borough."
    # Rows come back ordered by doc_id, then by position in the document.
    assert records.column("doc_id").to_pylist() == sorted(records.column("doc_id").to_pylist())
    seqs = [r["seq"] for r in records.to_pylist() if r["doc_id"] == "bcfc2fb5409d57a4"]
    assert seqs == list(range(24))


def test_one_file_per_document_per_table_in_prefix_folders(dataset: Path) -> None:
    path = document_file(dataset, "records", "bcfc2fb5409d57a4")
    assert path.relative_to(dataset).as_posix() == "records/bc/bcfc2fb5409d57a4.parquet"
    assert len(table_files(dataset / "documents")) == 5
    assert len(table_files(dataset / "records")) == 5
    meta = pq.read_schema(path).metadata
    assert meta[b"schema_version"] == SCHEMA_VERSION.encode()
    assert meta[b"pipeline_version"] == PIPELINE_VERSION.encode()
    assert meta[b"table"] == b"records"
    assert not (dataset / ".tmp").exists()  # removed when the store closes


def test_duckdb_and_pandas_read_the_table_folders_directly(dataset: Path) -> None:
    n = duckdb.sql(f"select count(*) from read_parquet('{dataset}/records/*/*.parquet')").fetchall()[0][0]
    assert n == 105
    by_status = duckdb.sql(
        f"select status, count(*) from read_parquet('{dataset}/records/*/*.parquet') "
        "group by status order by status nulls last"
    ).fetchall()
    assert sum(c for _, c in by_status) == 105
    frame = pd.read_parquet(dataset / "records")
    assert len(frame) == 105
    # The prefix folders are not hive partitions: no column of theirs leaks into a read (issue 11).
    assert list(frame.columns) == RECORDS_SCHEMA.names
    assert list(pd.read_parquet(dataset / "documents").columns) == DOCUMENTS_SCHEMA.names


def test_a_dataset_with_legacy_hive_folders_is_read_and_renamed_by_the_next_run(dataset: Path) -> None:
    for name in ("documents", "records"):
        for folder in (dataset / name).iterdir():
            folder.rename(folder.with_name(f"doc_prefix={folder.name}"))
    assert read_table(dataset, "records").num_rows == 105
    assert connect_dataset(dataset).execute("select count(*) from records").fetchall() == [(105,)]
    with open_store(dataset) as store:
        assert len(store.index()) == 5
    assert sorted(p.name for p in (dataset / "records").iterdir()) == ["9b", "9e", "bc", "d9", "ff"]
    assert list(pd.read_parquet(dataset / "records").columns) == RECORDS_SCHEMA.names


def test_read_table_accepts_the_table_folder_and_explains_a_missing_dataset(dataset: Path, tmp_path: Path) -> None:
    assert read_table(dataset / "records", "records").num_rows == 105
    with pytest.raises(DatasetNotFound, match="council-extract run INPUT --out"):
        read_table(tmp_path / "nothing-here", "records")
    with pytest.raises(ValueError, match="unknown table 'actions'"):
        read_table(dataset, "actions")


def test_rewriting_a_document_replaces_its_rows(dataset: Path, results: list[DocumentResult]) -> None:
    seed = results[0]
    fewer = DocumentResult(replace(seed.document, n_records=3), seed.records[:3])
    with open_store(dataset) as store:
        store.write_result(fewer)
    assert read_table(dataset, "records").num_rows == 105 - 24 + 3
    failed = DocumentResult(replace(seed.document, n_records=0, error="x.txt: the file is empty", error_code="E105"))
    with open_store(dataset) as store:
        store.write_result(failed)
        index = store.index()
    assert read_table(dataset, "records").num_rows == 105 - 24
    assert not document_file(dataset, "records", seed.document.doc_id).exists()
    assert index[seed.document.doc_id].error_code == "E105"
    with open_store(dataset) as store:
        store.remove_document(seed.document.doc_id)
    assert read_table(dataset, "documents").num_rows == 4


def test_a_write_that_dies_midway_leaves_the_old_file(dataset: Path, results: list[DocumentResult], monkeypatch) -> None:
    seed = results[1]
    before = read_table(dataset, "records").to_pylist()

    def die(table, where, **kwargs):
        where.write(b"PAR1 half a file")
        raise KeyboardInterrupt("killed mid-write")

    monkeypatch.setattr(pq, "write_table", die)
    with pytest.raises(KeyboardInterrupt):
        with open_store(dataset) as store:
            store.write_result(DocumentResult(seed.document, seed.records[:1]))
    monkeypatch.undo()
    assert read_table(dataset, "records").to_pylist() == before


def test_opening_cleans_temp_files_and_orphans_of_a_killed_run(dataset: Path, results: list[DocumentResult]) -> None:
    seed = results[2]
    doc_id = seed.document.doc_id
    # A run killed between the records file and the documents file: records without a commit mark.
    document_file(dataset, "documents", doc_id).unlink()
    (dataset / ".tmp").mkdir(exist_ok=True)
    (dataset / ".tmp" / "records-x.parquet.123").write_bytes(b"PAR1 half")
    assert read_table(dataset, "records").num_rows == 105  # visible until the next run cleans up
    with open_store(dataset) as store:
        assert not list(store.tmp_dir.iterdir())
        assert doc_id not in store.index()
    assert not document_file(dataset, "records", doc_id).exists()
    assert read_table(dataset, "records").num_rows == 105 - 11


def test_second_writer_is_refused(dataset: Path) -> None:
    with open_store(dataset):
        with pytest.raises(StoreLocked, match="another council-extract run is writing here"):
            with open_store(dataset):
                pass
    with open_store(dataset) as store:  # released on exit
        assert len(store.index()) == 5


def test_index_holds_the_incremental_key(dataset: Path) -> None:
    with open_store(dataset) as store:
        index = store.index()
    entry = index["fff26b17a7ccd206"]
    assert entry.pipeline_version == PIPELINE_VERSION
    assert entry.schema_version == SCHEMA_VERSION
    assert entry.n_records == 11
    assert entry.source_path == str(RAW / "002_be210f0cadcd6921.txt")
    assert entry.error is None


def test_relabel_document_moves_a_document_to_its_new_path(dataset: Path, results: list[DocumentResult]) -> None:
    seed = results[2]   # 002: 11 gold records
    doc_id = seed.document.doc_id
    with open_store(dataset) as store:
        store.relabel_document(doc_id, "/archive/2024/renamed.txt", "renamed.txt")
        index = store.index()
    assert index[doc_id].source_path == "/archive/2024/renamed.txt"
    assert index[doc_id].n_records == 11
    records = read_table(dataset, "records").to_pylist()
    assert [r["source_file"] for r in records if r["doc_id"] == doc_id] == ["renamed.txt"] * 11
    meta = pq.read_schema(document_file(dataset, "documents", doc_id)).metadata
    assert meta[b"doc_id"] == doc_id.encode() and meta[b"schema_version"] == SCHEMA_VERSION.encode()


def test_a_write_fault_names_the_cause_and_keeps_the_old_rows(dataset: Path, results: list[DocumentResult],
                                                                monkeypatch) -> None:
    import errno

    from pipeline.store import OutputNotWritable

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("pipeline.store.pq.write_table", read_only)
    with open_store(dataset) as store, pytest.raises(OutputNotWritable) as caught:
        store.write_result(replace(results[0], records=results[0].records[:3]))
    assert str(caught.value) == (f"cannot write the dataset in {dataset}: the file system is read-only; choose a "
                                 "writable --out folder; then run the same command again (finished documents "
                                 "are kept)")
    assert read_table(dataset, "records").num_rows == sum(GOLD_COUNTS.values())   # old rows intact

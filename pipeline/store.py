"""The only code that writes files: the Parquet dataset of documents/, records/ and entities/.

Layout of an output folder (one Parquet file per document per table, spread over sub-folders
named by the doc_id's first two hex digits, so DuckDB, pandas/pyarrow and Spark read each table
folder directly)::

    DIR/documents/bc/bcfc2fb5409d57a4.parquet
    DIR/records/bc/bcfc2fb5409d57a4.parquet
    DIR/entities/bc/bcfc2fb5409d57a4.parquet
    DIR/.tmp/      half-written files; readers never look here, the next run empties it
    DIR/.lock      held (flock) by the one run writing this folder

Every file is written to ``.tmp`` and moved into place with ``os.replace``, so a reader or a
killed run sees either the old file or the new one, never half of one.  The documents file is
written last and is the commit mark of a document: a records file without its documents file is
an orphan from a killed run, deleted by :func:`open_store`.

>>> with open_store(Path("data/processed")) as store:       # doctest: +SKIP
...     store.write_result(run_document(Path("data/raw/000_183e9267aebdd3be.txt")))
>>> read_table(Path("data/processed"), "records").num_rows  # doctest: +SKIP
24
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from schemas import DOCUMENTS_SCHEMA, RECORDS_SCHEMA, SCHEMA_VERSION, rows_to_table
from schemas.entities import ENTITIES_SCHEMA
from schemas.lineage import LINEAGE_SCHEMA

PREFIX_CHARS = 2          # 256 folders: keeps any one folder small for archives of 100k reports
# Sub-folders are plain "bc/", not hive-style "doc_prefix=bc/": readers that discover hive partitions
# (pandas.read_parquet, Spark) added a doc_prefix column to every read (issue 11).  Datasets written
# before keep their "doc_prefix=bc/" folders readable and are renamed by the next run (open_store).
LEGACY_PARTITION_KEY = "doc_prefix"
TMP_DIR = ".tmp"
LOCK_FILE = ".lock"
SUFFIX = ".parquet"


# Every table written, documents first (its file is a document's commit mark, written last).
TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "documents": DOCUMENTS_SCHEMA, "records": RECORDS_SCHEMA, "entities": ENTITIES_SCHEMA,
}
TABLES = tuple(TABLE_SCHEMAS)
# Tables built over the whole dataset after a run, not per document: lineage/ holds one file per council
# (pipeline.lineage), written atomically like the rest; orphan clean-up and re-runs leave it alone.
DERIVED_SCHEMAS: dict[str, pa.Schema] = {"lineage": LINEAGE_SCHEMA}


class DatasetNotFound(FileNotFoundError):
    """The folder holds no council-extract dataset (yet)."""


def require_dataset(out_dir: Path) -> None:
    """Raise DatasetNotFound, saying how to create one, unless ``out_dir`` holds a documents/ folder."""
    if not (out_dir / "documents").is_dir():
        raise DatasetNotFound(
            f"{out_dir}: no council-extract dataset here (no documents/ folder); "
            f"create it with `council-extract run INPUT --out {out_dir}`"
        )


class StoreLocked(RuntimeError):
    """Another run is writing the same output folder."""


class OutputNotWritable(RuntimeError):
    """The output folder cannot be written: disk full, read-only file system, permission denied.

    The message is one line naming the cause and the fix; documents committed before the fault
    are complete, and no half-written Parquet file is left under a final name.
    """


_WRITE_FIXES = {
    errno.ENOSPC: "no space left on the device; free some space or choose another --out folder",
    errno.EDQUOT: "the disk quota is used up; free some space or choose another --out folder",
    errno.EROFS: "the file system is read-only; choose a writable --out folder",
    errno.EACCES: "permission denied; make the folder writable for this user or choose another --out folder",
    errno.EPERM: "operation not permitted; make the folder writable for this user or choose another --out folder",
}


def output_error(out_dir: Path, error: OSError) -> OutputNotWritable:
    """Return the one-line error for an OSError met while writing the dataset at ``out_dir``.

    >>> str(output_error(Path("out"), OSError(errno.ENOSPC, "No space left on device")))
    'cannot write the dataset in out: no space left on the device; free some space or choose another --out folder; then run the same command again (finished documents are kept)'
    """
    fix = _WRITE_FIXES.get(error.errno or 0, f"{error.strerror or error}; check the folder")
    return OutputNotWritable(
        f"cannot write the dataset in {out_dir}: {fix}; then run the same command again (finished documents are kept)"
    )


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """What the incremental index knows about one document already in the output."""

    doc_id: str
    source_path: str
    pipeline_version: str
    schema_version: str
    n_records: int
    pages: int | None
    error: str | None
    error_code: str | None


def document_file(out_dir: Path, table: str, doc_id: str) -> Path:
    """Return where ``table``'s rows of one document live.

    >>> document_file(Path("out"), "records", "bcfc2fb5409d57a4").as_posix()
    'out/records/bc/bcfc2fb5409d57a4.parquet'
    """
    return out_dir / table / doc_id[:PREFIX_CHARS] / f"{doc_id}{SUFFIX}"


def rename_legacy_folders(out_dir: Path) -> None:
    """Rename hive-style sub-folders of older datasets ("records/doc_prefix=bc/") to "records/bc/".

    Called by :func:`open_store` under the lock; a folder whose new name exists already has its files
    moved one by one (a run killed halfway through leaves both, and both are read until the next run).
    """
    for name in TABLES:
        for old in sorted((out_dir / name).glob(f"{LEGACY_PARTITION_KEY}=*")):
            new = old.with_name(old.name.split("=", 1)[1])
            if not new.exists():
                os.replace(old, new)
                continue
            for f in old.iterdir():
                os.replace(f, new / f.name)
            old.rmdir()


def table_files(table_dir: Path) -> list[Path]:
    """Return the Parquet files of one table folder, sorted by doc_id (hidden files skipped)."""
    if not table_dir.is_dir():
        return []
    files = [
        p for p in table_dir.glob(f"*/*{SUFFIX}")  # "bc/…" and a legacy "doc_prefix=bc/…"
        if not p.name.startswith((".", "_")) and not p.parent.name.startswith((".", "_"))
    ]
    return sorted(files, key=lambda p: p.name)


def resolve_table_dir(path: Path, table: str) -> Path:
    """Accept either the dataset folder or one of its table folders and return the table folder.

    >>> resolve_table_dir(Path("data/processed/records"), "records").as_posix()
    'data/processed/records'
    >>> resolve_table_dir(Path("data/processed"), "records").as_posix()
    'data/processed/records'
    """
    path = Path(path)
    if path.name == table and not (path / table).is_dir():
        return path
    return path / table


def read_table(path: Path, table: str = "records", columns: Sequence[str] | None = None) -> pa.Table:
    """Read one table of a dataset (all documents, ordered by doc_id then row) with the current schema.

    ``path`` is the output folder or its ``records/`` (``documents/``, ``entities/``) subfolder.
    Files written by an older schema version get the columns they lack filled with nulls.

    >>> read_table(Path("data/processed"), "documents").column("doc_id").to_pylist()  # doctest: +SKIP
    ['9b874655619b31cb', '9ecb42a6348f69f2', ...]
    """
    schemas = {**TABLE_SCHEMAS, **DERIVED_SCHEMAS}
    if table not in schemas:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(schemas)}")
    table_dir = resolve_table_dir(Path(path), table)
    if not table_dir.is_dir():
        require_dataset(table_dir.parent)
    schema = schemas[table]
    files = table_files(table_dir)
    if not files:
        empty = schema.empty_table()
        return empty.select(list(columns)) if columns else empty
    dataset = pads.dataset([str(f) for f in files], schema=schema, format="parquet")
    return dataset.to_table(columns=list(columns) if columns else None)


def write_parquet_atomic(table: pa.Table, dest: Path, tmp_dir: Path, *, durable: bool = True) -> None:
    """Write ``table`` to ``dest`` so that readers and crashes see the old file or the new, never half.

    The temp file sits in the dataset's hidden ``.tmp`` folder (same file system, so ``os.replace``
    is an atomic rename).  ``durable`` fsyncs the file before the rename, so a power cut never
    leaves an empty file under the final name (a kill needs no fsync; a rename lost in a power
    cut only means the document is run again).
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{dest.parent.parent.name}-{dest.name}.{os.getpid()}"
    try:
        with tmp.open("wb") as f:
            pq.write_table(table, f)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)   # a disk-full write leaves no half file, not even in .tmp
        raise


def rows_to_document_table(rows: Sequence, schema: pa.Schema, *, doc_id: str, pipeline_version: str) -> pa.Table:
    """Build one document's Arrow table, stamping schema and pipeline versions into the file metadata."""
    table = rows_to_table(list(rows), schema)
    metadata = dict(schema.metadata or {})
    metadata.update({
        b"schema_version": SCHEMA_VERSION.encode(),
        b"pipeline_version": pipeline_version.encode(),
        b"doc_id": doc_id.encode(),
    })
    return table.replace_schema_metadata(metadata)


class Store:
    """An output folder opened for writing by one run.  Build with :func:`open_store`."""

    def __init__(self, out_dir: Path, *, durable: bool = True) -> None:
        self.out_dir = Path(out_dir)
        self.tmp_dir = self.out_dir / TMP_DIR
        self.durable = durable

    def index(self) -> dict[str, StoredDocument]:
        """Return {doc_id: StoredDocument} for every document committed to the output."""
        columns = [
            "doc_id", "source_path", "pipeline_version", "schema_version", "n_records", "pages",
            "error", "error_code",
        ]
        rows = read_table(self.out_dir, "documents", columns).to_pylist()
        return {r["doc_id"]: StoredDocument(**r) for r in rows}

    def write_result(self, result) -> None:
        """Write one ``pipeline.run.DocumentResult``: records and entities first, the documents row last.

        A table with no rows for this document loses its old file, so a re-run that now finds
        fewer records (or none) never leaves the previous version's rows behind.  Raises
        :class:`OutputNotWritable` if the folder cannot be written.
        """
        doc = result.document
        rows_by_table = {"records": result.records, "entities": result.entities}
        try:
            for name in ("records", "entities"):
                self._write_rows(name, rows_by_table[name], doc.doc_id, doc.pipeline_version)
            self._write_rows("documents", (doc,), doc.doc_id, doc.pipeline_version)
        except OSError as e:
            raise output_error(self.out_dir, e) from e

    def relabel_document(self, doc_id: str, source_path: str, source_file: str) -> None:
        """Give a stored document the path it now has (the file was moved or renamed, same content).

        Records are rewritten first, the documents row last, each atomically.
        """
        try:
            for name, columns in (("records", {"source_file": source_file}),
                                  ("documents", {"source_file": source_file, "source_path": source_path})):
                path = document_file(self.out_dir, name, doc_id)
                if not path.exists():
                    continue
                table = pq.read_table(path, schema=TABLE_SCHEMAS[name])
                for column, value in columns.items():
                    i = table.schema.get_field_index(column)
                    table = table.set_column(i, table.schema.field(i), pa.array([value] * table.num_rows, pa.string()))
                metadata = pq.read_schema(path).metadata
                write_parquet_atomic(table.replace_schema_metadata(metadata), path, self.tmp_dir, durable=self.durable)
        except OSError as e:
            raise output_error(self.out_dir, e) from e

    def _write_rows(self, name: str, rows: Sequence, doc_id: str, pipeline_version: str) -> None:
        dest = document_file(self.out_dir, name, doc_id)
        if not rows:
            dest.unlink(missing_ok=True)
            return
        table = rows_to_document_table(rows, TABLE_SCHEMAS[name], doc_id=doc_id, pipeline_version=pipeline_version)
        write_parquet_atomic(table, dest, self.tmp_dir, durable=self.durable)

    def remove_document(self, doc_id: str) -> None:
        """Delete one document's rows from every table (documents first: un-commit, then the rest)."""
        for name in TABLES:
            document_file(self.out_dir, name, doc_id).unlink(missing_ok=True)

    def remove_orphans(self) -> list[str]:
        """Delete records/entities files whose document was never committed (a run killed mid-write)."""
        committed = {p.stem for p in table_files(self.out_dir / "documents")}
        orphans = []
        for name in TABLES[1:]:
            for f in table_files(self.out_dir / name):
                if f.stem not in committed:
                    f.unlink(missing_ok=True)
                    orphans.append(f.stem)
        return sorted(set(orphans))


@contextmanager
def open_store(out_dir: Path, *, durable: bool = True) -> Iterator[Store]:
    """Open ``out_dir`` for writing: create it and its table folders, take its lock, empty ``.tmp``, drop orphans.

    >>> with open_store(Path("data/processed")) as store:   # doctest: +SKIP
    ...     len(store.index())
    5
    """
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        lock = (out_dir / LOCK_FILE).open("a")
    except OSError as e:
        raise output_error(out_dir, e) from e
    with lock:
        try:
            # flock dies with its process, so a killed run never leaves the folder locked.
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise StoreLocked(
                f"{out_dir}: another council-extract run is writing here; wait for it to finish "
                "or choose another --out folder"
            ) from e
        try:
            store = Store(out_dir, durable=durable)
            try:
                for name in TABLES:
                    (out_dir / name).mkdir(exist_ok=True)
                rename_legacy_folders(out_dir)
                shutil.rmtree(store.tmp_dir, ignore_errors=True)
                store.tmp_dir.mkdir()
                store.remove_orphans()
            except OSError as e:
                raise output_error(out_dir, e) from e
            yield store
        finally:
            shutil.rmtree(out_dir / TMP_DIR, ignore_errors=True)
            fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def connect_dataset(path: Path):
    """Return an in-memory DuckDB connection with one view per table of the dataset at ``path``.

    The views read the Parquet files in place (no copy); a table with no files yet is an empty
    view with the right columns, so queries that join it still run.

    >>> connect_dataset(Path("data/processed")).execute(                 # doctest: +SKIP
    ...     "select count(*) from records join documents using (doc_id)").fetchall()
    [(98,)]
    """
    import duckdb

    out_dir = Path(path)
    require_dataset(out_dir)
    con = duckdb.connect()
    for name, schema in {**TABLE_SCHEMAS, **DERIVED_SCHEMAS}.items():
        if table_files(out_dir / name):
            glob = str(out_dir / name / "*" / f"*{SUFFIX}").replace("'", "''")
            # hive_partitioning=false: a legacy "doc_prefix=bc" folder name is not a column of ours.
            con.execute(
                f"create view {name} as select * from "
                f"read_parquet('{glob}', hive_partitioning=false, union_by_name=true)"
            )
        else:
            con.register(f"_{name}_empty", schema.empty_table())
            con.execute(f"create view {name} as select * from _{name}_empty")
    return con

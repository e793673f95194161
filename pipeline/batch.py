"""Run an archive of reports: walk the inputs, skip what is already done, run the rest in parallel.

Every document goes through the same one-document function, :func:`pipeline.run.run_document`,
on a local process pool (default) or on Dask distributed (a scheduler address or a LocalCluster).
Results come back to this process, which is the only writer of the output (:mod:`pipeline.store`),
one document at a time, as they finish.

>>> summary = run_batch([Path("data/raw")], Path("data/processed"), workers=2)   # doctest: +SKIP
>>> print(summary.headline())                                                    # doctest: +SKIP
5 files: 5 ok, 0 failed, 0 skipped (unchanged), 105 records -> data/processed
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import time
import traceback
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from extractors import Settings
from pipeline import PIPELINE_VERSION
from pipeline.run import DocumentResult, file_doc_id, run_document
from pipeline.store import StoredDocument, open_store
from schemas import SCHEMA_VERSION, DocumentRow

# Names never taken from a folder: hidden files and folders, and Word's lock files (~$report.docx).
SKIP_PREFIXES = (".", "~$")
# Data and code files that sit beside reports in a folder (gold JSON, READMEs, scripts, our own
# Parquet): a folder walk passes them over and the summary counts them; named explicitly, they run.
PASSED_OVER_SUFFIXES = frozenset(
    ".json .jsonl .xml .xsd .py .md .ipynb .parquet .csv .tsv .yml .yaml .toml .js .css .lock".split()
)
# Errors worth retrying on the next run even when the file has not changed: our own crashes.
RETRY_CODES = frozenset({"E900", "E901"})
CRASH = "E900"        # run_document raised: a bug in council-extract, not bad input
WORKER_DIED = "E901"  # the worker process vanished (out of memory, killed, crash in a C library)
IN_FLIGHT_PER_WORKER = 2  # enough to keep workers busy while results are written; bounds memory
SCHEDULER_TIMEOUT = "10s"  # how long to wait for a --scheduler address before giving up
MAX_FAILURES_SHOWN = 50    # an archive of 1,000 files can fail hundreds; the rest are one query away


@dataclass(frozen=True, slots=True)
class Task:
    """One input file to run, with the content hash that names it in the output."""

    path: Path
    doc_id: str


@dataclass(frozen=True, slots=True)
class Plan:
    """What a batch will do with each input file, decided before anything runs."""

    todo: tuple[Task, ...]                   # new, changed, or forced
    skipped: tuple[StoredDocument, ...]      # same content and pipeline version already in the output
    duplicates: tuple[tuple[Path, str], ...]  # (path, doc_id) with the same bytes as an earlier input
    unreadable: tuple[tuple[Path, str], ...]  # (path, message): could not even be hashed
    current: dict[str, str]                   # source path -> doc_id of every readable input


@dataclass(frozen=True, slots=True)
class Failure:
    """A file whose documents row carries an error."""

    source_path: str
    error_code: str
    error: str
    earlier: bool = False  # failed in an earlier run and unchanged since (skipped this time)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch did; ``failures`` lists every input whose documents row has an error."""

    out_dir: Path
    files: int
    ok: int
    failed: int
    skipped: int
    duplicates: int
    removed: int            # rows of changed or deleted source files dropped from the output
    pages: int              # pages of the documents run this time
    records: int            # records written this time
    entities: int
    total_documents: int    # in the output after the run
    total_records: int
    seconds: float
    backend: str
    peak_worker_mb: float   # largest peak RSS of any worker process
    failures: tuple[Failure, ...]
    passed_over: int = 0    # data/code files (.json, .md, .py, ...) a folder walk did not take

    @property
    def any_failed(self) -> bool:
        return bool(self.failures)

    def headline(self) -> str:
        """Return the one-line summary the CLI prints.

        >>> s = BatchSummary(Path("out"), 7, 5, 1, 1, 0, 0, 40, 105, 0, 7, 105, 2.5, "processes(2)", 90.0, ())
        >>> s.headline()
        '7 files: 5 ok, 1 failed, 1 skipped (unchanged), 105 records -> out'
        """
        return (
            f"{self.files} files: {self.ok} ok, {self.failed} failed, {self.skipped} skipped (unchanged), "
            f"{self.records} records -> {self.out_dir}"
        )

    def lines(self, max_failures: int | None = MAX_FAILURES_SHOWN) -> list[str]:
        """Return the human summary: headline, throughput, dataset totals, then the failures (the first ``max_failures``)."""
        rate = self.ok + self.failed
        lines = [self.headline()]
        if self.passed_over:
            lines.append(
                f"{self.passed_over} data/code files in the folders passed over (.json, .md, .py, ...); "
                "name a file explicitly to run it anyway"
            )
        if self.duplicates:
            lines.append(f"{self.duplicates} files skipped as byte-identical copies of other inputs")
        if self.removed:
            lines.append(f"{self.removed} documents removed: their source file changed or was deleted")
        if rate:
            lines.append(
                f"ran {rate} documents, {self.pages} pages, {self.entities} entities in {self.seconds:.1f}s "
                f"on {self.backend} "
                f"({rate / self.seconds:.1f} docs/s, {self.pages / self.seconds:.1f} pages/s, "
                f"peak {self.peak_worker_mb:.0f} MB per worker)"
            )
        lines.append(f"dataset: {self.total_documents} documents, {self.total_records} records")
        if self.failures:
            lines.append(f"{len(self.failures)} failed:")
            for f in self.failures[:max_failures]:
                when = " (unchanged since an earlier run)" if f.earlier else ""
                lines.append(f"  {f.error_code} {f.source_path}{when}: {f.error}")
            hidden = len(self.failures) - len(self.failures[:max_failures])
            if hidden:
                lines.append(
                    f"  ... and {hidden} more; list them all with: council-extract query "
                    f"\"select source_path, error_code, error from documents where error is not null\" "
                    f"--data {self.out_dir}"
                )
        return lines


def is_skipped_name(name: str) -> bool:
    """Return True for names a folder walk never takes.

    >>> [is_skipped_name(n) for n in (".DS_Store", "~$plan.docx", "plan.docx")]
    [True, True, False]
    """
    return name.startswith(SKIP_PREFIXES)


def find_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> tuple[Path, ...]:
    """Return the absolute paths of every file named or found under a named folder, in sorted order.

    Folders are walked recursively, skipping hidden files and folders, the output folder itself
    (``run . --out data/processed`` must not read its own Parquet files) and data/code files
    (:data:`PASSED_OVER_SUFFIXES`).  A file named explicitly is always taken.

    >>> [p.name for p in find_inputs([Path("data/raw")])][:2]       # doctest: +SKIP
    ['000_183e9267aebdd3be.txt', '001_bc951520d11eea04.txt']
    """
    return walk_inputs(inputs, out_dir)[0]


def walk_inputs(inputs: Iterable[Path], out_dir: Path | None = None) -> tuple[tuple[Path, ...], int]:
    """Return (the files :func:`find_inputs` takes, how many data/code files the folder walks passed over)."""
    out_real = Path(out_dir).resolve() if out_dir is not None else None
    found: list[Path] = []
    passed_over = 0
    for item in inputs:
        item = Path(os.path.abspath(item))
        if item.is_file():
            found.append(item)
            continue
        if not item.is_dir():
            raise FileNotFoundError(f"{item}: no such file or folder; check the path")
        for root, dirs, files in os.walk(item):
            root_path = Path(root)
            dirs[:] = sorted(
                d for d in dirs
                if not is_skipped_name(d) and (root_path / d).resolve() != out_real
            )
            for f in sorted(files):
                if is_skipped_name(f):
                    continue
                if Path(f).suffix.lower() in PASSED_OVER_SUFFIXES:
                    passed_over += 1
                    continue
                found.append(root_path / f)
    return tuple(sorted(dict.fromkeys(found))), passed_over


def needs_run(stored: StoredDocument | None, force: bool) -> bool:
    """Return True unless this content already sits in the output, made by this pipeline and schema."""
    return (
        force
        or stored is None
        or stored.pipeline_version != PIPELINE_VERSION
        or stored.schema_version != SCHEMA_VERSION
        or stored.error_code in RETRY_CODES
    )


def plan_batch(paths: Sequence[Path], index: dict[str, StoredDocument], force: bool = False) -> Plan:
    """Hash every input and decide: run, skip (already in the output) or skip as a duplicate."""
    todo: list[Task] = []
    skipped: list[StoredDocument] = []
    duplicates: list[tuple[Path, str]] = []
    unreadable: list[tuple[Path, str]] = []
    current: dict[str, str] = {}
    seen: set[str] = set()
    for path in paths:
        try:
            doc_id = file_doc_id(path)
        except OSError as e:
            unreadable.append((path, f"{path.name}: cannot read the file ({e.strerror}); check its permissions"))
            continue
        current[str(path)] = doc_id
        if doc_id in seen:
            # The same report filed twice: one documents row, so record_ids stay unique.
            duplicates.append((path, doc_id))
            continue
        seen.add(doc_id)
        if needs_run(index.get(doc_id), force):
            todo.append(Task(path, doc_id))
        else:
            skipped.append(index[doc_id])
    return Plan(tuple(todo), tuple(skipped), tuple(duplicates), tuple(unreadable), current)


def stale_documents(
    index: dict[str, StoredDocument], inputs: Iterable[Path], current: dict[str, str]
) -> list[str]:
    """Return doc_ids whose source file this run covers but whose content is no longer there.

    A file edited since the last run has a new doc_id; its old rows go.  So do the rows of a file
    deleted from a folder this run walked.  Content still present under any input path stays.
    """
    folders = [Path(os.path.abspath(i)) for i in inputs if Path(i).is_dir()]
    live = set(current.values())

    def covered(source_path: str) -> bool:
        return source_path in current or any(Path(source_path).is_relative_to(f) for f in folders)

    return sorted(
        doc_id for doc_id, stored in index.items()
        if doc_id not in live and covered(stored.source_path)
    )


def peak_rss_mb() -> float:
    """Return this process's peak resident memory in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def crash_result(path: Path, error: BaseException, code: str = CRASH, doc_id: str | None = None) -> DocumentResult:
    """Return the documents row for a file on which council-extract itself failed (a bug, not bad input)."""
    last_line = traceback.format_exception_only(type(error), error)[-1].strip()
    if doc_id is None:
        try:
            doc_id = file_doc_id(path)
        except OSError:
            doc_id = "0" * 16
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    what = "crashed on this file" if code == CRASH else "lost the worker process running this file"
    document = DocumentRow(
        doc_id=doc_id, source_file=path.name, source_path=str(path), format=None, size_bytes=size,
        pipeline_version=PIPELINE_VERSION, error_code=code,
        error=f"{path.name}: council-extract {what} ({last_line}); it is retried on the next run, "
        "please report it with the file if it persists",
    )
    return DocumentResult(document)


def process_document(path: str, settings: Settings | None = None, tag: bool = True) -> tuple[DocumentResult, float]:
    """Run one document in a worker; never raises.  Returns (result, this worker's peak RSS in MB).

    >>> result, mb = process_document("data/raw/002_be210f0cadcd6921.txt", tag=False)
    >>> result.document.n_records, result.document.error
    (11, None)
    """
    p = Path(path)
    try:
        result = run_document(p, settings, tag=tag)
    except Exception as e:  # noqa: BLE001 - the guard: one crashing file must not stop the batch
        result = crash_result(p, e)
    return result, peak_rss_mb()


Outcome = tuple[Task, DocumentResult, float]


def run_on_processes(tasks: Sequence[Task], settings: Settings | None, tag: bool, workers: int) -> Iterator[Outcome]:
    """Yield (task, result, worker MB) as documents finish on a local process pool.

    A worker that dies (killed, out of memory) breaks the whole pool and every document in flight;
    those are re-run one at a time in a fresh pool so only the culprit gets E901.
    """
    # forkserver: workers never inherit the run lock's file descriptor or the Arrow/rich threads.
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.batch"])
    pending = iter(tasks)
    while True:
        retry: list[Task] = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(process_document, str(t.path), settings, tag): t
                       for t in islice(pending, workers * IN_FLIGHT_PER_WORKER)}
            while futures:
                done, _ = wait(futures, return_when=FIRST_COMPLETED)
                for fut in done:
                    task = futures.pop(fut)
                    try:
                        result, mb = fut.result()
                    except BrokenProcessPool:
                        retry.append(task)
                        continue
                    yield task, result, mb
                    if not retry:
                        for nxt in islice(pending, 1):
                            futures[pool.submit(process_document, str(nxt.path), settings, tag)] = nxt
                if retry:
                    retry.extend(futures.values())
                    break
        if not retry:
            return
        for task in retry:
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as alone:
                try:
                    result, mb = alone.submit(process_document, str(task.path), settings, tag).result()
                except BrokenProcessPool as e:
                    result, mb = crash_result(task.path, e, WORKER_DIED, task.doc_id), 0.0
            yield task, result, mb


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator:
    """Yield a dask.distributed Client: connected to ``scheduler``, or to a LocalCluster of ``workers`` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except OSError as e:
            raise ConnectionError(
                f"cannot reach the Dask scheduler at {scheduler} ({e}); start one with "
                "`dask scheduler` and `dask worker ADDRESS`, or use --dask-local"
            ) from e
        with client:
            yield client
        return
    with LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True,
        dashboard_address=None, silence_logs=logging.ERROR,
    ) as cluster, Client(cluster) as client:
        yield client


def run_on_dask(tasks: Sequence[Task], settings: Settings | None, tag: bool, client) -> Iterator[Outcome]:
    """Yield (task, result, worker MB) as documents finish on a Dask cluster (same function as locally).

    Workers read the files themselves, so on a remote cluster the input paths must exist there too
    (a shared file system).
    """
    from distributed import as_completed

    window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
    pending = iter(tasks)
    by_key: dict[str, Task] = {}
    completed = as_completed()

    def submit(task: Task) -> None:
        fut = client.submit(process_document, str(task.path), settings, tag, pure=False)
        by_key[fut.key] = task
        completed.add(fut)

    for task in islice(pending, window):
        submit(task)
    for fut in completed:
        task = by_key.pop(fut.key)
        try:
            result, mb = fut.result()
        except Exception as e:  # noqa: BLE001 - KilledWorker and friends: the worker, not the file
            result, mb = crash_result(task.path, e, WORKER_DIED, task.doc_id), 0.0
        fut.release()
        yield task, result, mb
        for nxt in islice(pending, 1):
            submit(nxt)


def make_progress(enabled: bool):
    """Return a rich progress bar showing files, pages, records and failures (on stderr)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[pages]} pages · {task.fields[records]} records · "
                   "[red]{task.fields[failed]} failed"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )


def run_batch(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_local: bool = False,
    force: bool = False,
    settings: Settings | None = None,
    tag: bool = True,
    progress: bool = False,
) -> BatchSummary:
    """Run every report under ``inputs`` into the dataset at ``out_dir`` and return what happened.

    Unchanged files (same content hash, pipeline and schema version) are skipped unless ``force``;
    rows of files changed or deleted since the last run are replaced or removed.  Runs on a local
    process pool of ``workers`` (default: one per CPU), on the Dask scheduler at ``scheduler``,
    or on a Dask LocalCluster of ``workers`` processes when ``dask_local``.

    >>> run_batch([Path("data/raw")], Path("data/processed")).ok      # doctest: +SKIP
    5
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    workers = workers or os.cpu_count() or 1
    paths, passed_over = walk_inputs(inputs, out_dir)
    counts = {"ok": 0, "failed": 0, "pages": 0, "records": 0, "entities": 0}
    failures: list[Failure] = []
    peak_mb = 0.0
    with open_store(out_dir) as store:
        index = store.index()
        plan = plan_batch(paths, index, force)
        current = dict(plan.current)
        if scheduler or dask_local:
            backend = f"dask {scheduler}" if scheduler else f"dask LocalCluster({workers})"
            executor = dask_client(scheduler, workers)
        else:
            backend = f"processes({workers})"
            executor = nullcontext()
        with make_progress(progress) as bar, executor as client:
            bar_task = bar.add_task("run", total=len(paths), pages=0, records=0, failed=0)
            bar.advance(bar_task, len(paths) - len(plan.todo))
            outcomes = (
                run_on_dask(plan.todo, settings, tag, client) if client is not None
                else run_on_processes(plan.todo, settings, tag, workers)
            )
            for task, result, mb in outcomes:
                doc = result.document
                if doc.doc_id != task.doc_id:
                    # The file changed between hashing and running: keep what was run, under its own id.
                    current[str(task.path)] = doc.doc_id
                store.write_result(result)
                peak_mb = max(peak_mb, mb)
                counts["pages"] += doc.pages or 0
                counts["records"] += len(result.records)
                counts["entities"] += len(result.entities)
                if doc.error is None:
                    counts["ok"] += 1
                else:
                    counts["failed"] += 1
                    failures.append(Failure(doc.source_path, doc.error_code or "E100", doc.error))
                bar.update(bar_task, advance=1, pages=counts["pages"], records=counts["records"],
                           failed=counts["failed"])
        stale = stale_documents(index, inputs, current)
        for doc_id in stale:
            store.remove_document(doc_id)
        final = store.index()
    failures.extend(Failure(str(p), "E100", msg) for p, msg in plan.unreadable)
    failures.extend(
        Failure(s.source_path, s.error_code or "E100", s.error or "", earlier=True)
        for s in plan.skipped if s.error is not None
    )
    return BatchSummary(
        passed_over=passed_over,
        out_dir=out_dir,
        files=len(paths),
        ok=counts["ok"],
        failed=counts["failed"] + len(plan.unreadable),
        skipped=len(plan.skipped),
        duplicates=len(plan.duplicates),
        removed=len(stale),
        pages=counts["pages"],
        records=counts["records"],
        entities=counts["entities"],
        total_documents=len(final),
        total_records=sum(s.n_records for s in final.values()),
        seconds=time.perf_counter() - t0,
        backend=backend,
        peak_worker_mb=peak_mb,
        failures=tuple(sorted(failures, key=lambda f: f.source_path)),
    )

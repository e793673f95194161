"""Run an archive of reports: walk the inputs, skip what is already done, run the rest in parallel.

Every document goes through the same guarded one-document function, :func:`process_document`:
:func:`pipeline.run.run_document` in a child process under the per-document deadline and memory
ceiling (:mod:`pipeline.guard`), on a local process pool (default) or on Dask distributed (a
scheduler address or a LocalCluster).  Results come back to this process, which is the only
writer of the output (:mod:`pipeline.store`), one document at a time, as they finish.

Every path under the inputs ends as a documents row (run, failed, or unreadable: E109) or as a
counted, named skip (a FIFO, socket or device, a symlink loop, a folder that cannot be listed).

>>> summary = run_batch([Path("data/raw")], Path("data/processed"), workers=2)   # doctest: +SKIP
>>> print(summary.headline())                                                    # doctest: +SKIP
5 files: 5 ok, 0 failed, 0 skipped (unchanged), 105 records -> data/processed
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import resource
import time
from collections.abc import Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import AbstractContextManager, closing, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

from extractors import (
    OverMemoryCeiling,
    Settings,
    TimedOut,
)
from pipeline import PIPELINE_VERSION
from pipeline.guard import (
    DIED,
    DONE,
    OVER_MEMORY,
    TIMED_OUT,
    Guarded,
    WarmingRunner,
    die_with_parent,
    run_guarded,
    start_pool_worker,
)
from pipeline.inputs import (  # noqa: F401 - walk_inputs, find_inputs, OUTSIDE_LINK are imported from here too
    OUTSIDE_LINK,
    Skip,
    Walk,
    find_inputs,
    skip_lines,
    walk_inputs,
)
from pipeline.run import (
    DocumentResult,
    failed_document,
    file_doc_id,
    path_doc_id,
    printable,
    run_document,
    unreadable_document,
)
from pipeline.store import StoredDocument, open_store
from pipeline.warm import build_tagger, start_tagger
from pipeline.wording import plural
from schemas import SCHEMA_VERSION

CRASH = "E900"        # run_document raised: a bug in council-extract, not bad input
WORKER_DIED = "E901"  # the process running the file died twice (a crash in a C library, the OOM killer)
TIMED_OUT_CODE = TimedOut.code            # E107: stopped at Settings.max_seconds
OVER_MEMORY_CODE = OverMemoryCeiling.code  # E108: stopped at Settings.max_memory_mb
# Errors worth retrying on the next run even when the file has not changed: our own crashes.  A file
# that timed out, passed the memory ceiling or killed its process is not (it would go off again on
# every run); --retry-failed re-runs every failed file, e.g. after raising a limit.
RETRY_CODES = frozenset({CRASH})
RESULT_TOO_LARGE = "E113"  # what one document's worker would send back is over MAX_RESULT_MB
MAX_RESULT_MB = 256
ATTEMPTS_IF_KILLED = 2    # a process killed from outside (not by our limits) gets one more try
IN_FLIGHT_PER_WORKER = 2  # enough to keep workers busy while results are written; bounds memory
BACKSTOP_GRACE_S = 60.0   # the pool kills a worker whose guard has not answered this long after the deadline
SCHEDULER_TIMEOUT = "10s"  # how long to wait for a --scheduler address before giving up
CODES_LEGEND = "`council-extract codes` explains every error and warning code"
ALL_FAILURES_QUERY = (
    'council-extract query "select source_path, error_code, error from documents '
    'where error is not null order by error_code" --data {out}'
)


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
    unreadable: tuple[DocumentResult, ...]    # E109 rows of files that could not even be hashed
    moved: tuple[tuple[str, Path], ...]       # (doc_id, new path): content already stored under another path
    current: dict[str, str]                   # printable source path -> doc_id of every input file
    copies: tuple[tuple[str, Path], ...] = ()  # (doc_id, path): content stored under a path that still exists


@dataclass(frozen=True, slots=True)
class Failure:
    """A file whose documents row carries an error."""

    source_path: str
    error_code: str
    error: str
    earlier: bool = False  # failed in an earlier run and unchanged since (skipped this time)


@dataclass(frozen=True, slots=True)
class BatchSummary:
    """What a batch did; ``failures`` lists every input whose documents row has an error.

    ``failed`` counts them all, this run's and those unchanged since an earlier run, as the failure
    list does; ``skipped`` counts unchanged files that were ok.  The headline counts what ran: a file
    that failed before and was not run again is counted as skipped ("2 of them failed before").
    """

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
    peak_worker_mb: float   # largest peak resident memory of any process that ran a document
    failures: tuple[Failure, ...]
    passed_over: int = 0    # data/code files (.json, .md, .py, ...) a folder walk did not take
    skips: tuple[Skip, ...] = ()   # paths that are not files to run (FIFO, symlink loop, unreadable folder)
    renamed: int = 0        # documents whose file moved: source_path/source_file updated
    copies: int = 0         # inputs whose content is stored from another path that still exists
    inputs: tuple[str, ...] = field(default=())  # what was asked for, for the "nothing to run" line
    hidden: int = 0         # hidden names (.x, ~$x) a folder walk passed over
    unplaced: int = 0       # documents run this time, with records, whose council or period is unknown (W140)

    @property
    def any_failed(self) -> bool:
        return bool(self.failures)

    @property
    def nothing_to_run(self) -> bool:
        return self.files == 0

    def headline(self) -> str:
        """Return the one-line summary the CLI prints.

        >>> s = BatchSummary(Path("out"), 7, 5, 1, 1, 0, 0, 40, 105, 0, 7, 105, 2.5, "processes(2)", 90.0, ())
        >>> s.headline()
        '7 files: 5 ok, 1 failed, 1 skipped (unchanged), 105 records -> out'
        """
        if self.nothing_to_run:
            where = ", ".join(self.inputs) or "the inputs"
            return f"nothing to run: no report files found in {where}"
        earlier = sum(f.earlier for f in self.failures)
        before = f", {earlier} of them failed before" if earlier else ""
        return (
            f"{plural(self.files, 'file')}: {self.ok} ok, {self.failed - earlier} failed, "
            f"{self.skipped + earlier} skipped (unchanged{before}), {plural(self.records, 'record')} -> {self.out_dir}"
        )

    def lines(self) -> list[str]:
        """Return the human summary: headline, what was passed over, throughput, totals, failures by code."""
        ran = self.ok + sum(1 for f in self.failures if not f.earlier)
        lines = [self.headline()]
        if self.passed_over:
            lines.append(
                f"{plural(self.passed_over, 'data/code file')} in the folders passed over (.json, .md, .py, ...); "
                "name a file explicitly to run it anyway"
            )
        if self.hidden:
            lines.append(
                f"{self.hidden} hidden {'file or folder' if self.hidden == 1 else 'files or folders'} passed over (names starting with '.' or '~$'); "
                "name a file explicitly to run it anyway"
            )
        lines.extend(skip_lines(self.skips))
        if self.duplicates:
            lines.append(f"{plural(self.duplicates, 'file')} skipped as byte-identical copies of other inputs")
        if self.renamed:
            lines.append(f"{plural(self.renamed, 'document')} moved or renamed: source_path/source_file updated")
        if self.copies:
            lines.append(f"{plural(self.copies, 'file')} skipped: the same content is already stored from another "
                         "path that still exists (its rows keep that path)")
        if self.removed:
            lines.append(f"{plural(self.removed, 'document')} removed: their source file changed or was deleted")
        if ran and self.seconds:
            lines.append(
                f"ran {plural(ran, 'document')}, {plural(self.pages, 'page')}, {plural(self.entities, 'entity')} in {self.seconds:.1f}s "
                f"on {self.backend} "
                f"({ran / self.seconds:.1f} docs/s, {self.pages / self.seconds:.1f} pages/s, "
                f"peak {self.peak_worker_mb:.0f} MB per document)"
            )
        lines.append(f"dataset: {plural(self.total_documents, 'document')}, {plural(self.total_records, 'record')}")
        lines.extend(unplaced_lines(self.unplaced, self.out_dir))
        lines.extend(failure_lines(self.failures, self.out_dir))
        return lines


def unplaced_lines(n: int, out_dir: Path = Path("data/processed")) -> list[str]:
    """The W140 note: how many reports of this run lineage cannot place, and how to list and place them.

    Once per run rather than on each document: in an archive without folder names or a metadata file,
    nearly every report would carry it, and a warning on every document tells nothing (issue 18).

    >>> print("\\n".join(unplaced_lines(2, Path("out"))))  # doctest: +NORMALIZE_WHITESPACE
    W140  2 documents have no council or period: lineage cannot place them in a series; list them:
      council-extract query "select source_file, council, period from documents where n_records > 0 and
      (council is null or (period_start is null and period_end is null))" --data out; give them in a CSV
      path,council,period with `run --metadata FILE --force`, or put the files under <council>/<year>/ folders
    """
    if not n:
        return []
    one = n == 1
    them = "it" if one else "them"
    return [f"W140  {plural(n, 'document')} {'has' if one else 'have'} no council or period: lineage cannot "
            f"place {them} in a series; list {them}:",
            '  council-extract query "select source_file, council, period from documents where n_records > 0 and '
            f'(council is null or (period_start is null and period_end is null))" --data {out_dir}; give {them} in a CSV '
            "path,council,period with `run --metadata FILE --force`, or put the "
            f"{'file' if one else 'files'} under <council>/<year>/ folders"]


def failure_lines(failures: Sequence[Failure], out_dir: Path) -> list[str]:
    """Failures grouped by error code: count and one example each, then where to see them all.

    >>> fs = [Failure("/in/a.txt", "E105", "a.txt: the file is empty"), Failure("/in/b.txt", "E105", "b.txt: x")]
    >>> print("\\n".join(failure_lines(fs, Path("out"))))  # doctest: +NORMALIZE_WHITESPACE
    2 failed, by error code (`council-extract codes` explains every error and warning code):
      E105  2 files, e.g. /in/a.txt: the file is empty
      list them all: council-extract query "select source_path, error_code, error from documents where error
      is not null order by error_code" --data out
    """
    if not failures:
        return []
    by_code: dict[str, list[Failure]] = {}
    for f in sorted(failures, key=lambda f: (f.error_code, f.source_path)):
        by_code.setdefault(f.error_code, []).append(f)
    lines = [f"{len(failures)} failed, by error code ({CODES_LEGEND}):"]
    for code, group in by_code.items():
        example = group[0]
        message = example.error
        name = Path(example.source_path).name
        if message.startswith(f"{name}: "):     # messages start with the file name; the path says it
            message = message[len(name) + 2:]
        earlier = sum(f.earlier for f in group)
        files = f"{len(group)} file{'s' if len(group) != 1 else ''}"
        since = f" ({earlier} unchanged since an earlier run)" if earlier else ""
        lines.append(f"  {code}  {files}{since}, e.g. {example.source_path}: {message}")
    if any(f.earlier for f in failures):
        lines.append("  files that failed in an earlier run are not run again while unchanged; "
                     "re-run them with --retry-failed")
    lines.append(f"  list them all: {ALL_FAILURES_QUERY.format(out=out_dir)}")
    return lines


def needs_run(stored: StoredDocument | None, force: bool, retry_failed: bool = False) -> bool:
    """Return True unless this content already sits in the output, made by this pipeline and schema.

    A stored failure is run again only for our own crashes (:data:`RETRY_CODES`) or with ``retry_failed``.
    """
    return (
        force
        or stored is None
        or stored.pipeline_version != PIPELINE_VERSION
        or stored.schema_version != SCHEMA_VERSION
        or stored.error_code in RETRY_CODES
        or (retry_failed and stored.error is not None)
    )


def plan_batch(
    paths: Sequence[Path], index: dict[str, StoredDocument], force: bool = False, retry_failed: bool = False,
) -> Plan:
    """Hash every input and decide: run, skip (already in the output), skip as a duplicate, or E109.

    A file that cannot be read gets an E109 row under :func:`pipeline.run.path_doc_id` (written
    again only if it is new, or with ``force``/``retry_failed``).  Content already stored under a
    path that is no longer an input of it is "moved" (its rows get the new path) if that path is gone,
    a "copy" (its rows keep the stored path) if the file there still exists.
    """
    todo: list[Task] = []
    skipped: list[StoredDocument] = []
    duplicates: list[tuple[Path, str]] = []
    unreadable: list[DocumentResult] = []
    current: dict[str, str] = {}
    first_path: dict[str, Path] = {}
    for path in paths:
        t0 = time.perf_counter()
        try:
            doc_id = file_doc_id(path)
        except OSError as e:
            doc_id = path_doc_id(path)
            current[printable(str(path))] = doc_id
            stored = index.get(doc_id)
            if stored is not None and not (force or retry_failed):
                skipped.append(stored)
            else:
                unreadable.append(unreadable_document(path, e, time.perf_counter() - t0))
            continue
        current[printable(str(path))] = doc_id
        if doc_id in first_path:
            # The same report filed twice: one documents row, so record_ids stay unique.
            duplicates.append((path, doc_id))
            continue
        first_path[doc_id] = path
        if needs_run(index.get(doc_id), force, retry_failed):
            todo.append(Task(path, doc_id))
        else:
            skipped.append(index[doc_id])
    # (doc_id, new path, whether the stored path still exists): one stat per stored document found elsewhere
    elsewhere = [(s.doc_id, first_path[s.doc_id], Path(s.source_path).exists()) for s in skipped
                 if s.doc_id in first_path and current.get(s.source_path) != s.doc_id]
    moved = tuple((doc_id, path) for doc_id, path, still in elsewhere if not still)
    copies = tuple((doc_id, path) for doc_id, path, still in elsewhere if still)
    return Plan(tuple(todo), tuple(skipped), tuple(duplicates), tuple(unreadable), moved, current, copies)


def stale_documents(
    index: dict[str, StoredDocument], inputs: Iterable[Path], current: dict[str, str]
) -> list[str]:
    """Return doc_ids whose source file this run covers but whose content is no longer there.

    A file edited since the last run has a new doc_id; its old rows go.  So do the rows of a file
    deleted from a folder this run walked.  Content still present under any input path stays.
    """
    folders = [Path(printable(os.path.abspath(i))) for i in inputs if Path(i).is_dir()]
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


def crash_result(
    path: Path, detail: str, code: str = CRASH, doc_id: str | None = None, seconds: float = 0.0,
) -> DocumentResult:
    """Return the documents row for a file on which council-extract itself failed (a bug, not bad input).

    ``detail`` is the exception's last line (E900) or how the process died (E901); ``seconds`` the
    time spent on the file.
    """
    if code == CRASH:
        error = (f"{path.name}: council-extract crashed on this file ({detail}); it is retried on the next run, "
                 "please report it with the file if it persists")
    else:
        error = (f"{path.name}: the process reading this file {detail}, twice (a crash in a C library, or "
                 "the system ran out of memory); it is not retried: run it again with --retry-failed, and "
                 "please report it with the file if it persists")
    return failed_document(path, code, error, doc_id, seconds)


def limit_result(
    path: Path, doc_id: str, code: str, settings: Settings, peak_mb: float, seconds: float = 0.0,
) -> DocumentResult:
    """Return the E107 (deadline) or E108 (memory ceiling) row of a document the guard stopped
    (``seconds``: time spent on it, both tries included)."""
    if code == TIMED_OUT_CODE:
        error = (f"{path.name}: stopped after {settings.max_seconds:g} s, the time limit per document; it is "
                 "not retried while unchanged: raise --max-seconds and run it again with --retry-failed")
    else:
        error = (f"{path.name}: stopped at {peak_mb:.0f} MB, over the {settings.max_memory_mb:g} MB memory "
                 "ceiling per document; it is not retried while unchanged: raise --max-memory-mb and run it "
                 "again with --retry-failed")
    return failed_document(path, code, error, doc_id, seconds)


_warm: set[bool] = set()


def warm_up(tag: bool) -> None:
    """Import the pipeline and build the tagger once per process, so every forked child inherits them.

    Never raises: a tagger that cannot be built fails each document instead, with the reason.
    """
    if tag in _warm:
        return
    _warm.add(tag)
    try:
        import pipeline.reading.loop  # noqa: F401
    except Exception:  # noqa: BLE001, S110 - reported per document by the child, which meets it again
        pass
    if tag:
        build_tagger()


def start_worker(tag: bool, parent: int | None = None) -> None:
    """Initialise a pool worker: die with the batch process ``parent``, and warm up before the first fork.

    The pool's initializer is :func:`pipeline.guard.start_pool_worker`, which asks for the parent-death
    signal before anything heavy is imported, then calls this.
    """
    die_with_parent(parent)
    warm_up(tag)


def _document_in_child(path: Path, settings: Settings, tag: bool) -> DocumentResult:
    """What the guard's child runs: the document, with crashes turned into E900 rows, and a result
    too large to send back (:data:`MAX_RESULT_MB`) turned into an E113 row."""
    logging.getLogger().handlers.clear()    # library messages go to the documents row, not the terminal
    t0 = time.perf_counter()
    try:
        result = run_document(path, settings, tag=tag)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the guard: one crashing file must not stop the batch
        return crash_result(path, f"{type(e).__name__}: {e}", seconds=time.perf_counter() - t0)
    return bounded_result(path, result, time.perf_counter() - t0)


def bounded_result(path: Path, result: DocumentResult, seconds: float) -> DocumentResult:
    """``result``, or the E113 row of its file when it pickles to more than :data:`MAX_RESULT_MB`.

    What a worker sends back is held whole by the batch process, which runs every document; one
    document must not take that process's memory with it.
    """
    size_mb = len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)) / 2**20
    if size_mb <= MAX_RESULT_MB:
        return result
    error = (f"{path.name}: its {result.document.n_records} records and text come to {size_mb:.0f} MB, over the "
             f"{MAX_RESULT_MB} MB one document may send back to the batch; split the file")
    return failed_document(path, RESULT_TOO_LARGE, error, result.document.doc_id, seconds)


def process_document(
    path: str, settings: Settings | None = None, tag: bool = True, doc_id: str | None = None,
) -> tuple[DocumentResult, float]:
    """Run one document under the deadline and memory ceiling; never raises.  Both backends call this.

    Returns (result, peak resident MB of the process that ran it).  Past ``settings.max_seconds``
    the row is E107, past ``settings.max_memory_mb`` E108; a process killed from outside is tried
    once more, then E901.

    >>> result, mb = process_document("data/raw/002_be210f0cadcd6921.txt", tag=False)
    >>> result.document.n_records, result.document.error
    (11, None)
    """
    settings = Settings.resolve(settings)
    warm_up(tag)
    return _guarded_document(Path(path), settings, tag, doc_id)


def _guarded_document(p: Path, settings: Settings, tag: bool, doc_id: str | None) -> tuple[DocumentResult, float]:
    """:func:`process_document` once the process is warm: the guarded call, retried once if killed."""
    peak = spent = 0.0
    for _ in range(ATTEMPTS_IF_KILLED):
        try:
            guarded = run_guarded(_document_in_child, p, settings, tag,
                                  max_seconds=settings.max_seconds, max_memory_mb=settings.max_memory_mb)
        except OSError as e:    # no process could be started (out of processes or memory): retried next run
            return crash_result(p, f"could not start a process for it ({e.strerror})", CRASH, doc_id, spent), peak
        peak = max(peak, guarded.peak_mb)
        spent += guarded.seconds
        if guarded.outcome != DIED:
            break
    return _outcome_result(p, guarded, settings, doc_id, peak, spent), peak


def _outcome_result(p: Path, guarded: Guarded, settings: Settings, doc_id: str | None, peak: float,
                    spent: float) -> DocumentResult:
    """The document's result from how its guarded call ended: the value, or the E107/E108/E900/E901 row."""
    if guarded.outcome == DONE:
        return guarded.value
    if doc_id is None:
        try:
            doc_id = file_doc_id(p)
        except OSError as e:
            return unreadable_document(p, e, spent)
    if guarded.outcome in (TIMED_OUT, OVER_MEMORY):
        code = TIMED_OUT_CODE if guarded.outcome == TIMED_OUT else OVER_MEMORY_CODE
        return limit_result(p, doc_id, code, settings, peak, spent)
    code = WORKER_DIED if guarded.outcome == DIED else CRASH
    return crash_result(p, guarded.detail, code, doc_id, spent)


TAGGER_READY_SECONDS = 300.0   # how long the first document waits for the tagger's runner to build it


def read_while_tagger_builds(path: Path, settings: Settings, doc_id: str | None,
                             tagger: WarmingRunner | None = None) -> tuple[DocumentResult, float]:
    """The first tagged document of an in-process run: read it while another process builds the tagger.

    Building the tagger (spaCy's import and the gazetteer: most of a second) used to come before the
    reading, so a one-file run paid both one after the other; on two cores they overlap.  A runner is
    forked first and builds the tagger (:class:`~pipeline.guard.WarmingRunner`); meanwhile this process
    imports the reading stages and reads the file untagged in its own runner; then the first runner
    tags the records, in what is left of the deadline.  Same result as :func:`process_document`;
    returns (result, peak resident MB).  This process still builds its own tagger for the next file.
    ``tagger`` is one :func:`pipeline.warm.start_tagger` started as the run began; it is stopped here.
    """
    tagger = tagger or start_tagger(True)
    if tagger is None:        # no process to spare: the ordinary way
        return process_document(str(path), settings, True, doc_id)
    try:
        read, peak = process_document(str(path), settings, False, doc_id)
        if not read.records:
            return read, peak
        # Building the tagger is not the document's time: wait for it apart from the deadline, and
        # if it could not be built there, the ordinary way meets (and reports) the same trouble.
        if not tagger.ready(TAGGER_READY_SECONDS, settings.max_memory_mb):
            return process_document(str(path), settings, True, doc_id)
        guarded = tagger.call(_tag_in_child, path, read, max_memory_mb=settings.max_memory_mb,
                              max_seconds=max(settings.max_seconds - read.document.seconds, 1.0))
    finally:
        tagger.stop()
    peak = max(peak, guarded.peak_mb)
    return _outcome_result(path, guarded, settings, doc_id, peak, read.document.seconds + guarded.seconds), peak


@contextmanager
def _owned(tagger: WarmingRunner | None) -> Iterator[WarmingRunner | None]:
    """``tagger``, stopped on leaving the block (a batch's early tagger, used or not)."""
    try:
        yield tagger
    finally:
        if tagger is not None:
            tagger.stop()


def _tag_in_child(path: Path, result: DocumentResult) -> DocumentResult:
    """``result`` with its records tagged (what :func:`pipeline.run.run_document` does with ``tag=True``)."""
    from pipeline.nlp import tag_records

    t0 = time.perf_counter()
    try:
        entities = tuple(tag_records(result.records))
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - the guard: a tagger crash is this document's E900, as in run_document
        return crash_result(path, f"{type(e).__name__}: {e}", CRASH, result.document.doc_id, result.document.seconds)
    document = replace(result.document, seconds=result.document.seconds + time.perf_counter() - t0)
    return bounded_result(path, replace(result, document=document, entities=entities), document.seconds)


Outcome = tuple[Task, DocumentResult, float]


IN_PROCESS = "this process"


def backend_for(scheduler: str | None, dask_local: bool, workers: int,
                tasks: Sequence[Task]) -> tuple[str, AbstractContextManager]:
    """(the summary's name of the backend, the context that opens its Dask client or nothing)."""
    if scheduler or dask_local:
        return (f"dask {scheduler}" if scheduler else f"dask LocalCluster({workers})"), dask_client(scheduler, workers)
    if in_process(tasks, workers):
        return IN_PROCESS, nullcontext()
    return f"processes({workers})", nullcontext()


def start_outcomes(backend: str, client, tasks: Sequence[Task], settings: Settings, tag: bool,
                   workers: int, tagger: WarmingRunner | None = None) -> Generator[Outcome, None, None]:
    """The (task, result, MB) stream of the backend ``backend_for`` chose; ``tagger`` see :func:`run_here`."""
    if client is not None:
        return run_on_dask(tasks, settings, tag, client)
    if backend == IN_PROCESS:
        return run_here(tasks, settings, tag, tagger)
    return run_on_processes(tasks, settings, tag, workers)


def earlier_failures(skipped: Iterable[StoredDocument]) -> list[Failure]:
    """The unchanged files skipped this run whose stored row has an error (``Failure.earlier``)."""
    return [Failure(s.source_path, s.error_code or "E100", s.error or "", earlier=True)
            for s in skipped if s.error is not None]


def in_process(tasks: Sequence[object], workers: int) -> bool:
    """True when a pool would run one document at a time anyway (one file to run, or ``workers`` = 1):
    then this process runs them itself, each still in the guard's forked runner under the deadline and
    memory ceiling, and pays no pool start-up (a spawned worker imports the pipeline and builds the
    tagger again: seconds for one file)."""
    return min(len(tasks), workers) <= 1


def run_here(tasks: Sequence[Task], settings: Settings, tag: bool,
             tagger: WarmingRunner | None = None) -> Generator[Outcome, None, None]:
    """Yield (task, result, MB) for each document, run one after another from this process.

    The first document is read while ``tagger`` (or one forked now) builds the tagger, when this
    process has not built it yet (:func:`read_while_tagger_builds`).
    """
    for n, task in enumerate(tasks):
        if n == 0 and tag and tag not in _warm:
            result, mb = read_while_tagger_builds(task.path, settings, task.doc_id, tagger)
        else:     # the next documents: this process builds its tagger once, its runners inherit it
            result, mb = process_document(str(task.path), settings, tag, task.doc_id)
        yield task, result, mb


def run_on_processes(
    tasks: Sequence[Task], settings: Settings, tag: bool, workers: int,
) -> Generator[Outcome, None, None]:
    """Yield (task, result, MB) as documents finish on a local pool of ``workers`` processes.

    pebble's ProcessPool: a worker that dies fails only its own task (it is replaced, and the task
    is submitted once more), :meth:`~pebble.ProcessPool.stop` ends every worker when the batch is
    interrupted, and a per-task time-out backs up the guard inside :func:`process_document`.
    Workers are spawned (a fresh interpreter, not a fork of this threaded process: no inherited
    run lock, Arrow or progress-bar threads) and die with this process.
    """
    from pebble import ProcessExpired, ProcessPool

    if not tasks:
        return
    backstop = settings.max_seconds * ATTEMPTS_IF_KILLED + BACKSTOP_GRACE_S
    pool = ProcessPool(max_workers=workers, context=multiprocessing.get_context("spawn"),
                       initializer=start_pool_worker, initargs=(os.getpid(), tag, f"{__name__}:start_worker"))
    pending = iter(tasks)
    futures: dict = {}
    second_try: set[str] = set()

    def submit(task: Task) -> None:
        args = (str(task.path), settings, tag, task.doc_id)
        futures[pool.schedule(process_document, args=args, timeout=backstop)] = task

    try:
        for task in islice(pending, workers * IN_FLIGHT_PER_WORKER):
            submit(task)
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            for fut in done:
                task = futures.pop(fut)
                try:
                    result, mb = fut.result()
                except ProcessExpired as e:
                    if task.doc_id not in second_try:
                        second_try.add(task.doc_id)
                        submit(task)
                        continue
                    result, mb = crash_result(task.path, f"died ({e})", WORKER_DIED, task.doc_id), 0.0
                except FutureTimeout:
                    result, mb = limit_result(task.path, task.doc_id, TIMED_OUT_CODE, settings, 0.0, backstop), 0.0
                except Exception as e:  # noqa: BLE001 - e.g. no process could be forked: this file fails, not the batch
                    result, mb = crash_result(task.path, f"{type(e).__name__}: {e}", CRASH, task.doc_id), 0.0
                yield task, result, mb
                for nxt in islice(pending, 1):
                    submit(nxt)
    finally:
        pool.stop()
        pool.join()


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


def run_on_dask(tasks: Sequence[Task], settings: Settings, tag: bool, client) -> Generator[Outcome, None, None]:
    """Yield (task, result, MB) as documents finish on a Dask cluster (the same guarded function as locally).

    Workers read the files themselves, so on a remote cluster the input paths must exist there too
    (a shared file system).  Each document runs in a child of the Dask worker under the same
    deadline and memory ceiling as on the local pool.
    """
    from distributed import as_completed

    window = max(1, sum(client.nthreads().values())) * IN_FLIGHT_PER_WORKER
    pending = iter(tasks)
    by_key: dict[str, Task] = {}
    completed = as_completed()

    def submit(task: Task) -> None:
        fut = client.submit(process_document, str(task.path), settings, tag, task.doc_id, pure=False)
        by_key[fut.key] = task
        completed.add(fut)

    for task in islice(pending, window):
        submit(task)
    for fut in completed:
        task = by_key.pop(fut.key)
        try:
            result, mb = fut.result()
        except Exception as e:  # noqa: BLE001 - KilledWorker and friends: the worker, not the file
            result, mb = crash_result(task.path, f"died ({type(e).__name__}: {e})", WORKER_DIED, task.doc_id), 0.0
        fut.release()
        yield task, result, mb
        for nxt in islice(pending, 1):
            submit(nxt)


def make_progress(enabled: bool):
    """Return a rich progress bar showing files, pages, records and failures (on stderr)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

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
    retry_failed: bool = False,
    settings: Settings | None = None,
    tag: bool = True,
    progress: bool = False,
    follow_symlinks: bool = False,
) -> BatchSummary:
    """Run every report under ``inputs`` into the dataset at ``out_dir`` and return what happened.

    Unchanged files (same content hash, pipeline and schema version) are skipped unless ``force``;
    so are unchanged files that failed, unless ``retry_failed``.  Rows of files changed or deleted
    since the last run are replaced or removed; rows of files moved or renamed get the new path.
    Runs on a local process pool of ``workers`` (default: one per CPU), on the Dask scheduler at
    ``scheduler``, or on a Dask LocalCluster of ``workers`` processes when ``dask_local``.  Each
    document runs under ``settings.max_seconds`` and ``settings.max_memory_mb``.  Symlinks in the
    folders whose target is outside every input are not followed unless ``follow_symlinks``.
    A run in this process that tags starts building the tagger in a runner first
    (:func:`pipeline.warm.start_tagger`), so a one-file run overlaps it with the index and the reading.

    Raises :class:`pipeline.store.OutputNotWritable` when the output cannot be written (disk full,
    read-only, permission denied); every document written before that is complete.

    >>> run_batch([Path("data/raw")], Path("data/processed")).ok      # doctest: +SKIP
    5
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    settings = Settings.resolve(settings)
    workers = workers or os.cpu_count() or 1
    walk = walk_inputs(inputs, out_dir, follow_symlinks=follow_symlinks)
    tally = _Tally()
    distributed = bool(scheduler or dask_local)
    tagger = start_tagger(tag and not distributed and bool(walk.files) and in_process(walk.files, workers))
    with _owned(tagger), open_store(out_dir) as store:
        index = store.index()
        plan = plan_batch(walk.files, index, force, retry_failed)
        current = dict(plan.current)
        for result in plan.unreadable:
            store.write_result(result)
            tally.failures.append(Failure(result.document.source_path, result.document.error_code or "E109",
                                          result.document.error or ""))
        for doc_id, path in plan.moved:
            store.relabel_document(doc_id, printable(str(path)), printable(path.name))
        backend, executor = backend_for(scheduler, dask_local, workers, plan.todo)
        with make_progress(progress) as bar, executor as client:
            bar_task = bar.add_task("run", total=len(walk.files), pages=0, records=0, failed=0)
            bar.advance(bar_task, len(walk.files) - len(plan.todo))
            outcomes = start_outcomes(backend, client, plan.todo, settings, tag, workers, tagger)
            with closing(outcomes):   # an error below stops the workers now, not when collected
                for task, result, mb in outcomes:
                    if result.document.doc_id != task.doc_id:
                        # The file changed between hashing and running: keep what was run, under its own id.
                        current[printable(str(task.path))] = result.document.doc_id
                    store.write_result(result)
                    tally.add(result, mb)
                    bar.update(bar_task, advance=1, pages=tally.pages, records=tally.records,
                               failed=len(tally.failures))
        stale = stale_documents(index, inputs, current)
        for doc_id in stale:
            store.remove_document(doc_id)
        final = store.index()
    tally.failures.extend(earlier_failures(plan.skipped))
    return BatchSummary(
        passed_over=walk.passed_over,
        skips=walk.skips,
        renamed=len(plan.moved),
        copies=len(plan.copies),
        inputs=tuple(printable(str(i)) for i in inputs),
        out_dir=out_dir,
        files=len(walk.files),
        ok=tally.ok,
        failed=len(tally.failures),
        skipped=sum(1 for s in plan.skipped if s.error is None),
        duplicates=len(plan.duplicates),
        removed=len(stale),
        pages=tally.pages,
        records=tally.records,
        entities=tally.entities,
        total_documents=len(final),
        total_records=sum(s.n_records for s in final.values()),
        seconds=time.perf_counter() - t0,
        backend=backend,
        peak_worker_mb=tally.peak_mb,
        failures=tuple(sorted(tally.failures, key=lambda f: f.source_path)),
        hidden=walk.hidden,
        unplaced=tally.unplaced,
    )


@dataclass
class _Tally:
    """What the documents run so far add up to (for the summary and the progress bar)."""

    ok: int = 0
    pages: int = 0
    records: int = 0
    entities: int = 0
    peak_mb: float = 0.0
    unplaced: int = 0
    failures: list[Failure] = field(default_factory=list)

    def add(self, result: DocumentResult, mb: float) -> None:
        doc = result.document
        self.peak_mb = max(self.peak_mb, mb)
        self.pages += doc.pages or 0
        self.records += len(result.records)
        self.entities += len(result.entities)
        if doc.error is None:
            self.ok += 1
            # as lineage places reports: a council, and a period's start or end date (a label alone is not needed)
            self.unplaced += bool(doc.n_records) and (doc.council is None or
                                                      (doc.period_start is None and doc.period_end is None))
        else:
            self.failures.append(Failure(doc.source_path, doc.error_code or "E100", doc.error))


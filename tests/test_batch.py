"""pipeline.batch: walking, incremental skips, replacement, failures, backends, and a real kill.

Inputs are the five seed reports (data/raw, identical to shared/corpus/seeds), copies of them
filed in year/council folders, and bad files (empty, binary).  Expected record counts are the
gold counts (shared/gold/seeds): 24 + 21 + 11 + 28 + 21 = 105.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA as REPO_DATA
from conftest import RAW

from pipeline.batch import CRASH, find_inputs, needs_run, process_document, run_batch, walk_inputs
from pipeline.guard import stop_runner
from pipeline.run import file_doc_id
from pipeline.store import StoredDocument, read_table, table_files

SEEDS = sorted(RAW.glob("*.txt"))
SEED_RECORDS = {"000": 24, "001": 21, "002": 11, "003": 28, "004": 21}
VOLATILE = ("processed_at", "seconds")  # differ between any two runs by design


def make_archive(dest: Path, n_files: int) -> Path:
    """Copy the seeds into year/council folders; copy k ends with k extra newlines so every file is distinct.

    Trailing blank lines change the content hash but not one record (checked in test_copies_...).
    """
    for i in range(n_files):
        seed = SEEDS[i % len(SEEDS)]
        path = dest / str(2015 + i % 4) / f"council-{i % 7}" / f"{i:04d}-{seed.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(seed.read_bytes() + b"\n" * (1 + i // len(SEEDS)))
    return dest


def comparable(out: Path, table: str) -> list[dict]:
    """A table's rows without the per-run columns, in a stable order."""
    rows = read_table(out, table).to_pylist()
    for row in rows:
        for name in VOLATILE:
            row.pop(name, None)
    return sorted(rows, key=lambda r: tuple(str(v) for v in r.values()))


def test_find_inputs_walks_folders_and_skips_hidden_files_and_the_output(tmp_path: Path) -> None:
    root = make_archive(tmp_path / "archive", 7)
    (root / ".DS_Store").write_bytes(b"\0")
    (root / "2015" / "~$plan.docx").write_bytes(b"lock")
    (root / "2015" / "plan.json").write_text('{"file": "plan.txt", "records": []}')
    (root / "README.md").write_text("# archive\n")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: main")
    out = root / "processed"
    (out / "documents").mkdir(parents=True)
    (out / "documents" / "x.parquet").write_bytes(b"PAR1")
    found = find_inputs([root], out)
    assert len(found) == 7
    assert walk_inputs([root], out).passed_over == 2   # plan.json and README.md passed over, and counted
    assert all(p.is_absolute() for p in found)
    assert [p.relative_to(root).as_posix() for p in found][:3] == [
        "2015/council-0/0000-000_183e9267aebdd3be.txt",
        "2015/council-4/0004-004_59fe58fd6413823e.txt",
        "2016/council-1/0001-001_bc951520d11eea04.txt",
    ]
    # A file named explicitly is taken even if hidden; duplicates collapse.
    assert find_inputs([root / ".DS_Store", root / ".DS_Store"]) == (root / ".DS_Store",)
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        find_inputs([root / "missing"])


def test_first_run_writes_every_file_and_records_failures(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([inputs], out, workers=2)
    assert (summary.files, summary.ok, summary.failed, summary.skipped) == (7, 5, 2, 0)
    assert summary.records == 105
    assert summary.total_documents == 7 and summary.total_records == 105
    assert [(Path(f.source_path).name, f.error_code) for f in summary.failures] == [
        ("empty.txt", "E105"), ("scan.bin", "E101"),
    ]
    assert summary.failures[0].error == "empty.txt: the file is empty (0 bytes); nothing to extract"
    docs = {d["source_file"]: d for d in read_table(out, "documents").to_pylist()}
    assert docs["scan.bin"]["error_code"] == "E101" and docs["scan.bin"]["n_records"] == 0
    assert docs["empty.txt"]["size_bytes"] == 0
    counts = {name[:3]: d["n_records"] for name, d in docs.items() if d["error"] is None}
    assert counts == SEED_RECORDS
    assert read_table(out, "records").num_rows == 105
    assert summary.headline() == f"7 files: 5 ok, 2 failed, 0 skipped (unchanged), 105 records -> {out}"
    # A big archive can fail hundreds of files: one line per error code, then the query for the rest.
    lines = summary.lines()
    assert lines[-3].startswith(f"  E101  1 file, e.g. {inputs / 'scan.bin'}: not PDF, XLSX, ODS, DOCX, HTML or text")
    assert lines[-2] == f"  E105  1 file, e.g. {inputs / 'empty.txt'}: the file is empty (0 bytes); nothing to extract"
    assert lines[-1] == (
        '  list them all: council-extract query "select source_path, error_code, error from documents '
        f'where error is not null order by error_code" --data {out}'
    )


def test_second_run_skips_everything_and_rewrites_nothing(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([inputs], out, workers=2)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    summary = run_batch([inputs], out, workers=2)
    # Earlier failures are still reported and counted (and make --strict fail) while their files are unchanged.
    assert (summary.ok, summary.failed, summary.skipped, summary.records) == (0, 2, 5, 0)
    assert [f.earlier for f in summary.failures] == [True, True]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")} == before
    forced = run_batch([inputs], out, workers=2, force=True)
    assert (forced.ok, forced.failed, forced.skipped, forced.records) == (5, 2, 0, 105)


def test_changed_and_deleted_files_replace_their_rows(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([inputs], out, workers=2)
    changed = inputs / "002_be210f0cadcd6921.txt"
    old_id = file_doc_id(changed)
    # Keep only the first 3 lines' worth of the report: fewer records under a new content hash.
    lines = changed.read_text().splitlines(keepends=True)
    changed.write_text("".join(lines[: len(lines) // 2]))
    new_id = file_doc_id(changed)
    (inputs / "empty.txt").unlink()
    summary = run_batch([inputs], out, workers=2)
    assert (summary.ok, summary.failed, summary.skipped, summary.removed) == (1, 1, 4, 2)  # scan.bin failed before
    docs = read_table(out, "documents").to_pylist()
    ids = {d["doc_id"] for d in docs}
    assert old_id not in ids and new_id in ids and len(docs) == 6
    new_doc = next(d for d in docs if d["doc_id"] == new_id)
    records = read_table(out, "records")
    assert records.num_rows == 105 - 11 + new_doc["n_records"]
    assert old_id not in set(records.column("doc_id").to_pylist())


def test_byte_identical_copies_are_stored_once(inputs: Path, tmp_path: Path) -> None:
    shutil.copy(inputs / "000_183e9267aebdd3be.txt", inputs / "copy-of-000.txt")
    summary = run_batch([inputs], tmp_path / "out", workers=1)
    assert (summary.files, summary.ok, summary.duplicates) == (8, 5, 1)
    assert read_table(tmp_path / "out", "records").num_rows == 105  # record_ids stay unique


def test_copies_with_trailing_newlines_give_the_same_records(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "archive", 10)
    summary = run_batch([archive], tmp_path / "out", workers=2)
    assert (summary.ok, summary.duplicates, summary.records) == (10, 0, 2 * 105)


def test_process_pool_and_dask_local_cluster_write_the_same_dataset(inputs: Path, tmp_path: Path) -> None:
    one = run_batch([inputs], tmp_path / "one", workers=1)
    dask = run_batch([inputs], tmp_path / "dask", workers=2, dask_local=True)
    assert one.backend == "processes(1)" and dask.backend == "dask LocalCluster(2)"
    assert (dask.ok, dask.failed, dask.records) == (5, 2, 105)
    for table in ("documents", "records"):
        assert comparable(tmp_path / "one", table) == comparable(tmp_path / "dask", table)
    assert dask.peak_worker_mb > 0


def test_unreachable_scheduler_says_what_to_do(inputs: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("pipeline.batch.SCHEDULER_TIMEOUT", "1s")
    with pytest.raises(ConnectionError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:1"):
        run_batch([inputs], tmp_path / "out", scheduler="tcp://127.0.0.1:1")


def test_a_crash_inside_run_document_becomes_an_E900_row(monkeypatch) -> None:
    def buggy(path, settings=None, *, tag=True):
        raise IndexError("list index out of range")

    monkeypatch.setattr("pipeline.batch.run_document", buggy)
    stop_runner()   # the next runner is forked from this process as patched
    result, mb = process_document(str(SEEDS[2]), tag=False)
    stop_runner()
    doc = result.document
    assert doc.error_code == CRASH == "E900"
    assert doc.doc_id == file_doc_id(SEEDS[2])
    assert doc.error.startswith("002_be210f0cadcd6921.txt: council-extract crashed on this file "
                                "(IndexError: list index out of range)")
    assert mb > 0
    stored = StoredDocument(doc.doc_id, str(SEEDS[2]), doc.pipeline_version, doc.schema_version, 0, None,
                            doc.error, doc.error_code)
    assert needs_run(stored, force=False)  # our own crashes are retried; bad input is not
    assert not needs_run(StoredDocument(doc.doc_id, "", doc.pipeline_version, doc.schema_version, 0, None,
                                        "x: empty", "E105"), force=False)


KILL_ARCHIVE_FILES = 150  # 30 copies per seed: a few seconds of work, so a kill lands mid-run


@pytest.fixture(scope="module")
def kill_archive(tmp_path_factory) -> tuple[Path, list[str], Path]:
    """An archive (copies + data/raw + an empty file), the run command, and an uninterrupted run's output."""
    root = tmp_path_factory.mktemp("kill")
    archive = make_archive(root / "archive", KILL_ARCHIVE_FILES)
    shutil.copytree(RAW, archive / "raw")
    (archive / "raw" / "empty.txt").write_bytes(b"")
    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(archive), "--workers", "2", "--no-progress"]
    whole = subprocess.run([*cmd, "--out", str(root / "whole")], capture_output=True, text=True, check=True)
    assert f"{KILL_ARCHIVE_FILES + 6} files: {KILL_ARCHIVE_FILES + 5} ok, 1 failed, 0 skipped" in whole.stdout
    return archive, cmd, root / "whole"


@pytest.mark.parametrize("kill_after", [1, 60])
def test_kill_and_resume_gives_the_rows_of_an_uninterrupted_run(kill_archive, tmp_path: Path, kill_after: int) -> None:
    """SIGKILL a real `council-extract run` (and its workers) mid-batch, re-run, compare row for row."""
    archive, cmd, whole = kill_archive
    total = KILL_ARCHIVE_FILES + 6
    out = tmp_path / "killed"
    proc = subprocess.Popen([*cmd, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while len(table_files(out / "documents")) < kill_after and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: the CLI, its forkserver and the workers
    assert proc.wait() == -signal.SIGKILL
    committed = len(table_files(out / "documents"))
    assert kill_after <= committed < total, "the run finished before the kill; make the archive bigger"

    resumed = subprocess.run([*cmd, "--out", str(out)], capture_output=True, text=True, check=True)
    ok, failed, skipped = map(int, re.match(rf"{total} files: (\d+) ok, (\d+) failed, (\d+) skipped",
                                             resumed.stdout).groups())
    # failed counts the empty file whether it failed now or before the kill (then unchanged since).
    assert ok + failed + skipped == total
    assert ok + failed == total - committed + ("unchanged since an earlier run" in resumed.stdout)
    for table in ("documents", "records", "entities"):
        assert comparable(out, table) == comparable(whole, table)
    assert read_table(out, "records").num_rows == (KILL_ARCHIVE_FILES // 5 + 1) * 105
    assert not (out / ".tmp").exists()
    # No orphan files: every records/entities file belongs to a committed document.
    committed_ids = {p.stem for p in table_files(out / "documents")}
    for table in ("records", "entities"):
        assert {p.stem for p in table_files(out / table)} <= committed_ids


def test_a_worker_killed_mid_document_is_replaced_and_its_documents_rerun(tmp_path: Path) -> None:
    """SIGKILL the process running a slow PDF (a runner under a pool worker): it is tried again, nothing is lost."""
    import threading

    import psutil

    folder = tmp_path / "in"
    shutil.copytree(RAW, folder)
    slow = sorted((REPO_DATA / "pdf").glob("seed-003-*.pdf"))  # ~3 s each: time to find the worker
    for pdf in slow:
        shutil.copy(pdf, folder / pdf.name)
    box: dict = {}
    runner = threading.Thread(target=lambda: box.update(summary=run_batch([folder], tmp_path / "out", workers=2)))
    runner.start()
    me = psutil.Process()
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline:
        # Documents run in runners, the pool workers' children; kill one that is busy (using CPU).
        workers = [p for p in me.children(recursive=True) if p.ppid() != me.pid]
        busy = [p for p in workers if p.cpu_percent(interval=0.05) > 20]
        victim = busy[0] if busy else None
    assert victim is not None
    victim.kill()
    runner.join(timeout=180)
    summary = box["summary"]
    assert (summary.files, summary.ok, summary.failed) == (7, 7, 0)
    assert summary.records == 105 + 2 * 28  # both PDF renderings of seed 003 hold its 28 records
    assert read_table(tmp_path / "out", "documents").num_rows == 7

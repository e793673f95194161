"""Hostile and awkward inputs: no file may stall, crash or exhaust a batch (issue 10).

Inputs are ``../shared/hostile/`` (its tar files extracted with ``tar -xpf``) and variants of each
kind written by ``tests/data/make_hostile.py`` (other sizes and formats).  Every input path must
end as a documents row or a counted, named skip; limits give coded rows (E106 too large, E107
timed out, E108 over the memory ceiling, E109 unreadable); faults give one line and exit status 2;
killing the CLI leaves no process behind.  Timings are measured by benchmarks/attack.py, never here.

Unreadable paths need a user the file permissions apply to: the CLI runs as root without the
capabilities that override them (``setpriv``); the test is skipped, saying why, where that is impossible.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
from conftest import RAW, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data import make_hostile
from extractors import FileTooLarge, Settings
from extractors.html import MAX_TABLE_COLUMNS, SPAN_SLACK, html_to_layout
from pipeline.batch import plan_batch, process_document, run_batch, walk_inputs
from pipeline.guard import DIED, DONE, OVER_MEMORY, TIMED_OUT, run_guarded, stop_runner
from pipeline.run import run_document
from pipeline.store import OutputNotWritable, open_store, read_table, table_files

HOSTILE = SHARED / "hostile"
DROP_FILE_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                       "--inh-caps=-dac_override,-dac_read_search"]
CLI = [sys.executable, "-m", "pipeline.cli", "run", "--no-progress", "--workers", "2"]
CEILING_MB = 2048


def can_drop_file_overrides() -> str | None:
    """Return why unreadable files cannot be tested here, or None."""
    if os.geteuid() != 0:
        return None if os.access("/", os.R_OK) else "no permissions to test"
    if shutil.which("setpriv") is None:
        return "setpriv (util-linux) is missing: root would read the unreadable files anyway"
    return None


def cli(*args: str, unprivileged: bool = False, **kw) -> subprocess.CompletedProcess:
    prefix = DROP_FILE_OVERRIDES if unprivileged and os.geteuid() == 0 else []
    return subprocess.run([*prefix, *CLI, *args], capture_output=True, text=True, check=False, **kw)


def extract_hostile(dest: Path) -> Path:
    """../shared/hostile with its tar files extracted (as root, permissions kept: tar -xpf)."""
    dest.mkdir()
    for item in sorted(HOSTILE.iterdir()):
        if item.suffix == ".tar":
            subprocess.run(["tar", "-xpf", str(item), "-C", str(dest)], check=True)
        elif item.name != "README.md":
            shutil.copy(item, dest / item.name)
            (dest / item.name).chmod(0o644)
    return dest


def documents(out: Path) -> dict[str, dict]:
    return {d["source_path"]: d for d in read_table(out, "documents").to_pylist()}


def not_run(stdout: str) -> str:
    """The summary's "paths not run" block."""
    block = re.search(r"\d+ paths not run:\n((?:  .*\n)+)", stdout)
    return block.group(1) if block else ""


def content_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# ------------------------------------------------------------------------------------------------
# The whole set: shared/hostile plus the variants, through the real CLI as a user files bind.

@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory) -> tuple[Path, Path, subprocess.CompletedProcess, float]:
    why = can_drop_file_overrides()
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("hostile")
    inputs = extract_hostile(root / "in")
    make_hostile.write_all(inputs / "variants")
    out = root / "out"
    peak = {"mb": 0.0}
    proc = subprocess.Popen([*DROP_FILE_OVERRIDES, *CLI, str(inputs), "--out", str(out), "--max-seconds", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    me = psutil.Process(proc.pid)
    while proc.poll() is None:      # sample every process of the run: none may pass the ceiling
        for p in [me, *me.children(recursive=True)]:
            try:
                peak["mb"] = max(peak["mb"], p.memory_info().rss / 2**20)
            except psutil.Error:
                pass
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    return inputs, out, subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr), peak["mb"]


@pytest.mark.slow
def test_every_hostile_input_gets_a_row_or_a_named_skip(hostile_run) -> None:
    inputs, out, result, peak_mb = hostile_run
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr == ""      # library logging went into the documents rows
    assert peak_mb < CEILING_MB
    rows = documents(out)
    skipped = not_run(result.stdout)
    duplicates = int(m.group(1)) if (m := re.search(r"(\d+) files skipped as byte-identical", result.stdout)) else 0
    lost = [p for p in make_hostile.input_paths(inputs) if make_hostile.printable(p) not in rows and make_hostile.printable(p) not in skipped]
    # Byte-identical copies share one row (the summary counts them); nothing else may be missing.
    assert len(lost) == duplicates, lost
    with_rows = {content_hash(Path(os.fsdecode(codecs.escape_decode(p.encode())[0]))) for p in rows}  # unescape \xNN
    assert all(content_hash(p) in with_rows for p in lost), lost
    headline = result.stdout.splitlines()[0]
    assert re.fullmatch(rf"\d+ files: \d+ ok, \d+ failed, 0 skipped \(unchanged\), \d+ records -> {out}", headline)


@pytest.mark.slow
def test_hostile_kinds_end_as_they_should(hostile_run) -> None:
    inputs, out, result, _ = hostile_run
    rows = documents(out)

    def row(rel: str) -> dict:
        return rows[make_hostile.printable(inputs / rel)]

    # Zip bombs: refused from the zip directory.
    assert row("hostile-zipbomb-split.docx")["error_code"] == "E106"
    assert row("variants/docx-split-zip-bomb/split-zip-bomb-45x2MB.docx")["error_code"] == "E106"
    # rowspan="0": the table read within bounds, what was cut said.
    span = row("hostile-rowspan0-2000.html")
    assert span["error_code"] in (None, "E110") and any(w.startswith("W106 ") for w in span["warnings"])
    # Nesting: read to a depth, or refused before parsing.
    assert any(w.startswith("W108 ") for w in row("variants/html-nested-tables/nested-tables-40.html")["warnings"])
    assert row("variants/html-nested-tables/nested-tables-3000.html")["error_code"] == "E106"
    assert row("variants/html-deep-nesting/nested-divs-20000.html")["error_code"] == "E106"
    assert row("variants/html-parse-memory/many-elements-1100000.html")["error_code"] == "E106"
    # Entities: nothing read from outside, the text after the reference kept, a warning says so.
    xxe = row("hostile-xxe-canary.docx")
    assert xxe["error"] is None and any(w.startswith("W107 1 entity references (&xxe;)") for w in xxe["warnings"])
    records = read_table(out, "records").to_pylist()
    assert any("MARKA[]MARKB Increase understanding" in r["action"] for r in records)
    assert not any(make_hostile.CANARY in str(r) for r in records if r["source_file"] == "entity-references.docx")
    # Names that are not UTF-8: a row under the escaped name, and the run went on past it.
    assert row("names_bad/latin1-\\xe9t\\xe9.txt")["n_records"] > 0
    assert row("variants/names-not-utf8/caf\\xe9-folder/r\\xe9port-\\xff.txt")["n_records"] == 11
    # Special files never opened, each named with what it is.
    skipped = not_run(result.stdout)
    assert f"not a regular file: a named pipe (FIFO): {inputs / 'fifo' / 'pipe.txt'}" in skipped
    assert "not a regular file: a socket: " in skipped and "not a regular file: a character device: " in skipped
    assert "symlink loop: " in skipped and "symlink to nothing (dangling): " in skipped
    assert "symlink to a folder, not followed" in skipped
    # Unreadable: the file has an E109 row, the folder is named.
    assert row("unreadable/secret.txt")["error_code"] == "E109"
    assert row("variants/unreadable/secret-report.txt")["error_code"] == "E109"
    assert f"folder could not be read (Permission denied): {inputs / 'unreadable' / 'lockeddir'}" in skipped
    # Damaged PDF streams: a row; pdfminer's "Data-loss" lines are W120 warnings, not printed.
    spam = row("variants/pdf-damaged-streams/checksum-damaged-40-pages.pdf")
    assert any(w.startswith("W120 40 messages from pdfminer") for w in spam["warnings"])
    assert "damaged-streams.pdf" in str(rows)
    # The grid PDF is read, refused as too dense (E106) or stopped at the deadline, never left running.
    assert row("hostile-grid200-words40k.pdf")["error_code"] in (None, "E106", "E107", "E110")


@pytest.mark.slow
def test_a_second_run_retries_no_failure_and_lists_them_once(hostile_run, tmp_path: Path) -> None:
    inputs, out, first, _ = hostile_run
    again = cli(str(inputs), "--out", str(out), "--max-seconds", "60", unprivileged=True)
    assert again.returncode == 0, again.stderr
    head = again.stdout.splitlines()[0]
    ok, failed, _ = map(int, re.search(r"(\d+) ok, (\d+) failed, (\d+) skipped", head).groups())
    assert (ok, failed) == (0, 0)   # nothing changed, nothing is run again: no bomb goes off twice
    first_failed = int(re.search(r"(\d+) failed,", first.stdout).group(1))
    # the headline counts what ran (issue 20); the earlier failures are skipped, said so, and listed once
    assert f"{first_failed} of them failed before)" in head
    assert f"{first_failed} failed, by error code" in again.stdout


# ------------------------------------------------------------------------------------------------
# Limits: the guarded one-document function, the process pool and Dask.

def hog(mb: int) -> int:
    block = bytearray(mb * 2**20)
    for i in range(0, len(block), 4096):
        block[i] = 1
    return len(block)


def spin() -> None:
    while True:
        pass


def test_the_guard_stops_a_call_at_the_deadline_and_at_the_memory_ceiling() -> None:
    assert run_guarded(hog, 50, max_seconds=30, max_memory_mb=1024).outcome == DONE
    over = run_guarded(hog, 3000, max_seconds=30, max_memory_mb=400)
    assert over.outcome == OVER_MEMORY and 400 < over.peak_mb < 1000
    late = run_guarded(spin, max_seconds=0.5, max_memory_mb=1024)
    assert late.outcome == TIMED_OUT and late.seconds < 5


def kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_runner_killed_from_outside_is_reported_as_died() -> None:
    died = run_guarded(kill_self, max_seconds=5, max_memory_mb=1024)
    assert died.outcome == DIED and died.detail == "was killed by SIGKILL"
    assert run_guarded(sum, [2, 3], max_seconds=5, max_memory_mb=1024).value == 5   # a fresh runner


def test_a_document_over_the_memory_ceiling_gets_an_E108_row(monkeypatch) -> None:
    def greedy(path, settings=None, *, tag=True):
        hog(3000)

    monkeypatch.setattr("pipeline.batch.run_document", greedy)
    stop_runner()
    result, mb = process_document(str(RAW / "002_be210f0cadcd6921.txt"), Settings(max_memory_mb=500), tag=False)
    stop_runner()
    doc = result.document
    assert doc.error_code == "E108" and 500 < mb < 1500
    assert re.fullmatch(r"002_be210f0cadcd6921\.txt: stopped at \d+ MB, over the 500 MB memory ceiling per document; "
                        r"it is not retried while unchanged: raise --max-memory-mb and run it again with --retry-failed",
                        doc.error)


@pytest.fixture(scope="module")
def slow_html(tmp_path_factory) -> Path:
    """A page that takes seconds (a 20,000-row table): over a deadline of 1 s."""
    folder = tmp_path_factory.mktemp("slow")
    make_hostile.write_rowspan0(folder, scale=20)
    (folder / "rowspan0-tbody-20000.html").unlink()
    return folder


@pytest.mark.parametrize("backend", [[], pytest.param(["--dask-local"], marks=pytest.mark.slow)],
                         ids=["processes", "dask"])
def test_a_document_past_the_deadline_gets_an_E107_row_and_is_not_retried(slow_html: Path, tmp_path: Path,
                                                                         backend: list[str]) -> None:
    out = tmp_path / "out"
    first = cli(str(slow_html), str(RAW / "002_be210f0cadcd6921.txt"), "--out", str(out), "--max-seconds", "1",
                *backend)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == f"2 files: 1 ok, 1 failed, 0 skipped (unchanged), 11 records -> {out}"
    assert f"  E107  1 file, e.g. {slow_html / 'rowspan0-20000.html'}: stopped after 1 s, the time limit per " \
           "document; it is not retried while unchanged: raise --max-seconds and run it again with --retry-failed" \
           in first.stdout.splitlines()
    again = cli(str(slow_html), "--out", str(out), "--max-seconds", "1", "--strict")
    assert again.returncode == 1
    assert again.stdout.splitlines()[0] == \
        f"1 file: 0 ok, 0 failed, 1 skipped (unchanged, 1 of them failed before), 0 records -> {out}"
    assert "(1 unchanged since an earlier run)" in again.stdout


@pytest.mark.slow  # waits out a deadline, then reruns with a longer one
def test_retry_failed_runs_a_timed_out_file_again_with_a_new_limit(slow_html: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([slow_html], out, workers=1, settings=Settings(max_seconds=1), tag=False)
    assert [f.error_code for f in summary.failures] == ["E107"]
    retried = run_batch([slow_html], out, workers=1, retry_failed=True, settings=Settings(max_seconds=600), tag=False)
    assert (retried.ok, retried.failed) == (1, 0)


# ------------------------------------------------------------------------------------------------
# Paths: every input path a row or a named skip.

def test_special_files_and_symlinks_are_named_skips_and_never_opened(tmp_path: Path) -> None:
    made = make_hostile.write_special_files(tmp_path, 1) + make_hostile.write_symlinks(tmp_path, 1)
    walk = walk_inputs([tmp_path])
    reasons = {Path(s.path).name: s.reason for s in walk.skips}
    assert reasons == {
        "pipe-report.txt": "not a regular file: a named pipe (FIFO)",
        "socket-report.html": "not a regular file: a socket",
        "device-report.pdf": "not a regular file: a character device",
        "loop-a.txt": "symlink loop", "loop-b.txt": "symlink loop",
        "dangling.docx": "symlink to nothing (dangling)",
        "linked-folder": "symlink to a folder, not followed (name the folder to run it)",
    }
    assert walk.files == (made[6],)     # real-folder/inside.txt, once (not again through the link)
    # Named on the command line, a FIFO is a skip too (it would block the run before any file).
    assert [s.reason for s in walk_inputs([tmp_path / "pipe-report.txt"]).skips] == [
        "not a regular file: a named pipe (FIFO)"]


def test_a_file_that_vanishes_after_the_walk_gets_an_E109_row(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    shutil.copy(RAW / "002_be210f0cadcd6921.txt", report)
    walk = walk_inputs([tmp_path])
    report.unlink()
    plan = plan_batch(walk.files, {})
    [row] = [r.document for r in plan.unreadable]
    assert (row.source_file, row.error_code) == ("report.txt", "E109")
    assert row.error == "report.txt: cannot be read (No such file or directory); check that it still exists and " \
                        "that this user may read it"
    # And one that vanishes while it runs.
    assert run_document(report).document.error_code == "E109"


def test_a_moved_file_keeps_its_rows_under_the_new_path(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW / "002_be210f0cadcd6921.txt", folder / "old-name.txt")
    out = tmp_path / "out"
    run_batch([folder], out, workers=1, tag=False)
    (folder / "old-name.txt").rename(folder / "new-name.txt")
    summary = run_batch([folder], out, workers=1, tag=False)
    assert (summary.ok, summary.skipped, summary.renamed, summary.removed) == (0, 1, 1, 0)
    [doc] = read_table(out, "documents").to_pylist()
    assert (doc["source_file"], doc["source_path"]) == ("new-name.txt", str(folder / "new-name.txt"))
    assert set(read_table(out, "records").column("source_file").to_pylist()) == {"new-name.txt"}


def test_a_copied_file_is_not_called_moved_and_keeps_the_stored_path(tmp_path: Path) -> None:
    """Running a copy in another folder while the original is still there: a skip, and the rows keep
    the original path (a new user saw "1 documents moved or renamed" for a plain copy)."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(RAW / "002_be210f0cadcd6921.txt", first / "plan.txt")
    shutil.copy(RAW / "002_be210f0cadcd6921.txt", second / "plan-copy.txt")
    out = tmp_path / "out"
    run_batch([first], out, workers=1, tag=False)
    summary = run_batch([second], out, workers=1, tag=False)
    assert (summary.ok, summary.skipped, summary.renamed, summary.copies) == (0, 1, 0, 1)
    assert "1 file skipped: the same content is already stored from another path" in "\n".join(summary.lines())
    [doc] = read_table(out, "documents").to_pylist()
    assert doc["source_path"] == str(first / "plan.txt")


# ------------------------------------------------------------------------------------------------
# Faults: one line, exit 2, no half-written Parquet; no process left behind.

@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 300 kB tmpfs (root only): room for a few documents, then ENOSPC."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=300k", "tmpfs", str(mount)], check=False,
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (CAP_SYS_ADMIN) to fill a real disk")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def every_parquet_file_reads(out: Path) -> int:
    files = [f for table in ("documents", "records", "entities") for f in table_files(out / table)]
    for f in files:
        pq.read_table(f)
    return len(files)


def test_a_full_disk_ends_in_one_line_and_exit_2(tiny_disk: Path, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    for i in range(40):
        (archive / f"{i:02d}.txt").write_bytes((RAW / "003_8ba6588832b7b595.txt").read_bytes() + b"\n" * i)
    result = cli(str(archive), "--out", str(tiny_disk / "out"))
    assert result.returncode == 2
    assert result.stderr == (f"Error: cannot write the dataset in {tiny_disk / 'out'}: no space left on the device; "
                             "free some space or choose another --out folder; then run the same command again "
                             "(finished documents are kept)\n")
    assert every_parquet_file_reads(tiny_disk / "out") > 0      # never a half-written file
    assert not (tiny_disk / "out" / ".tmp").exists()


def test_a_read_only_output_ends_in_one_line_and_exit_2(tiny_disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    result = cli(str(RAW), "--out", str(tiny_disk / "out"))
    assert result.returncode == 2
    assert result.stderr == (f"Error: cannot write the dataset in {tiny_disk / 'out'}: the file system is read-only; "
                             "choose a writable --out folder; then run the same command again (finished documents "
                             "are kept)\n")


def test_permission_denied_on_the_output_ends_in_one_line_and_exit_2(tmp_path: Path) -> None:
    why = can_drop_file_overrides()
    if why:
        pytest.skip(why)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = cli(str(RAW), "--out", str(locked / "out"), unprivileged=True)
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: cannot write the dataset in {locked / 'out'}: permission denied; ")
    assert "Traceback" not in result.stderr


def test_open_store_reports_the_cause_of_a_write_fault(tmp_path: Path, monkeypatch) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    with open_store(tmp_path / "out") as store:
        monkeypatch.setattr("pipeline.store.pq.write_table", full)
        with pytest.raises(OutputNotWritable, match="no space left on the device"):
            store.write_result(run_document(RAW / "002_be210f0cadcd6921.txt", tag=False))
        assert list(store.tmp_dir.iterdir()) == []


def descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


@pytest.mark.parametrize("sig", [
    signal.SIGKILL,
    pytest.param(signal.SIGTERM, marks=pytest.mark.slow),
    pytest.param(signal.SIGINT, marks=pytest.mark.slow),
], ids=["SIGKILL", "SIGTERM", "SIGINT"])
def test_killing_the_cli_leaves_no_process_behind(slow_html: Path, tmp_path: Path, sig: int) -> None:
    """Only the CLI is signalled (not its process group): its workers and runners must follow it."""
    # A shell's background job (`pytest ... &`) runs with SIGINT ignored and its children inherit that,
    # so Ctrl-C could never reach the CLI: start it as a terminal would, with SIGINT at its default.
    proc = subprocess.Popen([*CLI, str(slow_html), str(RAW), "--out", str(tmp_path / "out")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    family: list[psutil.Process] = []
    while time.monotonic() < deadline:     # wait until workers and at least one runner exist
        family = descendants(proc.pid)
        if any(p.ppid() != proc.pid for p in family):
            break
        time.sleep(0.1)
    assert any(p.ppid() != proc.pid for p in family), "no runner started"
    family = descendants(proc.pid)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    _, alive = psutil.wait_procs(family, timeout=15)
    assert alive == []
    if sig != signal.SIGKILL:
        assert proc.returncode == 130
        assert "Traceback" not in stderr
        assert stderr.endswith("run the same command again to go on from there\n")


# ------------------------------------------------------------------------------------------------
# Generated HTML: spans and nesting never ask for more than the page holds.

SPANS = st.sampled_from(["0", "1", "2", "3", "1000", "65534", "-1", "x", ""])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(SPANS, SPANS), min_size=1, max_size=6), min_size=1, max_size=40),
       st.integers(min_value=0, max_value=14))
def test_generated_span_tables_stay_within_the_table(rows, depth) -> None:
    body = "".join(
        "<tr>" + "".join(f'<td rowspan="{r}" colspan="{c}">c{i}.{j}</td>' for j, (r, c) in enumerate(row)) + "</tr>"
        for i, row in enumerate(rows)
    )
    nested = "<table><tr><td>n" * depth + "</td></tr></table>" * depth
    layout = html_to_layout(f"<html><body><table>{body}</table>{nested}</body></html>".encode())
    own_width = max(sum(min(max(int(c) if c.isdigit() and int(c) else 1, 1), MAX_TABLE_COLUMNS) for _, c in row)
                    for row in rows)
    for table in layout.tables():
        assert len(table.rows) <= len(rows)
        assert table.n_cols <= min(MAX_TABLE_COLUMNS, SPAN_SLACK * max(own_width, 1))
    texts = set(layout.texts())
    assert all(t in {f"c{i}.{j}" for i, row in enumerate(rows) for j in range(len(row))} | {"", "n", *texts}
               for t in texts)


def test_a_page_whose_parse_needs_more_than_the_ceiling_is_refused_before_parsing(tmp_path: Path) -> None:
    [path] = make_hostile.write_big_parse(tmp_path, 1)
    with pytest.raises(FileTooLarge, match=r"many-elements-1100000\.html: reading this page would need about "
                                           r"\d+ MB \(9 MB of HTML\), more than the 1024 MB a parse may use under "
                                           r"the 2048 MB memory ceiling; split the page or raise --max-memory-mb"):
        html_to_layout(path.read_bytes(), source=path)


def test_damaged_content_streams_are_reported_as_damaged_not_as_a_scan(tmp_path: Path) -> None:
    """Flate streams that do not decompress give no text, like a scan; the message says what it is."""
    path = tmp_path / "damaged-streams.pdf"
    path.write_bytes(make_hostile.pdf_bytes([make_hostile._page_text(1), make_hostile._page_text(2)], damage="stream"))
    result = run_document(path, tag=False)
    assert result.document.error_code == "E102"
    assert "content streams are damaged" in result.document.error and "OCR" not in result.document.error

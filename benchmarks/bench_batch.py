"""Benchmark batch runs over an archive of >= 1,000 reports built by copying the corpus.

The archive (benchmarks/archive/, git-ignored) holds every text, PDF, HTML and DOCX file of
shared/corpus/seeds, shared/corpus/public and tests/data, copied round-robin into year/council
folders until it has ``--files`` files.  Copy k of a file ends with k extra newline bytes: the
content hash (doc_id) differs, so each copy is really run (identical bytes would be skipped as
duplicates), while what the extractors read is unchanged.

Each configuration runs the real CLI in a subprocess on a fresh output folder (Python start-up
included) and reports documents/s, pages/s and the peak RSS of the largest worker; then the
2-worker run is repeated on the unchanged archive, which must take < 5% of the first run.

    .venv/bin/python benchmarks/bench_batch.py                 # 1,000 files, all configurations
    .venv/bin/python benchmarks/bench_batch.py --files 200 --configs processes-2
    .venv/bin/python benchmarks/bench_batch.py --configs "" --kill-test 300   # SIGKILL + resume on real PDFs

Results: printed as a table and written to benchmarks/out/results.json and kill_test.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ARCHIVE = REPO / "benchmarks" / "archive"
OUT = REPO / "benchmarks" / "out"
SUFFIXES = {".txt", ".pdf", ".html", ".htm", ".docx"}
YEARS = tuple(range(2013, 2025))
COUNCILS = (
    "maidstone", "tunbridge-wells", "sevenoaks", "swale", "ashford", "dartford", "gravesham",
    "medway", "canterbury", "dover", "folkestone-hythe", "thanet", "tonbridge-malling",
)
CONFIGS = {
    "processes-1": ["--workers", "1"],
    "processes-2": ["--workers", "2"],
    "dask-local-2": ["--dask-local", "--workers", "2"],
}
DEFAULT_ORDER = "processes-2,dask-local-2,processes-1"  # slowest last


def corpus_sources() -> list[Path]:
    """Return every report-format file of the corpus and the test data, in a fixed order."""
    roots = [SHARED / "corpus" / "seeds", SHARED / "corpus" / "public", REPO / "tests" / "data"]
    return [
        p for root in roots for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix.lower() in SUFFIXES
    ]


def build_archive(dest: Path, n_files: int) -> list[Path]:
    """Copy the corpus round-robin into dest/<year>/<council>/ until it holds ``n_files`` distinct files."""
    sources = corpus_sources()
    manifest = dest / ".manifest.json"
    wanted = {"files": n_files, "sources": [str(p) for p in sources]}
    if manifest.exists() and json.loads(manifest.read_text()) == wanted:
        return sorted(p for p in dest.rglob("*") if p.is_file() and not p.name.startswith("."))
    shutil.rmtree(dest, ignore_errors=True)
    written = []
    for i in range(n_files):
        source = sources[i % len(sources)]
        copy_no = i // len(sources)
        folder = dest / str(YEARS[i % len(YEARS)]) / COUNCILS[i % len(COUNCILS)]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:05d}-{source.name}"
        path.write_bytes(source.read_bytes() + b"\n" * (1 + copy_no))
        written.append(path)
    manifest.write_text(json.dumps(wanted))
    return sorted(written)


def run_cli(archive: Path, out: Path, extra: list[str]) -> tuple[float, float, str]:
    """Run `council-extract run` in a subprocess; return (wall seconds, CPU seconds of it and its workers, stdout).

    CPU seconds (user + system of the CLI and every worker, sampled with psutil every 0.2 s) do not
    depend on what else the machine is doing; wall seconds do.
    """
    import psutil

    cmd = [sys.executable, "-m", "pipeline.cli", "run", str(archive), "--out", str(out), "--no-progress", *extra]
    cpu_by_pid: dict[int, float] = {}
    # Output goes to files, not pipes: nobody reads a pipe while the run goes, and a full one blocks it.
    stdout_file, stderr_file = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    t0 = time.perf_counter()
    with subprocess.Popen(cmd, stdout=stdout_file, stderr=stderr_file, text=True, cwd=REPO) as proc:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                family = [root, *root.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            for p in family:
                try:
                    t = p.cpu_times()
                    cpu_by_pid[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            time.sleep(0.2)
        proc.wait()
    seconds = time.perf_counter() - t0
    stdout_file.seek(0)
    stderr_file.seek(0)
    stdout, stderr = stdout_file.read(), stderr_file.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{stderr[-2000:]}")
    return seconds, sum(cpu_by_pid.values()), stdout


def kill_and_resume(files: list[Path], kill_at: float = 0.4) -> dict:
    """SIGKILL a 2-worker run once ``kill_at`` of the files are committed, re-run it, compare with an uninterrupted run."""
    import signal

    from pipeline.store import read_table, table_files

    whole, killed = OUT / "kill-whole", OUT / "kill-resumed"
    for out in (whole, killed):
        shutil.rmtree(out, ignore_errors=True)
    base = [sys.executable, "-m", "pipeline.cli", "run", *map(str, files), "--workers", "2", "--no-progress"]
    subprocess.run([*base, "--out", str(whole)], check=True, capture_output=True, cwd=REPO)
    proc = subprocess.Popen([*base, "--out", str(killed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=REPO, start_new_session=True)
    while len(table_files(killed / "documents")) < kill_at * len(files) and proc.poll() is None:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    committed = len(table_files(killed / "documents"))
    subprocess.run([*base, "--out", str(killed)], check=True, capture_output=True, cwd=REPO)

    def rows(out: Path, table: str) -> list[str]:
        t = read_table(out, table)
        t = t.drop_columns([c for c in ("processed_at", "seconds") if c in t.column_names])
        return sorted(json.dumps(r, default=str, sort_keys=True) for r in t.to_pylist())

    same = {table: rows(whole, table) == rows(killed, table) for table in ("documents", "records", "entities")}
    return {"files": len(files), "killed_with_committed": committed, "returncode": proc.returncode,
            "identical_after_resume": same}


def dataset_totals(out: Path) -> dict:
    """Documents, failures, pages, records and entities in the output folder."""
    from pipeline.store import read_table

    docs = read_table(out, "documents", ["pages", "error", "n_records"]).to_pylist()
    return {
        "documents": len(docs),
        "failed": sum(d["error"] is not None for d in docs),
        "pages": sum(d["pages"] or 0 for d in docs),
        "records": sum(d["n_records"] for d in docs),
        "entities": read_table(out, "entities", ["record_id"]).num_rows,
    }


def peak_mb(stdout: str) -> float | None:
    match = re.search(r"peak (\d+) MB per worker", stdout)
    return float(match.group(1)) if match else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=1000, help="archive size (default 1000)")
    parser.add_argument("--kill-test", type=int, default=0, metavar="N",
                        help="also SIGKILL and resume a run over the first N archive files, then compare")
    parser.add_argument("--configs", default=DEFAULT_ORDER, help=f"comma-separated, from {', '.join(CONFIGS)}; \"\" for none")
    args = parser.parse_args()

    files = build_archive(ARCHIVE, args.files)
    size_mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"archive: {len(files)} files, {size_mb:.0f} MB, {len(corpus_sources())} distinct sources -> {ARCHIVE}")
    OUT.mkdir(parents=True, exist_ok=True)
    results = {
        "archive_files": len(files), "archive_mb": round(size_mb, 1),
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "load_average_at_start": os.getloadavg(), "runs": [],
    }
    if args.kill_test:
        kill = kill_and_resume(files[: args.kill_test])
        print(json.dumps(kill), flush=True)
        (OUT / "kill_test.json").write_text(json.dumps(kill, indent=2))
        if not all(kill["identical_after_resume"].values()):
            raise SystemExit("FAIL: the resumed run differs from the uninterrupted one")
    for name in [c for c in args.configs.split(",") if c]:
        out = OUT / name
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        seconds, cpu, stdout = run_cli(ARCHIVE, out, CONFIGS[name])
        totals = dataset_totals(out)
        row = {
            "config": name, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1), **totals,
            "docs_per_s": round(totals["documents"] / seconds, 2),
            "pages_per_s": round(totals["pages"] / seconds, 2),
            "pages_per_cpu_s": round(totals["pages"] / cpu, 2),
            "peak_worker_mb": peak_mb(stdout),
            "load_average": [round(load, 1), round(os.getloadavg()[0], 1)],  # at start and end
        }
        results["runs"].append(row)
        print(json.dumps(row), flush=True)
        if "second_run" not in results:
            # The first configuration again over the unchanged archive: everything is skipped.
            again, again_cpu, stdout = run_cli(ARCHIVE, out, CONFIGS[name])
            skipped = re.search(r"(\d+) skipped", stdout)
            results["second_run"] = {
                "config": name, "seconds": round(again, 2),
                "skipped": int(skipped.group(1)) if skipped else None,
                "percent_of_first": round(100 * again / seconds, 2),
                "cpu_seconds": round(again_cpu, 2),
            }
            print(json.dumps(results["second_run"]), flush=True)
        (OUT / "results.json").write_text(json.dumps(results, indent=2))
    if not results["runs"]:
        return
    second = results["second_run"]
    print("\n| config | docs | pages | wall s | CPU s | docs/s | pages/s | pages/CPU-s | peak MB/worker | load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in results["runs"]:
        print(f"| {r['config']} | {r['documents']} | {r['pages']} | {r['seconds']} | {r['cpu_seconds']} | "
              f"{r['docs_per_s']} | {r['pages_per_s']} | {r['pages_per_cpu_s']} | {r['peak_worker_mb']} | "
              f"{r['load_average']} |")
    print(f"\nsecond run over the unchanged archive ({second['config']}): {second['seconds']} s = "
          f"{second['percent_of_first']}% of the first run; {second['skipped']} files skipped")
    if second["percent_of_first"] >= 5:
        raise SystemExit("FAIL: the second run took 5% or more of the first run's time")


if __name__ == "__main__":
    main()

"""Benchmark a one-file run from a cold start: ``council-extract run one.pdf`` wall time, as a new user types it.

Each measurement is a fresh subprocess on a fresh output folder (Python start-up, imports, the tagger's
build, the guard's runner fork and the Parquet write all included), repeated ``--repeat`` times; the
median is reported.  In the same run, and as the yardstick the project's benchmarks use, a bare
pdfplumber subprocess opens the same PDF and extracts its words: the ratio of the two says what the
pipeline costs over the PDF library itself, on whatever machine and load the numbers come from.

Configurations: the default (tagging, one file runs in this process), ``--no-tag``, and the process pool
forced with ``--workers 2`` (what one file cost before it ran in-process).  Also timed in-process:
importing the pipeline and building the tagger, the two start-up costs.

    .venv/bin/python benchmarks/bench_startup.py                      # tests/data/new_user/kpi-report-q2.pdf
    .venv/bin/python benchmarks/bench_startup.py --file some.pdf --repeat 7

Results: printed, and written to benchmarks/out/startup.json (git-ignored).  Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
DEFAULT_FILE = REPO / "tests" / "data" / "new_user" / "kpi-report-q2.pdf"
CLI = [sys.executable, "-m", "pipeline.cli"]
BARE = ("import sys, pdfplumber\n"
        "with pdfplumber.open(sys.argv[1]) as pdf:\n"
        "    n = sum(len(p.extract_words()) for p in pdf.pages)\n")
STARTUP = ("import time; t = time.perf_counter()\n"
           "import pipeline.batch, pipeline.store, pipeline.cli\n"
           "t1 = time.perf_counter()\n"
           "from pipeline.nlp import tag_text\n"
           "tag_text('HR and Kent County Council: 56% of staff trained by March 2024', timescale=True)\n"
           "t2 = time.perf_counter()\n"
           "print(t1 - t, t2 - t1)\n")


def wall(cmd: list[str]) -> float:
    """Seconds one subprocess takes, start to exit; raises CalledProcessError (with its stderr) if it fails."""
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=REPO)
    return time.perf_counter() - t0


def one_file_run(path: Path, extra: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return wall([*CLI, "-q", "run", str(path), "--out", str(Path(tmp) / "out"), "--no-progress", *extra])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the PDF to run (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per configuration; the median is kept")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"{args.file} is not a file")
    configs = {"run (default)": [], "run --no-tag": ["--no-tag"], "run --workers 2 (pool)": ["--workers", "2"]}
    results: dict[str, object] = {"file": str(args.file), "repeat": args.repeat, "machine": platform.platform(),
                                  "cpus": os.cpu_count(), "load_avg": os.getloadavg()}
    bare = statistics.median(wall([sys.executable, "-c", BARE, str(args.file)]) for _ in range(args.repeat))
    results["bare pdfplumber"] = bare
    print(f"{'bare pdfplumber (subprocess)':<34} {bare:6.2f} s")
    for name, extra in configs.items():
        seconds = statistics.median(one_file_run(args.file, extra) for _ in range(args.repeat))
        results[name] = seconds
        print(f"{name:<34} {seconds:6.2f} s   {seconds / bare:5.1f}x bare pdfplumber")
    lines = [subprocess.run([sys.executable, "-c", STARTUP], check=True, capture_output=True, text=True,
                            cwd=REPO).stdout.split() for _ in range(args.repeat)]
    imports = statistics.median(float(a) for a, _ in lines)
    tagger = statistics.median(float(b) for _, b in lines)
    results.update({"import pipeline": imports, "build tagger": tagger})
    print(f"{'  of which: import the pipeline':<34} {imports:6.2f} s\n{'            build the tagger':<34} {tagger:6.2f} s")
    print(f"load average {results['load_avg']}, {results['cpus']} CPUs")
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = OUT / "startup.json.tmp"
    tmp.write_text(json.dumps(results, indent=2), encoding="utf-8")
    tmp.replace(OUT / "startup.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

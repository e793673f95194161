"""Benchmark PDF -> Parquet: pages/s on one core, and peak memory against page count.

1. Corpus run: every PDF in shared/corpus/public (MANIFEST.tsv), one process, one core
   (the process is pinned to CPU 0 where the OS allows it): extract (pdfplumber) -> structure ->
   records -> Parquet via pipeline.store.  Reports pages/s for the whole run and for extraction
   alone, and the process's peak RSS.  Target: >= 8 pages/s (pdfplumber alone, tables + text,
   does about 11).
2. Memory against page count: the seed-003 rendering's pages repeated into 25-, 100- and
   400-page PDFs (built with reportlab on first use, cached in benchmarks/out/), each extracted
   in a fresh subprocess; peak RSS must not grow with the page count beyond the Layout that is
   returned (each page is closed after use and pdfminer's object cache is off).

    .venv/bin/python benchmarks/bench_pdf.py                    # both parts
    .venv/bin/python benchmarks/bench_pdf.py --skip-memory      # corpus run only
    .venv/bin/python benchmarks/bench_pdf.py --tag              # include spaCy tagging

Results are printed and written to benchmarks/out/bench_pdf.json (git-ignored).  Speed depends on
the machine and its load: the JSON records the load average at the start.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"
PUBLIC = SHARED / "corpus" / "public"
OUT = REPO / "benchmarks" / "out"
SIZES = (25, 100, 400)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pin_to_one_core() -> str:
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return f"pinned to CPU {min(os.sched_getaffinity(0))}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def public_pdfs() -> list[Path]:
    with (PUBLIC / "MANIFEST.tsv").open(encoding="utf-8") as f:
        return [PUBLIC / r["path"] for r in csv.DictReader(f, delimiter="\t") if r["path"].endswith(".pdf")]


def run_corpus(tag: bool) -> dict:
    """PDF -> Parquet over the public corpus in this process."""
    import extractors.pdf as pdf_module
    from pipeline.run import run_document
    from pipeline.store import open_store

    # Time spent inside the extractor, separately from the whole run.
    extract_seconds = 0.0
    original = pdf_module.pdf_to_layout

    def timed(path, settings):
        nonlocal extract_seconds
        t = time.perf_counter()
        try:
            return original(path, settings)
        finally:
            extract_seconds += time.perf_counter() - t

    pdf_module.pdf_to_layout = timed
    files = public_pdfs()
    out_dir = Path(tempfile.mkdtemp(prefix="bench_pdf_"))
    pages = records = failed = 0
    t0 = time.perf_counter()
    try:
        with open_store(out_dir, durable=False) as store:
            for path in files:
                result = run_document(path, tag=tag)
                store.write_result(result)
                pages += result.document.pages or 0
                records += len(result.records)
                failed += result.document.error is not None and result.document.error_code not in {"E110"}
    finally:
        pdf_module.pdf_to_layout = original
        shutil.rmtree(out_dir, ignore_errors=True)
    seconds = time.perf_counter() - t0
    return {
        "files": len(files), "pages": pages, "records": records, "failed_files": int(failed),
        "seconds": round(seconds, 2), "pages_per_s": round(pages / seconds, 2),
        "extract_seconds": round(extract_seconds, 2), "extract_pages_per_s": round(pages / extract_seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1), "tagging": tag,
    }


def long_pdf(n_pages: int) -> Path:
    """A council-style PDF of about ``n_pages`` pages: the seed-003 improvement report, repeated."""
    dest = OUT / f"long-{n_pages}.pdf"
    if dest.exists():
        return dest
    sys.path.insert(0, str(REPO / "tests" / "data"))
    import json as _json

    import make_pdf  # tests/data/make_pdf.py: the seed renderer

    gold = _json.loads((make_pdf.SEEDS / "003_8ba6588832b7b595.json").read_text(encoding="utf-8"))
    spec = make_pdf.seed_003(gold)
    table = next(b for b in spec.blocks if isinstance(b, make_pdf.TableSpec))
    per_copy = 9  # pages of one copy in the ruled layout
    copies = max(1, round(n_pages / per_copy))
    table.rows = table.rows * copies
    OUT.mkdir(parents=True, exist_ok=True)
    make_pdf.doc_to_pdf(spec, dest, ruled=True)
    return dest


CHILD = """
import resource, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from extractors.pdf import PdfExtractor
from extractors.base import Settings
t = time.perf_counter()
layout = PdfExtractor().extract(Path({path!r}), Settings())
s = time.perf_counter() - t
import pickle
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (big) parent process.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
mb = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(layout.pages, round(s, 2), round(mb, 1),
      round(len(pickle.dumps(layout)) / 1e6, 2))
"""


def run_memory() -> list[dict]:
    rows = []
    for n in SIZES:
        path = long_pdf(n)
        code = CHILD.format(repo=str(REPO), path=str(path))
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
        pages, seconds, mb, layout_mb = int(out[0]), float(out[1]), float(out[2]), float(out[3])
        rows.append({"pages": pages, "seconds": seconds, "pages_per_s": round(pages / seconds, 2), "peak_rss_mb": mb,
                     "file_mb": round(path.stat().st_size / 1e6, 2), "layout_pickle_mb": layout_mb})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tag", action="store_true", help="include spaCy tagging in the corpus run")
    parser.add_argument("--skip-memory", action="store_true", help="skip the memory-vs-page-count part")
    parser.add_argument("--skip-corpus", action="store_true", help="skip the corpus run")
    args = parser.parse_args()
    result: dict = {
        "machine": platform.platform(), "python": platform.python_version(),
        "load_average": os.getloadavg(), "cpu": pin_to_one_core(),
    }
    if not args.skip_corpus:
        corpus = run_corpus(args.tag)
        result["corpus"] = corpus
        print(f"public corpus: {corpus['files']} PDFs, {corpus['pages']} pages, {corpus['records']} records, "
              f"{corpus['failed_files']} failed")
        print(f"  PDF -> Parquet {corpus['pages_per_s']} pages/s ({corpus['seconds']} s); extraction alone "
              f"{corpus['extract_pages_per_s']} pages/s; peak RSS {corpus['peak_rss_mb']} MB  [target >= 8 pages/s]")
    if not args.skip_memory:
        memory = run_memory()
        result["memory"] = memory
        print("memory against page count (fresh process each):")
        for row in memory:
            print(f"  {row['pages']:>4} pages ({row['file_mb']} MB file): peak RSS {row['peak_rss_mb']} MB, "
                  f"{row['pages_per_s']} pages/s; the Layout returned pickles to {row['layout_pickle_mb']} MB")
        growth = memory[-1]["peak_rss_mb"] - memory[0]["peak_rss_mb"]
        print(f"  growth from {memory[0]['pages']} to {memory[-1]['pages']} pages: {growth:+.1f} MB")
        result["memory_growth_mb"] = round(growth, 1)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_pdf.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

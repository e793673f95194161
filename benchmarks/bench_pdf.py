"""Benchmark PDF -> Parquet: pages/s on one core, and peak memory against page count.

1. Corpus run: every PDF in shared/corpus/public (MANIFEST.tsv), one process, one core
   (the process is pinned to CPU 0 where the OS allows it): extract (pdfplumber) -> structure ->
   records -> Parquet via pipeline.store.  Reports pages/s for the whole run and for extraction
   alone, and the process's peak RSS, beside bare pdfplumber ``extract_words`` on the same files in
   the same run (each file read by both, in alternating order): the ratio is the figure to compare,
   never a remembered one.  ``benchmarks/bench_speed.py`` measures more baselines in CPU time.
2. Memory against page count: the seed-003 rendering's pages repeated into 25-, 100- and
   400-page PDFs (built with reportlab on first use, cached in benchmarks/out/), each extracted
   in a fresh subprocess; peak RSS must not grow with the page count beyond the Layout that is
   returned (each page is closed after use and pdfminer's object cache is off).

3. Before/after (``--compare REV``): the corpus run also with the PDF extractor as it was at git
   revision REV (loaded from ``git show REV:extractors/pdf.py`` or ``REV:extractors/pdf/`` into a
   temporary module), file by file in alternating order in the same process, so both figures see
   the same machine load; reports both pages/s and their ratio (after / before).
4. Hostile input (``--hostile``): ../shared/hostile/hostile-grid200-words40k.pdf (a 200 x 200 ruled
   grid with 40k words) in a fresh subprocess: seconds, peak RSS and the outcome, with the default
   settings and with the per-page character limit lifted (the whole grid read).

    .venv/bin/python benchmarks/bench_pdf.py                    # parts 1 and 2
    .venv/bin/python benchmarks/bench_pdf.py --skip-memory      # corpus run only
    .venv/bin/python benchmarks/bench_pdf.py --tag              # include spaCy tagging
    .venv/bin/python benchmarks/bench_pdf.py --skip-memory --compare e047a88 --hostile

Results are printed and written to benchmarks/out/bench_pdf.json (git-ignored).  Speed depends on
the machine and its load: the JSON records the load average at the start.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
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


def load_revision(rev: str) -> Any:
    """The PDF extractor module as it was at git revision ``rev`` (a temporary module)."""
    tmp = Path(tempfile.mkdtemp(prefix="bench_pdf_rev_"))
    listing = subprocess.run(["git", "-C", str(REPO), "ls-tree", "--name-only", rev, "extractors/"],
                             check=True, capture_output=True, text=True).stdout.split()
    name = f"pdf_at_{rev}"
    if "extractors/pdf.py" in listing:
        source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:extractors/pdf.py"],
                                check=True, capture_output=True, text=True).stdout
        (tmp / f"{name}.py").write_text(source)
        location, search = tmp / f"{name}.py", None
    else:  # a package: copy it whole, its own imports rewritten to the temporary name
        files = subprocess.run(["git", "-C", str(REPO), "ls-tree", "-r", "--name-only", rev, "extractors/pdf/"],
                               check=True, capture_output=True, text=True).stdout.split()
        (tmp / name).mkdir()
        for f in files:
            source = subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:{f}"],
                                    check=True, capture_output=True, text=True).stdout
            (tmp / name / Path(f).name).write_text(source.replace("extractors.pdf", name))
        location, search = tmp / name / "__init__.py", [str(tmp / name)]
    spec = importlib.util.spec_from_file_location(name, location, submodule_search_locations=search)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    sys.path.insert(0, str(tmp))
    spec.loader.exec_module(module)
    return module


def run_corpus(tag: bool, compare: str | None = None) -> dict:
    """PDF -> Parquet over the public corpus in this process (and with the extractor at ``compare``).

    With ``compare``, each file runs with both extractors, the order alternating from file to file.
    """
    import extractors.pdf as pdf_module
    from pipeline.run import run_document
    from pipeline.store import open_store

    variants: dict[str, Callable] = {"after": pdf_module.pdf_to_layout}
    if compare:
        variants = {"before": load_revision(compare).pdf_to_layout, "after": pdf_module.pdf_to_layout}
    from bench_speed import plumber_words

    totals = {k: {"pages": 0, "records": 0, "failed": 0, "seconds": 0.0, "extract_seconds": 0.0} for k in variants}
    bare = {"pages": 0, "seconds": 0.0}
    original = pdf_module.pdf_to_layout
    files = public_pdfs()
    out_dir = Path(tempfile.mkdtemp(prefix="bench_pdf_"))
    try:
        with open_store(out_dir, durable=False) as store:
            for n, path in enumerate(files):
                if n % 2:
                    t = time.perf_counter()
                    bare["pages"] += plumber_words(path)[0]
                    bare["seconds"] += time.perf_counter() - t
                order = list(variants) if n % 2 == 0 else list(reversed(variants))
                for key in order:
                    total = totals[key]

                    def timed(p: Path, settings: Any, fn: Callable = variants[key], total: dict = total) -> Any:
                        t = time.perf_counter()
                        try:
                            return fn(p, settings)
                        finally:
                            total["extract_seconds"] += time.perf_counter() - t

                    pdf_module.pdf_to_layout = timed  # type: ignore[assignment]
                    t0 = time.perf_counter()
                    result = run_document(path, tag=tag)
                    if key == "after":
                        store.write_result(result)
                    total["seconds"] += time.perf_counter() - t0
                    total["pages"] += result.document.pages or 0
                    total["records"] += len(result.records)
                    total["failed"] += result.document.error is not None and result.document.error_code not in {"E110"}
                if n % 2 == 0:
                    t = time.perf_counter()
                    bare["pages"] += plumber_words(path)[0]
                    bare["seconds"] += time.perf_counter() - t
    finally:
        pdf_module.pdf_to_layout = original
        shutil.rmtree(out_dir, ignore_errors=True)
    out: dict = {"files": len(files), "tagging": tag, "peak_rss_mb": round(peak_rss_mb(), 1),
                 "bare_words_pages_per_s": round(bare["pages"] / bare["seconds"], 2)}
    for key, t in totals.items():
        out[key] = {
            "pages": t["pages"], "records": t["records"], "failed_files": int(t["failed"]),
            "seconds": round(t["seconds"], 2), "pages_per_s": round(t["pages"] / t["seconds"], 2),
            "extract_seconds": round(t["extract_seconds"], 2),
            "extract_pages_per_s": round(t["pages"] / t["extract_seconds"], 2),
        }
    if compare:
        out["compare_with"] = compare
        out["ratio_pages_per_s"] = round(out["after"]["pages_per_s"] / out["before"]["pages_per_s"], 3)
        out["ratio_extract_pages_per_s"] = round(
            out["after"]["extract_pages_per_s"] / out["before"]["extract_pages_per_s"], 3)
    return out


HOSTILE = SHARED / "hostile" / "hostile-grid200-words40k.pdf"
HOSTILE_CHILD = """
import sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from extractors.base import Settings, ExtractError
from extractors.pdf import PdfExtractor, with_pdf_settings
settings = with_pdf_settings(Settings(), max_chars_per_page=10**9) if {lift} else Settings()
t = time.perf_counter()
try:
    layout = PdfExtractor().extract(Path({path!r}), settings)
    outcome = "tables " + ",".join(f"{{len(t.rows)}}x{{t.n_cols}}" for t in layout.tables())
except ExtractError as e:
    outcome = f"{{e.code}} {{e}}"
s = time.perf_counter() - t
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")]
print(round(s, 2), round(int(hwm[0].split()[1]) / 1024, 1) if hwm else -1, outcome)
"""


def run_hostile() -> list[dict]:
    rows = []
    for lift in (False, True):
        code = HOSTILE_CHILD.format(repo=str(REPO), path=str(HOSTILE), lift=lift)
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        seconds, mb, outcome = out.split(" ", 2)
        rows.append({"limit_lifted": lift, "seconds": float(seconds), "peak_rss_mb": float(mb),
                     "outcome": outcome.strip()})
    return rows


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
    parser.add_argument("--compare", metavar="REV", help="also run the corpus with the PDF extractor at git REV")
    parser.add_argument("--hostile", action="store_true", help="time the hostile 200x200 grid in a subprocess")
    args = parser.parse_args()
    result: dict = {
        "machine": platform.platform(), "python": platform.python_version(),
        "load_average": os.getloadavg(), "cpu": pin_to_one_core(),
    }
    if not args.skip_corpus:
        corpus = run_corpus(args.tag, args.compare)
        result["corpus"] = corpus
        for key in ("before", "after"):
            if key not in corpus:
                continue
            c = corpus[key]
            label = f"{key} ({args.compare})" if key == "before" else key
            print(f"public corpus, {label}: {corpus['files']} PDFs, {c['pages']} pages, {c['records']} records, "
                  f"{c['failed_files']} failed")
            base = corpus["bare_words_pages_per_s"]
            print(f"  PDF -> Parquet {c['pages_per_s']} pages/s ({c['seconds']} s); extraction alone "
                  f"{c['extract_pages_per_s']} pages/s; bare pdfplumber extract_words in this run {base} pages/s "
                  f"(time ratio {base / c['pages_per_s']:.2f}x)")
        if args.compare:
            print(f"  ratio after/before: {corpus['ratio_pages_per_s']} (PDF -> Parquet), "
                  f"{corpus['ratio_extract_pages_per_s']} (extraction alone)")
        print(f"  peak RSS of the run: {corpus['peak_rss_mb']} MB")
    if args.hostile:
        result["hostile"] = run_hostile()
        for row in result["hostile"]:
            what = "limit lifted" if row["limit_lifted"] else "default settings"
            print(f"hostile 200x200 grid ({what}): {row['seconds']} s, peak RSS {row['peak_rss_mb']} MB: "
                  f"{row['outcome'][:140]}")
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

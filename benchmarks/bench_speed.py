"""The speed benchmark that cannot drift: the product against bare libraries, same process, same files.

Every figure is CPU time (``time.process_time``) measured in this one process, the variants run file by
file in rotating order, so machine load and caches hit every variant alike; speed is reported as pages
(or documents) per CPU second and as a ratio to bare pdfplumber ``extract_words`` on the same files.

Parts (all on by default):

1. **PDF corpus**: every PDF of ``../shared/corpus/public`` (MANIFEST.tsv).  Variants per file:

   - ``product``: :func:`pipeline.run.run_document` without tagging (extraction, reading, records);
   - ``product+tag``: the same with spaCy tagging (``--tag``);
   - ``product[pdfium]``: the product on the pypdfium2 backend (``--pdf-backend pdfium``), when it exists;
   - ``plumber words``: bare pdfplumber, ``page.extract_words()`` on every page;
   - ``plumber tables+text``: bare pdfplumber, ``page.find_tables()`` and ``page.extract_text()``;
   - ``pdfium text``: bare pypdfium2, every page's text (``get_textpage().get_text_range()``).

   Memory per variant: the process's high-water mark is reset (``/proc/self/clear_refs``) before each
   call and read after it: "peak RSS" is the largest resident set during any one call of that variant
   (it includes what the process already held, so it never falls below the process's floor), "added"
   the most one call raised it above the resident set before the call.
2. **Linearity**: a generated report of 100 pages and one of 1,000 (the seed-003 improvement report
   rendered with reportlab, rows repeated; cached in ``benchmarks/out/``), product and bare words.
3. **Other formats**: documents per CPU second of the product on the in-repo renderings
   (``tests/data/html``, ``tests/data/docx``, ``tests/data/text`` and the text seeds), each set repeated
   ``--repeat`` times.
4. **Start-up**: wall time of ``council-extract run ONE.pdf --out TMP`` in a fresh process (best of 3).

    .venv/bin/python benchmarks/bench_speed.py                 # everything, prints a Markdown report
    .venv/bin/python benchmarks/bench_speed.py --limit 20      # the first 20 public PDFs only (quick look)
    .venv/bin/python benchmarks/bench_speed.py --write-readme  # also put the report in benchmarks/README.md

Results also go to ``benchmarks/out/bench_speed.json`` (git-ignored).  Ratios are what to compare between
runs and machines; absolute pages/s depend on the machine and its load (the report gives both).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = Path(os.environ.get("COUNCIL_SHARED", REPO.parent / "shared"))
PUBLIC = SHARED / "corpus" / "public"
OUT = REPO / "benchmarks" / "out"
README = REPO / "benchmarks" / "README.md"
BEGIN, END = "<!-- bench_speed: begin -->", "<!-- bench_speed: end -->"


# --- measuring ---------------------------------------------------------------------------------------

def reset_peak_rss() -> bool:
    """Reset this process's resident-set high-water mark (Linux); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb(field: str = "VmHWM") -> float:
    """VmHWM (or another ``/proc/self/status`` field, e.g. VmRSS) of this process in MB."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Tally:
    """CPU seconds, units (pages or documents) and the largest peak RSS of one variant."""

    cpu: float = 0.0
    units: int = 0
    files: int = 0
    failed: int = 0
    records: int = 0
    peak_mb: float = 0.0          # the process's peak resident set during a call (includes what came before)
    growth_mb: float = 0.0        # the most a call raised the resident set above what it was before the call
    per_file: dict[str, float] = field(default_factory=dict)

    def rate(self) -> float:
        return self.units / self.cpu if self.cpu else 0.0


def measure(fn: Callable[[Path], tuple[int, int, bool]], path: Path, tally: Tally) -> None:
    """Run ``fn(path) -> (units, records, failed)`` once, adding its CPU time and peak RSS to ``tally``."""
    gc.collect()
    reset_peak_rss()
    rss_before = peak_rss_mb("VmRSS")
    t = time.process_time()
    units, records, failed = fn(path)
    cpu = time.process_time() - t
    tally.cpu += cpu
    tally.units += units
    tally.files += 1
    tally.records += records
    tally.failed += int(failed)
    peak = peak_rss_mb()
    tally.peak_mb = max(tally.peak_mb, peak)
    tally.growth_mb = max(tally.growth_mb, peak - rss_before)
    tally.per_file[path.name] = tally.per_file.get(path.name, 0.0) + cpu


def interleaved(files: list[Path], variants: dict[str, Callable[[Path], tuple[int, int, bool]]]) -> dict[str, Tally]:
    """Every variant on every file, file by file, the variants' order rotating from one file to the next."""
    tallies = {name: Tally() for name in variants}
    names = list(variants)
    for n, path in enumerate(files):
        k = n % len(names)
        for name in names[k:] + names[:k]:
            measure(variants[name], path, tallies[name])
    return tallies


# --- the variants -----------------------------------------------------------------------------------

def product(tag: bool = False, backend: str | None = None) -> Callable[[Path], tuple[int, int, bool]]:
    """The product on one file: extraction, reading, records (as ``council-extract run`` does per file)."""
    from extractors.base import Settings
    from pipeline.run import run_document

    settings = Settings()
    if backend is not None:
        from extractors.pdf.settings import with_pdf_settings

        settings = with_pdf_settings(settings, backend=backend)

    def run(path: Path) -> tuple[int, int, bool]:
        result = run_document(path, settings, tag=tag)
        failed = result.document.error is not None
        return result.document.pages or 1, len(result.records), failed

    return run


def plumber_words(path: Path) -> tuple[int, int, bool]:
    """Bare pdfplumber: ``extract_words()`` on every page, each page closed after use."""
    import pdfplumber

    n = 0
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_words()
                page.close()
                n += 1
    except Exception:  # noqa: BLE001 - a file bare pdfplumber cannot read counts its pages read
        return max(n, 1), 0, True
    return n, 0, False


def plumber_tables_text(path: Path) -> tuple[int, int, bool]:
    """Bare pdfplumber: ``find_tables()`` and ``extract_text()`` on every page."""
    import pdfplumber

    n = 0
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.find_tables()
                page.extract_text()
                page.close()
                n += 1
    except Exception:  # noqa: BLE001
        return max(n, 1), 0, True
    return n, 0, False


def pdfium_text(path: Path) -> tuple[int, int, bool]:
    """Bare pypdfium2: every page's text."""
    import pypdfium2

    n = 0
    try:
        doc = pypdfium2.PdfDocument(str(path))
        try:
            for i in range(len(doc)):
                page = doc[i]
                tp = page.get_textpage()
                tp.get_text_range()
                tp.close()
                page.close()
                n += 1
        finally:
            doc.close()
    except Exception:  # noqa: BLE001
        return max(n, 1), 0, True
    return n, 0, False


def pdfium_backend_available() -> bool:
    try:
        from extractors.pdf.settings import PdfSettings

        return "backend" in PdfSettings.__dataclass_fields__
    except ImportError:
        return False


# --- inputs -----------------------------------------------------------------------------------------

def public_pdfs(limit: int | None = None) -> list[Path]:
    with (PUBLIC / "MANIFEST.tsv").open(encoding="utf-8") as f:
        paths = [PUBLIC / r["path"] for r in csv.DictReader(f, delimiter="\t") if r["path"].endswith(".pdf")]
    return paths[:limit] if limit else paths


def long_report(n_pages: int) -> Path:
    """A council-style PDF of about ``n_pages`` pages: the seed-003 improvement report, its rows repeated.

    Over 100 pages, the 100-page report's pages are repeated (reportlab's table layout is quadratic in
    the rows of one table: a 1,000-page table takes it longer to lay out than the benchmark to read).
    """
    dest = OUT / f"long-{n_pages}.pdf"
    if dest.exists():
        return dest
    if n_pages > 100:
        import pypdfium2

        base = pypdfium2.PdfDocument(str(long_report(100)))
        out = pypdfium2.PdfDocument.new()
        while len(out) + len(base) <= n_pages:
            out.import_pages(base)
        tmp = dest.with_suffix(".tmp.pdf")
        out.save(str(tmp))
        out.close()
        base.close()
        tmp.replace(dest)
        return dest
    sys.path.insert(0, str(REPO / "tests" / "data"))
    import make_pdf  # tests/data/make_pdf.py: the seed renderer

    gold = json.loads((SHARED / "gold" / "seeds" / "003_8ba6588832b7b595.json").read_text(encoding="utf-8"))
    spec = make_pdf.seed_003(gold)
    table = next(b for b in spec.blocks if isinstance(b, make_pdf.TableSpec))
    table.rows = table.rows * max(1, round(n_pages / 9))  # one copy fills 9 ruled pages
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".tmp.pdf")
    make_pdf.doc_to_pdf(spec, tmp, ruled=True)
    tmp.replace(dest)
    return dest


def other_format_files() -> dict[str, list[Path]]:
    data = REPO / "tests" / "data"
    texts = sorted((data / "text").glob("*.txt")) + sorted((SHARED / "corpus" / "seeds").glob("*.txt"))
    return {"html": sorted((data / "html").glob("*.html")), "docx": sorted((data / "docx").glob("*.docx")),
            "text": texts}


# --- parts ------------------------------------------------------------------------------------------

def pdf_variants(tag: bool) -> dict[str, Callable[[Path], tuple[int, int, bool]]]:
    variants: dict[str, Callable[[Path], tuple[int, int, bool]]] = {"product": product()}
    if tag:
        variants["product+tag"] = product(tag=True)
    if pdfium_backend_available():
        variants["product[pdfium]"] = product(backend="pdfium")
    variants.update({"plumber words": plumber_words, "plumber tables+text": plumber_tables_text,
                     "pdfium text": pdfium_text})
    return variants


def warm_up(variants: dict[str, Callable[[Path], tuple[int, int, bool]]], path: Path) -> None:
    """One untimed call of each variant: imports and one-off set-up are not counted as pages."""
    for fn in variants.values():
        fn(path)


def run_pdf_corpus(files: list[Path], tag: bool) -> dict[str, Tally]:
    variants = pdf_variants(tag)
    warm_up(variants, files[0])
    return interleaved(files, variants)


def run_linearity(sizes: tuple[int, ...], bare: bool = True) -> dict[int, dict[str, Tally]]:
    paths = [long_report(n) for n in sizes]
    variants: dict[str, Callable[[Path], tuple[int, int, bool]]] = {"product": product()}
    if bare:
        variants["plumber words"] = plumber_words
    if pdfium_backend_available():
        variants["product[pdfium]"] = product(backend="pdfium")
    return {n: interleaved([p], variants) for n, p in zip(sizes, paths, strict=True)}


def run_other_formats(repeat: int) -> dict[str, Tally]:
    run = product()
    sets = other_format_files()
    for files in sets.values():
        warm_up({"product": run}, files[0])
    tallies: dict[str, Tally] = {}
    for name, files in sets.items():
        tally = Tally()
        for _ in range(repeat):
            for path in files:
                measure(lambda p: (1, *run(p)[1:]), path, tally)
        tallies[name] = tally
    return tallies


def run_startup(path: Path, tries: int = 3) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system of the child) of ``council-extract run ONE`` per try."""
    import resource

    exe = Path(sys.executable).parent / "council-extract"
    times, cpus = [], []
    for _ in range(tries):
        out = Path(tempfile.mkdtemp(prefix="bench_speed_start_"))
        try:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run([str(exe), "-q", "run", str(path), "--out", str(out), "--workers", "1"], check=True,
                           capture_output=True)
            times.append(time.perf_counter() - t)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return times, cpus


# --- report -----------------------------------------------------------------------------------------

def machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu)
    except OSError:
        pass
    return {"date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), "nproc": os.cpu_count(), "cpu": cpu,
            "python": platform.python_version(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "git": subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                  text=True).stdout.strip()}


def pdf_table(tallies: dict[str, Tally], unit: str = "pages") -> list[str]:
    base = tallies.get("plumber words")
    lines = [f"| variant | {unit} | CPU s | {unit}/CPU s | CPU time ÷ bare `extract_words` | peak RSS MB "
             "| most one file added MB | records |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, t in tallies.items():
        ratio = f"{t.cpu / base.cpu:.2f}×" if base and base.cpu else "–"
        lines.append(f"| {name} | {t.units} | {t.cpu:.1f} | {t.rate():.1f} | {ratio} | {t.peak_mb:.0f} "
                     f"| {t.growth_mb:.0f} | {t.records} |")
    return lines


def report(result: dict[str, Any]) -> str:
    m = result["machine"]
    out = [f"Run {m['date']} at commit {m['git']}: {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, "
           f"load average at start {m['load_average'][0]} (the machine is shared: compare ratios, not pages/s).", ""]
    if "pdf" in result:
        pdf = result["pdf"]
        out += [f"**PDF, public corpus**: {pdf['files']} files, interleaved per file, CPU time of this process.", ""]
        out += pdf_table(pdf["tallies"])
        out.append("")
    if "linearity" in result:
        out += ["**Linearity**: the generated report at two lengths (product without tagging).", "",
                "| pages | variant | CPU s | pages/CPU s | peak RSS MB | added MB |", "|---:|---|---:|---:|---:|---:|"]
        for n, tallies in result["linearity"].items():
            for name, t in tallies.items():
                out.append(f"| {t.units} | {name} | {t.cpu:.1f} | {t.rate():.1f} | {t.peak_mb:.0f} | {t.growth_mb:.0f} |")
        sizes = list(result["linearity"])
        if len(sizes) >= 2:
            a, b = (result["linearity"][s]["product"].rate() for s in (sizes[0], sizes[-1]))
            out += ["", f"Product pages/CPU s at {sizes[-1]} pages ÷ at {sizes[0]} pages: {b / a:.2f}."]
        out.append("")
    if "formats" in result:
        out += ["**HTML, DOCX, text**: the product without tagging on the in-repo renderings, each set "
                f"run {result['repeat']} times.", "",
                "| format | documents | CPU s | documents/CPU s | peak RSS MB |", "|---|---:|---:|---:|---:|"]
        for name, t in result["formats"].items():
            out.append(f"| {name} | {t.units} | {t.cpu:.2f} | {t.rate():.1f} | {t.peak_mb:.0f} |")
        out.append("")
    if "startup" in result:
        s = result["startup"]
        out += [f"**Start-up**: `council-extract -q run {s['file']} --out TMP --workers 1` in a fresh process, "
                f"wall time: best {min(s['seconds']):.2f} s of {', '.join(f'{x:.2f}' for x in s['seconds'])}; "
                f"its CPU time (user + system): best {min(s['cpu_seconds']):.2f} s.", ""]
    return "\n".join(out)


def write_readme(text: str) -> None:
    old = README.read_text(encoding="utf-8") if README.exists() else ""
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in old and END in old:
        new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
    else:
        new = old + ("\n" if old else "") + "## Latest `bench_speed.py` run\n\n" + block + "\n"
    tmp = README.with_suffix(".md.tmp")
    tmp.write_text(new, encoding="utf-8")
    tmp.replace(README)


def as_json(value: Any) -> Any:
    if isinstance(value, Tally):
        return {"cpu_s": round(value.cpu, 3), "units": value.units, "files": value.files, "failed": value.failed,
                "records": value.records, "peak_rss_mb": round(value.peak_mb, 1),
                "added_rss_mb": round(value.growth_mb, 1), "per_cpu_s": round(value.rate(), 2)}
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N public PDFs")
    parser.add_argument("--tag", action="store_true", help="also the product with spaCy tagging")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each HTML/DOCX/text set [default: 5]")
    parser.add_argument("--sizes", default="100,1000", help="pages of the generated reports [default: 100,1000]")
    parser.add_argument("--no-bare-linearity", action="store_true", help="linearity: the product only")
    parser.add_argument("--skip", default="", help="parts to skip, comma-separated: pdf,linearity,formats,startup")
    parser.add_argument("--write-readme", action="store_true", help="put the report into benchmarks/README.md")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    result: dict[str, Any] = {"machine": machine(), "repeat": args.repeat}
    files = public_pdfs(args.limit)
    if "pdf" not in skip:
        result["pdf"] = {"files": len(files), "tallies": run_pdf_corpus(files, args.tag)}
    if "linearity" not in skip:
        result["linearity"] = run_linearity(tuple(int(s) for s in args.sizes.split(",")), not args.no_bare_linearity)
    if "formats" not in skip:
        result["formats"] = run_other_formats(args.repeat)
    if "startup" not in skip:
        one = REPO / "tests" / "data" / "pdf" / "seed-000-ruled.pdf"
        wall, cpu = run_startup(one)
        result["startup"] = {"file": one.relative_to(REPO).as_posix(), "seconds": wall, "cpu_seconds": cpu}
    text = report(result)
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench_speed.json").write_text(json.dumps(as_json(result), indent=2))
    if args.write_readme:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Attack benchmark: run the hostile set, larger, through the real CLI and count what went wrong, per class.

The set is ``../shared/hostile/`` (each file or tar a class of its own, tars extracted with
``tar -xpf``) plus every kind of ``tests/data/make_hostile.py`` at ``--scale`` (sizes multiplied).
Each class runs in its own ``council-extract run --workers 2`` (as root without the capabilities
that override file permissions, so unreadable files are unreadable), while every process of the run
is sampled for resident memory every 50 ms.  Then the whole set runs once more in one batch, timed.

Per class it prints:

- tried: input paths (files and special entries);
- crashed: E900/E901 rows, plus the run itself if it exited non-zero or printed a traceback;
- hung: paths left without an outcome when the run had to be killed (--hang-after seconds);
- over memory: processes of the run that passed the 2 GB ceiling (sampled);
- lost: paths with neither a documents row nor a named skip (byte-identical copies excepted: one row);
- unclear: error rows whose message does not start with the file name or says nothing to do
  (no ";"), and stderr lines that are not the CLI's one-line errors.

    .venv/bin/python benchmarks/attack.py                 # scale 3, every class, then the whole set
    .venv/bin/python benchmarks/attack.py --scale 1 --classes html-rowspan0,symlinks
    .venv/bin/python benchmarks/attack.py --scale 1 --whole-only   # shared/hostile + the test variants, one batch

Results also go to benchmarks/out/attack.json (git-ignored).
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from data import make_hostile  # type: ignore[attr-defined]
from pipeline.store import read_table

SHARED_HOSTILE = REPO.parent / "shared" / "hostile"
OUT = REPO / "benchmarks" / "out"
CEILING_MB = 2048
DROP_FILE_OVERRIDES = ["setpriv", "--bounding-set=-dac_override,-dac_read_search",
                       "--inh-caps=-dac_override,-dac_read_search"]
COLUMNS = ("tried", "crashed", "hung", "over memory", "lost", "unclear")


def build_set(root: Path, scale: int, only: set[str] | None) -> dict[str, Path]:
    """Write every class into its own folder under ``root``; return {class: folder}."""
    classes: dict[str, Path] = {}
    for item in sorted(SHARED_HOSTILE.iterdir()):
        if item.name == "README.md":
            continue
        name = f"shared:{item.stem}"
        if only and name not in only:
            continue
        folder = root / name.replace(":", "-")
        folder.mkdir(parents=True)
        if item.suffix == ".tar":
            subprocess.run(["tar", "-xpf", str(item), "-C", str(folder)], check=True)
        else:
            shutil.copy(item, folder / item.name)
        classes[name] = folder
    for kind, write in make_hostile.KINDS.items():
        if only and kind not in only:
            continue
        folder = root / kind
        folder.mkdir(parents=True)
        write(folder, scale)
        classes[kind] = folder
    return classes


def content_hash(path: Path) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def run_cli(inputs: list[Path], out: Path, hang_after: float, extra: list[str]) -> dict:
    """Run the CLI, sampling every process's memory; kill it after ``hang_after`` seconds."""
    prefix = DROP_FILE_OVERRIDES if os.geteuid() == 0 and shutil.which("setpriv") else []
    cmd = [*prefix, sys.executable, "-m", "pipeline.cli", "run", *map(str, inputs), "--out", str(out),
           "--workers", "2", "--no-progress", *extra]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    root = psutil.Process(proc.pid)
    over: set[int] = set()
    peak = 0.0
    hung = False
    while proc.poll() is None:
        for p in [root, *root.children(recursive=True)]:
            try:
                mb = p.memory_info().rss / 2**20
            except psutil.Error:
                continue
            peak = max(peak, mb)
            if mb > CEILING_MB:
                over.add(p.pid)
        if time.monotonic() - start > hang_after:
            hung = True
            os.killpg(proc.pid, 9)
            break
        time.sleep(0.05)
    stdout, stderr = proc.communicate()
    return {"returncode": proc.returncode, "stdout": stdout, "stderr": stderr, "seconds": time.monotonic() - start,
            "peak_mb": peak, "over_memory": len(over), "hung": hung}


def judge(folder: Path, out: Path, run: dict) -> dict:
    """Count tried / crashed / hung / over memory / lost / unclear for one run over ``folder``."""
    tried = make_hostile.input_paths(folder)
    try:
        rows = {d["source_path"]: d for d in read_table(out, "documents").to_pylist()}
    except Exception:  # noqa: BLE001 - no dataset at all: everything is lost (or hung)
        rows = {}
    block = re.search(r"\d+ paths not run:\n((?:  .*\n)+)", run["stdout"])
    skipped = block.group(1) if block else ""
    # Rows name files by their printable path (\xNN for bytes that are not UTF-8): undo that to hash them.
    stored_hashes = {content_hash(Path(os.fsdecode(codecs.escape_decode(p.encode())[0]))) for p in rows}
    missing = [p for p in tried if make_hostile.printable(p) not in rows and make_hostile.printable(p) not in skipped]
    duplicates = [p for p in missing if content_hash(p) is not None and content_hash(p) in stored_hashes]
    missing = [p for p in missing if p not in duplicates]
    crashed = sum(1 for d in rows.values() if d["error_code"] in ("E900", "E901"))
    crashed += int(run["returncode"] not in (0,) and not run["hung"]) + int("Traceback" in run["stderr"])
    unclear = [
        d["source_path"] for d in rows.values()
        if d["error"] and (not d["error"].startswith(d["source_file"] + ":") or ";" not in d["error"])
    ]
    unclear += [line for line in run["stderr"].splitlines() if line and not line.startswith("Error: ")]
    return {
        "tried": len(tried), "crashed": crashed, "hung": len(missing) if run["hung"] else 0,
        "over memory": run["over_memory"], "lost": 0 if run["hung"] else len(missing), "unclear": len(unclear),
        "codes": sorted({d["error_code"] or "ok" for d in rows.values()}), "seconds": round(run["seconds"], 1),
        "peak_mb": round(run["peak_mb"]), "lost_paths": [make_hostile.printable(p) for p in missing], "unclear_items": unclear,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=3, help="size multiplier of the generated kinds")
    parser.add_argument("--classes", default="", help="comma-separated class names (default: all)")
    parser.add_argument("--hang-after", type=float, default=600.0, help="seconds before a run counts as hung")
    parser.add_argument("--max-seconds", default="120", help="--max-seconds passed to the CLI")
    parser.add_argument("--no-whole", action="store_true", help="skip the whole-set run")
    parser.add_argument("--whole-only", action="store_true", help="only the whole-set run (one batch)")
    args = parser.parse_args()
    only = set(filter(None, args.classes.split(","))) or None
    extra = ["--max-seconds", args.max_seconds]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="attack-") as tmp:
        root = Path(tmp)
        os.chmod(root, 0o755)
        classes = build_set(root / "in", args.scale, only)
        for name, folder in ({} if args.whole_only else classes).items():
            out = root / "out" / folder.name
            run = run_cli([folder], out, args.hang_after, extra)
            results[name] = judge(folder, out, run)
            print(f"{name:<36} {results[name]['seconds']:>6.1f}s  {results[name]['codes']}", flush=True)
        if not args.no_whole:
            out = root / "out" / "whole"
            run = run_cli([root / "in"], out, args.hang_after, extra)
            whole = judge(root / "in", out, run)
            whole["summary"] = run["stdout"].splitlines()[:1]
            results["(whole set, one batch)"] = whole
        for folder in (root / "in").rglob("*"):   # let the temporary folder be removed
            if folder.is_dir() and not folder.is_symlink():
                folder.chmod(0o755)
            elif folder.is_file() and not folder.is_symlink():
                folder.chmod(0o644)
    print()
    print(f"{'class':<36} " + " ".join(f"{c:>11}" for c in COLUMNS) + f" {'seconds':>8} {'peak MB':>8}")
    for name, r in results.items():
        print(f"{name:<36} " + " ".join(f"{r[c]:>11}" for c in COLUMNS) + f" {r['seconds']:>8} {r['peak_mb']:>8}")
    totals = {c: sum(r[c] for k, r in results.items() if not k.startswith("(")) for c in COLUMNS}
    print(f"{'total (classes)':<36} " + " ".join(f"{totals[c]:>11}" for c in COLUMNS))
    for name, r in results.items():
        for what in ("lost_paths", "unclear_items"):
            if r[what]:
                print(f"  {name} {what}: {r[what][:5]}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "attack.json").write_text(json.dumps({"scale": args.scale, "results": results}, indent=2))


if __name__ == "__main__":
    main()

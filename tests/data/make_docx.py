"""Render the gold seeds (../shared/gold/seeds/*.json) as Word documents with real Word tables.

Each seed becomes ``tests/data/docx/seed-NNN.docx`` with a copy of its gold beside it ("file" and
"format" changed, records identical); seed 003 also becomes ``seed-003-headings.docx``, the same report
written as Word headings and paragraphs instead of a table, and seed 004 also becomes
``seed-004-merged-actions.docx``, where each record with three deadlines is three rows under an Action
Title cell merged down them (``w:vMerge``).  The document model is make_html.py's
:func:`seed_to_parts`, so the HTML and Word renderings say the same thing.  Word features used:

- real Word tables (``Table Grid``) with the header row marked "repeat as header row" (``w:tblHeader``);
- the commitment column merged down its rows (``w:vMerge``, seed 004) and full-width section /
  progress rows merged across (``w:gridSpan``, seeds 000, 002, 003);
- bullets as real Word list paragraphs (``List Bullet`` style, numbered through numbering.xml);
- struck-through decoy runs (``w:strike``, and ``w:dstrike`` for every third) from make_html.DECOYS;
- RAG cells shaded green/amber/red; a running header and a page-number footer (page furniture);
- a page break before each new section, landscape A4.

Run from the repo root:  .venv/bin/python tests/data/make_docx.py
python-docx stamps no dates into the package apart from core properties, which are fixed here, and
the zip entries get a fixed timestamp, so re-running leaves git clean.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_html import (  # noqa: E402  (sibling generator script, not a package)
    REPO,
    Document,
    Para,
    TablePart,
    TextPart,
    load_seeds,
    seed_to_parts,
    write_gold,
)

OUT = REPO / "tests" / "data" / "docx"
RAG_FILL = {"GREEN": "00B050", "AMBER": "FFC000", "RED": "FF0000"}
RUNNING_HEADER = {"000": "Equality Action Plan update", "001": "Appendix 1 Equalities Actions Update",
                  "002": "Equality Action Plan 2017-18", "003": "Corporate Improvement Plan update",
                  "004": "Appendix 2 – EDI Action Plan 2023-24."}
FIXED_TIME = dt.datetime(2024, 1, 1, 12, 0, 0)


class _Strikes:
    n = 0


def _add_runs(paragraph, p: Para, strikes: _Strikes) -> None:
    if p.bold_prefix:
        paragraph.add_run(p.bold_prefix.strip()).bold = True
        paragraph.add_run(" ")
    run = paragraph.add_run(p.text)
    if p.bold:
        run.bold = True
    if p.struck:
        _strike(run, strikes)
    if p.bold_suffix:
        paragraph.add_run(" ")
        paragraph.add_run(p.bold_suffix.strip()).bold = True
    if p.decoy_tail:
        paragraph.add_run(" ")
        _strike(paragraph.add_run(p.decoy_tail), strikes)


def _strike(run, strikes: _Strikes) -> None:
    strikes.n += 1
    if strikes.n % 3 == 0:
        run._r.get_or_add_rPr().append(OxmlElement("w:dstrike"))   # Word's double strikethrough
    else:
        run.font.strike = True


def _fill_cell(cell, paras: list[Para], strikes: _Strikes, rag: str | None = None) -> None:
    first = True
    for p in paras:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        if p.bullet:
            paragraph.style = "List Bullet"
        _add_runs(paragraph, p, strikes)
    if rag in RAG_FILL:
        shd = OxmlElement("w:shd")
        shd.set(qn("w:val"), "clear")
        shd.set(qn("w:color"), "auto")
        shd.set(qn("w:fill"), RAG_FILL[rag])
        cell._tc.get_or_add_tcPr().append(shd)


def _mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    tr_pr.append(header)


def _add_table(doc, part: TablePart, strikes: _Strikes) -> None:
    table = doc.add_table(rows=len(part.rows), cols=part.n_cols)
    table.style = "Table Grid"
    widths = part.widths_cm or tuple(24.0 / part.n_cols for _ in range(part.n_cols))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    # Merge first (python-docx moves merged cells' content into the top-left cell), then fill.
    for r, spec in enumerate(part.rows):
        if spec.full_width:
            table.cell(r, 0).merge(table.cell(r, part.n_cols - 1))
        for c, cell in enumerate(spec.cells):
            if cell.rowspan > 1:
                table.cell(r, c).merge(table.cell(r + cell.rowspan - 1, c))
    for r, spec in enumerate(part.rows):
        if spec.header:
            _mark_header_row(table.rows[r])
        if spec.full_width:
            _fill_cell(table.cell(r, 0), spec.cells[0].paras, strikes, spec.cells[0].rag)
            continue
        for c, cell in enumerate(spec.cells):
            if not cell.covered:
                _fill_cell(table.cell(r, c), cell.paras, strikes, cell.rag)


def _add_text(doc, part: TextPart) -> None:
    if part.heading:
        doc.add_heading(part.text, level=part.heading)
        return
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(part.text)
    run.bold = part.bold
    if part.bold_suffix:
        paragraph.add_run(part.bold_suffix).bold = True


def _setup(doc, seed: str) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    section.header.paragraphs[0].text = RUNNING_HEADER[seed]
    section.footer.paragraphs[0].text = "Maidstone Borough Council"
    props = doc.core_properties
    props.author = "Policy and Information"
    props.created = props.modified = FIXED_TIME
    props.last_modified_by = "Policy and Information"
    props.revision = 1


def document_to_docx(doc_model: Document, seed: str) -> bytes:
    doc = new_document()
    _setup(doc, seed)
    strikes = _Strikes()
    seen_table = False
    for part in doc_model.parts:
        if isinstance(part, TablePart):
            _add_table(doc, part, strikes)
            doc.add_paragraph()
            seen_table = True
        else:
            # A new section starts on a new page, as in the council's Word appendices.
            if seen_table and part.text.startswith("As "):
                doc.add_page_break()
            _add_text(doc, part)
    return _stable_zip(doc)


def headings_docx(doc_model: Document, seed: str) -> bytes:
    """Seed 003 as headings and paragraphs: workstream = Heading 2, project = Heading 3, RAG = next paragraph."""
    doc = new_document()
    _setup(doc, seed)
    strikes = _Strikes()
    for part in doc_model.parts:
        if isinstance(part, TextPart):
            _add_text(doc, part)
            continue
        for row in part.rows:
            if row.full_width:
                for p in row.cells[0].paras:
                    paragraph = doc.add_paragraph()
                    _add_runs(paragraph, p, strikes)
                continue
            name, rag = row.cells[0].paras[0].text, row.cells[1].paras[0].text
            doc.add_heading(name, level=2 if name.endswith("workstream") else 3)
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(rag)
            run.bold = rag in RAG_FILL
    return _stable_zip(doc)


def _stable_zip(doc) -> bytes:
    """Save, then rewrite the zip with fixed entry timestamps so the output is byte-for-byte repeatable."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


BAD = REPO / "tests" / "data" / "bad"
BOMB_MB = 120   # inflated size of the bomb's document.xml (160 kB on disk)


def write_bad_fixtures(seed_002: bytes) -> None:
    """Word files that must fail with a clear error, never hang or exhaust memory."""
    BAD.mkdir(parents=True, exist_ok=True)
    # Zip bomb: a well-formed package whose word/document.xml inflates to 120 MB of blanks.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(seed_002)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            if info.filename == "word/document.xml":
                with dst.open(entry, "w", force_zip64=True) as f:
                    f.write(src.read(info.filename)[:200])
                    chunk = b" " * (1 << 20)
                    for _ in range(BOMB_MB):
                        f.write(chunk)
            else:
                dst.writestr(entry, src.read(info.filename))
    (BAD / "bad-zip-bomb.docx").write_bytes(out.getvalue())
    # Truncated download: the first 60% of a real .docx (the zip's central directory is missing).
    (BAD / "bad-truncated.docx").write_bytes(seed_002[: len(seed_002) * 6 // 10])
    # A PDF someone renamed to .docx.
    from reportlab.pdfgen import canvas

    pdf = io.BytesIO()
    c = canvas.Canvas(pdf, invariant=1)
    c.drawString(72, 720, "Equality Action Plan 2017-18 (saved as PDF, renamed .docx)")
    c.save()
    (BAD / "bad-really-pdf.docx").write_bytes(pdf.getvalue())
    # A zip that is not a Word document (an Excel workbook's parts).
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")):
            dst.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6]), text)
    (BAD / "bad-excel-renamed.docx").write_bytes(out.getvalue())
    print(f"wrote {BAD.relative_to(REPO)}/bad-*.docx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_bad_fixtures(document_to_docx(seed_to_parts(dict(load_seeds())["002"], "seed-002"), "002"))
    for seed, gold in load_seeds():
        path = OUT / f"seed-{seed}.docx"
        model = seed_to_parts(gold, path.stem)
        path.write_bytes(document_to_docx(model, seed))
        write_gold(gold, path, "docx")
        print(f"wrote {path.relative_to(REPO)}")
        if seed == "004":
            path = OUT / f"seed-{seed}-merged-actions.docx"
            path.write_bytes(document_to_docx(seed_to_parts(gold, path.stem), seed))
            write_gold(gold, path, "docx")
            print(f"wrote {path.relative_to(REPO)}")
        if seed == "003":
            path = OUT / f"seed-{seed}-headings.docx"
            path.write_bytes(headings_docx(model, seed))
            write_gold(gold, path, "docx")
            print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()

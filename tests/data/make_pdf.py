"""Render the gold seeds (../shared/gold/seeds/*.json) as Word-style council appendix PDFs.

Each seed becomes two PDFs in tests/data/pdf/, with a copy of its gold beside each one
("file" and "format" changed, records identical):

- ``seed-NNN-ruled.pdf``: landscape A4, ruled grid, header row repeated on every page, rows
  allowed to break across pages (Word's default), full-width bold section rows, RAG shown as
  cell fill (some cells fill only, no word), struck-through decoy phrases, running header and
  "Page X of Y" footer.
- ``seed-NNN-unruled.pdf``: the same content with no ruling lines (columns by whitespace only).

Run from the repo root:  .venv/bin/python tests/data/make_pdf.py
The output is deterministic for a given reportlab version (invariant=1), so re-running it
leaves git clean.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / "tests" / "shared"  # the in-repo copy of ../shared (tests/sync_shared.py)
SEEDS = SHARED / "gold" / "seeds"
OUT = REPO / "tests" / "data" / "pdf"
BAD = REPO / "tests" / "data" / "bad"
LAYOUTS = ("ruled", "unruled")

PAGE = landscape(A4)
MARGIN = 40
WIDTH = PAGE[0] - 2 * MARGIN

# Word's standard RAG shading colours (Maidstone's 2013/14 improvement report uses these).
RAG_FILL = {"GREEN": colors.HexColor("#00B050"), "AMBER": colors.HexColor("#FFC000"), "RED": colors.HexColor("#FF0000")}
HEADER_FILL = colors.HexColor("#D9D9D9")

# Decoys: phrases a real appendix shows struck through (superseded dates and wording).  None of
# them may ever reach a record field; tests/test_pdf.py checks that.
DECOY_ITEMS = (
    "Superseded: target moved to March 2016.",
    "Deleted action: no longer required.",
    "Previous update withdrawn by the service.",
)
DECOY_TAIL = "Deadline extended twice."
DECOY_DATE = "Original date: 31 December 2016"

# Embedded TrueType (Bitstream Vera, shipped inside reportlab) like a Word export's embedded Arial
# subset: it carries a ToUnicode map, so bullets and dashes come out as text.
FONT_DIR = Path(__import__("reportlab").__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("Sans", str(FONT_DIR / "Vera.ttf")))
pdfmetrics.registerFont(TTFont("Sans-Bold", str(FONT_DIR / "VeraBd.ttf")))

BODY = ParagraphStyle("body", fontName="Sans", fontSize=8.5, leading=10.5, alignment=TA_LEFT, spaceAfter=3)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Sans-Bold")
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=11, bulletIndent=1, bulletFontName="Sans")
SECTION = ParagraphStyle("section", parent=BODY, fontName="Sans-Bold", fontSize=10, leading=12.5)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Sans-Bold", fontSize=15, leading=19, spaceAfter=8)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="Sans-Bold", fontSize=11, leading=14, spaceBefore=6, spaceAfter=6)
INTRO = ParagraphStyle("intro", parent=BODY, fontSize=9.5, leading=12, spaceAfter=6)


@dataclass
class Para:
    text: str
    bullet: bool = False
    bold: bool = False
    struck: bool = False          # the whole paragraph is struck through (a decoy)
    struck_tail: str = ""         # a struck decoy phrase after the text


@dataclass
class CellSpec:
    paras: list[Para] = field(default_factory=list)
    fill: str | None = None        # RAG word -> shading colour


@dataclass
class FullRow:
    """A row whose one cell spans the whole table width (section, objective, progress rows)."""

    paras: list[Para]


@dataclass
class TableSpec:
    col_widths: list[float]
    header: list[str]              # [] = no header row (003)
    rows: list[list[CellSpec] | FullRow]
    merged_cols: tuple[int, ...] = ()  # columns vertically merged while empty (004 commitments)
    lead_rows: list[FullRow] = field(default_factory=list)  # section/objective rows above the header


@dataclass
class DocSpec:
    running_header: str
    blocks: list[tuple[str, str] | TableSpec]  # ("title"|"heading"|"para", text) or a table


def text_to_paras(items: list[str], *, bullets: bool | None = None) -> list[Para]:
    """One paragraph per gold item; several items become bullets, a lead-in ending ':' stays a paragraph.

    >>> [p.bullet for p in text_to_paras(["Done:", "a", "b"])]
    [False, True, True]
    """
    if not items:
        return []
    if bullets is None:
        bullets = len(items) > 1
    out = []
    for i, item in enumerate(items):
        lead_in = i == 0 and item.rstrip().endswith(":")
        out.append(Para(item, bullet=bullets and not lead_in))
    return out


class Decoys:
    """Deterministic placement of struck-through decoys: every few cells gets one."""

    def __init__(self) -> None:
        self.n = 0

    def add(self, paras: list[Para], *, tail_ok: bool = True) -> list[Para]:
        self.n += 1
        if not paras:
            return paras
        if self.n % 4 == 1:
            decoy = Para(DECOY_ITEMS[(self.n // 4) % len(DECOY_ITEMS)], bullet=paras[-1].bullet, struck=True)
            return paras[:1] + [decoy] + paras[1:]
        if self.n % 4 == 3 and tail_ok:
            last = paras[-1]
            return paras[:-1] + [Para(last.text, last.bullet, last.bold, struck_tail=DECOY_TAIL)]
        return paras


def title_line(gold: dict) -> str:
    return " ".join(x for x in (gold["title"], gold["period"]) if x)


def section_title(role: str) -> str:
    return f"As an {role}" if role[0] in "AEIOU" else f"As a {role}"


def groups_by(records: list[dict], key) -> list[tuple[object, list[dict]]]:
    out: list[tuple[object, list[dict]]] = []
    for r in records:
        k = key(r)
        if out and out[-1][0] == k:
            out[-1][1].append(r)
        else:
            out.append((k, [r]))
    return out


def seed_000(gold: dict) -> DocSpec:
    # Maidstone 2015/16 equalities progress: "As a Community Leader - <objective>" rows, an
    # "Action | Progress update" table per section and a "Measurement | Current Performance" table.
    decoys = Decoys()
    blocks: list = []
    for (role, objective), recs in groups_by(gold["records"], lambda r: (r["section"], r["objective"])):
        dash = "-" if role == "Community Leader" else "\u2013"
        lead = [FullRow([Para(f"{section_title(role)} {dash} {objective}", bold=True)])]
        for kind, krecs in groups_by(recs, lambda r: r["kind"]):
            header = ["Measurement", "Current Performance"] if kind == "measure" else ["Action", "Progress update"]
            rows = [[CellSpec([Para(r["action"])]), CellSpec(decoys.add(text_to_paras(r["progress"])))] for r in krecs]
            blocks.append(TableSpec([250, WIDTH - 250], header, rows, lead_rows=lead))
            blocks.append(("space", ""))
            lead = []
    return DocSpec("Appendix A Equality Objectives Progress 2015-16", blocks)


def seed_001(gold: dict) -> DocSpec:
    # Maidstone "Equalities Actions Update": section row, "Objective: ..." row, three columns.
    decoys = Decoys()
    blocks: list = [("title", title_line(gold))]
    for (role, objective), recs in groups_by(gold["records"], lambda r: (r["section"], r["objective"])):
        lead = [FullRow([Para(section_title(role), bold=True)]), FullRow([Para(f"Objective: {objective}")])]
        rows = []
        for r in recs:
            rows.append([
                CellSpec([Para(r["action"])]),
                CellSpec(decoys.add(text_to_paras(r["progress"], bullets=True))),
                CellSpec(text_to_paras(r["issues"], bullets=True)),
            ])
        w = (WIDTH - 230) / 2
        blocks.append(TableSpec([230, w, w], ["Agreed Actions", "Progress", "Issues & Next steps"], rows, lead_rows=lead))
        blocks.append(("space", ""))
    return DocSpec("Appendix 1 Equalities Actions Update", blocks)


def timescale_paras(r: dict) -> list[Para]:
    return [Para(t) for t in (r["timescale"] or "").split("; ") if t]


def seed_002(gold: dict) -> DocSpec:
    # Maidstone 2017/18 equality action plan: section headings as bold paragraphs above each table.
    decoys = Decoys()
    blocks: list = []
    header = ["Action Title", "Actions", "Responsible officer", "How will we know that this done?", "To be delivered by:"]
    widths = [150, 190, 150, WIDTH - 150 - 190 - 150 - 100, 100]
    for (role, objective), recs in groups_by(gold["records"], lambda r: (r["section"], r["objective"])):
        blocks.append(("heading", f"{section_title(role)}: {objective}"))
        rows = []
        for i, r in enumerate(recs):
            due = timescale_paras(r)
            if i % 3 == 1:  # a superseded delivery date, struck through above the new one
                due = [Para(DECOY_DATE, struck=True)] + due
            rows.append([
                CellSpec([Para(r["action"])]),
                CellSpec(decoys.add([Para(r["detail"])] if r["detail"] else [])),
                CellSpec([Para(x) for x in r["responsible"]]),
                CellSpec(text_to_paras(r["measures"])),
                CellSpec(due),
            ])
        blocks.append(TableSpec(widths, header, rows))
        blocks.append(("space", ""))
    return DocSpec("Equality Objectives Action Plan 2017-18", blocks)


def seed_003(gold: dict) -> DocSpec:
    # Maidstone Corporate Improvement Plan 2013/14: "<X> workstream | RAG" rows, bold
    # "<project> | RAG" rows, then one full-width progress row per project.
    decoys = Decoys()
    blocks: list = [("title", title_line(gold))]
    blocks.append(("para", "The Corporate Improvement Plan explains the key workstreams for the Council's improvement "
                   "journey, the drivers for improvement as well as priority services and projects for improvement."))
    blocks.append(("para", "Progress on the improvement workstreams and the projects that sit in these workstreams is "
                   "reported to Cabinet as part of the performance report every six months."))
    rows: list = []
    n_project = 0
    for (section, status), recs in groups_by(gold["records"], lambda r: (r["section"], r["section_status"])):
        rows.append([CellSpec([Para(section, bold=True)]), CellSpec([Para(status, bold=True)], fill=status)])
        for r in recs:
            n_project += 1
            rag = r["status"]
            if rag is None:
                rag_cell = CellSpec([Para("For info")])
            elif n_project % 2 == 0:  # RAG shown only as the cell's shading, as many councils do
                rag_cell = CellSpec([], fill=rag)
            else:
                rag_cell = CellSpec([Para(rag, bold=True)], fill=rag)
            rows.append([CellSpec([Para(r["action"], bold=True)]), rag_cell])
            rows.append(FullRow(decoys.add(text_to_paras(r["progress"]))))
    # The 2013/14 report has no header row: workstream rows open each block.
    blocks.append(TableSpec([WIDTH - 110, 110], [], rows))
    return DocSpec("Corporate Improvement Plan 2013/14 \u2013 Appendix B", blocks)


def seed_004(gold: dict) -> DocSpec:
    # Maidstone EDI Action Plan 2023-24: the Commitments cell is vertically merged over its rows.
    decoys = Decoys()
    blocks: list = [("title", f"Appendix 2 \u2013 {title_line(gold)}")]
    header = ["Commitments", "Action Title", "Actions", "Responsible Service", "Timescale for delivery"]
    widths = [190, 150, WIDTH - 190 - 150 - 125 - 110, 125, 110]
    for (role, objective), recs in groups_by(gold["records"], lambda r: (r["section"], r["objective"])):
        lead = [FullRow([Para(section_title(role), bold=True)]), FullRow([Para(f"Objective: {objective}", bold=True)])]
        rows = []
        for commitment, crecs in groups_by(recs, lambda r: r["commitment"]):
            for i, r in enumerate(crecs):
                due = timescale_paras(r)
                if len(rows) % 4 == 2:
                    due = [Para(DECOY_DATE, struck=True)] + due
                rows.append([
                    CellSpec([Para(commitment)] if i == 0 else []),
                    CellSpec([Para(r["action"])]),
                    CellSpec(decoys.add([Para(r["detail"])] if r["detail"] else [])),
                    CellSpec([Para(x) for x in r["responsible"]]),
                    CellSpec(due),
                ])
        blocks.append(TableSpec(widths, header, rows, merged_cols=(0,), lead_rows=lead))
        blocks.append(("space", ""))
    return DocSpec("Appendix 2 EDI Action Plan 2023-24", blocks)


RENDERERS = {"000": seed_000, "001": seed_001, "002": seed_002, "003": seed_003, "004": seed_004}


def para_to_flowable(p: Para, style: ParagraphStyle = BODY) -> Paragraph:
    markup = escape(p.text)
    if p.struck:
        markup = f"<strike>{markup}</strike>"
    if p.struck_tail:
        markup = f"{markup} <strike>{escape(p.struck_tail)}</strike>"
    if p.bold:
        style = BOLD if style is BODY else style
    if p.bullet:
        return Paragraph(markup, BULLET, bulletText="\u2022")
    return Paragraph(markup, style)


def cell_to_flowables(cell: CellSpec) -> list:
    return [para_to_flowable(p) for p in cell.paras] or [Paragraph("", BODY)]


def table_to_flowable(spec: TableSpec, ruled: bool) -> Table:
    ncols = len(spec.col_widths)
    data: list[list] = []
    style: list = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 4 if ruled else 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2 if ruled else 6),
    ]
    for lead in spec.lead_rows:
        r = len(data)
        data.append([[para_to_flowable(p, SECTION if p.bold else BODY) for p in lead.paras]] + [""] * (ncols - 1))
        style.append(("SPAN", (0, r), (-1, r)))
    header_row = len(data)
    if spec.header:
        data.append([Paragraph(escape(h), BOLD) for h in spec.header])
        if ruled:
            style.append(("BACKGROUND", (0, header_row), (-1, header_row), HEADER_FILL))
    first_data = len(data)
    for row in spec.rows:
        r = len(data)
        if isinstance(row, FullRow):
            data.append([[para_to_flowable(p) for p in row.paras]] + [""] * (ncols - 1))
            style.append(("SPAN", (0, r), (-1, r)))
            continue
        data.append([cell_to_flowables(c) for c in row])
        for c, cell in enumerate(row):
            if cell.fill:
                style.append(("BACKGROUND", (c, r), (c, r), RAG_FILL[cell.fill]))
    if ruled:
        style.append(("BOX", (0, 0), (-1, -1), 0.75, colors.black))
        style.append(("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.black))
        # Horizontal rules under every row, except inside a vertically merged column while its
        # cells are empty: that is how Word draws a merged "Commitments" cell.
        for r in range(len(data) - 1):
            below = r + 1
            row_spec = spec.rows[below - first_data] if below >= first_data else None
            for c in range(ncols):
                merged = (
                    c in spec.merged_cols and isinstance(row_spec, list) and not row_spec[c].paras
                )
                if not merged:
                    style.append(("LINEBELOW", (c, r), (c, r), 0.5, colors.black))
    return Table(
        data,
        colWidths=spec.col_widths,
        style=TableStyle(style),
        repeatRows=(header_row,) if spec.header else 0,
        splitByRow=0,
        splitInRow=1,
        hAlign="LEFT",
    )


def numbered_canvas(running_header: str):
    class NumberedCanvas(rl_canvas.Canvas):
        """Draws the running header and 'Page X of Y' once the page count is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._saved: list[dict] = []

        def showPage(self):
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                self.setFont("Sans", 8)
                self.drawRightString(PAGE[0] - MARGIN, PAGE[1] - 28, running_header)
                self.drawCentredString(PAGE[0] / 2, 20, f"Page {self._pageNumber} of {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def doc_to_pdf(spec: DocSpec, path: Path, ruled: bool) -> None:
    story: list = []
    for block in spec.blocks:
        if isinstance(block, TableSpec):
            story.append(table_to_flowable(block, ruled))
        elif block[0] == "space":
            story.append(Spacer(1, 14))
        else:
            kind, text = block
            style = {"title": TITLE, "heading": HEADING, "para": INTRO}[kind]
            story.append(Paragraph(escape(text), style))
    doc = SimpleDocTemplate(
        str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=50, bottomMargin=48,
        title="", author="", creator="Microsoft Word", invariant=1, pageCompression=1,
    )
    doc.build(story, canvasmaker=numbered_canvas(spec.running_header))


def render_all(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for gold_path in sorted(SEEDS.glob("*.json")):
        seed = gold_path.name[:3]
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        spec = RENDERERS[seed](gold)
        for layout in LAYOUTS:
            stem = f"seed-{seed}-{layout}"
            pdf = out / f"{stem}.pdf"
            doc_to_pdf(spec, pdf, ruled=layout == "ruled")
            copy = dict(gold, file=pdf.name, format="pdf")
            (out / f"{stem}.json").write_text(json.dumps(copy, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            written.append(pdf)
    return written


def render_bad(out: Path = BAD) -> list[Path]:
    """Bad-input fixtures: each must give a clear per-file error, never a crash.

    - bad-encrypted.pdf: needs a user password (reportlab standard encryption);
    - bad-truncated.pdf: the first 40% of seed-002-ruled.pdf, as an interrupted download;
    - bad-scanned.pdf: one page that is only an image (no text layer), like a scanned appendix;
    - bad-empty.pdf: zero bytes.
    """
    from PIL import Image, ImageDraw
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.lib.utils import ImageReader

    out.mkdir(parents=True, exist_ok=True)
    enc = out / "bad-encrypted.pdf"
    c = rl_canvas.Canvas(str(enc), pagesize=PAGE, invariant=1,
                         encrypt=StandardEncryption("council", ownerPassword="owner", strength=128))
    c.setFont("Sans", 12)
    c.drawString(MARGIN, PAGE[1] - 80, "As a Community Leader - confidential draft")
    c.showPage()
    c.save()

    trunc = out / "bad-truncated.pdf"
    whole = (OUT / "seed-002-ruled.pdf").read_bytes()
    trunc.write_bytes(whole[: int(len(whole) * 0.4)])

    scan = out / "bad-scanned.pdf"
    img = Image.new("L", (420, 300), 255)
    draw = ImageDraw.Draw(img)
    for row in range(12):  # grey bars where a scanner saw lines of text
        y = 20 + row * 22
        draw.rectangle([20, y, 20 + (row * 37) % 300 + 80, y + 8], fill=90)
    c = rl_canvas.Canvas(str(scan), pagesize=PAGE, invariant=1)
    c.drawImage(ImageReader(img), MARGIN, MARGIN, width=PAGE[0] - 2 * MARGIN, height=PAGE[1] - 2 * MARGIN)
    c.showPage()
    c.save()

    empty = out / "bad-empty.pdf"
    empty.write_bytes(b"")
    return [enc, trunc, scan, empty]


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    for p in render_all(out) + (render_bad() if out == OUT else []):
        print(p.relative_to(REPO) if p.is_relative_to(REPO) else p, p.stat().st_size)

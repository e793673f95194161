"""Write the small PDFs of tests/test_pdf_regressions.py that are not copies of ../shared/bugcases.

Each file shows one kind of table councils draw that the PDF reader once got wrong, and is named
after what broke.  Drawn with reportlab's canvas (positions exact, output deterministic with
invariant=1), so re-running leaves git clean:

    .venv/bin/python tests/data/pdf/make_regressions.py
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

OUT = Path(__file__).resolve().parent
GREEN, AMBER, RED = colors.HexColor("#00B050"), colors.HexColor("#FFC000"), colors.HexColor("#FF0000")
ZEBRA = colors.HexColor("#F2F2F2")
RAG = {"Green": GREEN, "Amber": AMBER, "Red": RED}


def new_canvas(name: str, pagesize: tuple[float, float]) -> canvas.Canvas:
    return canvas.Canvas(str(OUT / name), pagesize=pagesize, invariant=1, pageCompression=1)


def text(c: canvas.Canvas, x: float, top: float, s: str, size: float = 9, bold: bool = False) -> None:
    """Draw ``s`` with its top at ``top`` pt from the top of the page."""
    c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
    c.setFillColor(colors.black)
    c.drawString(x, c._pagesize[1] - top - size, s)


def ruled_rows(c: canvas.Canvas, xs: list[float], top: float, rows: list[list[str]], row_h: float,
               bold_first: bool) -> float:
    """A fully ruled table of one-line rows; returns the bottom y (pt from the top)."""
    h = c._pagesize[1]
    bottom = top + row_h * len(rows)
    c.setLineWidth(0.5)
    for k in range(len(rows) + 1):
        y = h - (top + k * row_h)
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, h - top, x, h - bottom)
    for r, row in enumerate(rows):
        for k, cell in enumerate(row):
            text(c, xs[k] + 4, top + r * row_h + 5, cell, bold=bold_first and r == 0)
    return bottom


# ---------------------------------------------------------------------------------------------
# Tables over pages


KPI_HEADER = ["Performance indicator", "Target", "Actual", "RAG status"]
KPI_XS = [40.0, 300.0, 380.0, 460.0, 555.0]


def stitch_data_row_repeated_at_page_top() -> None:
    """A ruled KPI table over two pages, header on page 1 only; page 2 starts with a row equal to
    one of page 1's first rows (the same indicator reported for two services).  Once read as a
    repeated header and dropped."""
    c = new_canvas("stitch-repeated-data-row-kept.pdf", A4)
    text(c, 40, 40, "Equality performance indicators by service 2025/26", size=13, bold=True)
    page1 = [KPI_HEADER,
             ["Complaints answered within 10 days", "90%", "93%", "Green"],
             ["Staff who completed equality training", "95%", "81%", "Amber"],
             ["Council buildings with a hearing loop", "100%", "64%", "Red"]]
    ruled_rows(c, KPI_XS, 80, page1, 20, bold_first=True)
    c.showPage()
    page2 = [["Complaints answered within 10 days", "90%", "93%", "Green"],
             ["Web pages meeting the accessibility standard", "98%", "97%", "Amber"]]
    ruled_rows(c, KPI_XS, 60, page2, 20, bold_first=False)
    c.showPage()
    c.save()


def stitch_headerless_row_repeated_at_page_top() -> None:
    """The same without any header row: the table's first row repeated at the top of page 2 is data."""
    c = new_canvas("stitch-headerless-repeated-row-kept.pdf", A4)
    rows = [["Library visits", "1,200", "1,350", "Green"], ["Leisure centre visits", "900", "870", "Amber"]]
    ruled_rows(c, KPI_XS, 80, rows, 20, bold_first=False)
    c.showPage()
    ruled_rows(c, KPI_XS, 60, [["Library visits", "1,200", "1,350", "Green"], ["Museum visits", "300", "310", "Green"]],
               20, bold_first=False)
    c.showPage()
    c.save()


def stitch_lowercase_row_at_page_top() -> None:
    """A KPI table over two pages (header repeated) whose page-2 first indicator starts in lower case
    ("e-learning ...") while page 1 ends with a complete row: once glued onto that row."""
    c = new_canvas("stitch-lowercase-row-not-glued.pdf", A4)
    text(c, 40, 40, "Workforce equality indicators 2025/26", size=13, bold=True)
    ruled_rows(c, KPI_XS, 80, [KPI_HEADER,
                               ["Staff survey response rate", "60%", "55%", "Amber"],
                               ["Managers trained in fair recruitment", "100%", "92%", "Amber"]], 20, bold_first=True)
    c.showPage()
    ruled_rows(c, KPI_XS, 60, [KPI_HEADER,
                               ["e-learning modules completed by staff", "80%", "84%", "Green"],
                               ["Disabled staff with workplace adjustments", "100%", "100%", "Green"]], 20,
               bold_first=True)
    c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------------
# An unruled portrait report: zebra rows, RAG cell colours, a table per priority, then KPIs


PROJECT_XS = [40.0, 250.0, 380.0, 470.0]   # Project | Lead officer | Due date | RAG status
PROJECT_RIGHT = 555.0
KPI2_XS = [40.0, 330.0, 400.0, 470.0]       # Performance indicator | Target | Actual | RAG status

PRIORITIES = [
    ("Priority 1: Thriving and inclusive places", [
        (["Open two new community hubs in the", "north of the borough"], "Communities Manager", "March 2026", "Green"),
        (["Refurbish the central library for", "step-free access"], "Property Services", "June 2026", "Amber"),
        (["Publish a cultural strategy"], "Culture Lead", "December 2025", "Red"),
    ]),
    ("Priority 2: Fair access to services", [
        (["Translate the top ten council web pages"], "Digital Team", "October 2025", "Green"),
        (["Introduce a British Sign Language", "video relay service"], "Customer Services", "January 2026", "Amber"),
    ]),
]
KPIS = [("Residents satisfied with access to services", "75%", "71%", "Amber"),
        ("Complaints resolved within 10 working days", "90%", "94%", "Green"),
        ("Staff completing equality training", "95%", "80%", "Red")]


def zebra_report() -> None:
    """min-pdf's 'hidden unruled report' kind, written from its one-line description: portrait,
    no rules, zebra-shaded rows, RAG as cell backgrounds (every second one with no word), single-
    spaced rows that wrap, a project table per priority and a KPI table with other columns after."""
    c = new_canvas("unruled-zebra-rag-report.pdf", A4)
    h = A4[1]
    text(c, 40, 40, "Equality and inclusion plan: progress report Q2 2025/26", size=14, bold=True)
    text(c, 40, 66, "This report shows progress on the projects in each priority and the key indicators.")
    top = 100.0
    line_h, pad = 11.0, 3.0
    n = 0
    for heading, projects in PRIORITIES:
        text(c, 40, top, heading, size=11, bold=True)
        top += 24
        for k, head in enumerate(["Project", "Lead officer", "Due date", "RAG status"]):
            text(c, PROJECT_XS[k] + 2, top, head, bold=True)
        top += line_h + 2 * pad
        for title_lines, lead, due, rag in projects:
            row_h = line_h * len(title_lines) + 2 * pad
            if n % 2 == 0:  # zebra band across the whole table
                c.setFillColor(ZEBRA)
                c.rect(PROJECT_XS[0], h - top - row_h, PROJECT_RIGHT - PROJECT_XS[0], row_h, stroke=0, fill=1)
            c.setFillColor(RAG[rag])  # the RAG cell's background, drawn over the band
            c.rect(PROJECT_XS[3], h - top - row_h, PROJECT_RIGHT - PROJECT_XS[3], row_h, stroke=0, fill=1)
            for j, t in enumerate(title_lines):
                text(c, PROJECT_XS[0] + 2, top + pad + j * line_h, t)
            text(c, PROJECT_XS[1] + 2, top + pad, lead)
            text(c, PROJECT_XS[2] + 2, top + pad, due)
            if n % 2 == 0:  # every second RAG shown by colour only
                text(c, PROJECT_XS[3] + 2, top + pad, rag)
            top += row_h
            n += 1
        top += 20
    text(c, 40, top, "Key performance indicators", size=11, bold=True)
    top += 24
    for k, head in enumerate(["Performance indicator", "Target", "Actual", "RAG status"]):
        text(c, KPI2_XS[k] + 2, top, head, bold=True)
    top += line_h + 2 * pad
    for j, (name, target, actual, rag) in enumerate(KPIS):
        row_h = line_h + 2 * pad
        if j % 2 == 0:
            c.setFillColor(ZEBRA)
            c.rect(KPI2_XS[0], h - top - row_h, PROJECT_RIGHT - KPI2_XS[0], row_h, stroke=0, fill=1)
        c.setFillColor(RAG[rag])
        c.rect(KPI2_XS[3], h - top - row_h, PROJECT_RIGHT - KPI2_XS[3], row_h, stroke=0, fill=1)
        for k, v in enumerate((name, target, actual, rag)):
            text(c, KPI2_XS[k] + 2, top + pad, v)
        top += row_h
    c.showPage()
    c.save()


# ---------------------------------------------------------------------------------------------
# A dense ruled grid (a small cousin of ../shared/hostile/hostile-grid200-words40k.pdf)


def dense_grid(n: int = 40) -> None:
    """An n x n ruled grid with one word per cell ("r12c7"): word-to-cell assignment at scale."""
    side, cell = 40.0, 14.0
    size = (2 * side + n * cell, 2 * side + n * cell)
    c = new_canvas(f"ruled-grid-{n}x{n}-one-word-per-cell.pdf", size)
    c.setLineWidth(0.3)
    for k in range(n + 1):
        c.line(side, side + k * cell, side + n * cell, side + k * cell)
        c.line(side + k * cell, side, side + k * cell, side + n * cell)
    c.setFont("Helvetica", 3)
    for r in range(n):
        for k in range(n):
            c.drawString(side + k * cell + 1, size[1] - side - (r + 1) * cell + 5, f"r{r}c{k}")
    c.showPage()
    c.save()


def main() -> None:
    stitch_data_row_repeated_at_page_top()
    stitch_headerless_row_repeated_at_page_top()
    stitch_lowercase_row_at_page_top()
    zebra_report()
    dense_grid()


if __name__ == "__main__":
    main()



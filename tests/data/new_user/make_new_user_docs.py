"""Write the invented council documents of issue 20 (what a new analyst tried) that tests/test_new_user.py reads.

- ``climate-plan-plain-title.docx``: a Word plan whose name is a plain paragraph in large type (no Title
  style, not bold) above numbered Heading 1 sections, each over an action table whose status column holds
  words, not colours ("Complete", "On track", "Behind schedule", "Not started", "Ongoing", "Cancelled",
  "Superseded by action 2.3", a tick, "75% complete").
- ``kpi-report-q2.pdf``: a KPI report, title in the largest type on page one, a section heading, a ruled
  table "Measure | Target | Actual | RAG | Comment" with RAG words and a "Complete" comment.
- ``our-commitments-cp1252.html``: an "Our commitments" page saved in windows-1252 with no charset
  declared, "£1.2m" and "café" in its text, commitments as a table with a status column.
- ``our-commitments-cp1252.txt``: commitments as a tab-separated text rendering in windows-1252 whose
  only non-ASCII character is a pound sign (charset-normalizer alone guesses cp1250 for it: "Ł1.2m").

Run ``.venv/bin/python tests/data/new_user/make_new_user_docs.py``; the files are committed beside it (the DOCX
zip holds the time it was written; its content is the same every time).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

OUT = Path(__file__).resolve().parent

PLAN_NAME = "Climate Resilience Plan 2025–2027"
PLAN_SECTIONS = {
    "1. Flood risk and drainage": [
        ("Map every culvert in the district and record its condition.", "Drainage Engineer", "March 2025",
         "Complete"),
        ("Install flood sensors on the three rivers that flooded in 2023.", "Emergency Planning", "June 2026",
         "On track"),
        ("Review the surface water management plan with the county council.", "Planning Policy", "December 2025",
         "Behind schedule"),
        ("Offer property flood resilience grants to 200 homes.", "Housing Services", "March 2027", "Not started"),
    ],
    "2. Green spaces and trees": [
        ("Plant 5,000 street trees in the wards with least canopy cover.", "Parks and Open Spaces", "March 2027",
         "Ongoing"),
        ("Open a community tree nursery at Mill Lane depot.", "Parks and Open Spaces", "September 2025",
         "Cancelled"),
        ("Publish a tree strategy for council land.", "Parks and Open Spaces", "April 2025",
         "Superseded by action 2.3"),
        ("Survey the condition of every play area.", "Leisure Services", "January 2025", "✓"),
        ("Restore the wetland at Saltmarsh Park.", "Countryside Service", "March 2026", "75% complete"),
    ],
}
PLAN_STATES = ["complete", "on track", "behind", "not started", "ongoing", "cancelled", "superseded", "complete",
               "ongoing"]


def write_docx(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Riverside District Council")
    name = doc.add_paragraph()
    run = name.add_run(PLAN_NAME)
    run.font.size = Pt(22)
    doc.add_paragraph("This plan sets out what the council will do to prepare the district for a changing "
                      "climate. Progress is reported to the Environment Committee every six months.")
    for heading, rows in PLAN_SECTIONS.items():
        doc.add_heading(heading, level=1)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Action", "Lead officer", "Due date", "Status")):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for row in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, row):
                cell.text = text
    doc.core_properties.title = ""
    doc.core_properties.author = "Policy Team"
    doc.save(path)


KPI_TITLE = "Quarter 2 Performance Report 2025/26"
KPI_ROWS = [
    ("Percentage of household waste recycled", "52%", "49%", "Amber", "Garden waste rounds paused in July."),
    ("Average days to process a housing benefit claim", "18", "15", "Green", "Complete: new portal live."),
    ("Number of affordable homes delivered", "120", "64", "Red", "Two sites delayed by contractor failure."),
    ("Percentage of council tax collected", "56%", "57%", "Green", "On track for the year."),
]


def write_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), title="", author="Performance Team",
                            invariant=True)
    head = [["Measure", "Target", "Actual", "RAG", "Comment"]]
    body = [list(r) for r in KPI_ROWS]
    table = Table(head + body, colWidths=[230, 60, 60, 60, 280])
    fills = {"Green": colors.HexColor("#00b050"), "Amber": colors.HexColor("#ffc000"), "Red": colors.HexColor("#ff0000")}
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("BACKGROUND", (3, i), (3, i), fills[r[3]]) for i, r in enumerate(KPI_ROWS, 1)]
    table.setStyle(TableStyle(style))
    title = styles["Title"].clone("kpi-title", fontSize=24, leading=28, alignment=0)
    story = [Paragraph("Riverside District Council", styles["Normal"]), Paragraph(KPI_TITLE, title), Spacer(1, 8),
             Paragraph("Environment and Housing", styles["Heading2"]), Spacer(1, 6), table]
    doc.build(story)


COMMITMENTS_ROWS = [
    ("Invest £1.2m in insulating council homes.", "Housing Services", "March 2026", "Complete"),
    ("Open a repair café in every town by 2026.", "Waste and Recycling", "December 2026", "In progress"),
    ("Replace the fleet’s diesel vans with electric vans.", "Fleet Services", "March 2027", "Delayed"),
    ("Publish the council’s carbon footprint every year.", "Climate Team", "July 2025", "Green"),
]


def write_html(path: Path) -> None:
    rows = "\n".join(
        f"<tr><td>{a}</td><td>{lead}</td><td>{due}</td><td>{status}</td></tr>" for a, lead, due, status in COMMITMENTS_ROWS)
    page = f"""<!DOCTYPE html>
<html><head><title>Our commitments | Riverside District Council</title></head>
<body>
<nav><a href="/">Home</a> <a href="/contact">Contact us</a></nav>
<h1>Our commitments</h1>
<p>What we promised residents in the Council Plan and where each promise stands.</p>
<h2>A greener district</h2>
<table border="1">
<tr><th>Commitment</th><th>Lead service</th><th>Due</th><th>Status</th></tr>
{rows}
</table>
</body></html>
"""
    path.write_bytes(page.encode("cp1252"))


TEXT_ROWS = [  # one pound sign and nothing else outside ASCII: charset-normalizer's best guess is cp1250
    ("Invest £1.2m in insulating council homes.", "Housing Services", "March 2026", "Complete"),
    ("Open a repair shop in every town by 2026.", "Waste and Recycling", "December 2026", "In progress"),
    ("Replace the fleet's diesel vans with electric vans.", "Fleet Services", "March 2027", "Delayed"),
    ("Publish the council's carbon footprint every year.", "Climate Team", "July 2025", "Green"),
]


def write_text(path: Path) -> None:
    lines = ["Our commitments", "", "A greener district", "Commitment\tLead service\tDue\tStatus"]
    lines += ["\t".join(row) for row in TEXT_ROWS]
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))


def main() -> None:
    write_docx(OUT / "climate-plan-plain-title.docx")
    write_pdf(OUT / "kpi-report-q2.pdf")
    write_html(OUT / "our-commitments-cp1252.html")
    write_text(OUT / "our-commitments-cp1252.txt")


if __name__ == "__main__":
    main()

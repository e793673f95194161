"""Write the invented reports of tests/test_docmeta_periods.py: which period a report covers, and its council.

One kind of front matter each, as a new user met them (issue 23, "which council, which period"):

- ``plan-span-title-as-at-line.docx``: a plan's years in the title ("Action Plan 2025-26") above a
  "Progress update as at 31 October 2025" line: the report is dated by the line, not the plan's end.
- ``council-named-once-in-intro.docx``: a plain-paragraph title with years in words ("2025 to 2027") and
  the council named once, in the introduction's prose.
- ``quarter-of-financial-year-kpis.pdf``: "..., Quarter 2 2025/26" ending the title (July-September 2025).
- ``pledges-years-in-words.html``: "Our pledges 2025 to 2027" under the council's name.
- ``delivery-plan-fy-span-position-at.html``: "2025/26 to 2027/28" in the title, "Position as at 30 September
  2025." in the introduction.
- ``qtr-apart-from-year.txt``: "Qtr 1 Performance Report 2025/26" (the quarter named apart from its year).
- ``half-year-monitoring.txt``: "Performance Monitoring Report Half year 1 2025/26".
- ``months-of-a-year-monitoring.txt``: "Corporate Plan Monitoring April to September 2025".
- ``quarter-title-progress-as-at.txt``, ``q-title-position-as-at.txt``, ``quarter-after-title-as-at.txt``,
  ``half-title-as-at-sentence.txt``: a quarter or half year in the title ("Quarter 3 Performance Report
  2024/25", "Q3 ... 2024-25", "Performance Report Quarter 3 2024/25") above a "Progress as at 31 December
  2024" / "Position as at ..." line: the quarter is the period, the as-at day inside it agrees (issue 20).
- ``pledges-intro-for-years.html``: "Our pledges" over an intro "... to residents for 2025 to 2027. ...".

Run ``.venv/bin/python tests/data/periods/make_period_docs.py``; the files are committed beside it.
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

PLAN_ROWS = {
    "1. Healthy homes": [
        ("Inspect every private rented home with a damp complaint", "Private Sector Housing", "March 2025",
         "Complete"),
        ("Fit carbon monoxide alarms in all council homes", "Housing Repairs", "June 2025", "Behind schedule"),
        ("Publish a damp and mould charter", "Housing Strategy", "December 2025", "On track"),
    ],
    "2. Active travel": [
        ("Count cyclists on the five main routes into town", "Transport Planning", "September 2025", "Not started"),
        ("Open two new school streets", "Highways", "March 2026", "On track"),
    ],
}


def _table_docx(doc, rows) -> None:
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ["Action", "Lead", "Due", "Status"], strict=True):
        cell.text = head
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = value


def write_plan_as_at(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Harlow Fen District Council")
    title = doc.add_paragraph("Healthy Harlow Fen Action Plan 2025-26")
    title.runs[0].bold = True
    title.runs[0].font.size = Pt(18)
    doc.add_paragraph("Progress update as at 31 October 2025")
    for heading, rows in PLAN_ROWS.items():
        doc.add_heading(heading, level=2)
        _table_docx(doc, rows)
        doc.add_paragraph("")
    doc.core_properties.title = ""
    doc.save(path)


def write_intro_council(path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Greener Wickham Delivery Plan 2025 to 2027")
    doc.add_paragraph("This plan sets out what Wickham Market Town Council will do over the next two years to "
                      "cut carbon and make the town greener.")
    doc.add_heading("1. Energy", level=2)
    _table_docx(doc, [("Insulate the town hall loft", "Town Clerk", "March 2026", "On track"),
                      ("Switch the street lights to LED", "Facilities", "December 2025", "Complete")])
    doc.add_heading("2. Green spaces", level=2)
    _table_docx(doc, [("Plant a community orchard", "Open Spaces Committee", "November 2026", "Not started")])
    doc.core_properties.title = ""
    doc.save(path)


KPI_ROWS = [
    ("Calls answered within 60 seconds", "85%", "81%", "Amber", "Two vacancies filled in August."),
    ("Fly-tips cleared within two working days", "95%", "97%", "Green", "Above target all quarter."),
    ("Rent collected", "98%", "96.2%", "Red", "Arrears rose after the benefit change."),
]


def write_kpi_pdf(path: Path) -> None:
    styles = getSampleStyleSheet()
    doc = SimpleDocTemplate(str(path), pagesize=landscape(A4), title="")
    data = [["Measure", "Target", "Actual", "RAG", "Commentary"]]
    data += [[m, t, a, rag, Paragraph(c, styles["BodyText"])] for m, t, a, rag, c in KPI_ROWS]
    table = Table(data, colWidths=[220, 60, 60, 50, 300])
    fills = {"Amber": colors.orange, "Green": colors.green, "Red": colors.red}
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
             ("VALIGN", (0, 0), (-1, -1), "TOP")]
    style += [("BACKGROUND", (3, i), (3, i), fills[r[3]]) for i, r in enumerate(KPI_ROWS, 1)]
    table.setStyle(TableStyle(style))
    doc.build([Paragraph("Eastmere Unitary Council", styles["Title"]),
               Paragraph("Quarterly Performance Report: Key Performance Indicators, Quarter 2 2025/26",
                         styles["Heading2"]), Spacer(1, 12), table])


def write_pledges_html(path: Path) -> None:
    cards = [
        ("Reopen the Northgate swimming pool", "Leisure", "On track", "March 2026"),
        ("Fill every reported pothole within 28 days", "Highways", "Behind schedule", "July 2025"),
        ("Put every library card online", "Libraries", "Complete", "January 2025"),
    ]
    body = "\n".join(f"<h3>{a}</h3><p>Lead: {lead}</p><p>Status: {status}</p><p>Due: {due}</p>"
                     for a, lead, status, due in cards)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Our pledges - Saltholme Borough Council</title></head>
<body><h1>Saltholme Borough Council</h1><h2>Our pledges 2025 to 2027</h2>
<p>The promises in our Council Plan, updated every quarter.</p>
{body}
</body></html>
"""
    path.write_text(page, encoding="utf-8")


def write_delivery_plan_html(path: Path) -> None:
    rows = [
        ("Adopt the new Local Plan", "Planning Policy", "December 2025", "On track"),
        ("Build 120 council homes at Fenside", "Housing Delivery", "March 2025", "Behind schedule"),
        ("Launch a business rates relief scheme for new shops", "Economic Development", "June 2025", "Complete"),
    ]
    cells = "\n".join(f"<tr><td>{a}</td><td>{lead}</td><td>{due}</td><td>{s}</td></tr>" for a, lead, due, s in rows)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Delivery plan | Marshbury City Council</title></head>
<body><h1>Council Delivery Plan 2025/26 to 2027/28</h1>
<p>Position as at 30 September 2025.</p>
<table border="1"><tr><th>Action</th><th>Lead</th><th>Due</th><th>Status</th></tr>
{cells}
</table>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


def _text_report(council: str, title: str, rows: list[tuple[str, str, str, str]], *front: str) -> str:
    lines = [council, title, *front, "", "Measure\tTarget\tActual\tRAG"]
    lines += ["\t".join(r) for r in rows]
    return "\n".join(lines) + "\n"


TEXT_ROWS = [
    ("Invoices paid within 30 days", "95%", "93%", "Amber"),
    ("Complaints answered within 10 days", "90%", "94%", "Green"),
    ("Households in temporary accommodation", "40", "52", "Red"),
]


def write_pledges_intro_html(path: Path) -> None:
    cards = [
        ("Open a repair cafe in every library", "Libraries", "On track", "March 2027"),
        ("Answer 9 in 10 calls within a minute", "Customer Services", "Behind schedule", "October 2025"),
    ]
    body = "\n".join(f"<h3>{a}</h3><p>Lead: {lead}</p><p>Status: {status}</p><p>Due: {due}</p>"
                     for a, lead, status, due in cards)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Our pledges - Dunmoor District Council</title></head>
<body><main><h1>Our pledges</h1>
<p>Dunmoor District Council has made two pledges to residents for 2025 to 2027. This page sets out each pledge,
who leads it and where it stands.</p>
{body}
</main></body></html>
"""
    path.write_text(page, encoding="utf-8")


AS_AT_REPORTS = (
    ("quarter-title-progress-as-at.txt", "Quarter 3 Performance Report 2024/25", "Progress as at 31 December 2024"),
    ("q-title-position-as-at.txt", "Q3 Performance Report 2024-25", "Position as at 31 December 2024"),
    ("quarter-after-title-as-at.txt", "Performance Report Quarter 3 2024/25", "Progress as at 30 November 2024"),
    ("half-title-as-at-sentence.txt", "Half Year 1 Monitoring Report 2025/26", "Progress as at 30 September 2025."),
)


def main() -> None:
    write_plan_as_at(OUT / "plan-span-title-as-at-line.docx")
    write_intro_council(OUT / "council-named-once-in-intro.docx")
    write_kpi_pdf(OUT / "quarter-of-financial-year-kpis.pdf")
    write_pledges_html(OUT / "pledges-years-in-words.html")
    write_delivery_plan_html(OUT / "delivery-plan-fy-span-position-at.html")
    for name, council, title in (
        ("qtr-apart-from-year.txt", "Corvale Parish Council", "Qtr 1 Performance Report 2025/26"),
        ("half-year-monitoring.txt", "Corvale Parish Council", "Performance Monitoring Report Half year 1 2025/26"),
        ("months-of-a-year-monitoring.txt", "Corvale Parish Council",
         "Corporate Plan Monitoring April to September 2025"),
    ):
        (OUT / name).write_text(_text_report(council, title, TEXT_ROWS), encoding="utf-8")
    for name, title, as_at in AS_AT_REPORTS:
        (OUT / name).write_text(_text_report("Brimley Vale Borough Council", title, TEXT_ROWS, as_at),
                                encoding="utf-8")
    write_pledges_intro_html(OUT / "pledges-intro-for-years.html")


if __name__ == "__main__":
    main()

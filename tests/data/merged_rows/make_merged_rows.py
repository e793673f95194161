"""Write the merged-row variants (issue 18 item 2): a full-width merged row inside an action table is
context (a theme, an "Our aim:" / "Objective:" line) or a note ("Connection with other strategies: ...",
"Figures are as at ...") for the rows around it, never the end of the table.

Run from the repository root (deterministic: re-running leaves git clean)::

    .venv/bin/python tests/data/merged_rows/make_merged_rows.py

- ``community-safety-docx-merged-aim-note-theme-rows.docx``: a Word heading "Priority A: ..." above the
  table, merged (``gridSpan``) rows for the aim, a note, the next theme, its objective and a closing
  "Figures are as at ..." sentence; Ref | Action | Lead | Deadline | RAG | Update.
- ``health-plan-html-colspan-caption-note-rows.html``: the first priority as the table's ``<caption>``,
  the second as a ``<th colspan>`` row, aims and notes as ``<td colspan>`` rows, a row after the note.
- ``environment-plan-pdf-spanned-rows-bold-headings.pdf``: a ruled reportlab table per outcome, each
  under a larger bold heading with no cue word ("Clean Air"), its aim and a note as ``SPAN`` rows, a
  closing "Figures ..." sentence spanning the last table.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
FIXED_TIME = (2025, 12, 1, 0, 0, 0)

DOCX_HEADER = ("Ref", "Action", "Lead", "Deadline", "RAG", "Update")
DOCX_ROWS: tuple[tuple[str, ...] | str, ...] = (
    "Our aim: People feel safe in the town centre at night.",
    ("A1", "Extend street marshals to Fridays", "Community Safety Team", "March 2026", "Green",
     "Marshals on duty every Friday since October."),
    ("A2", "Install new lighting in Station Walk", "Highways", "June 2026", "Amber",
     "Design agreed; works delayed by utilities."),
    "Connection with other strategies: Night-Time Economy Plan 2024-2027; Licensing Policy.",
    "Theme 2 – Cleaner Neighbourhoods",
    "Objective: Fewer reports of fly-tipping in every ward.",
    ("B1", "Run weekend skip days", "Waste Services", "September 2026", "Green", "Six skip days held."),
    ("B2", "Publish fly-tipping hotspots map", "Environmental Enforcement", "April 2026", "Red",
     "Data sharing agreement not yet signed."),
    "Figures are as at 31 December 2025.",
)


def write_docx(path: Path) -> None:
    """The Word variant: merged rows are one ``w:tc`` with ``gridSpan`` = the table's width."""
    import docx

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = dt.datetime(*FIXED_TIME)
    d.add_heading("Community Safety Plan 2025-2027 – six-month update", level=1)
    d.add_paragraph("This update reports each action of the plan. RAG: Green on track, Amber at risk, Red off track.")
    d.add_heading("Priority A: Safer Streets", level=2)
    table = d.add_table(rows=1, cols=len(DOCX_HEADER))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, DOCX_HEADER):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in DOCX_ROWS:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            run = merged.paragraphs[0].add_run(row)
            run.bold = row.startswith("Theme")
            run.italic = not run.bold
            continue
        for cell, text in zip(cells, row):
            cell.text = text
    d.add_paragraph("Next update: June 2026.")
    d.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed entry times, so the file is byte-identical on every run."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Health and Wellbeing Plan – progress</title></head>
<body>
<h1>Health and Wellbeing Plan 2025-2028: progress report</h1>
<p>Progress against each action at the end of November 2025.</p>
<table border="1">
<caption>Priority 1: Healthy Lives</caption>
<tr><th>Action</th><th>Responsible service</th><th>Timescale</th><th>Status</th><th>Progress</th></tr>
<tr><td colspan="5"><em>Our aim: Everyone can lead an active, healthy life.</em></td></tr>
<tr><td>Free swimming for under-16s</td><td>Leisure Services</td><td>July 2026</td><td>Green</td>
<td>Scheme open at both pools.</td></tr>
<tr><td>Healthy eating sessions in schools</td><td>Public Health</td><td>March 2026</td><td>Amber</td>
<td>Twelve of twenty schools signed up.</td></tr>
<tr><th colspan="5">Priority 2: Connected Communities</th></tr>
<tr><td colspan="5">Objective: Fewer residents feel lonely or isolated.</td></tr>
<tr><td>Befriending phone line</td><td>Adult Social Care</td><td>January 2026</td><td>Green</td>
<td>Line staffed by 30 volunteers.</td></tr>
<tr><td colspan="5">Links to other plans: Ageing Well Strategy 2024-2029.</td></tr>
<tr><td>Community transport review</td><td>Transport Team</td><td>October 2026</td><td>Red</td>
<td>Operator contract ends early; options paper due.</td></tr>
<tr><td colspan="5">Source: performance system, data at 30 November 2025.</td></tr>
</table>
</body></html>
"""


PDF_HEADER = ("Action", "Lead officer", "Due", "RAG", "Progress")
PDF_TABLES: tuple[tuple[str, tuple[tuple[str, ...] | str, ...]], ...] = (
    ("Clean Air", (
        "Our aim: Air in every street meets the national standard.",
        ("Electric bus fleet", "Transport Manager", "March 2027", "Amber", "Eight of twenty buses delivered."),
        "Links to other plans and strategies: Local Transport Plan 2024-2029.",
        ("Anti-idling patrols", "Environmental Health Manager", "July 2026", "Green", "Patrols at 14 schools."),
    )),
    ("Green Spaces", (
        "Our aim: Everyone lives within ten minutes' walk of a park.",
        ("Pocket parks programme", "Parks Manager", "October 2026", "Green", "Three sites opened."),
        ("Tree planting", "Tree Officer", "March 2026", "Red", "Planting season missed; replanned."),
        "Figures are as at 30 November 2025.",
    )),
)


def write_pdf(path: Path) -> None:
    """The PDF variant: reportlab tables whose aim, note and closing rows are ``SPAN`` cells."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8)
    story: list = [Paragraph("Environment Plan 2025-2030 – progress at Q2 2025/26", title),
                   Paragraph("Each outcome of the plan with its actions and their RAG rating.", body), Spacer(1, 8)]
    widths = [120, 100, 65, 45, 165]
    for name, rows in PDF_TABLES:
        story.append(Paragraph(name, heading))
        data: list[list] = [[Paragraph(f"<b>{h}</b>", body) for h in PDF_HEADER]]
        style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for row in rows:
            if isinstance(row, str):
                style.append(("SPAN", (0, len(data)), (-1, len(data))))
                data.append([Paragraph(f"<i>{row}</i>", body)] + [""] * (len(PDF_HEADER) - 1))
            else:
                data.append([Paragraph(cell, body) for cell in row])
        table = Table(data, colWidths=widths)
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 14)]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1, title="Environment Plan").build(story)


def main() -> None:
    write_docx(HERE / "community-safety-docx-merged-aim-note-theme-rows.docx")
    write_pdf(HERE / "environment-plan-pdf-spanned-rows-bold-headings.pdf")
    (HERE / "health-plan-html-colspan-caption-note-rows.html").write_text(HTML, encoding="utf-8")


if __name__ == "__main__":
    main()

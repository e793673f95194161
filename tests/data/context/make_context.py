"""Write the context variants (issue 18 item 2, "context in every format"): invented documents, one per
kind of layout that lost or misplaced its section, objective or commitment.

Run from the repository root (deterministic: re-running leaves git clean)::

    .venv/bin/python tests/data/context/make_context.py

Kind 1, a pledge heading above each table is the commitment of its rows; a numbered objective heading
over a labelled aim ("What we want to achieve: ...") is the section, the aim its objective:

- ``town-plan-docx-objective-aim-pledge-headings.docx``: Word "Heading 2" objectives, the aim a paragraph
  with a bold label run, one pledge a "Heading 3", the next a paragraph in one bold run.
- ``housing-plan-pdf-objective-aim-pledge-bold-type.pdf``: the same shape in a PDF: objectives in large
  bold type, pledges in bold body type above ruled tables.
- ``leisure-plan-text-objective-aim-pledge-markup.txt``: a text rendering: ``####`` headings and
  ``**bold**`` pledges above tab-separated tables.

Kind 2, a report's cover fields above its table ("Panel: ...", "Workstream: ...") name the section:

- ``transport-review-html-cover-field-workstream.html``: ``<p><strong>Workstream:</strong> ...</p>``.

Kind 3, a line that only refers to a part of the papers ("Agenda Item 6", "Annex 2") and the value of a
no-field label ("Contact officer:" / its name) are no section:

- ``licensing-report-text-agenda-item-annex-lines.txt``.

Kind 4, a page run into one paragraph: the numbered heading and its aim before the embedded header
("... Objective 1 Cut carbon from council buildings This will be achieved by: ...") are the section and
objective of the rows after it:

- ``climate-plan-text-run-on-page-numbered-objective.txt``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
FIXED_TIME = (2025, 12, 1, 0, 0, 0)

HEADER = ("Action", "Responsible officer", "Deadline", "Update", "RAG")
# (objective heading, its aim, ((pledge, rows), ...)) for the DOCX and PDF variants.
PLAN = (
    ("Objective 1: Thriving town centres", "Every high street has shops people want to visit.", (
        ("We will bring empty shops back into use.", (
            ("Offer rate relief to new independent shops", "Economic Development Manager", "June 2026",
             "Nine shops have applied.", "Green"),
            ("Run a meanwhile-use scheme for vacant units", "Town Centre Manager", "March 2027",
             "Two landlords signed up; a third is in talks.", "Amber"),
        )),
        ("We will make it easier to park and shop in town.", (
            ("Introduce one hour of free parking on Saturdays", "Parking Services Manager", "April 2026",
             "Agreed by Cabinet in October.", "Green"),
        )),
    )),
    ("Objective 2: Safe and warm homes", "Nobody in the borough lives in a cold or unsafe home.", (
        ("We will tackle damp and mould in council homes.", (
            ("Inspect every flat reported for damp within ten days", "Head of Housing Repairs", "December 2025",
             "Average wait is now fourteen days.", "Red"),
        )),
    )),
)


def write_docx(path: Path) -> None:
    """Word: "Heading 2" objectives; the aim's label a bold run; pledges a "Heading 3" or a bold paragraph."""
    import docx

    d = docx.Document()
    d.core_properties.created = d.core_properties.modified = dt.datetime(*FIXED_TIME)
    d.add_heading("Thornbury Borough Council Town Plan 2025-2028: half-year progress", level=1)
    d.add_paragraph("Each objective has commitments, and each commitment has its own table of actions.")
    for heading, aim, pledges in PLAN:
        d.add_heading(heading, level=2)
        p = d.add_paragraph()
        p.add_run("What we want to achieve:").bold = True
        p.add_run(f" {aim}")
        for n, (pledge, rows) in enumerate(pledges):
            if n % 2 == 0:
                d.add_heading(pledge, level=3)
            else:
                d.add_paragraph().add_run(pledge).bold = True
            table = d.add_table(rows=1, cols=len(HEADER))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, HEADER):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for row in rows:
                for cell, text in zip(table.add_row().cells, row):
                    cell.text = text
    d.add_paragraph("The next update goes to Cabinet in June 2026.")
    d.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the zip with fixed entry times, so the file is byte-identical on every run."""
    with zipfile.ZipFile(path) as z:
        entries = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)


PDF_PLAN = (
    ("Objective 1: Homes people can afford", "More families on low incomes find a home they can afford.", (
        ("We will build more social rented homes.", (
            ("Start 120 council homes on the Mill Lane site", "Housing Delivery Manager", "March 2027",
             "Planning consent granted in September.", "Green"),
            ("Buy back former council homes for rent", "Head of Housing Strategy", "March 2026",
             "Eleven homes bought so far.", "Amber"),
        )),
        ("We will help private renters stay in their homes.", (
            ("Fund a tenancy rescue service", "Housing Options Manager", "January 2026",
             "Contract awarded to a local charity.", "Green"),
        )),
    )),
)


def write_pdf(path: Path) -> None:
    """PDF: the objective in 15 pt bold, the aim in body type, each pledge in bold body type above its table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11)
    pledge_style = ParagraphStyle("pledge", fontName="Helvetica-Bold", fontSize=10, leading=13, spaceAfter=4)
    heading = ParagraphStyle("heading", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=6)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8)
    story: list = [Paragraph("Kestrel Vale District Council Housing Plan: progress at October 2025", title),
                   Paragraph("Actions under each commitment, with the officer who leads them.", body),
                   Spacer(1, 8)]
    widths = [190, 130, 70, 250, 45]
    for head, aim, pledges in PDF_PLAN:
        story += [Paragraph(head, heading), Paragraph(f"What we want to achieve: {aim}", body), Spacer(1, 6)]
        for pledge, rows in pledges:
            story.append(Paragraph(pledge, pledge_style))
            data: list[list] = [[Paragraph(f"<b>{h}</b>", body) for h in HEADER]]
            data += [[Paragraph(cell, body) for cell in row] for row in rows]
            table = Table(data, colWidths=widths)
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [table, Spacer(1, 12)]
    SimpleDocTemplate(str(path), pagesize=landscape(A4), invariant=1, title="Housing Plan").build(story)


TEXT = """Leisure and Culture Plan 2025-2027: annual update

This update reports each action under the commitments of the plan.

#### Objective 1: Active residents
What we want to achieve: More adults take part in sport every week.

**We will open our leisure centres for longer.**

Action\tResponsible officer\tDeadline\tUpdate\tRAG
Open Westmoor pool at 6am on weekdays\tLeisure Operations Manager\tSeptember 2025\tEarly opening started in August.\tGreen
Add Sunday evening sessions at the sports hall\tSports Development Officer\tMay 2026\tStaffing still being agreed.\tAmber

**We will make sport cheaper for families.**

Action\tResponsible officer\tDeadline\tUpdate\tRAG
Launch a family membership at half price\tLeisure Operations Manager\tJanuary 2026\tPrices approved by the portfolio holder.\tGreen
"""

HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Scrutiny review action plan</title></head>
<body>
<h1>Scrutiny review action plan</h1>
<p><strong>Panel:</strong> Children and Young People Scrutiny Panel</p>
<p><strong>Date agreed:</strong> 4 November 2025</p>
<p><strong>Workstream:</strong> Home to school transport</p>
<table>
<tr><th>Recommendation</th><th>Response</th><th>Lead officer</th><th>Target date</th></tr>
<tr><td>Publish the bus pass criteria in plain English</td><td>Agreed. Draft criteria out for comment.</td>
<td>Head of School Admissions</td><td>February 2026</td></tr>
<tr><td>Review the walking routes judged unsafe</td><td>Agreed. Route audits booked for spring.</td>
<td>Road Safety Manager</td><td>July 2026</td></tr>
</table>
</body></html>
"""

LICENSING = """Licensing Committee report: progress on agreed actions

Agenda Item 6

The committee agreed two actions in March. Their position is set out below.

Action agreed: Publish a single taxi licensing policy for the district.

Progress update: The draft policy was consulted on in September and goes to committee in January.

Contact officer:
Principal Licensing Officer

Action agreed: Train all licensing officers on the new safeguarding checks.

Progress update: Nine of twelve officers have completed the training.

Contact officer:
Licensing Team Leader

Annex 2

Action\tLead officer\tDue date\tStatus
Move street trading consents to online applications\tLicensing Manager\tApril 2026\tAmber
Publish the register of licensed premises each month\tLicensing Support Officer\tDecember 2025\tGreen
"""


# A page whose line breaks were lost: everything in one paragraph, the numbered objective and its aim run
# into the text before the table's header.
RUN_ON = ("3 Key: Green on track Amber at risk Red off track Brookfield Climate Action Plan 2025/26 (position at 30.09.2025) The plan has two parts. Part A: actions for council buildings; Part B: actions with partners. PART A Council estate Climate Action Plan: Objective 1 Cut carbon from council buildings This will be achieved by: - Solar panels on large roofs - Better heating controls Actions Deadline Lead officer Progress this quarter RAG 1.1 Fit solar panels on the civic centre roof June 2025 Energy Manager Panels were fitted in May and are generating as expected. Green 1.2 Replace gas boilers at two depots March 2026 Facilities Manager The first depot is done; the second is waiting for a grid upgrade. Amber\n")


def main() -> None:
    write_docx(HERE / "town-plan-docx-objective-aim-pledge-headings.docx")
    write_pdf(HERE / "housing-plan-pdf-objective-aim-pledge-bold-type.pdf")
    (HERE / "leisure-plan-text-objective-aim-pledge-markup.txt").write_text(TEXT, encoding="utf-8")
    (HERE / "transport-review-html-cover-field-workstream.html").write_text(HTML, encoding="utf-8")
    (HERE / "licensing-report-text-agenda-item-annex-lines.txt").write_text(LICENSING, encoding="utf-8")
    (HERE / "climate-plan-text-run-on-page-numbered-objective.txt").write_text(RUN_ON, encoding="utf-8")


if __name__ == "__main__":
    main()

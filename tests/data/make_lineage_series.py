"""Write a made three-year series of one invented council's equality action plan progress reports.

Harrowmere District Council (invented) reports on its Equality Action Plan each year, in a different
format each time, as councils do when their web team changes:

- ``2022-23.pdf`` (reportlab, ruled table), ``2023-24.docx`` (python-docx, Word table),
  ``2024-25.html`` (a council web page with a plain HTML table);
- from one year to the next actions are carried as they were, reworded, given another owner or
  deadline, reported completed, merged (two equality impact assessment actions become one), split
  (building accessibility becomes offices + community centres), reordered (the Employer section moves
  first in 2024-25), added and dropped without ever being reported done.

The links a reader would draw are ``tests/gold/lineage/harrowmere/links.csv`` and the actions dropped
without completion ``tests/gold/lineage/harrowmere/dropped.csv`` (format: tests/gold/lineage/README.md).
The series itself is data in this script (``YEARS``), so the gold is checked against it by
tests/test_lineage.py.

Run from the repo root:  .venv/bin/python tests/data/make_lineage_series.py
Output is deterministic (fixed PDF/DOCX metadata and zip timestamps), so re-running leaves git clean.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "tests" / "data" / "lineage" / "harrowmere"
COUNCIL = "Harrowmere District Council"
HEADER = ("Action", "Progress update", "Responsible Service", "Timescale for delivery")
FIXED_TIME = dt.datetime(2025, 6, 1, 12, 0, 0)


@dataclass(frozen=True)
class Row:
    key: str            # which action this is (the gold's thread names; not printed)
    action: str
    progress: tuple[str, ...]
    service: str
    timescale: str


SECTIONS_1 = {
    "Community Leader": [
        Row("survey", "Run a residents' survey every year to understand the needs of different communities",
            ("The survey ran in autumn 2022 and had 1,200 responses.",), "Policy and Engagement", "March 2023"),
        Row("profile", "Publish the equality profile of the district on the council website",
            ("A draft profile has been prepared from the 2021 Census.",), "Data and Insight", "December 2022"),
        Row("forum", "Set up a community forum for faith groups",
            ("Faith leaders met in November 2022 to agree terms of reference.",), "Communities", "June 2023"),
        Row("leaflets", "Translate key council leaflets into the five most spoken community languages",
            ("Languages chosen from the Census; first leaflets sent for translation.",), "Communications",
             "March 2023"),
    ],
    "Service Provider": [
        Row("eqia-budget", "Carry out equality impact assessments for every budget proposal",
            ("Assessments were published with the 2023-24 budget.",), "Finance", "February 2023"),
        Row("eqia-change", "Carry out equality impact assessments when a service is changed",
            ("A new assessment template is in use.",), "Policy and Engagement", "March 2023"),
        Row("buildings", "Make all council buildings accessible to wheelchair users",
            ("An access audit of 14 buildings found 6 without step-free access.",), "Property Services",
             "March 2024"),
        Row("website", "Review the accessibility of the council website against WCAG 2.1 AA",
            ("Audit commissioned.",), "Digital Services", "September 2023"),
    ],
    "Employer": [
        Row("training", "Deliver equality and diversity training to all managers",
            ("62 of 90 managers trained.",), "Human Resources", "March 2023"),
        Row("paygap", "Publish the gender pay gap report",
            ("Data collected for the snapshot date.",), "Human Resources", "April 2023"),
        Row("networks", "Set up staff networks for disabled and LGBTQ+ staff",
            ("Staff asked to register interest.",), "Human Resources", "December 2023"),
    ],
}

SECTIONS_2 = {
    "Community Leader": [
        Row("survey", "Carry out an annual residents' survey to understand the needs of our different communities",
            ("The 2023 survey is in the field.",), "Policy and Engagement", "March 2024"),
        Row("profile", "Publish the equality profile of the district on the council website",
            ("Completed: the profile was published in May 2023.",), "Data and Insight", "December 2022"),
        Row("forum", "Set up a community forum for faith groups",
            ("The forum's first meeting is planned for the spring.",), "Policy and Engagement", "June 2023"),
        Row("digital", "Provide digital skills sessions in libraries for older residents",
            ("Sessions piloted in two libraries.",), "Libraries", "December 2024"),
    ],
    "Service Provider": [
        Row("eqia", "Carry out equality impact assessments for every budget proposal and every change to a service",
            ("One template now covers budget proposals and service changes.",), "Policy and Engagement",
            "March 2024"),
        Row("offices", "Make the council offices accessible to wheelchair users",
            ("Ramps designed for the civic centre.",), "Property Services", "March 2025"),
        Row("centres", "Make community centres and leisure centres accessible to wheelchair users",
            ("Works priced for four centres.",), "Property Services", "March 2025"),
        Row("website", "Review the accessibility of the council website against WCAG 2.1 AA",
            ("Audit findings being fixed.",), "Digital Services", "March 2024"),
    ],
    "Employer": [
        Row("training", "Deliver equality, diversity and inclusion training to all managers and team leaders",
            ("All managers trained; team leaders next.",), "Human Resources", "March 2024"),
        Row("paygap", "Publish the gender pay gap report",
            ("Completed April 2023: the report is on the council website.",), "Human Resources", "April 2023"),
        Row("networks", "Set up staff networks for disabled and LGBTQ+ staff",
            ("Both networks have met twice.",), "Human Resources", "December 2023"),
        Row("mentoring", "Introduce a reverse mentoring scheme for senior leaders",
            ("Scheme designed with the staff networks.",), "Human Resources", "March 2024"),
    ],
}

SECTIONS_3 = {
    "Employer": [
        Row("training", "Deliver equality, diversity and inclusion training to all managers and team leaders",
            ("Team leaders' sessions booked.",), "Learning and Development", "March 2025"),
        Row("networks", "Support the staff networks for disabled and LGBTQ+ colleagues",
            ("Networks now advise on workforce policy.",), "Human Resources", "March 2025"),
    ],
    "Community Leader": [
        Row("survey", "Carry out an annual residents' survey to understand the needs of our different communities",
            ("Completed: the 2024 survey results were published in January 2025.",), "Policy and Engagement",
            "March 2025"),
        Row("digital", "Provide digital skills sessions in libraries for older residents",
            ("Sessions now run in all six libraries.",), "Libraries", "June 2025"),
        Row("bsl", "Develop a British Sign Language plan for the council",
            ("Deaf residents' groups consulted.",), "Communications", "March 2026"),
    ],
    "Service Provider": [
        Row("eqia", "Carry out equality impact assessments for all budget proposals and service changes",
            ("Assessments published with every committee report.",), "Policy and Engagement", "March 2025"),
        Row("offices", "Make the council offices accessible to wheelchair users",
            ("Completed: ramps and a lift were installed at the civic centre in October 2024.",),
            "Property Services", "March 2025"),
        Row("centres", "Make community centres and leisure centres accessible to wheelchair users",
            ("Two of four centres done.",), "Property Services", "March 2026"),
    ],
}

YEARS = (("2022-23.pdf", "2022-23", SECTIONS_1), ("2023-24.docx", "2023-24", SECTIONS_2),
         ("2024-25.html", "2024-25", SECTIONS_3))
# Which earlier thread each later action continues (key -> keys): merges and splits by name.
CONTINUES = {"eqia": ("eqia-budget", "eqia-change"), "offices": ("buildings",), "centres": ("buildings",)}


def title(period: str) -> str:
    return f"{COUNCIL} – Equality Action Plan progress report {period}"


def section_heading(name: str) -> str:
    return f"As a {name}"


def write_pdf(path: Path, period: str, sections: dict[str, list[Row]]) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=title(period), author=COUNCIL,
                            creator="make_lineage_series.py", invariant=1)
    story: list = [Paragraph(title(period), styles["Title"]), Spacer(1, 12)]
    for name, rows in sections.items():
        story.append(Paragraph(section_heading(name), styles["Heading2"]))
        data = [[Paragraph(f"<b>{h}</b>", styles["BodyText"]) for h in HEADER]]
        for r in rows:
            data.append([Paragraph(html.escape(t), styles["BodyText"])
                         for t in (r.action, " ".join(r.progress), r.service, r.timescale)])
        table = Table(data, colWidths=[230, 260, 130, 110], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey)]))
        story += [table, Spacer(1, 12)]
    doc.build(story)
    path.write_bytes(buf.getvalue())


def write_docx(path: Path, period: str, sections: dict[str, list[Row]]) -> None:
    from docx import Document

    doc = Document()
    doc.core_properties.title = title(period)
    doc.core_properties.author = COUNCIL
    doc.core_properties.created = doc.core_properties.modified = FIXED_TIME
    doc.add_heading(title(period), level=1)
    for name, rows in sections.items():
        doc.add_heading(section_heading(name), level=2)
        table = doc.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, h in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(h).bold = True
        for r in rows:
            cells = table.add_row().cells
            for cell, t in zip(cells, (r.action, " ".join(r.progress), r.service, r.timescale), strict=True):
                cell.text = t
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(_stable_zip(buf.getvalue()))


def _stable_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed (python-docx writes the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_html(path: Path, period: str, sections: dict[str, list[Row]]) -> None:
    esc = html.escape
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title(period))} | {esc(COUNCIL)}</title></head><body>",
        f'<header class="site-header"><a href="/">{esc(COUNCIL)}</a>',
        '<nav><a href="/bins">Bins and recycling</a> | <a href="/council-tax">Council tax</a></nav></header>',
        f"<main><h1>{esc(title(period))}</h1>",
    ]
    for name, rows in sections.items():
        parts.append(f"<h2>{esc(section_heading(name))}</h2>")
        parts.append("<table><thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in HEADER) + "</tr></thead><tbody>")
        for r in rows:
            progress = "".join(f"<p>{esc(p)}</p>" for p in r.progress)
            parts.append(f"<tr><td>{esc(r.action)}</td><td>{progress}</td><td>{esc(r.service)}</td>"
                         f"<td>{esc(r.timescale)}</td></tr>")
        parts.append("</tbody></table>")
    parts.append("</main><footer>© Harrowmere District Council</footer></body></html>")
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")


WRITERS = {".pdf": write_pdf, ".docx": write_docx, ".html": write_html}


def continued(row: Row, earlier: dict[str, Row]) -> tuple[str, ...]:
    """The earlier actions (keys) a row continues: the same key, else the ones it was merged or split from."""
    keys = (row.key,) if row.key in earlier else CONTINUES.get(row.key, ())
    return tuple(k for k in keys if k in earlier)


def gold_links() -> list[tuple[str, str, str, str]]:
    """(earlier file, earlier action, later file, later action) for every link of the series."""
    out = []
    for (f1, _, s1), (f2, _, s2) in zip(YEARS, YEARS[1:], strict=False):
        earlier = {r.key: r for rows in s1.values() for r in rows}
        out += [(f1, earlier[k].action, f2, r.action) for rows in s2.values() for r in rows for k in continued(r, earlier)]
    return out


def gold_dropped() -> list[tuple[str, str]]:
    """(file, action) of every action's last record when it disappears without being reported done."""
    out = []
    for (f1, _, s1), (_, _, s2) in zip(YEARS, YEARS[1:], strict=False):
        earlier = {r.key: r for rows in s1.values() for r in rows}
        later = {k for rows in s2.values() for r in rows for k in continued(r, earlier)}
        for rows in s1.values():
            for r in rows:
                done = any(p.startswith("Completed") for p in r.progress)
                if r.key not in later and not done:
                    out.append((f1, r.action))
    return out


def main() -> None:
    import csv

    OUT.mkdir(parents=True, exist_ok=True)
    for name, period, sections in YEARS:
        WRITERS[Path(name).suffix](OUT / name, period, sections)
    gold = REPO / "tests" / "gold" / "lineage" / "harrowmere"
    gold.mkdir(parents=True, exist_ok=True)
    with (gold / "links.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("earlier_file", "earlier_action", "later_file", "later_action"))
        w.writerows(gold_links())
    with (gold / "dropped.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("file", "action"))
        w.writerows(gold_dropped())
    print(f"wrote {len(YEARS)} reports to {OUT.relative_to(REPO)} and their gold to {gold.relative_to(REPO)}")


if __name__ == "__main__":
    main()

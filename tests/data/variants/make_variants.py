"""Eight council report layouts the seeds do not have, each with its gold JSON beside it.

The seeds (../shared/corpus/seeds) are five Maidstone reports; these are the other layouts UK councils
publish, written from one Python description per document so the document and its gold say the same:

- ``eo-plan-ref-rag.txt`` (text): "Equality Objective N: ..." headings, "Ref | Action | Lead officer |
  Target date | RAG | Commentary", BRAG "Blue", a row carried on over a page break, slashed officers;
- ``improvement-tracker-what-how.txt`` (text): "Theme N: ..." headings, "What we will do | How we will do
  it | Who | When | Progress", one "What we will do" over several "how" rows (merged into one record);
- ``kpi-scorecard-q2.txt`` (text): "Outcome N – ..." headings, "Indicator | Target | Q1 | Q2 | Status";
- ``edi-annual-report-cms.html`` (HTML): a council CMS page, ``<th>`` "Key milestone | Owner | Due by |
  Status | Update", word statuses ("On track", "Complete", ...), an Owner cell with ``rowspan``;
- ``corporate-plan-objective-rowspan.html`` (HTML): "Ref | Objective | Action | Lead officer | Target
  date | RAG | Commentary" with the Objective merged down its rows and the RAG mostly shown as colour only;
- ``equality-action-plan-outcomes.docx`` (DOCX): Word headings "Outcome N – ...", a full-width merged
  "Outcome" row inside the table, a Lead cell merged down two rows, List Bullet measures and progress;
- ``improvement-plan-colour-rag.docx`` (DOCX): "No. | Action | Responsible officer | Deadline | RAG |
  Update", RAG only as cell shading, an Action cell merged down two deadline rows;
- ``workforce-edi-plan.pdf`` (PDF, reportlab): ruled table over two pages with the header repeated,
  "Objective N – ..." rows spanning the table, word statuses.

Decisions where gold/SPEC.md is silent are in README.md beside this script.
Run from the repo root:  .venv/bin/python tests/data/variants/make_variants.py   (deterministic)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

OUT = Path(__file__).resolve().parent
TAB = "\t"

# RAG colours as councils' Word templates fill them; "Blue" is the B of BRAG (complete).
FILL = {"GREEN": "00B050", "AMBER": "FFC000", "RED": "FF0000", "BLUE": "0070C0"}


# ---------------------------------------------------------------------------------------------------
# The description of a document.

@dataclass
class Row:
    """One shown table row.  ``cells`` maps a column key to what the cell shows; list values are items."""

    cells: dict[str, object]
    fill: str | None = None          # RAG colour key for the status cell (FILL)
    page_break_before: bool = False  # text/PDF: a page break falls before this row


@dataclass
class Rec:
    """One gold record and the rows that show it (a first row, then continuation / merged rows)."""

    gold: dict
    rows: list[Row]
    merge_action: bool = False       # HTML/DOCX: the action cell is merged down all rows (rowspan/vMerge)


@dataclass
class Section:
    heading: str | None              # the heading as printed ("Theme 1: ...")
    section: str | None              # gold "section"
    objective: str | None            # gold "objective"
    recs: list[Rec]
    merge: dict[str, int] = field(default_factory=dict)  # column key -> rows a shared cell spans, from rec 0


@dataclass
class Doc:
    file: str
    format: str
    title: str | None
    period: str | None
    title_line: str
    intro: str
    columns: list[tuple[str, str]]   # (header as printed, column key)
    sections: list[Section]
    kind: str = "action"
    html_row_headers: bool = False   # HTML: each row's first cell is <th scope="row"> (accessible CMS tables)
    html_rag_classes: bool = False   # HTML: RAG colour from a CSS class in the page's <style>, not inline
    docx_rag_dots: bool = False      # DOCX: RAG as a "●" in coloured font (a traffic-light dot), no shading


def rec(kind: str = "action", *, action: str, rows: list[Row], detail=None, progress=(), issues=(), measures=(),
        responsible=(), timescale=None, start=None, due=(), status=None, merge_action=False) -> Rec:
    gold = {
        "kind": kind, "section": None, "section_status": None, "objective": None, "commitment": None,
        "action": action, "detail": detail, "progress": list(progress), "issues": list(issues),
        "measures": list(measures), "responsible": list(responsible), "timescale": timescale,
        "start": start, "due": list(due), "status": status,
    }
    return Rec(gold, rows, merge_action)


RAG_WORDS = {"GREEN", "AMBER", "RED"}


def gold_of(doc: Doc) -> dict:
    records = []
    for sec in doc.sections:
        for r in sec.recs:
            g = dict(r.gold)
            g["section"], g["objective"] = sec.section, sec.objective
            # gold/SPEC.md: a status word that is not RAG ("On track", "Complete", "Blue") is the first
            # progress item (the status column comes before the text column in every variant).
            shown = r.rows[0].cells.get("rag") if r.rows else None
            if isinstance(shown, str) and re.search(r"[A-Za-z]", shown) and shown.strip().upper() not in RAG_WORDS:
                # Kept in column order: first when the status column comes before the text columns,
                # last when it closes a KPI row ("Indicator | Target | Q1 | Q2 | Status").
                keys = [key for _, key in doc.columns]
                after = keys.index("rag") > max((keys.index(k) for k in ("progress", "q1", "q2") if k in keys),
                                                default=-1)
                g["progress"] = list(g["progress"]) + [shown.strip()] if after else [shown.strip()] + list(g["progress"])
            records.append(g)
    return {"file": doc.file, "format": doc.format, "title": doc.title, "period": doc.period, "records": records}


# ---------------------------------------------------------------------------------------------------
# 1. Equality objectives action plan, text rendering.

def doc_eo_plan() -> Doc:
    cols = [("Ref", "ref"), ("Action", "action"), ("Lead officer", "lead"), ("Target date", "when"),
            ("RAG", "rag"), ("Commentary", "progress")]
    s1 = Section(
        "Equality Objective 1: Understand our communities and use what we learn to shape services",
        "Equality Objective 1", "Understand our communities and use what we learn to shape services",
        [
            rec(action="Publish a borough equality profile using Census 2021 data",
                rows=[Row({"ref": "1.1", "action": "Publish a borough equality profile using Census 2021 data",
                           "lead": "Head of Policy, Performance and Partnerships", "when": "31/03/2026",
                           "rag": "Green",
                           "progress": ["Draft profile shared with the Equalities Steering Group in September.",
                                        "Ward-level tables to be added before publication."]})],
                progress=["Draft profile shared with the Equalities Steering Group in September.",
                          "Ward-level tables to be added before publication."],
                responsible=["Head of Policy, Performance and Partnerships"], timescale="31/03/2026",
                due=["2026-03-31"], status="GREEN"),
            rec(action="Add equality monitoring questions to all service satisfaction surveys",
                rows=[Row({"ref": "1.2", "action": "Add equality monitoring questions to all service satisfaction surveys",
                           "lead": "Customer Insight Manager", "when": "Q3 2025/26", "rag": "Amber",
                           "progress": ["Questions agreed for Housing and Revenues surveys.",
                                        "Waste survey delayed until the new contract starts."]})],
                progress=["Questions agreed for Housing and Revenues surveys.",
                          "Waste survey delayed until the new contract starts."],
                responsible=["Customer Insight Manager"], timescale="Q3 2025/26", due=["2025-12"], status="AMBER"),
            rec(action="Review how Equality Impact Assessments are completed and published",
                rows=[Row({"ref": "1.3", "action": "Review how Equality Impact Assessments are completed and published",
                           "lead": "Strategic Director (Place)", "when": "Spring 2025", "rag": "Blue",
                           "progress": ["New EqIA template and guidance launched in April 2025.",
                                        "All Cabinet reports now publish the EqIA as an appendix."]})],
                progress=["New EqIA template and guidance launched in April 2025.",
                          "All Cabinet reports now publish the EqIA as an appendix."],
                responsible=["Strategic Director (Place)"], timescale="Spring 2025", due=["2025-05"], status=None),
        ],
    )
    s2 = Section(
        "Equality Objective 2: Be an inclusive employer with a workforce that reflects the borough",
        "Equality Objective 2", "Be an inclusive employer with a workforce that reflects the borough",
        [
            rec(action="Publish the gender, ethnicity and disability pay gap reports",
                rows=[Row({"ref": "2.1", "action": "Publish the gender, ethnicity and disability pay gap reports",
                           "lead": "Head of HR / Head of Comms", "when": "by end of 2024/25", "rag": "Green",
                           "progress": ["Gender pay gap published in March 2025 (mean gap 4.2%).",
                                        "Ethnicity and disability pay gaps published for the first time."]})],
                progress=["Gender pay gap published in March 2025 (mean gap 4.2%).",
                          "Ethnicity and disability pay gaps published for the first time."],
                responsible=["Head of HR", "Head of Comms"], timescale="by end of 2024/25", due=["2025-03"],
                status="GREEN"),
            rec(action="Introduce anonymised shortlisting for all external recruitment",
                rows=[
                    Row({"ref": "2.2", "action": "Introduce anonymised shortlisting for all external recruitment",
                         "lead": "HR Business Partner; Recruitment Manager", "when": "September 2025", "rag": "Red",
                         "progress": ["The applicant tracking system cannot hide names without an upgrade.",
                                      "Upgrade quoted at £18,000; funding bid to go to Corporate Leadership Team"]}),
                    Row({"progress": ["in October 2025.",
                                      "Manual anonymisation trialled for three vacancies in the meantime."]},
                        page_break_before=True),
                ],
                progress=["The applicant tracking system cannot hide names without an upgrade.",
                          "Upgrade quoted at £18,000; funding bid to go to Corporate Leadership Team in October 2025.",
                          "Manual anonymisation trialled for three vacancies in the meantime."],
                responsible=["HR Business Partner", "Recruitment Manager"], timescale="September 2025",
                due=["2025-09"], status="RED"),
            rec(action="Run reverse mentoring between senior leaders and staff network members",
                rows=[Row({"ref": "2.3", "action": "Run reverse mentoring between senior leaders and staff network members",
                           "lead": "Organisational Development Lead", "when": "Ongoing", "rag": "Green",
                           "progress": ["Second cohort of eight pairs started in June."]})],
                progress=["Second cohort of eight pairs started in June."],
                responsible=["Organisational Development Lead"], timescale="Ongoing", due=[], status="GREEN"),
            rec(action="Achieve Disability Confident Leader status",
                rows=[Row({"ref": "2.4", "action": "Achieve Disability Confident Leader status",
                           "lead": "Head of HR", "when": "March 2026", "rag": "Amber",
                           "progress": ["Self-assessment complete; external validator not yet appointed."]})],
                progress=["Self-assessment complete; external validator not yet appointed."],
                responsible=["Head of HR"], timescale="March 2026", due=["2026-03"], status="AMBER"),
        ],
    )
    return Doc("eo-plan-ref-rag.txt", "text", "Equality Objectives 2024-2028 Annual Progress Report", "2024/25",
               "**Equality Objectives 2024-2028 Annual Progress Report 2024/25**",
               "This report sets out progress against the actions agreed under each of our equality objectives.",
               cols, [s1, s2])


# ---------------------------------------------------------------------------------------------------
# 2. Improvement plan tracker ("What we will do | How we will do it | Who | When | Progress"), text.

def doc_tracker() -> Doc:
    cols = [("What we will do", "action"), ("How we will do it", "detail"), ("Who", "lead"), ("When", "when"),
            ("Progress", "progress")]
    s1 = Section("Theme 1: Financial sustainability", "Financial sustainability", None, [
        rec(action="Close the budget gap for 2025/26",
            rows=[
                Row({"action": "Close the budget gap for 2025/26",
                     "detail": "Agree a savings programme with each directorate",
                     "lead": "Head of Finance", "when": "by end of 2024/25",
                     "progress": ["£2.1m of the £3.4m savings target agreed by Cabinet in February."]}),
                Row({"detail": "Review fees and charges against neighbouring councils",
                     "lead": "Strategic Director (Resources)", "when": "Q1 2025/26",
                     "progress": ["Benchmarking complete; report to Policy Committee in June."]}),
            ],
            detail="Agree a savings programme with each directorate Review fees and charges against neighbouring councils",
            progress=["£2.1m of the £3.4m savings target agreed by Cabinet in February.",
                      "Benchmarking complete; report to Policy Committee in June."],
            responsible=["Head of Finance", "Strategic Director (Resources)"],
            timescale="by end of 2024/25; Q1 2025/26", due=["2025-03", "2025-06"]),
        rec(action="Strengthen the council's approach to commercial income",
            rows=[Row({"action": "Strengthen the council's approach to commercial income",
                       "detail": "Write a commercial strategy and business cases for three income streams",
                       "lead": "Head of Commercial Services", "when": "Summer 2025",
                       "progress": "• Strategy drafted. • Business cases for trade waste and room hire under way."})],
            detail="Write a commercial strategy and business cases for three income streams",
            progress=["Strategy drafted.", "Business cases for trade waste and room hire under way."],
            responsible=["Head of Commercial Services"], timescale="Summer 2025", due=["2025-08"]),
    ])
    s2 = Section("Theme 2: Governance and decision making", "Governance and decision making", None, [
        rec(action="Implement the recommendations of the external governance review",
            rows=[
                Row({"action": "Implement the recommendations of the external governance review",
                     "detail": "Refresh the constitution and scheme of delegation",
                     "lead": "Monitoring Officer", "when": "May 2025",
                     "progress": ["New constitution adopted at Annual Council on 21 May 2025."]}),
                Row({"detail": "Deliver member training on decision making and scrutiny",
                     "lead": "Democratic Services Manager", "when": "Autumn 2025",
                     "progress": ["Four of six sessions delivered; attendance 78%."]}),
                Row({"detail": "Publish a forward plan of key decisions every month",
                     "lead": "Democratic Services Manager", "when": "Ongoing",
                     "progress": ["Forward plan published monthly since January."]}),
            ],
            detail=("Refresh the constitution and scheme of delegation Deliver member training on decision making "
                    "and scrutiny Publish a forward plan of key decisions every month"),
            progress=["New constitution adopted at Annual Council on 21 May 2025.",
                      "Four of six sessions delivered; attendance 78%.",
                      "Forward plan published monthly since January."],
            responsible=["Monitoring Officer", "Democratic Services Manager"],
            timescale="May 2025; Autumn 2025; Ongoing", due=["2025-05", "2025-11"]),
        rec(action="Improve the quality of reports to committees",
            rows=[Row({"action": "Improve the quality of reports to committees",
                       "detail": "Introduce a report template with a clear recommendations and risks section",
                       "lead": "Head of Legal / Head of Policy", "when": "Q2 2025/26",
                       "progress": "<p>Template in use since July.</p><p>Report clearance now takes 5 days, down from 9.</p>"})],
            detail="Introduce a report template with a clear recommendations and risks section",
            progress=["Template in use since July.", "Report clearance now takes 5 days, down from 9."],
            responsible=["Head of Legal", "Head of Policy"], timescale="Q2 2025/26", due=["2025-09"]),
        rec(action="Embed risk management across all services",
            rows=[Row({"action": "Embed risk management across all services",
                       "detail": "Every service plan to include a risk register reviewed quarterly",
                       "lead": "Corporate Risk Officer", "when": "31/03/2026",
                       "progress": ["Registers in place for 11 of 14 services."]})],
            detail="Every service plan to include a risk register reviewed quarterly",
            progress=["Registers in place for 11 of 14 services."],
            responsible=["Corporate Risk Officer"], timescale="31/03/2026", due=["2026-03-31"]),
    ])
    return Doc("improvement-tracker-what-how.txt", "text", "Council Improvement Plan Progress Tracker", "2025/26",
               "**Council Improvement Plan Progress Tracker 2025/26**",
               "Progress on the improvement plan agreed following the Corporate Peer Challenge, as at June 2025.",
               cols, [s1, s2])


# ---------------------------------------------------------------------------------------------------
# 3. KPI scorecard ("Indicator | Target | Q1 | Q2 | Status"), text.

def kpi(indicator: str, target: str, q1: str, q2: str, shown: str, status: str | None) -> Rec:
    return rec("measure", action=indicator,
               rows=[Row({"action": indicator, "target": target, "q1": q1, "q2": q2, "rag": shown})],
               progress=[f"Target: {target}", f"Q1: {q1}", f"Q2: {q2}"], status=status)


def doc_kpi() -> Doc:
    cols = [("Indicator", "action"), ("Target", "target"), ("Q1", "q1"), ("Q2", "q2"), ("Status", "rag")]
    s1 = Section("Outcome 1 – A thriving local economy", "A thriving local economy", None, [
        kpi("Percentage of major planning applications decided in time", "90%", "94%", "88%", "Amber", "AMBER"),
        kpi("Number of new businesses supported", "60", "18", "35", "Green", "GREEN"),
        kpi("Town centre footfall (change on last year)", "+2%", "-1.5%", "-3.2%", "Red", "RED"),
    ])
    s2 = Section("Outcome 2 – Safe and healthy communities", "Safe and healthy communities", None, [
        kpi("Households prevented from becoming homeless", "250", "71", "140", "Green", "GREEN"),
        kpi("Average days to process new Housing Benefit claims", "20", "17.4", "16.9", "Blue", None),
        kpi("Leisure centre visits", "400,000", "98,210", "203,550", "Green", "GREEN"),
        kpi("Fly-tipping incidents cleared within 2 working days", "95%", "91%", "Not yet available", "N/A", None),
    ])
    return Doc("kpi-scorecard-q2.txt", "text", "Corporate Performance Scorecard Quarter 2", "2025/26",
               "**Corporate Performance Scorecard Quarter 2 2025/26**",
               "Performance against the corporate plan indicators for April to September 2025.",
               cols, [s1, s2], kind="measure")


# ---------------------------------------------------------------------------------------------------
# 4. Annual EDI report on a council CMS page ("Key milestone | Owner | Due by | Status | Update").

def doc_edi_cms() -> Doc:
    cols = [("Key milestone", "action"), ("Owner", "lead"), ("Due by", "when"), ("Status", "rag"),
            ("Update", "progress")]
    s1 = Section("Theme 1: Accessible and inclusive services", "Accessible and inclusive services", None, [
        rec(action="British Sign Language video relay offered at all customer contact points",
            rows=[Row({"action": "British Sign Language video relay offered at all customer contact points",
                       "lead": "Customer Services Manager", "when": "Autumn 2024", "rag": "On track",
                       "progress": ["Live at the Gateway; libraries to follow in October."]})],
            progress=["Live at the Gateway; libraries to follow in October."],
            responsible=["Customer Services Manager"], timescale="Autumn 2024", due=["2024-11"]),
        rec(action="Easy Read versions of the council tax and housing guides",
            rows=[Row({"action": "Easy Read versions of the council tax and housing guides",
                       "lead": "Customer Services Manager", "when": "Q4 2024/25", "rag": "Not started",
                       "progress": ["Supplier to be procured in January."]})],
            progress=["Supplier to be procured in January."],
            responsible=["Customer Services Manager"], timescale="Q4 2024/25", due=["2025-03"]),
        rec(action="Website meets WCAG 2.2 AA accessibility standard",
            rows=[Row({"action": "Website meets WCAG 2.2 AA accessibility standard", "lead": "Digital Services Manager",
                       "when": "31/03/2025", "rag": "Complete",
                       "progress": ["Accessibility audit passed in February 2025.", "Statement updated on the website."]})],
            progress=["Accessibility audit passed in February 2025.", "Statement updated on the website."],
            responsible=["Digital Services Manager"], timescale="31/03/2025", due=["2025-03-31"]),
    ], merge={"lead": 2})  # "Customer Services Manager" is one Owner cell over the first two milestones
    s2 = Section("Theme 2: A diverse and engaged workforce", "A diverse and engaged workforce", None, [
        rec(action="Staff networks for disabled, LGBTQ+ and ethnic minority staff have a senior sponsor",
            rows=[Row({"action": "Staff networks for disabled, LGBTQ+ and ethnic minority staff have a senior sponsor",
                       "lead": "Chief Executive", "when": "June 2024", "rag": "Complete",
                       "progress": ["Sponsors appointed for all three networks."]})],
            progress=["Sponsors appointed for all three networks."],
            responsible=["Chief Executive"], timescale="June 2024", due=["2024-06"]),
        rec(action="Mandatory inclusive leadership training for all managers",
            rows=[Row({"action": "Mandatory inclusive leadership training for all managers",
                       "lead": "Head of HR / Learning and Development Manager", "when": "by end of 2024/25",
                       "rag": "Delayed",
                       "progress": ["62% of managers trained.", "Remaining sessions moved to May because of the restructure."]})],
            progress=["62% of managers trained.", "Remaining sessions moved to May because of the restructure."],
            responsible=["Head of HR", "Learning and Development Manager"], timescale="by end of 2024/25",
            due=["2025-03"]),
        rec(action="Workforce equality data published with the annual report",
            rows=[Row({"action": "Workforce equality data published with the annual report",
                       "lead": "Strategic Director (Corporate Services)", "when": "Spring 2025", "rag": "On track",
                       "progress": ["Data extracted; disclosure rates improved to 81%."]})],
            progress=["Data extracted; disclosure rates improved to 81%."],
            responsible=["Strategic Director (Corporate Services)"], timescale="Spring 2025", due=["2025-05"]),
    ])
    return Doc("edi-annual-report-cms.html", "html", "Equality, Diversity and Inclusion Annual Report", "2024/25",
               "Equality, Diversity and Inclusion Annual Report 2024/25",
               "Our annual report shows what we have done to meet our equality objectives and the Public Sector "
               "Equality Duty.", cols, [s1, s2], html_row_headers=True)


# ---------------------------------------------------------------------------------------------------
# 5. Corporate plan with an Objective column merged down its rows; RAG mostly colour only (HTML).

def doc_objective_rowspan() -> Doc:
    cols = [("Ref", "ref"), ("Objective", "objective"), ("Action", "action"), ("Lead officer", "lead"),
            ("Target date", "when"), ("RAG", "rag"), ("Commentary", "progress")]
    o1 = "Increase the supply of genuinely affordable homes"
    o2 = "Reduce the council's own carbon emissions to net zero by 2030"

    def r(ref, objective, action, lead, resp, when, due, rag_text, fill, status, progress, start=None):
        cells = {"ref": ref, "objective": objective, "action": action, "lead": lead, "when": when,
                 "rag": rag_text, "progress": progress}
        g = rec(action=action, rows=[Row(cells, fill=fill)], progress=progress, responsible=resp,
                timescale=when, start=start, due=due, status=status)
        g.gold["objective_cell"] = objective
        return g

    recs1 = [
        r("H1", o1, "Deliver 120 affordable homes through the council's own building programme",
          "Head of Housing Delivery", ["Head of Housing Delivery"], "April 2024 – March 2026", ["2026-03"], "", "GREEN",
          "GREEN", ["68 homes completed; 40 on site."], start="2024-04"),
        r("H2", o1, "Adopt a new Affordable Housing Supplementary Planning Document",
          "Planning Policy Manager", ["Planning Policy Manager"], "Q3 2025/26", ["2025-12"], "", "AMBER", "AMBER",
          ["Consultation draft delayed to align with the Local Plan review."]),
        r("H3", o1, "Bring 30 long-term empty homes back into use",
          "Private Sector Housing Manager", ["Private Sector Housing Manager"], "31/03/2026", ["2026-03-31"], "Red",
          "RED", "RED", ["9 homes brought back into use.", "Empty homes officer post vacant since May."]),
    ]
    recs2 = [
        r("C1", o2, "Replace the council fleet with electric vehicles as leases end",
          "Fleet Manager / Climate Change Officer", ["Fleet Manager", "Climate Change Officer"], "by end of 2026/27",
          ["2027-03"], "", "GREEN", "GREEN", ["14 of 52 vehicles now electric."]),
        r("C2", o2, "Install solar panels on the depot and two leisure centres",
          "Head of Property", ["Head of Property"], "Summer 2025", ["2025-08"], "", "AMBER", "AMBER",
          ["Depot installation complete.", "Leisure centre roofs need structural survey first."]),
        r("C3", o2, "Publish an annual carbon footprint report",
          "Strategic Director (Place)", ["Strategic Director (Place)"], "July 2025", ["2025-07"], "", "GREEN",
          "GREEN", ["2023/24 footprint published: emissions down 11% on baseline."]),
        r("C4", o2, "Carbon literacy training for all councillors and senior managers",
          "Climate Change Officer", ["Climate Change Officer"], "Ongoing", [], "", None, None,
          ["31 councillors and 18 managers certified."]),
    ]
    # The Objective column is merged down each objective's rows: gold objective = that cell.
    for g in recs1 + recs2:
        g.gold.pop("objective_cell")
    s1 = Section(None, None, o1, recs1, merge={"objective": 3})
    s2 = Section(None, None, o2, recs2, merge={"objective": 4})
    return Doc("corporate-plan-objective-rowspan.html", "html", "Corporate Plan Delivery Report Quarter 3", "2024/25",
               "Corporate Plan Delivery Report – Quarter 3 2024/25",
               "RAG key: green – on track; amber – some slippage; red – off track.", cols, [s1, s2],
               html_rag_classes=True)


# ---------------------------------------------------------------------------------------------------
# 6. Equality action plan in Word: Outcome headings, merged cells, List Bullet.

def doc_outcomes_docx() -> Doc:
    cols = [("Action", "action"), ("Lead", "lead"), ("Timescale", "when"), ("Success measure", "measures"),
            ("RAG", "rag"), ("Progress", "progress")]

    def r(action, lead, resp, when, due, measures, progress, rag, start=None):
        return rec(action=action, rows=[Row({"action": action, "lead": lead, "when": when, "measures": measures,
                                             "rag": "●" if rag else "", "progress": progress}, fill=rag)],
                   measures=measures, progress=progress, responsible=resp, timescale=when, start=start, due=due,
                   status=rag)

    s1 = Section("Outcome 1 – Residents can access the services they need", "Residents can access the services they need",
                 None, [
                     r("Translate key housing letters into the five most spoken community languages",
                       "Housing Options Manager", ["Housing Options Manager"], "December 2025", ["2025-12"],
                       ["Translated letters in use"], ["Languages agreed using Census 2021 data."], "GREEN"),
                     r("Introduce a reasonable adjustments register for tenants", "Housing Options Manager",
                       ["Housing Options Manager"], "31/03/2026", ["2026-03-31"],
                       ["Register in use by all housing officers", "Complaints about adjustments fall"],
                       ["Register designed with the disabled tenants' panel."], "AMBER"),
                     r("Offer assisted digital support in every library", "Libraries Manager", ["Libraries Manager"],
                       "Q2 2025/26", ["2025-09"], ["Support available in 8 of 8 libraries", "500 residents helped a year"],
                       ["Digital champions recruited for six libraries.", "Two libraries to start in August."], "GREEN"),
                 ], merge={"lead": 2})
    s2 = Section("Outcome 2 – Our workforce reflects the communities we serve", "Our workforce reflects the communities we serve",
                 None, [
                     r("Advertise all vacancies through community organisations as well as online",
                       "Head of HR", ["Head of HR"], "Ongoing", [], ["More applications from under-represented groups"],
                       ["Partnership with the local mosque and the African Caribbean forum started."], "GREEN"),
                     r("Offer guaranteed interviews to disabled applicants who meet the essential criteria",
                       "Recruitment Manager", ["Recruitment Manager"], "April 2025", ["2025-04"],
                       ["Guaranteed interview scheme in place"], ["Scheme live since 1 April 2025."], "GREEN"),
                     r("Set up a menopause and carers support network", "Head of HR / Wellbeing Lead",
                       ["Head of HR", "Wellbeing Lead"], "Spring 2025", ["2025-05"],
                       ["Network meets quarterly", "Staff survey score on feeling supported rises"],
                       ["First meeting held in March with 23 staff."], "RED"),
                     r("Report workforce equality data to the Employment Committee every year",
                       "HR Business Partner", ["HR Business Partner"], "September 2025", ["2025-09"],
                       ["Annual report to Committee"], ["Data collection started."], None),
                 ])
    return Doc("equality-action-plan-outcomes.docx", "docx", "Equality Action Plan", "2025-26",
               "Equality Action Plan 2025-26",
               "This plan sets out the actions we will take to meet our equality outcomes.", cols, [s1, s2],
               docx_rag_dots=True)


# ---------------------------------------------------------------------------------------------------
# 7. Improvement plan in Word with the RAG only as cell shading.

def doc_colour_docx() -> Doc:
    cols = [("No.", "ref"), ("Action", "action"), ("Responsible officer", "lead"), ("Deadline", "when"),
            ("RAG", "rag"), ("Update", "progress")]

    def r(ref, action, lead, resp, when, due, fill, progress, start=None):
        return rec(action=action, rows=[Row({"ref": ref, "action": action, "lead": lead, "when": when, "rag": "",
                                             "progress": progress}, fill=fill)],
                   progress=progress, responsible=resp, timescale=when, start=start, due=due,
                   status=fill if fill in {"GREEN", "AMBER", "RED"} else None)

    merged = rec(
        action="Complete the review of the council's leisure contract",
        rows=[
            Row({"ref": "1.3", "action": "Complete the review of the council's leisure contract",
                 "lead": "Head of Leisure", "when": "July 2025", "rag": "",
                 "progress": ["Options appraisal reported to Cabinet in July."]}, fill="GREEN"),
            Row({"lead": "Head of Procurement", "when": "December 2025", "rag": "",
                 "progress": ["Procurement route to be agreed by December."]}, fill="GREEN"),
        ],
        progress=["Options appraisal reported to Cabinet in July.", "Procurement route to be agreed by December."],
        responsible=["Head of Leisure", "Head of Procurement"], timescale="July 2025; December 2025",
        due=["2025-07", "2025-12"], status="GREEN", merge_action=True)
    s1 = Section("Theme 1 – Financial resilience", "Financial resilience", None, [
        r("1.1", "Set a balanced medium term financial strategy", "Section 151 Officer", ["Section 151 Officer"],
          "February 2025", ["2025-02"], "GREEN", ["Strategy approved by Council on 26 February 2025."]),
        r("1.2", "Reduce agency staff spend by 20%", "Head of HR", ["Head of HR"], "Q4 2024/25", ["2025-03"],
          "RED", ["Agency spend is 4% higher than last year.", "A recruitment campaign for planners starts in May."]),
        merged,
    ])
    s2 = Section("Theme 2 – Services residents can rely on", "Services residents can rely on", None, [
        r("2.1", "Clear the backlog of housing repairs", "Head of Housing Property Services",
          ["Head of Housing Property Services"], "31/12/2025", ["2025-12-31"], "AMBER",
          ["Backlog down from 1,480 to 910 jobs."]),
        r("2.2", "Answer 80% of calls to the contact centre within 60 seconds", "Customer Services Manager",
          ["Customer Services Manager"], "Ongoing", [], "GREEN", ["Quarter 1: 83% answered within 60 seconds."]),
        r("2.3", "Move the planning service onto a new case management system", "Planning Manager / ICT Manager",
          ["Planning Manager", "ICT Manager"], "Autumn 2025", ["2025-11"], "AMBER",
          ["Data migration testing found gaps in historic records."]),
        r("2.4", "Publish service standards for every front-line service", "Strategic Director (People)",
          ["Strategic Director (People)"], "by end of 2025/26", ["2026-03"], "BLUE",
          ["Standards published for all 12 services in April 2025."]),
    ])
    return Doc("improvement-plan-colour-rag.docx", "docx", "Improvement and Recovery Plan Progress Report", "2025/26",
               "Improvement and Recovery Plan – Progress Report 2025/26",
               "The RAG column shows progress: green on track, amber at risk, red off track, blue complete.",
               cols, [s1, s2])


# ---------------------------------------------------------------------------------------------------
# 8. Workforce EDI plan as a ruled PDF table over two pages.

def doc_workforce_pdf() -> Doc:
    cols = [("Ref", "ref"), ("Action", "action"), ("Lead officer", "lead"), ("Target date", "when"),
            ("Status", "rag"), ("Progress update", "progress")]

    def r(ref, action, lead, resp, when, due, shown, progress, start=None):
        return rec(action=action, rows=[Row({"ref": ref, "action": action, "lead": lead, "when": when, "rag": shown,
                                             "progress": progress})],
                   progress=progress, responsible=resp, timescale=when, start=start, due=due, status=None)

    long = ("The working group met four times and reviewed job descriptions, advertising channels, the application "
            "form and the assessment process for every grade, and made recommendations to the Corporate Leadership Team.")
    s1 = Section("Objective 1 – Attract and recruit a diverse workforce", "Objective 1",
                 "Attract and recruit a diverse workforce", [
                     r("1.1", "Review recruitment practice for barriers to under-represented groups", "Head of HR",
                       ["Head of HR"], "September 2024", ["2024-09"], "Complete",
                       [long, "Recommendations agreed in October 2024."]),
                     r("1.2", "Advertise roles on specialist job boards and with community partners",
                       "Recruitment Manager", ["Recruitment Manager"], "Ongoing", [], "On track",
                       ["Roles now advertised through six community partners.",
                        "Applications from ethnic minority candidates up from 12% to 17%."]),
                     r("1.3", "Offer work experience placements to care leavers", "Head of Children's Services / Head of HR",
                       ["Head of Children's Services", "Head of HR"], "Summer 2025", ["2025-08"], "On track",
                       ["Four placements confirmed for July and August 2025."]),
                     r("1.4", "Introduce diverse interview panels for posts at grade 10 and above", "HR Business Partner",
                       ["HR Business Partner"], "Q3 2024/25", ["2024-12"], "Delayed",
                       ["Panel member training postponed to January because of the pay review."]),
                 ])
    s2 = Section("Objective 2 – Develop and retain our staff", "Objective 2", "Develop and retain our staff", [
        r("2.1", "Launch a leadership programme for staff from under-represented groups",
          "Organisational Development Manager", ["Organisational Development Manager"], "January 2025", ["2025-01"],
          "Complete", ["First cohort of 14 staff started in January 2025.", long]),
        r("2.2", "Introduce stay interviews for staff in hard-to-recruit roles", "HR Business Partner",
          ["HR Business Partner"], "31/03/2025", ["2025-03-31"], "Not started",
          ["Scheduled to start after the HR system upgrade."]),
        r("2.3", "Analyse leaver data by protected characteristic every quarter", "HR Systems and Data Manager",
          ["HR Systems and Data Manager"], "Quarterly", [], "On track",
          ["Quarter 3 analysis reported to the Workforce Board; no significant differences found."]),
        r("2.4", "Publish a flexible working policy with clear guidance for managers", "Head of HR",
          ["Head of HR"], "by end of 2024/25", ["2025-03"], "Complete",
          ["Policy published in November 2024.", "Manager briefings delivered in all directorates.",
           "Requests for flexible working rose from 41 to 96 in the year; 88 were agreed in full, 5 with "
           "changes and 3 were declined after a trial period, with reasons recorded for each case.", long]),
    ])
    s3 = Section("Objective 3 – Make the council a fair and inclusive place to work",
                 "Objective 3", "Make the council a fair and inclusive place to work", [
                     r("3.1", "Carry out an equal pay audit", "Head of HR / Head of Finance", ["Head of HR", "Head of Finance"],
                       "December 2025", ["2025-12"], "On track", ["Job evaluation data being checked.", long]),
                     r("3.2", "Refresh the dignity at work policy with the trade unions", "Employee Relations Manager",
                       ["Employee Relations Manager"], "Spring 2025", ["2025-05"], "Delayed",
                       ["Trade union consultation extended at their request."]),
                     r("3.3", "Provide a quiet room and prayer space at the civic offices", "Facilities Manager",
                       ["Facilities Manager"], "April 2025", ["2025-04"], "Complete",
                       ["Room opened on the second floor in April 2025."]),
                     r("3.4", "Run an annual staff equality survey", "Strategic Director (Corporate Services)",
                       ["Strategic Director (Corporate Services)"], "Q1 2025/26", ["2025-06"], "Not started",
                       ["Questions to be agreed with the staff networks."]),
                 ])
    return Doc("workforce-edi-plan.pdf", "pdf", "Workforce Equality, Diversity and Inclusion Action Plan", "2024-25",
               "Workforce Equality, Diversity and Inclusion Action Plan 2024-25",
               "Appendix B to the report of the Head of HR to the Employment Committee.", cols, [s1, s2, s3])


DOCS = (doc_eo_plan, doc_tracker, doc_kpi, doc_edi_cms, doc_objective_rowspan, doc_outcomes_docx, doc_colour_docx,
        doc_workforce_pdf)


# ---------------------------------------------------------------------------------------------------
# Shared cell rendering helpers.

def cell_items(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [str(value)]


def header_texts(doc: Doc) -> list[str]:
    return [h for h, _ in doc.columns]


# ---------------------------------------------------------------------------------------------------
# Text rendering (the seed format: one line per row, cells tab-separated, inline HTML in cells).

def text_cell(key: str, value) -> str:
    if isinstance(value, str) and (value.startswith("<") or "•" in value):
        return value  # already inline HTML / glyph bullets as the council's export wrote them
    items = cell_items(value)
    if not items:
        return ""
    if len(items) == 1:
        return escape(items[0], quote=False)
    if key == "progress" or key == "measures":
        return "<ul>" + "".join(f"<li>{escape(i, quote=False)}</li>" for i in items) + "</ul>"
    return "".join(f"<p>{escape(i, quote=False)}</p>" for i in items)


def render_text(doc: Doc) -> str:
    keys = [k for _, k in doc.columns]
    header = TAB.join(header_texts(doc))
    lines = [doc.title_line, "", doc.intro, ""]
    page = 1
    pages = 1 + sum(row.page_break_before for sec in doc.sections for r in sec.recs for row in r.rows)
    for sec in doc.sections:
        if sec.heading:
            lines += [sec.heading, header]
        for r in sec.recs:
            for row in r.rows:
                if row.page_break_before:
                    lines += ["", f"Page {page} of {pages}", "", header]
                    page += 1
                lines.append(TAB.join(text_cell(k, row.cells.get(k)) for k in keys))
        lines.append("")
    lines += [f"Page {page} of {pages}", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------
# HTML rendering: a plain council CMS page.

CMS_HEAD = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{title} | Borough Council</title>
<link rel="stylesheet" href="/assets/site.css">
{style}</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a href="/" class="logo">Borough Council</a>
<nav aria-label="Main"><ul><li><a href="/bins">Bins and recycling</a></li><li><a href="/council-tax">Council tax</a></li>
<li><a href="/councillors">Your Councillors</a></li><li><a href="/a-z">Our A-Z of services</a></li></ul></nav>
</header>
<nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">Home</a> &gt; <a href="/council">The council</a> &gt; Equality and diversity</nav>
<main id="main">
<h1>{h1}</h1>
<p>{intro}</p>
"""
CMS_FOOT = """</main>
<aside><h2>Related pages</h2><ul><li><a href="/equality">Equality and diversity</a></li>
<li><a href="/performance">How we are performing</a></li></ul></aside>
<footer><p>&copy; Borough Council 2025</p><a href="/accessibility">Accessibility statement</a></footer>
</body>
</html>
"""


def html_cell_content(key: str, value) -> str:
    items = cell_items(value)
    if not items:
        return ""
    if len(items) == 1:
        return escape(items[0], quote=False)
    return "<ul>" + "".join(f"<li>{escape(i, quote=False)}</li>" for i in items) + "</ul>"


def render_html(doc: Doc) -> str:
    keys = [k for _, k in doc.columns]
    style = ""
    if doc.html_rag_classes:
        # The CMS template's RAG classes, as a page-level style block (the colours an analyst sees).
        style = "<style>\n" + "".join(f".rag-{k.lower()} {{ background-color: #{v}; }}\n" for k, v in FILL.items()) \
            + "</style>\n"
    out = [CMS_HEAD.format(title=escape(doc.title_line), h1=escape(doc.title_line), intro=escape(doc.intro),
                           style=style)]

    def open_table() -> None:
        out.append('<table class="table">')
        out.append("<thead><tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in header_texts(doc))
                   + "</tr></thead>")
        out.append("<tbody>")

    single_table = all(s.heading is None for s in doc.sections)
    if single_table:
        open_table()
    for sec in doc.sections:
        if sec.heading:
            out.append(f"<h2>{escape(sec.heading)}</h2>")
            open_table()
        covered: dict[str, int] = {}
        for n_rec, r in enumerate(sec.recs):
            for n_row, row in enumerate(r.rows):
                tds = []
                for k in keys:
                    if covered.get(k, 0) > 0:
                        covered[k] -= 1
                        continue
                    if k == "action" and r.merge_action and n_row > 0:
                        continue
                    attrs = ""
                    span = sec.merge.get(k) if (n_rec == 0 and n_row == 0) else None
                    if span:
                        attrs += f' rowspan="{span}"'
                        covered[k] = span - 1
                    if k == "action" and r.merge_action and n_row == 0 and len(r.rows) > 1:
                        attrs += f' rowspan="{len(r.rows)}"'
                    if k == "rag" and row.fill:
                        if doc.html_rag_classes:
                            attrs += f' class="rag rag-{row.fill.lower()}"'
                        else:
                            attrs += f' style="background-color:#{FILL[row.fill]}"'
                    value = row.cells.get(k)
                    tag = "th" if doc.html_row_headers and not tds and k == keys[0] else "td"
                    scope = ' scope="row"' if tag == "th" else ""
                    tds.append(f"<{tag}{scope}{attrs}>{html_cell_content(k, value)}</{tag}>")
                out.append("<tr>" + "".join(tds) + "</tr>")
        if sec.heading:
            out.append("</tbody></table>")
    if single_table:
        out.append("</tbody></table>")
    out.append(CMS_FOOT)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------------
# DOCX rendering (python-docx): Word headings, a table per document, merged cells, List Bullet.

def render_docx(doc: Doc, path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    d.core_properties.title = doc.title_line
    d.add_heading(doc.title_line, level=1)
    d.add_paragraph(doc.intro)
    keys = [k for _, k in doc.columns]
    n_cols = len(keys)
    headings_in_table = doc.file.startswith("improvement-plan-colour")

    def fill_cell(cell, key, value, fill=None):
        items = cell_items(value)
        cell.paragraphs[0].text = ""
        if key == "rag" and doc.docx_rag_dots:
            if fill:
                run = cell.paragraphs[0].add_run("●")
                run.font.color.rgb = RGBColor.from_string(FILL[fill])
            return
        if key in {"progress", "measures"} and len(items) > 1:
            first = True
            for it in items:
                p = cell.paragraphs[0] if first else cell.add_paragraph()
                p.text = it
                p.style = "List Bullet"
                first = False
        else:
            for n, it in enumerate(items):
                p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                p.text = it
        if fill:
            shd = OxmlElement("w:shd")
            shd.set(qn("w:val"), "clear")
            shd.set(qn("w:color"), "auto")
            shd.set(qn("w:fill"), FILL[fill])
            cell._tc.get_or_add_tcPr().append(shd)

    def bold_row(row_cells):
        for c in row_cells:
            for p in c.paragraphs:
                for run in p.runs:
                    run.bold = True

    def new_table():
        t = d.add_table(rows=1, cols=n_cols)
        t.style = "Table Grid"
        for c, h in zip(t.rows[0].cells, header_texts(doc)):
            c.text = h
        bold_row(t.rows[0].cells)
        return t

    table = new_table() if headings_in_table else None
    for sec in doc.sections:
        if headings_in_table:
            row = table.add_row()
            merged = row.cells[0].merge(row.cells[n_cols - 1])
            merged.text = sec.heading
            bold_row([merged])
        else:
            d.add_heading(sec.heading, level=2)
            table = new_table()
        spans: list[tuple[int, int, int]] = []  # (first row index, last row index, column)
        first_idx = len(table.rows)
        for n_rec, r in enumerate(sec.recs):
            rec_first = len(table.rows)
            for n_row, row in enumerate(r.rows):
                tr = table.add_row()
                for ci, k in enumerate(keys):
                    value = row.cells.get(k)
                    if k == "action" and r.merge_action and n_row > 0:
                        value = None
                    fill_cell(tr.cells[ci], k, value, row.fill if k == "rag" else None)
            if r.merge_action and len(r.rows) > 1:
                spans.append((rec_first, len(table.rows) - 1, keys.index("action")))
        for k, n in sec.merge.items():
            ci = keys.index(k)
            # Word keeps only the first cell's text when cells are merged down; clear the rest first.
            for ri in range(first_idx + 1, first_idx + n):
                table.cell(ri, ci).paragraphs[0].text = ""
            spans.append((first_idx, first_idx + n - 1, ci))
        for a, b, ci in spans:
            for ri in range(a + 1, b + 1):
                for p in table.cell(ri, ci).paragraphs:
                    p.text = ""
            table.cell(a, ci).merge(table.cell(b, ci))
    for p in d.paragraphs:
        for run in p.runs:
            run.font.size = Pt(10)
    d.save(str(path))
    # python-docx stamps the current time into docProps/core.xml; pin it so re-runs leave git clean.
    _pin_docx_dates(path)


def _pin_docx_dates(path: Path) -> None:
    import re
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-06-30T09:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 6, 30, 9, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    tmp.replace(path)


# ---------------------------------------------------------------------------------------------------
# PDF rendering (reportlab): one ruled table, header repeated on every page, full-width objective rows.

def render_pdf(doc: Doc, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    # Embedded TrueType (Bitstream Vera, shipped inside reportlab) like a Word export's embedded Arial subset:
    # it carries a ToUnicode map.  (Base-14 Helvetica writes "•" as a code pdfminer reads as "(cid:127)".)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font_dir = Path(__import__("reportlab").__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Sans", str(font_dir / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Sans-Bold", str(font_dir / "VeraBd.ttf")))
    body = ParagraphStyle("body", fontName="Sans", fontSize=9, leading=11, spaceAfter=2)
    bullet = ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=1, bulletFontName="Sans", bulletFontSize=9)
    bold = ParagraphStyle("bold", parent=body, fontName="Sans-Bold")
    title = ParagraphStyle("title", fontName="Sans-Bold", fontSize=14, leading=18, spaceAfter=6)
    keys = [k for _, k in doc.columns]

    def para_list(key, value):
        items = cell_items(value)
        if key == "progress" and len(items) > 1:
            return [Paragraph(escape(i, quote=False), bullet, bulletText="•") for i in items]
        return [Paragraph(escape(i, quote=False), body) for i in items] or ""

    data = [[Paragraph(escape(h), bold) for h in header_texts(doc)]]
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9D9D9"))]
    for sec in doc.sections:
        data.append([Paragraph(escape(sec.heading), bold)] + [""] * (len(keys) - 1))
        style.append(("SPAN", (0, len(data) - 1), (-1, len(data) - 1)))
        for r in sec.recs:
            for row in r.rows:
                data.append([para_list(k, row.cells.get(k)) for k in keys])
    widths = [12 * mm, 70 * mm, 42 * mm, 28 * mm, 24 * mm, 95 * mm]
    # splitInRow: a row too tall for the rest of the page breaks across it (Word's "allow row to break across pages").
    table = Table(data, colWidths=widths, repeatRows=1, splitInRow=1, style=TableStyle(style))

    def furniture(canvas, d):
        canvas.saveState()
        canvas.setFont("Sans", 8)
        canvas.drawString(15 * mm, 200 * mm, "Employment Committee – 17 June 2025")
        canvas.drawRightString(282 * mm, 8 * mm, f"Page {d.page}")
        canvas.restoreState()

    pdf = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title=doc.title_line, invariant=1)
    pdf.build([Paragraph(escape(doc.title_line), title), Paragraph(escape(doc.intro), body), Spacer(1, 4 * mm), table],
              onFirstPage=furniture, onLaterPages=furniture)


# ---------------------------------------------------------------------------------------------------

def write(doc: Doc) -> None:
    path = OUT / doc.file
    if doc.format == "text":
        path.write_text(render_text(doc), encoding="utf-8")
    elif doc.format == "html":
        path.write_text(render_html(doc), encoding="utf-8")
    elif doc.format == "docx":
        render_docx(doc, path)
    elif doc.format == "pdf":
        render_pdf(doc, path)
    gold = gold_of(doc)
    path.with_suffix(".json").write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    for make in DOCS:
        write(make())


if __name__ == "__main__":
    main()

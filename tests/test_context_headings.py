"""Context in every format (issue 18 item 2): where councils put a table's section, objective and
commitment, and lines that look like headings but name none.  Invented variants: tests/data/context/
(make_context.py); the development layouts that showed each kind are named in each test.

Kinds:

1. a pledge heading ("We will ...": a Word heading or bold paragraph, an HTML h3 or bold paragraph, a PDF
   line in bold type, a text ``**bold**`` line) above a table is the commitment of its rows, and the
   section and objective above it stay; a numbered objective heading ("Objective 1: Thriving town
   centres") over a labelled aim ("What we want to achieve: ...") is the section, the aim its objective
   (equality-plan-commitment-heading-above-action-tables.html);
2. a report's cover field naming a section ("Topic: ...", "Workstream: ...") above its table is the
   section of the rows (footnoted-headers-lettered-rows.txt, scrutiny-response-plan-label-header-roman-rows.txt);
3. a line that only refers to a part of the papers ("Appendix 3", "OPEN ITEM 8", "Agenda Item 6") is no
   section, and neither is the value under a label alone that names no field ("Contact officer:" /
   a name) (grouped-column-cells.txt, committee-report-label-pairs-and-summary-row.txt);
4. a page run into one paragraph: the numbered heading and its aim before the header embedded in it are
   the section and objective of its rows (run-on-paragraph-table.txt);
5. a footnote marker glued to a heading ("Local[v]", "Housing[3]") is no part of the section
   (level-measure-blocks.txt).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.run import run_document

DATA = Path(__file__).parent / "data" / "context"


def context_of(path: Path) -> list[tuple[str | None, str | None, str | None, str]]:
    return [(r.section, r.objective, r.commitment, r.action) for r in run_document(path, tag=False).records]


TOWN_A = ("Thriving town centres", "Every high street has shops people want to visit.")
TOWN_B = ("Safe and warm homes", "Nobody in the borough lives in a cold or unsafe home.")


def test_word_pledge_headings_and_bold_pledge_paragraphs_are_commitments() -> None:
    assert context_of(DATA / "town-plan-docx-objective-aim-pledge-headings.docx") == [
        (*TOWN_A, "We will bring empty shops back into use.", "Offer rate relief to new independent shops"),
        (*TOWN_A, "We will bring empty shops back into use.", "Run a meanwhile-use scheme for vacant units"),
        (*TOWN_A, "We will make it easier to park and shop in town.", "Introduce one hour of free parking on Saturdays"),
        (*TOWN_B, "We will tackle damp and mould in council homes.", "Inspect every flat reported for damp within ten days"),
    ]


def test_pdf_pledges_in_bold_type_under_an_aim_paragraph_are_commitments() -> None:
    # The first pledge sits right under the aim paragraph with no space between: the change to bold type
    # starts a new paragraph (extractors/pdf/cells.lines_to_items), else the pledge ran into the objective.
    aim = ("Homes people can afford", "More families on low incomes find a home they can afford.")
    assert context_of(DATA / "housing-plan-pdf-objective-aim-pledge-bold-type.pdf") == [
        (*aim, "We will build more social rented homes.", "Start 120 council homes on the Mill Lane site"),
        (*aim, "We will build more social rented homes.", "Buy back former council homes for rent"),
        (*aim, "We will help private renters stay in their homes.", "Fund a tenancy rescue service"),
    ]


def test_text_bold_pledges_above_tab_tables_are_commitments() -> None:
    aim = ("Active residents", "More adults take part in sport every week.")
    assert context_of(DATA / "leisure-plan-text-objective-aim-pledge-markup.txt") == [
        (*aim, "We will open our leisure centres for longer.", "Open Westmoor pool at 6am on weekdays"),
        (*aim, "We will open our leisure centres for longer.", "Add Sunday evening sessions at the sports hall"),
        (*aim, "We will make sport cheaper for families.", "Launch a family membership at half price"),
    ]


@pytest.mark.parametrize("heading", ["<h3>We will cut waiting times for repairs.</h3>",
                                     "<p><strong>We will cut waiting times for repairs.</strong></p>"])
def test_an_html_pledge_heading_keeps_the_section_and_objective_above(tmp_path: Path, heading: str) -> None:
    page = tmp_path / "plan.html"
    table = ("<table><tr><th>Action</th><th>Lead officer</th><th>Target date</th></tr>"
             "<tr><td>{}</td><td>Repairs Manager</td><td>May 2026</td></tr></table>")
    page.write_text(
        "<html><body><h1>Housing Plan</h1><h2>Objective 4: Good landlord</h2>"
        "<p>What we want to achieve: Tenants trust us to look after their homes.</p>"
        f"{table.format('Answer repair calls within a day')}{heading}{table.format('Book repairs online')}"
        "</body></html>", encoding="utf-8")
    ctx = ("Good landlord", "Tenants trust us to look after their homes.")
    assert context_of(page) == [(*ctx, None, "Answer repair calls within a day"),
                                (*ctx, "We will cut waiting times for repairs.", "Book repairs online")]


def test_a_plain_sentence_between_tables_is_no_commitment(tmp_path: Path) -> None:
    # Only a pledge heading is a commitment: a heading that promises nothing still names the section.
    page = tmp_path / "plan.html"
    table = ("<table><tr><th>Action</th><th>Lead officer</th><th>Target date</th></tr>"
             "<tr><td>{}</td><td>Parks Manager</td><td>May 2026</td></tr></table>")
    page.write_text(f"<html><body><h1>Parks Plan</h1><h3>Play areas</h3>{table.format('Replace swings')}"
                    f"<h3>Allotments</h3>{table.format('Open ten new plots')}</body></html>", encoding="utf-8")
    assert context_of(page) == [("Play areas", None, None, "Replace swings"),
                                ("Allotments", None, None, "Open ten new plots")]


def test_a_cover_field_naming_a_workstream_is_the_section() -> None:
    assert context_of(DATA / "transport-review-html-cover-field-workstream.html") == [
        ("Home to school transport", None, None, "Publish the bus pass criteria in plain English"),
        ("Home to school transport", None, None, "Review the walking routes judged unsafe"),
    ]


def test_agenda_item_and_annex_lines_and_a_contact_name_name_no_section() -> None:
    result = run_document(DATA / "licensing-report-text-agenda-item-annex-lines.txt", tag=False)
    assert [(r.section, r.action, r.progress) for r in result.records] == [
        (None, "Publish a single taxi licensing policy for the district.",
         ("The draft policy was consulted on in September and goes to committee in January.",)),
        (None, "Train all licensing officers on the new safeguarding checks.",
         ("Nine of twelve officers have completed the training.",)),
        (None, "Move street trading consents to online applications", ()),
        (None, "Publish the register of licensed premises each month", ()),
    ]
    # The contact officer's name (under "Contact officer:", between the items) is in no field, and the
    # account says so rather than filing it as progress or a section.
    assert [d.text for d in result.document.lost_rows] == ["Principal Licensing Officer"]


def test_a_numbered_objective_run_into_a_one_paragraph_page_heads_its_rows() -> None:
    # run-on-paragraph-table.txt's kind: "... Plan: Priority 2 Reduce antisocial behaviour ... This will be
    # delivered through: ..." before the header; here "Objective 1 Cut carbon ..." and other words.
    assert context_of(DATA / "climate-plan-text-run-on-page-numbered-objective.txt") == [
        ("Objective 1", "Cut carbon from council buildings", None, "Fit solar panels on the civic centre roof"),
        ("Objective 1", "Cut carbon from council buildings", None, "Replace gas boilers at two depots"),
    ]


@pytest.mark.parametrize(("above", "section"), [
    ("<h2>Annex B</h2>", None), ("<p><b>Appendix 3</b></p>", None), ("<h2>Agenda item 7</h2>", None),
    ("<h2>Appendix 2</h2><h3>Street cleansing</h3>", "Street cleansing"),
])
def test_an_html_heading_that_only_names_a_part_of_the_papers_is_no_section(
        tmp_path: Path, above: str, section: str | None) -> None:
    page = tmp_path / "annex.html"
    page.write_text(
        f"<html><body><h1>Street Scene Plan</h1>{above}<table><tr><th>Action</th><th>Lead officer</th><th>Due date</th></tr>"
        "<tr><td>Empty litter bins twice a day in the high street</td><td>Cleansing Manager</td>"
        "<td>June 2026</td></tr></table></body></html>", encoding="utf-8")
    assert context_of(page) == [(section, None, None, "Empty litter bins twice a day in the high street")]


def test_a_footnote_marker_glued_to_a_heading_is_not_part_of_the_section(tmp_path: Path) -> None:
    # level-measure-blocks.txt's kind ("Tier:  Local[v]" is section "Local"): a caption above an HTML
    # table and a label block's section value, each with a marker.
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><h1>Homes Plan</h1><h3>Temporary accommodation[3]</h3><table><tr><th>Action</th>"
        "<th>Lead officer</th><th>Due date</th></tr><tr><td>End the use of bed and breakfast for families</td>"
        "<td>Housing Options Manager</td><td>March 2026</td></tr></table></body></html>", encoding="utf-8")
    assert context_of(page) == [("Temporary accommodation", None, None, "End the use of bed and breakfast for families")]
    blocks = tmp_path / "blocks.txt"
    blocks.write_text("Workforce measures\n\nTier: Regional[iii]\nTraining measure: Managers trained in safer "
                      "recruitment\nOutputs: 40 managers trained\n\nTier: Local[iv]\nTraining measure: Induction "
                      "for every new starter\nOutputs: 95% completed in the first month\n", encoding="utf-8")
    assert [(s, a) for s, _, _, a in context_of(blocks)] == [
        ("Regional", "Managers trained in safer recruitment"), ("Local", "Induction for every new starter")]

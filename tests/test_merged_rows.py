"""Full-width (merged) rows inside an action table (issue 18 item 2): a theme row, an "Our aim:" or
"Objective:" row and a note row ("Links to other plans and strategies: ...", "Figures are as at ...")
are context or a note for the rows around them, never records and never the end of the table; a
heading above the table (a Word heading, an HTML caption or ``<th colspan>`` row, a PDF's larger bold
line) is the section of its rows.  Variants: tests/data/merged_rows/ (make_merged_rows.py)."""

from __future__ import annotations

from pathlib import Path

from conftest import shared_path

from extractors.base import Cell
from pipeline.reading.loop import text_rows
from pipeline.reading.readers.tables.context_rows import grouping_objective, spans_row
from pipeline.run import run_document

VARIANTS = Path(__file__).parent / "data" / "merged_rows"
BUGCASES = shared_path("bugcases")
LAYOUTS = shared_path("corpus", "layouts")


def rows_of(path: Path) -> list[tuple]:
    result = run_document(path, tag=False)
    return [(r.section, r.objective, r.action, r.responsible, r.timescale, r.status, r.progress)
            for r in result.records]


def test_rows_after_a_merged_note_row_are_read() -> None:
    # bugcases README: 4 actions, sections As a Partner / As an Employer; the note row is a note.
    result = run_document(BUGCASES / "min-docx-links-row-between-sections.docx", tag=False)
    assert [(r.section, r.objective, r.commitment, r.action) for r in result.records] == [
        ("Partner", "To know the people we serve.", "We will listen to residents", "Tenant forum"),
        ("Partner", "To know the people we serve.", "We will listen to residents", "Youth council"),
        ("Employer", "To be a fair employer.", "We will recruit fairly", "Blind shortlisting"),
        ("Employer", "To be a fair employer.", "We will recruit fairly", "Pay gap report"),
    ]
    doc = result.document
    assert not any(w.startswith(("W130", "W131", "W133")) for w in doc.warnings)
    assert (doc.chars_lost, doc.lost_rows, doc.coverage) == (0, (), 1.0)
    assert doc.chars_prose == 62      # the note row: "Links to other plans and strategies: Housing Strategy ..."


def test_merged_note_rows_between_theme_groups_keep_every_action() -> None:
    result = run_document(LAYOUTS / "docx-action-plan-merged-note-rows-between-groups.docx", tag=False)
    assert [(r.section, r.action) for r in result.records] == [
        ("Theme A – Easy to reach", "Call handling standard"), ("Theme A – Easy to reach", "Email triage"),
        ("Theme A – Easy to reach", "Webchat"), ("Theme B – Right first time", "Complaints learning log"),
        ("Theme B – Right first time", "Annual complaints review"),
        ("Theme B – Right first time", "Front-line training"),
        ("Theme C – Designed around you", "Customer panel"), ("Theme C – Designed around you", "Service redesign"),
    ]
    assert result.records[5].responsible == ("Human Resources, Learning and Development",)   # one service
    assert result.document.chars_lost == 0


def test_pdf_headings_and_aims_above_tables_are_context_not_records() -> None:
    result = run_document(LAYOUTS / "corporate-plan-pdf-headings-above-tables.pdf", tag=False)
    got = [(r.section, r.objective[:30] if r.objective else None, r.action) for r in result.records]
    assert got == [
        ("Homes and Neighbourhoods", "We want every resident to have", "Empty homes programme"),
        ("Homes and Neighbourhoods", "We want every resident to have", "Selective licensing scheme in Northgate"),
        ("Homes and Neighbourhoods", "We want every resident to have", "Retrofit of 150 council homes"),
        ("A Growing Local Economy", "We want more good jobs in the ", "High street improvement grants"),
        ("A Growing Local Economy", "We want more good jobs in the ", "Business start-up support service"),
        ("A Growing Local Economy", "We want more good jobs in the ", "Market square redevelopment"),
        ("An Efficient and Listening Council", "We want to spend public money ", "New customer relationship system"),
        ("An Efficient and Listening Council", "We want to spend public money ", "Residents' survey"),
    ]
    doc = result.document
    assert doc.chars_lost == 0 and not any(w.startswith("W101") for w in doc.warnings)


def test_docx_variant_merged_aim_note_theme_and_closing_rows() -> None:
    path = VARIANTS / "community-safety-docx-merged-aim-note-theme-rows.docx"
    assert rows_of(path) == [
        ("Safer Streets", "People feel safe in the town centre at night.", "Extend street marshals to Fridays",
         ("Community Safety Team",), "March 2026", "GREEN", ("Marshals on duty every Friday since October.",)),
        ("Safer Streets", "People feel safe in the town centre at night.", "Install new lighting in Station Walk",
         ("Highways",), "June 2026", "AMBER", ("Design agreed; works delayed by utilities.",)),
        ("Cleaner Neighbourhoods", "Fewer reports of fly-tipping in every ward.", "Run weekend skip days",
         ("Waste Services",), "September 2026", "GREEN", ("Six skip days held.",)),
        ("Cleaner Neighbourhoods", "Fewer reports of fly-tipping in every ward.", "Publish fly-tipping hotspots map",
         ("Environmental Enforcement",), "April 2026", "RED", ("Data sharing agreement not yet signed.",)),
    ]
    doc = run_document(path, tag=False).document
    # The two notes ("Connection with other strategies: ...", "Figures are as at ...") are prose; the
    # lettered refs ("A1", "B2"), which no field takes, are their records' id sources (no longer lost).
    assert (doc.chars_prose, doc.chars_lost, doc.lost_rows) == (153, 0, ())


def test_html_variant_caption_th_colspan_and_note_rows() -> None:
    path = VARIANTS / "health-plan-html-colspan-caption-note-rows.html"
    assert rows_of(path) == [
        ("Healthy Lives", "Everyone can lead an active, healthy life.", "Free swimming for under-16s",
         ("Leisure Services",), "July 2026", "GREEN", ("Scheme open at both pools.",)),
        ("Healthy Lives", "Everyone can lead an active, healthy life.", "Healthy eating sessions in schools",
         ("Public Health",), "March 2026", "AMBER", ("Twelve of twenty schools signed up.",)),
        ("Connected Communities", "Fewer residents feel lonely or isolated.", "Befriending phone line",
         ("Adult Social Care",), "January 2026", "GREEN", ("Line staffed by 30 volunteers.",)),
        ("Connected Communities", "Fewer residents feel lonely or isolated.", "Community transport review",
         ("Transport Team",), "October 2026", "RED", ("Operator contract ends early; options paper due.",)),
    ]
    doc = run_document(path, tag=False).document
    assert (doc.chars_prose, doc.chars_lost, doc.coverage) == (133, 0, 1.0)


def test_pdf_variant_bold_headings_spanned_aim_note_and_closing_rows() -> None:
    # Main read the aims and the closing sentence as records and lost the row after the note (W130).
    path = VARIANTS / "environment-plan-pdf-spanned-rows-bold-headings.pdf"
    assert rows_of(path) == [
        ("Clean Air", "Air in every street meets the national standard.", "Electric bus fleet",
         ("Transport Manager",), "March 2027", "AMBER", ("Eight of twenty buses delivered.",)),
        ("Clean Air", "Air in every street meets the national standard.", "Anti-idling patrols",
         ("Environmental Health Manager",), "July 2026", "GREEN", ("Patrols at 14 schools.",)),
        ("Green Spaces", "Everyone lives within ten minutes' walk of a park.", "Pocket parks programme",
         ("Parks Manager",), "October 2026", "GREEN", ("Three sites opened.",)),
        ("Green Spaces", "Everyone lives within ten minutes' walk of a park.", "Tree planting",
         ("Tree Officer",), "March 2026", "RED", ("Planting season missed; replanned.",)),
    ]
    doc = run_document(path, tag=False).document
    assert (doc.chars_prose, doc.chars_lost, doc.coverage) == (135, 0, 1.0)


def test_a_section_row_ends_a_notes_block_in_a_text_table() -> None:
    # No merge evidence in a text rendering: the note heading opens a notes block (its list of plans is
    # no record), and the next section row ends it.
    text = ("Commitment\tAction\tLead\tDue\nAs a Partner\t\t\t\nWe will listen\tTenant forum\tHousing\tMarch 2026\n"
            "Links to other plans and strategies\t\t\t\nHousing Strategy\t\t\t\nAs an Employer\t\t\t\n"
            "We will recruit fairly\tPay gap report\tHuman Resources\tJune 2026\n")
    assert text_rows(text) == [("Tenant forum", "responsible: Housing", "timescale: March 2026"),
                               ("Pay gap report", "responsible: Human Resources", "timescale: June 2026")]


def test_spans_row_needs_the_files_merge_evidence() -> None:
    cell = Cell("Objective: To be a fair employer.", 1)
    copy = Cell(cell.text, 1, spanned=True)
    assert spans_row((cell, copy, copy)) and spans_row((cell, None, None))
    assert not spans_row((cell, Cell("", 1), Cell("", 1)))          # a text row: one cell filled
    assert not spans_row((cell, Cell("Housing", 1)))                # a data row
    assert not spans_row((copy, copy))                              # a copy from the row above (vMerge)
    assert not spans_row((cell,))


def test_grouping_objective_labels_come_from_the_headers_vocabulary() -> None:
    assert grouping_objective("Our aim: We want more good jobs.") == "We want more good jobs."
    assert grouping_objective("Aims - Cleaner air for all") == "Cleaner air for all"
    assert grouping_objective("Lead officer: Head of Housing") is None
    assert grouping_objective("Data is correct at 30 September 2025.") is None

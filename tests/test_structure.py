"""The reading core (pipeline/reading/) and pipeline/records.py: header vocabulary, sections, continuation rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract
from pipeline.reading.loop import layout_to_rows
from pipeline.reading.shared import header_role, rag_of, title_and_period
from pipeline.records import continues, is_echo, rows_to_records


def records_of(path: Path):
    doc = layout_to_rows(extract(path))
    return rows_to_records(doc, doc_id="d", source_file=path.name)


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Action", "action"), ("Agreed Actions", "action"), ("Action Title", "action"), ("Project", "action"),
        ("Measurement", "action"), ("Commitments", "commitment"), ("Progress", "progress"),
        ("Progress update", "progress"), ("Current Performance", "progress"), ("Update", "progress"),
        ("Issues & Next steps", "issues"), ("Issues and next steps", "issues"),
        ("Responsible Service", "responsible"), ("Responsible officer", "responsible"), ("Lead", "responsible"),
        ("Timescale for delivery", "timescale"), ("To be delivered by:", "timescale"), ("Target Date", "timescale"),
        ("How will we know that this done?", "measures"), ("Success measure", "measures"), ("RAG", "status"),
        ("Status", "status"), ("We will work with the Heart of Kent Hospice", None), ("GREEN", None),
    ],
)
def test_header_vocabulary(header, role):
    assert header_role(header) == role


def test_description_column_is_the_action_when_no_action_column():
    from extractors.base import Cell, Layout, Table

    def row(*texts):
        return tuple(Cell(text=t, page=1, items=(t,) if t else ()) for t in texts)

    table = Table(rows=(
        row("Ref", "Description", "Lead", "Deadline"),
        row("3.1", "Refresh the Equality Objectives", "Policy Team", "March 2025"),
    ), page=1)
    doc = layout_to_rows(Layout(source=Path("x.pdf"), format="pdf", blocks=(table,)))
    (rec,) = rows_to_records(doc, doc_id="d", source_file="x.pdf")
    assert (rec.action, rec.responsible, rec.due) == ("Refresh the Equality Objectives", ("Policy Team",), ("2025-03",))


def test_title_and_period():
    assert title_and_period("Appendix 1 Equalities Actions Update") == ("Equalities Actions Update", None)
    assert title_and_period("## Appendix 2 – EDI Action Plan 2023-24.") == ("EDI Action Plan", "2023-24")
    assert title_and_period("Corporate Improvement Plan update October – March 2013/14") == (
        "Corporate Improvement Plan update", "October – March 2013/14")


def test_rag_words():
    assert [rag_of(x) for x in ("GREEN", " amber ", "Red", "N/A", "Greenwich")] == ["GREEN", "AMBER", "RED", None, None]


def test_sentence_continuation_rules():
    assert continues("Museum collections have been appraised and work undertaken", "with donors to understand")
    assert not continues("Report taken and agreed by Committee (January 2020).", "Compassionate Maidstone Awards")
    # Inside one cell only a lower-case start joins: "…; and" + "Customer Friendly Writing course" stay two items.
    assert not continues("Theatre& ); and", "Customer Friendly Writing course", across_rows=False)
    assert continues("in conjunction with the", "Environmental Health Shared Service project.")
    assert not continues("in conjunction with the", "Environmental Health", across_rows=False)
    assert continues("Women in senior roles: 14 candidates up from", "12% to 17%.", across_rows=False)
    long = "Policy, Communities and Engagement team exploring new methods for engagement including more accessible"
    assert continues(long, "Consultation and Engagement software", page_break=True)
    assert not continues(long, "Consultation and Engagement software")


def test_echo_of_a_rescanned_line_is_detected():
    prev = "The communication and engagement plan for 2016-17 will be developed based on the resident survey."
    assert is_echo(prev, "engagement plan for 2010 17 will be developed based on the resident survey.")
    assert not is_echo(prev, "engagement with residents continues through the new Community Panel.")


def test_continuation_rows_merge_into_one_record(seeds_dir: Path):
    """Seed 004: a row with no title and a row continued over a page break join the Diversity Calendar record."""
    recs = records_of(seeds_dir / "004_59fe58fd6413823e.txt")
    cal = next(r for r in recs if r.action.startswith("Implement the Diversity Calendar"))
    assert cal.responsible == (
        "Policy, Communities and Engagement", "HR", "L&D", "Comms and Events", "Museums", "Civic team",
        "Economic Development", "Communities lead",
    )
    assert cal.timescale == "March 2024; March 2024; March 2024"
    assert cal.due == ("2024-03", "2024-03", "2024-03")
    assert str(cal.due_date) == "2024-03-31"
    assert (cal.page_start, cal.page_end) == (1, 2)
    assert "merged_continuation_row" in cal.flags
    assert "week. Internal 'celebration'" in cal.detail and "well-being week." in cal.detail


def test_struck_text_flag_and_commitment_carry(seeds_dir: Path):
    recs = records_of(seeds_dir / "004_59fe58fd6413823e.txt")
    sp = [r for r in recs if r.section == "Service Provider"]
    assert len(sp) == 6
    assert len({r.commitment for r in sp}) == 1
    assert "work stream on c" not in sp[0].commitment
    assert "struck_text_dropped:48" in sp[0].flags


def test_workstream_report(seeds_dir: Path):
    recs = records_of(seeds_dir / "003_8ba6588832b7b595.txt")
    assert {r.kind for r in recs} == {"project"}
    sections = [(r.section, r.section_status) for r in recs]
    assert sections.count(("Asset Management workstream", "AMBER")) == 7
    assert sections.count(("Transformation workstream", "GREEN")) == 13
    statuses = [r.status for r in recs]
    assert statuses.count("GREEN") == 17 and statuses.count("AMBER") == 8 and statuses.count(None) == 3
    finance = next(r for r in recs if r.action == "Finance")
    assert finance.status == "AMBER" and len(finance.progress) == 1


def test_flattened_table_is_read_cell_by_cell(seeds_dir: Path):
    recs = records_of(seeds_dir / "002_be210f0cadcd6921.txt")
    assert len(recs) == 11
    r = recs[4]
    assert r.responsible == (
        "Policy and Information team - Equalities and Corporate Policy Officer", "Data Intelligence Officer",
        "Unit Managers",
    )
    assert r.timescale == "Review by March 2018" and r.due == ("2018-03",)
    assert len(r.measures) == 2


def test_measure_tables_give_kind_measure(seeds_dir: Path):
    recs = records_of(seeds_dir / "000_183e9267aebdd3be.txt")
    kinds = [r.kind for r in recs]
    assert kinds.count("measure") == 3
    m = recs[5]
    assert m.progress == ("56% (down 11% since 2013)",)
    # Scan debris: a garbled echo line and a one-word fragment are dropped and flagged.
    acorn = recs[3]
    assert acorn.action.endswith("within Maidstone and how to engage them.")
    assert {"duplicate_text_dropped", "noise_dropped"} <= set(acorn.flags)


@pytest.mark.parametrize(
    "name",
    [
        "jsvine_pdfplumber/150109DSP-Milw-505-90D.pdf",      # bold form questions answered "N/A"
        "jsvine_pdfplumber/senate-expenditures.pdf",
        "icdar2013/competition-dataset-us/us-028.pdf",       # a bar chart with red bars beside bold labels
        "DemocracyClub_yournextrepresentative/example-file.docx",  # a notice of poll: headerless table
        "OxfordCityCouncil_OxfordCityCouncil.github.io/local-digital-fund-application.html",  # a form
        "icdar2013/competition-dataset-eu/eu-007.pdf",       # statistics: "Product | 1990 | 1992"
        "icdar2013/competition-dataset-eu/eu-002.pdf",       # statistics by quarter
        "tabulapdf_tabula-java/spanning_cells.pdf",
    ],
)
def test_documents_that_are_not_reports_give_no_records(public_dir: Path, name: str):
    from pipeline.run import run_document

    result = run_document(public_dir / name, tag=False)
    assert result.records == ()
    assert result.document.error_code == "E110"
    assert result.document.error.startswith(f"{Path(name).name}: no action, measure or project table found")


def test_nothing_continues_across_a_section_heading():
    """A title-less row or paragraph after a new section heading is dropped and counted, never folded into
    the previous section's last record (found in review)."""
    from extractors.text import text_to_layout

    table = (
        "As a Community Leader - to lead\nAction\tProgress\tResponsible\tTimescale\n"
        "Run the survey\tSurvey done.\tHR\tMarch 2024\n"
        "As an Employer - to be fair\n\tNew progress for an untitled row.\tIT\tJune 2025\n"
    )
    workstreams = (
        "<b>Asset workstream</b>\t<b>AMBER</b>\n<b>Town Hall</b>\t<b>GREEN</b>\nLease signed.\t\n"
        "<b>People workstream</b>\t<b>GREEN</b>\nAn introduction, before any project.\t\n"
        "<b>Culture</b>\t<b>GREEN</b>\nAwards held.\t\n"
    )
    for text, expected in (
        (table, [("Community Leader", "Run the survey", ("Survey done.",), ("HR",))]),
        (workstreams, [("Asset workstream", "Town Hall", ("Lease signed.",), ()),
                       ("People workstream", "Culture", ("Awards held.",), ())]),
    ):
        doc = layout_to_rows(text_to_layout(text, Path("x.txt")))
        recs = rows_to_records(doc, doc_id="d", source_file="x.txt")
        assert [(r.section, r.action, r.progress, r.responsible) for r in recs] == expected
        assert [w for w in doc.warnings if w.startswith("W111")] == [
            "W111 1 row or paragraph with no action of its own and none open above it "
            "(after a new section or table) was dropped"]

"""What a new analyst tried first (issue 20), on invented documents of three kinds (tests/data/new_user,
written by make_new_user_docs.py): a Word plan, a PDF KPI report, an "Our commitments" page in
windows-1252, and the same commitments as a cp1252 text rendering.

Every status word lands in ``records.state`` while ``status`` stays the RAG colour and the word stays
the first ``progress`` item (gold/SPEC.md); "Complete" is never listed by the overdue recipe; a cp1252
file reads "£1.2m"; the Word plan's title is its name, not its first section heading.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, GOLD_SEEDS

from pipeline.cli import OVERDUE_EXAMPLE, cli
from pipeline.run import run_document
from pipeline.store import read_table

DOCS = DATA / "new_user"
PLAN = DOCS / "climate-plan-plain-title.docx"
KPI = DOCS / "kpi-report-q2.pdf"
PAGE = DOCS / "our-commitments-cp1252.html"
TEXT = DOCS / "our-commitments-cp1252.txt"


@pytest.fixture(scope="module")
def plan():
    return run_document(PLAN, tag=False)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("new_user") / "out"
    result = CliRunner().invoke(cli, ["run", str(DOCS), "--out", str(out), "--no-tag", "--workers", "1"])
    assert result.exit_code == 0, result.output
    return out


def test_every_status_word_of_the_plan_lands_in_state(plan) -> None:
    assert [r.state for r in plan.records] == [
        "complete", "on track", "behind", "not started",                      # 1. Flood risk and drainage
        "ongoing", "cancelled", "superseded", "complete", "ongoing",          # 2. Green spaces (a tick, 75%)
    ]
    # status stays the RAG colour (none here) and the word stays the first progress item, as gold has it
    assert [r.status for r in plan.records] == [None] * 9
    assert [r.progress[:1] for r in plan.records] == [
        ("Complete",), ("On track",), ("Behind schedule",), ("Not started",), ("Ongoing",), ("Cancelled",),
        ("Superseded by action 2.3",), ("✓",), ("75% complete",)]


def test_the_plan_title_is_its_name_not_its_first_section_heading(plan) -> None:
    doc = plan.document
    assert (doc.title, doc.period, doc.council) == ("Climate Resilience Plan", "2025–2027", "Riverside District Council")
    assert [r.section for r in plan.records][4:] == ["Green spaces and trees"] * 5


def test_every_row_of_the_plan_has_its_section(plan) -> None:
    # The numbered heading right above the first table ("1. Flood risk and drainage") is that table's
    # section, not the report's title; the section drops its number as gold does ("1. Fair Access to
    # Services" is section "Fair Access to Services" in gold/layouts cell-per-line-unlabelled-columns).
    assert [r.section for r in plan.records] == ["Flood risk and drainage"] * 4 + ["Green spaces and trees"] * 5


def test_the_kpi_report_keeps_its_rag_and_reads_state_from_it() -> None:
    result = run_document(KPI, tag=False)
    # The quarter named apart from its year narrows it: Q2 of 2025/26 is July-September 2025 (issue 23).
    assert (result.document.title, result.document.period, result.document.period_start,
            result.document.period_end) == ("Quarter 2 Performance Report", "Quarter 2 2025/26",
                                            dt.date(2025, 7, 1), dt.date(2025, 9, 30))
    assert [(r.kind, r.section, r.status, r.state) for r in result.records] == [
        ("measure", "Environment and Housing", "AMBER", "at risk"),
        ("measure", "Environment and Housing", "GREEN", "on track"),
        ("measure", "Environment and Housing", "RED", "behind"),
        ("measure", "Environment and Housing", "GREEN", "on track"),
    ]


def test_the_cp1252_page_reads_pounds_and_accents() -> None:
    result = run_document(PAGE, tag=False)
    assert result.document.title == "Our commitments"
    assert [r.action for r in result.records][:2] == ["Invest £1.2m in insulating council homes.",
                                                      "Open a repair café in every town by 2026."]
    assert [(r.status, r.state) for r in result.records] == [
        (None, "complete"), (None, "ongoing"), (None, "behind"), ("GREEN", "on track")]
    assert result.document.warnings[0].startswith("W105 text decoded as windows-1252")


def test_the_cp1252_text_rendering_is_read_as_cp1252_not_cp1250() -> None:
    from charset_normalizer import from_bytes

    assert from_bytes(TEXT.read_bytes()).best().encoding == "cp1250"   # what the guess alone gave
    result = run_document(TEXT, tag=False)
    assert result.records[0].action == "Invest £1.2m in insulating council homes."
    assert result.document.warnings[0].startswith("W105 text decoded as cp1252 (not UTF-8)")
    assert "--encoding NAME --force" in result.document.warnings[0]


def test_run_encoding_forces_the_encoding(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(TEXT), "--out", str(out), "--no-tag", "--encoding", "cp1250"])
    assert result.exit_code == 0, result.output
    records = read_table(out, "records").to_pylist()
    assert records[0]["action"] == "Invest Ł1.2m in insulating council homes."   # as forced, no W105
    assert not [w for w in read_table(out, "documents").to_pylist()[0]["warnings"] if w.startswith("W105")]
    bad = CliRunner().invoke(cli, ["run", str(TEXT), "--out", str(out), "--encoding", "klingon"])
    assert bad.exit_code == 2
    assert "'klingon' is not a text encoding Python knows" in bad.output


def test_the_overdue_recipe_never_lists_complete_work(dataset: Path) -> None:
    result = CliRunner().invoke(cli, ["query", OVERDUE_EXAMPLE, "--data", str(dataset), "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    records = read_table(dataset, "records").to_pylist()
    done = {"complete", "cancelled", "superseded"}
    # every dated record not done is listed (all deadlines here are past the machine's 2026-12 clock or not)
    import datetime as dt

    expected = sorted(r["action"] for r in records if r["due_date"] and r["due_date"].date() < dt.date.today()
                      and r["state"] not in done)
    assert sorted(r["action"] for r in rows) == expected
    assert {r["state"] for r in rows}.isdisjoint(done)
    assert "Map every culvert in the district and record its condition." not in {r["action"] for r in rows}


def test_dropped_recipe_lists_cancelled_and_superseded(dataset: Path) -> None:
    sql = "select action, state from records where state in ('cancelled', 'superseded') order by action"
    result = CliRunner().invoke(cli, ["query", sql, "--data", str(dataset), "-f", "csv"])
    assert list(csv.DictReader(io.StringIO(result.output))) == [
        {"action": "Open a community tree nursery at Mill Lane depot.", "state": "cancelled"},
        {"action": "Publish a tree strategy for council land.", "state": "superseded"},
    ]


def test_query_prints_every_null_as_NULL(dataset: Path) -> None:
    # (the report's period is inferred from its updates now, so the null date is made in the query)
    sql = ("select d.source_file, cast(null as date) as no_date, r.status, r.progress from records r join documents d "
           "using (doc_id) where d.source_file like '%.txt' order by r.seq limit 4")
    result = CliRunner().invoke(cli, ["query", sql, "--data", str(dataset)])
    assert result.exit_code == 0, result.output
    assert "None" not in result.output
    lines = result.output.splitlines()
    assert lines[1].split()[1:3] == ["NULL", "NULL"]       # a null date and a null text, shown alike
    assert lines[4].split()[2] == "GREEN"


def test_a_one_file_run_runs_in_this_process(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["run", str(KPI), "--out", str(tmp_path / "out"), "--no-tag"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == f"1 file: 1 ok, 0 failed, 0 skipped (unchanged), 4 records -> {tmp_path / 'out'}"
    assert " on this process " in result.output


def test_eval_with_gold_that_matches_nothing_exits_1(dataset: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "--gold", str(GOLD_SEEDS), "--records", str(dataset)])
    assert result.exit_code == 1
    assert "no gold document in" in result.output and "every score below is 0" in result.output


@pytest.mark.parametrize("command", [["export", "--to", "csv"], ["review"]])
def test_export_and_review_exit_2_for_an_unwritable_output_like_run(dataset: Path, command: list[str]) -> None:
    # sysfs refuses new files even to root: EACCES
    target = Path("/sys/council-extract-test." + ("html" if command == ["review"] else "csv"))
    args = [*command, "--data", str(dataset), "--out", str(target)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert f"{target}: cannot write the file" in result.output

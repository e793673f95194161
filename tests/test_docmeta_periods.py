"""Which period a report covers and which council published it, on invented reports of each kind a new
user met (tests/data/periods, written by make_period_docs.py; issue 23 "which council, which period").

Before: "Our pledges 2025 to 2027" was the year 2025; "..., Quarter 2 2025/26" the whole financial year;
a plan's "2025-26" title beat its "Progress update as at 31 October 2025" line, so the README's
overdue-at-the-report's-date recipe listed on-track work due in December 2025; a council named once in
a plan's introduction was no council.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.dates import find_dates
from pipeline.docmeta import as_at_in_line, councils_named, period_in_line, with_part_of_year
from pipeline.run import run_document

PERIODS = Path(__file__).parent / "data" / "periods"
D = dt.date
BVBC = "Brimley Vale Borough Council"


@pytest.mark.parametrize(
    ("name", "title", "council", "period", "start", "end"),
    [
        # a plan's years in the title, the report's date on the line below it
        ("plan-span-title-as-at-line.docx", "Healthy Harlow Fen Action Plan", "Harlow Fen District Council",
         "31 October 2025", None, D(2025, 10, 31)),
        ("delivery-plan-fy-span-position-at.html", "Council Delivery Plan", "Marshbury City Council",
         "30 September 2025", None, D(2025, 9, 30)),
        # years joined by "to": a span of calendar years (the title lost its period, the period its first year)
        ("pledges-years-in-words.html", "Our pledges", "Saltholme Borough Council", "2025 to 2027",
         D(2025, 1, 1), D(2027, 12, 31)),
        ("council-named-once-in-intro.docx", "Greener Wickham Delivery Plan", "Wickham Market Town Council",
         "2025 to 2027", D(2025, 1, 1), D(2027, 12, 31)),
        # Q2 of the financial year 2025/26 is July-September 2025
        ("quarter-of-financial-year-kpis.pdf", "Quarterly Performance Report: Key Performance Indicators",
         "Eastmere Unitary Council", "Quarter 2 2025/26", D(2025, 7, 1), D(2025, 9, 30)),
        ("qtr-apart-from-year.txt", "Qtr 1 Performance Report", "Corvale Parish Council", "Qtr 1 2025/26",
         D(2025, 4, 1), D(2025, 6, 30)),
        ("half-year-monitoring.txt", "Performance Monitoring Report", "Corvale Parish Council",
         "Half year 1 2025/26", D(2025, 4, 1), D(2025, 9, 30)),
        ("months-of-a-year-monitoring.txt", "Corporate Plan Monitoring", "Corvale Parish Council",
         "April to September 2025", D(2025, 4, 1), D(2025, 9, 30)),
        # issue 20: a quarter or half year in the title is the period its "as at" line's day falls in
        # (before: the as-at day, period_start None; "Quarter 3" after the title and the one-sentence line too)
        ("quarter-title-progress-as-at.txt", "Quarter 3 Performance Report", BVBC, "Quarter 3 2024/25",
         D(2024, 10, 1), D(2024, 12, 31)),
        ("q-title-position-as-at.txt", "Q3 Performance Report", BVBC, "Q3 2024-25", D(2024, 10, 1), D(2024, 12, 31)),
        ("quarter-after-title-as-at.txt", "Performance Report", BVBC, "Quarter 3 2024/25",
         D(2024, 10, 1), D(2024, 12, 31)),
        ("half-title-as-at-sentence.txt", "Half Year 1 Monitoring Report", BVBC, "Half Year 1 2025/26",
         D(2025, 4, 1), D(2025, 9, 30)),
        # issue 20: the years only in the intro's first sentence ("... for 2025 to 2027."); before: period
        # None with the deadlines' span (October 2025 - March 2027) under period_source "document"
        ("pledges-intro-for-years.html", "Our pledges", "Dunmoor District Council", "2025 to 2027",
         D(2025, 1, 1), D(2027, 12, 31)),
    ],
)
def test_each_kind_of_front_matter_gives_the_report_s_period(name, title, council, period, start, end):
    doc = run_document(PERIODS / name, tag=False).document
    assert (doc.title, doc.council, doc.period, doc.period_start, doc.period_end) == (
        title, council, period, start, end)
    assert (doc.council_source, doc.period_source) == ("document", "document")


def test_overdue_at_the_report_s_date_follows_the_as_at_line():
    """The README's recipe: due before the report's period_end and not complete or cancelled."""
    result = run_document(PERIODS / "plan-span-title-as-at-line.docx", tag=False)
    end = result.document.period_end
    overdue = [(r.action, r.state) for r in result.records
               if r.due_date and r.due_date < end and r.state not in ("complete", "cancelled", "superseded")]
    assert overdue == [("Fit carbon monoxide alarms in all council homes", "behind"),
                       ("Count cyclists on the five main routes into town", "not started")]


def test_a_plan_s_years_stay_its_period_without_an_as_at_line(tmp_path):
    """The as-at line wins only over a plan's span it falls in; a baseline "as at" before the plan is no date."""
    plan = tmp_path / "plan.txt"
    plan.write_text("Corvale Parish Council\nParish Action Plan 2026-27\nBaseline as at 31 March 2025\n\n"
                    "Action\tWho\tWhen\nRepaint the bus shelter\tClerk\tJune 2026\n"
                    "Plant 40 trees\tWorking group\tNovember 2026\n", encoding="utf-8")
    doc = run_document(plan, tag=False).document
    assert (doc.period, doc.period_start, doc.period_end) == ("2026-27", D(2026, 4, 1), D(2027, 3, 31))


def test_two_councils_in_the_introduction_name_none(tmp_path):
    """A single typed council name in the introduction is the publisher; a partner beside it makes it unclear."""
    plan = tmp_path / "plan.txt"
    plan.write_text("Greener Wickham Delivery Plan\n"
                    "This plan sets out what Wickham Market Town Council and Suffolk County Council will do.\n\n"
                    "Action\tWho\tWhen\nRepaint the bus shelter\tClerk\tJune 2026\n"
                    "Plant 40 trees\tWorking group\tNovember 2026\n", encoding="utf-8")
    assert run_document(plan, tag=False).document.council is None
    plan.write_text(plan.read_text(encoding="utf-8").replace(" and Suffolk County Council", ""), encoding="utf-8")
    assert run_document(plan, tag=False).document.council == "Wickham Market Town Council"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2025 to 2027", ("2025 to 2027", D(2025, 1, 1), D(2027, 12, 31), "range")),
        ("2025 — 2029", ("2025 — 2029", D(2025, 1, 1), D(2029, 12, 31), "range")),
        ("2025-2027", ("2025-2027", D(2025, 1, 1), D(2027, 12, 31), "range")),
        ("2025-26", ("2025-26", D(2025, 4, 1), D(2026, 3, 31), "financial_year")),
        ("2025/26 to 2027/28", ("2025/26 to 2027/28", D(2025, 4, 1), D(2028, 3, 31), "range")),
        ("Q3 2024-25", ("Q3 2024-25", D(2024, 10, 1), D(2024, 12, 31), "quarter")),
        ("Qtr 4 2025/26", ("Qtr 4 2025/26", D(2026, 1, 1), D(2026, 3, 31), "quarter")),
        ("Half year 2 2025/26", ("Half year 2 2025/26", D(2025, 10, 1), D(2026, 3, 31), "range")),
        ("H1 2025", ("H1 2025", D(2025, 1, 1), D(2025, 6, 30), "range")),
        ("first half of 2025/26", ("first half of 2025/26", D(2025, 4, 1), D(2025, 9, 30), "range")),
    ],
)
def test_period_forms_of_the_date_grammar(text, found):
    (m,) = find_dates(text)
    assert (m.text, m.value.start, m.value.end, m.value.precision) == found


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Quarter 2 Performance Report 2025/26", ("Quarter 2 2025/26", D(2025, 7, 1), D(2025, 9, 30))),
        ("Our commitments 2025 to 2027", ("2025 to 2027", D(2025, 1, 1), D(2027, 12, 31))),
        ("Half year 1 Monitoring 2025-26", ("Half year 1 2025-26", D(2025, 4, 1), D(2025, 9, 30))),
        ("Q2 and Q3 Report 2025/26", ("2025/26", D(2025, 4, 1), D(2026, 3, 31))),   # two quarters: the year
    ],
)
def test_period_in_a_front_matter_line(line, found):
    assert period_in_line(line) == found


def test_as_at_cues_and_parts_of_a_year():
    assert as_at_in_line("Update as of 30 June 2025") == ("30 June 2025", D(2025, 6, 30))
    assert as_at_in_line("Position at 31 December 2025") == ("31 December 2025", D(2025, 12, 31))
    assert as_at_in_line("Cabinet at 3 March 2026") is None           # a meeting, no "as at"
    assert with_part_of_year("Quarter 3 KPI Report", "2024-25") == "Quarter 3 2024-25"
    assert with_part_of_year("Annual Report", "2024-25") == "2024-25"
    assert councils_named("Update from Wickham Market Town Council") == {"Wickham Market Town Council"}
    assert councils_named("Council Plan") == set()

"""Timescale forms councils write beyond the seeds, and timescale_score (content evidence for a timescale column).

Each group is one kind of date expression, with the form a development layout's gold has and variants of our
own (other months, separators, years).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import find_dates, normalise_date, parse_timescale, timescale_score


def _cases(*groups: list[tuple]) -> list[tuple]:
    return [case for group in groups for case in group]


# Month + unmarked two-digit year: read in a timescale cell (a spreadsheet tracker writes "Nov 25").
MONTH_TWO_DIGIT_YEAR = [
    ("Nov 25", (None, ("2025-11",))),
    ("Jan 25", (None, ("2025-01",))),
    ("Mar 26", (None, ("2026-03",))),
    ("Sept 25", (None, ("2025-09",))),
    ("sep 24", (None, ("2024-09",))),
    ("DEC 30", (None, ("2030-12",))),
    ("Oct. 27", (None, ("2027-10",))),
    ("June 26", (None, ("2026-06",))),
    ("Review by Nov 25", (None, ("2025-11",))),
    ("Jan 25 – Mar 26", ("2025-01", ("2026-03",))),
    ("June/July 25", (None, ("2025-07",))),
    ("Summer 25", (None, ("2025-08",))),
    # a day, not a year: an ordinal, or a four-digit year after it
    ("Nov 25th", (None, ())),
    ("Nov 25, 2025", (None, ("2025-11-25",))),
    ("March 31 2026", (None, ("2026-03-31",))),
    ("March 31st 2026", (None, ("2026-03-31",))),
    ("Mar 26%", (None, ())),
]
# Two-digit year marked by an apostrophe (straight or curly): a year anywhere.
MARKED_YEAR = [
    ("Mar ‘26", (None, ("2026-03",))),
    ("Sept '25", (None, ("2025-09",))),
    ("Apr ’27", (None, ("2027-04",))),
    ("Mar'26", (None, ("2026-03",))),
    ("Summer '25", (None, ("2025-08",))),
    ("31st Mar '26", (None, ("2026-03-31",))),
]
# Spreadsheet dd-mmm-yy / mmm-yy cells, and day month two-digit-year.
HYPHENATED = [
    ("30-Jun-26", (None, ("2026-06-30",))),
    ("31-Dec-25", (None, ("2025-12-31",))),
    ("1-Apr-2027", (None, ("2027-04-01",))),
    ("30-Jun-2026", (None, ("2026-06-30",))),
    ("30/Jun/26", (None, ("2026-06-30",))),
    ("30 Jun 26", (None, ("2026-06-30",))),
    ("Mar-26", (None, ("2026-03",))),
    ("Dec-2025", (None, ("2025-12",))),
    ("Jan-26 to Mar-26", ("2026-01", ("2026-03",))),
    ("30-Jun-26 – 31-Dec-26", ("2026-06-30", ("2026-12-31",))),
]
# Two-digit numeric forms in a timescale cell: MM/YY, and consecutive years as a financial year.
NUMERIC_SHORT = [
    ("06/25", (None, ("2025-06",))),
    ("12/26", (None, ("2026-12",))),
    ("01/27", (None, ("2027-01",))),
    ("By 09/25", (None, ("2025-09",))),
    ("24/25", (None, ("2025-03",))),      # financial year 2024/25
    ("25-26", (None, ("2026-03",))),
    ("11/12", (None, ("2012-03",))),      # consecutive: a financial year, not November 2012
    ("Q3 24/25", (None, ("2024-12",))),
    ("2025/26", (None, ("2026-03",))),    # a four-digit financial year is not read as 25/26
    ("13/25", (None, ())),                # no month 13
    ("6/25", (None, ())),                 # a fraction as often as a month
    ("30/06", (None, ())),                # day/month without a year
    ("06-25", (None, ())),
    ("£12/25", (None, ())),
]
# A year alone is a deadline to its last month (gold/SPEC.md "By 2026" -> 2026-12) and a start from its first.
YEAR_ONLY = [
    ("By 2026", (None, ("2026-12",))),
    ("2027", (None, ("2027-12",))),
    ("end of 2025", (None, ("2025-12",))),
    ("From 2025", ("2025-01", ())),
    ("2025-2027", ("2025-01", ("2027-12",))),
    ("2013-16", ("2013-01", ("2016-12",))),
]
# "and ongoing" after a deadline keeps the deadline; "onwards" makes a start.
ONGOING_AFTER = [
    ("31 March 2026 and ongoing", (None, ("2026-03-31",))),
    ("June 2025 and ongoing", (None, ("2025-06",))),
    ("2025/26 and ongoing", (None, ("2026-03",))),
    ("April 2024 onwards", ("2024-04", ())),
    ("May 2025 and onwards", ("2025-05", ())),
    ("From October 2025.", ("2025-10", ())),
]
# Recurring deadlines, statuses and open timescales give no deadline.
NO_DEADLINE = [
    ("By 31 July each year", (None, ())),
    ("By 30 September every year", (None, ())),
    ("annually", (None, ())),
    ("Quarterly", (None, ())),
    ("Ongoing", (None, ())),
    ("Completed", (None, ())),
    ("TBC", (None, ())),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    _cases(MONTH_TWO_DIGIT_YEAR, MARKED_YEAR, HYPHENATED, NUMERIC_SHORT, YEAR_ONLY, ONGOING_AFTER, NO_DEADLINE),
)
def test_parse_timescale_forms_beyond_the_seeds(text, expected):
    assert parse_timescale(text) == expected


def test_unmarked_two_digit_years_are_not_dates_in_running_text():
    # "Nov 25" in progress text may be 25 November (US order); "06/25" may be a fraction: only a timescale
    # cell reads them.  Marked and hyphenated years are read anywhere.
    text = "The board met on Nov 25 and 06/25 schools replied; the next review is Mar '26, then 30-Jun-26 and Dec-26."
    assert [(m.text, m.value.iso) for m in find_dates(text)] == [
        ("Mar '26", "2026-03"), ("30-Jun-26", "2026-06-30"), ("Dec-26", "2026-12")]
    assert [m.text for m in find_dates(text, timescale=True)][:2] == ["Nov 25", "06/25"]


def test_a_year_is_tagged_as_a_year_but_is_a_deadline_to_december():
    # the DATE tag keeps the expression's precision; the record's due is stated to the month
    assert normalise_date("By 2026").iso == "2026"
    assert normalise_date("By 2026").end == normalise_date("2026-12").end


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("31/03/2026", 1.0), ("Q3 2025/26", 1.0), ("Nov 25", 1.0), ("30-Jun-26", 1.0), ("2025/26 – 2026/27", 1.0),
        ("March 2024; March 2024; March 2024", 1.0),
        ("By March 2026", 0.9), ("31 March 2026 and ongoing", 0.9), ("From October 2025.", 0.9),
        ("Ongoing", 0.8), ("TBC", 0.8), ("Annually", 0.8), ("Quarterly", 0.8), ("By 31 July each year", 0.8),
        ("Within 12 months", 0.8), ("Q3", 0.8),
        ("Review by March 2018", 0.675),                                            # one other word
        ("Policy to go to the Standards Committee in November 2025.", 0.285),       # a sentence with a date
        ("Meeting held on 12 March 2025 agreed the plan", 0.214),
        ("Training delivered to all managers", 0.0), ("Completed", 0.0), ("Green", 0.0), ("1.2", 0.0),
        ("Head of HR", 0.0), ("", 0.0), (None, 0.0),
    ],
)
def test_timescale_score(text, score):
    assert timescale_score(text) == score


def test_timescale_score_orders_cells_as_a_reader_would():
    cells = ["31 March 2026", "By March 2026", "Ongoing", "Review by March 2018",
             "Remaining steps are scheduled up to 31 March 2026.", "Work with partners to improve access"]
    scores = [timescale_score(c) for c in cells]
    assert scores == sorted(scores, reverse=True) and scores[-1] == 0.0


_months = st.sampled_from(["Jan", "February", "Mar", "apr", "May", "Jun", "July", "Aug", "Sept", "Oct", "Nov", "Dec"])


@st.composite
def _timescale_cells(draw) -> str:
    yy = draw(st.integers(min_value=0, max_value=99))
    m = draw(_months)
    forms = [
        f"{m} {yy:02d}", f"{m} '{yy:02d}", f"{m} ‘{yy:02d}", f"{m}-{yy:02d}", f"{draw(st.integers(1, 31))}-{m}-{yy:02d}",
        f"{draw(st.integers(1, 31))} {m} {yy:02d}", f"{draw(st.integers(0, 13)):02d}/{yy:02d}", f"{yy:02d}/{(yy + 1) % 100:02d}",
        f"By 20{yy:02d}", f"{m} 20{yy:02d} and ongoing", f"{m} {yy:02d} – {draw(_months)} {(yy + 1) % 100:02d}",
    ]
    noise = st.text(alphabet=" -/'‘’,.0123456789abcMQ", max_size=4)
    return draw(noise) + draw(st.sampled_from(forms)) + draw(noise)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_timescale_cells(), st.text(max_size=30)))
def test_timescale_forms_never_raise_and_are_idempotent(text):
    start, due = parse_timescale(text)
    assert all(isinstance(d, str) and normalise_date(d) is not None for d in due)
    assert start is None or normalise_date(start) is not None
    value = normalise_date(text, timescale=True)
    if value is not None:
        assert normalise_date(value.iso) == value
        assert normalise_date(value.iso, timescale=True) == value
    assert 0.0 <= timescale_score(text) <= 1.0

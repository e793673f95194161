"""Date normaliser: every gold timescale, the forms councils write, and Hypothesis properties."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import DATA, GOLD_SEEDS
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import (
    DateValue,
    due_date_of,
    find_dates,
    normalise_date,
    parse_timescale,
)

GOLD = GOLD_SEEDS


def _gold_timescales(paths) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """Distinct (timescale, start, due) of the records in gold files (files without records are skipped)."""
    cases = {}
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for r in data.get("records", ()) if isinstance(data, dict) else ():
            if r["timescale"] is not None:
                cases[r["timescale"]] = (r["start"], tuple(r["due"]))
    return [(t, s, d) for t, (s, d) in cases.items()]


GOLD_CASES = _gold_timescales(sorted(GOLD.glob("*.json")))
# The renderings' and variants' gold in tests/data (the variants add financial quarters, seasons, "by end of")
REPO_GOLD_CASES = _gold_timescales(sorted(DATA.glob("*/*.json")))

# Timescales of the development layouts' gold (/work/dev/layouts/gold, kept outside the repo), as written there:
# spreadsheet exports, tables in text and item blocks from councils beyond the seeds (gold/SPEC.md conventions).
LAYOUT_CASES = [
    ("Nov 25", None, ("2025-11",)),       # cell-per-line tracker: month + two-digit year
    ("Jan 26", None, ("2026-01",)),
    ("Mar 27", None, ("2027-03",)),
    ("30-Jun-26", None, ("2026-06-30",)),  # PDF cells: dd-mmm-yy
    ("31-Dec-25", None, ("2025-12-31",)),
    ("By 2026", None, ("2026-12",)),      # SPEC: "By 2026" -> 2026-12
    ("31 March 2026 and ongoing", None, ("2026-03-31",)),  # a deadline the work carries on after
    ("01 December 2025", None, ("2025-12-01",)),
    ("31 Dec 2025", None, ("2025-12-31",)),
    ("By 31 December 2025", None, ("2025-12-31",)),
    ("Criteria published by 30 June 2025", None, ("2025-06-30",)),
    ("31/05/2026", None, ("2026-05-31",)),
    ("Remaining steps are scheduled up to 31 March 2026.", None, ("2026-03-31",)),
    ("Policy to go to the Standards Committee in November 2025.", None, ("2025-11",)),
    (("The first survey results will be published by November 2025. A review of how well the panel is working "
      "will go to Cabinet in April 2026."), None, ("2025-11", "2026-04")),
    ("From October 2025.", "2025-10", ()),
    ("By 31 July each year", None, ()),  # recurring deadlines give none
    ("Reported to every meeting of the Audit Committee until completion passes 95%.", None, ()),
    ("Completed", None, ()),
    ("Ongoing", None, ()),
]


def test_gold_has_the_timescales_we_expect():
    # seeds 002 and 004 state timescales; the others have none (18 distinct texts in all)
    assert len(GOLD_CASES) == 18
    # renderings of seeds 002/004 repeat the seeds' texts (18); the variants and the text report add 33
    assert len(REPO_GOLD_CASES) == 51


@pytest.mark.parametrize(("text", "start", "due"), GOLD_CASES, ids=[c[0][:40] for c in GOLD_CASES])
def test_parse_timescale_matches_gold(text, start, due):
    assert parse_timescale(text) == (start, due)


@pytest.mark.parametrize(("text", "start", "due"), REPO_GOLD_CASES, ids=[c[0][:40] for c in REPO_GOLD_CASES])
def test_parse_timescale_matches_rendering_and_variant_gold(text, start, due):
    assert parse_timescale(text) == (start, due)


@pytest.mark.parametrize(("text", "start", "due"), LAYOUT_CASES, ids=[c[0][:40] for c in LAYOUT_CASES])
def test_parse_timescale_matches_layout_gold(text, start, due):
    assert parse_timescale(text) == (start, due)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/26", (None, ("2026-03",))),
        ("2023-24", (None, ("2024-03",))),
        ("Q3 2025/26", (None, ("2025-12",))),
        ("Q1 2025-26", (None, ("2025-06",))),
        ("Quarter 4 2024/25", (None, ("2025-03",))),
        ("Summer 2024", (None, ("2024-08",))),
        ("Winter 2024/25", (None, ("2025-02",))),
        ("end of March 2026", (None, ("2026-03",))),
        ("by December 2025", (None, ("2025-12",))),
        ("30/09/25", (None, ("2025-09-30",))),
        ("31 March 2015", (None, ("2015-03-31",))),
        ("From 2014/15 to 2015/16", ("2014-04", ("2016-03",))),
        ("April 2024 onwards", ("2024-04", ())),
        ("2026", (None, ("2026-12",))),  # a year is a deadline to its last month, like "By 2026"
        ("TBC", (None, ())),
        ("", (None, ())),
        (None, (None, ())),
    ],
)
def test_parse_timescale_forms(text, expected):
    assert parse_timescale(text) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("November 2017", "2017-11-01", "2017-11-30", "month"),
        ("31/3/24", "2024-03-31", "2024-03-31", "day"),
        ("1st March 2016", "2016-03-01", "2016-03-01", "day"),
        ("2023/24", "2023-04-01", "2024-03-31", "financial_year"),
        ("Q3 2025/26", "2025-10-01", "2025-12-31", "quarter"),
        ("Q3 2025", "2025-07-01", "2025-09-30", "quarter"),
        ("Autumn 2021", "2021-09-01", "2021-11-30", "season"),
        ("Winter 2024", "2024-12-01", "2025-02-28", "season"),
        ("June/July 2024", "2024-06-01", "2024-07-31", "range"),
        ("April 2023 – March 2024", "2023-04-01", "2024-03-31", "range"),
        ("October – March 2013/14", "2013-10-01", "2014-03-31", "range"),
        ("November/December 2024", "2024-11-01", "2024-12-31", "range"),
        ("December - January 2025", "2024-12-01", "2025-01-31", "range"),
        ("2013-16", "2013-01-01", "2016-12-31", "range"),
        ("2015", "2015-01-01", "2015-12-31", "year"),
        ("2011-12", "2011-12-01", "2011-12-31", "month"),  # a whole ISO string is ISO
    ],
)
def test_normalise_date_values(text, start, end, precision):
    v = normalise_date(text)
    assert (v.start.isoformat(), v.end.isoformat(), v.precision) == (start, end, precision)


def test_ongoing_has_no_dates():
    assert normalise_date("Ongoing") == DateValue(None, None, "ongoing")


def test_find_dates_in_running_text_seed_000_001_003():
    text = ("The Resident Survey was undertaken between September and December 2015. 2,008 responses; "
            "jointly by MBC and HoK – October 2020 and October 2021; Armed Forces Act 2021; "
            "shift from 2014/15 to 2015/16; engagement plan for 2011-12; 18-24 year olds")
    assert [(m.text, m.value.iso) for m in find_dates(text)] == [
        ("September and December 2015", "2015-09/2015-12"),
        ("October 2020", "2020-10"),
        ("October 2021", "2021-10"),
        ("2014/15 to 2015/16", "2014-04/2016-03"),
        ("2011-12", "2011/12"),  # in running text a financial year
    ]


def test_invalid_dates_are_not_dates():
    assert normalise_date("31/2/24") is None
    assert normalise_date("2023/25").iso == "2023/2025"  # not a financial year: a span of years


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (("2024-03",), dt.date(2024, 3, 31)),
        (("2024",), dt.date(2024, 12, 31)),
        (("2025-07", "2024-07", "2024-10"), dt.date(2025, 7, 31)),
        (("2024-03-31",), dt.date(2024, 3, 31)),
        (("2024-02",), dt.date(2024, 2, 29)),
        ((), None),
        (("garbage",), None),
    ],
)
def test_due_date_of(due, expected):
    assert due_date_of(due) == expected


# --- Hypothesis: never raises, idempotent ----------------------------------------------------------

_month_names = st.sampled_from(
    ["January", "Feb", "March", "apr", "May", "June", "Jul", "August", "Sept", "October", "Nov", "December"]
)
_years = st.integers(min_value=1950, max_value=2099)


@st.composite
def _date_texts(draw) -> str:
    y = draw(_years)
    yy = f"{(y + 1) % 100:02d}"
    m1, m2 = draw(_month_names), draw(_month_names)
    forms = [
        f"{m1} {y}", f"{draw(st.integers(1, 31))}/{draw(st.integers(1, 12))}/{y % 100:02d}",
        f"{y}/{yy}", f"{y}-{yy}", f"Q{draw(st.integers(1, 4))} {y}/{yy}", f"Q{draw(st.integers(1, 4))} {y}",
        f"{draw(st.sampled_from(['Spring', 'summer', 'Autumn', 'winter']))} {y}", f"{m1}/{m2} {y}",
        f"{m1} {y} – {m2} {y + draw(st.integers(0, 2))}", f"end of {m1} {y}", f"by {m2} {y}", "Ongoing",
        f"{m1} – {m2} {y}/{yy}", f"{draw(st.integers(1, 31))} {m1} {y}", f"{y}", f"{y}-{draw(st.integers(1, 12)):02d}",
        f"{y}-Q{draw(st.integers(1, 4))}", f"{y}/{yy} to {y + 1}/{(y + 2) % 100:02d}",
    ]
    text = draw(st.sampled_from(forms))
    return draw(st.text(max_size=5)) + text + draw(st.text(max_size=5))


# Fragments glued in any order: impossible days, month 13, years out of range, unfinished ranges.
_fragments = st.sampled_from(
    ["Q1", "Q4", "2023", "2024/25", "2011-12", "March", "June", "/", "-", "–", " ", "and", "between", "to",
     "Summer", "winter", "31", "1st", "0", "2099", "1950", "Ongoing", "end of", "by", "29/2/23", "29/2/24",
     "2024-02-30", "2024-13", "9999", "Nov 25", "'26", "‘26", "30-Jun-26", "Jun-26", "06/25", "24/25", "13/25",
     "and ongoing", "By 2026"]
)
_glued = st.lists(_fragments, max_size=8).map(" ".join) | st.lists(_fragments, max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), _date_texts(), _glued))
def test_normaliser_never_raises(text):
    value = normalise_date(text)
    assert value is None or isinstance(value, DateValue)
    start, due = parse_timescale(text)
    assert start is None or isinstance(start, str)
    assert all(isinstance(d, str) for d in due)
    due_date_of(due)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_date_texts(), _glued))
def test_normaliser_is_idempotent(text):
    value = normalise_date(text)
    if value is not None:
        assert normalise_date(value.iso) == value
        if value.start is not None:
            assert value.start <= value.end


def test_find_dates_on_a_long_text_keeps_modifiers():
    """The look-back for "end of"/"from" reads a bounded window (slicing the whole prefix per mention was
    quadratic: 118 kB took 8 s); on a long text every mention and its modifier is still found."""
    text = "The plan was agreed in March 2024 and reviewed by end of June 2025; " * 1700
    mentions = find_dates(text)
    assert len(mentions) == 3400
    assert [m.text for m in mentions[-2:]] == ["March 2024", "end of June 2025"]

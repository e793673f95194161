"""Which period a report's front matter states: a title's period text, a heading-like line's period, an
"as at" day (``pipeline.docmeta.document_meta`` chooses among them).

Periods are the date grammar's (``pipeline.dates``): financial years, quarters and halves of them, spans
of years ("2025 to 2027"), months of a year ("April to September 2025"); a part of a year a title names
apart from its year joins it ("Quarter 2 Performance Report 2025/26" -> "Quarter 2 2025/26").
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from extractors.base import collapse_ws
from pipeline.dates import PART_OF_YEAR, DateMention, find_dates
from pipeline.services import PATTERNS_DIR, jsonl_rows

_AS_AT = re.compile(r"\b(?:as\s+at|as\s+of|position\s+at|at)\s*$", re.IGNORECASE)
_STRONG_AS_AT = re.compile(r"\b(?:as\s+at|as\s+of|position\s+(?:as\s+)?at)\s*$", re.IGNORECASE)
# Periods a front-matter line may state.  Not a month: a lone "November 2017" line is a timescale cell of
# a flattened table (seed 002) and "Published - October 2025" a publication date, far more often than a
# monthly report's period; a monthly report's title states it and reaches ``documents.period``.
_PERIOD_PRECISIONS = ("quarter", "season", "range", "financial_year", "year")
# A heading-like line: few words, no full stop ("Progress on the strategy ... starting in July 2026." is prose).
_HEADING_MAX_WORDS = 15
_SENTENCE = re.compile(r"[.!?]\s*$|[.!?]\s+[A-Z]")


# A title's period longer than this is the span of the plan, not of the progress it reports: an "as at"
# line dates the report instead ("Fairer Thornbury Action Plan 2025-26" over "Progress update as at 31
# October 2025").  A quarter or half year in the title is the period the progress describes.
PLAN_SPAN_DAYS = 184
# A part of a year named apart from its year: "Quarter 2 Performance Report 2025/26".
_PART_ALONE = re.compile(rf"(?<!\w)(?i:{PART_OF_YEAR})(?!\w|\s*(?:of\s+)?(?:19|20)\d\d)")


# A year glued to other date parts is the end of a day date the grammar does not read ("Posted 12-Feb-2026").
_GLUED_BEFORE = re.compile(r"\w[-/.]$")


def _period_mentions(line: str) -> list[DateMention]:
    return [
        m for m in find_dates(line, ongoing=False)
        if m.value.start and m.value.end and not (m.value.precision == "year" and _GLUED_BEFORE.search(line[: m.start]))
    ]


def period_of_text(text: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the period a title's period text names (all its dates together).

    >>> period_of_text("October – March 2013/14")
    (datetime.date(2013, 10, 1), datetime.date(2014, 3, 31))
    """
    mentions = _period_mentions(text)
    if not mentions:
        return None, None
    return min(m.value.start for m in mentions), max(m.value.end for m in mentions)  # type: ignore[type-var]


def period_in_line(line: str) -> tuple[str, dt.date | None, dt.date] | None:
    """(text, start, end) of the narrowest period a heading-like front-matter line states, or None.

    >>> period_in_line("Performance scorecard for 2025/26 Quarter 2 (Jul-Sep 2025)")
    ('Jul-Sep 2025', datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
    >>> period_in_line("Scrutiny recommendations tracker – position at 30 June 2025")
    ('30 June 2025', None, datetime.date(2025, 6, 30))
    >>> period_in_line("Progress as at 31 March 2026.")
    ('31 March 2026', None, datetime.date(2026, 3, 31))
    >>> period_in_line("Tuesday, 9th September, 2025") is None, period_in_line("Posted 12-Feb-2026") is None
    (True, True)
    >>> period_in_line("The panel met at 3 March 2026.") is None
    True
    >>> period_in_line("Qtr 1 Performance Report 2025/26")
    ('Qtr 1 2025/26', datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    """
    line = line.strip()
    if len(line.split()) > _HEADING_MAX_WORDS:
        return None
    # One short sentence ending in a full stop ("Progress as at 31 March 2026.", an HTML page's intro) may
    # say what date the report is as at, under a strong cue only; any other sentence is body prose.
    one_sentence = line.endswith(".") and not _SENTENCE.search(line[:-1])
    if _SENTENCE.search(line) and not one_sentence:
        return None
    mentions = _period_mentions(line)
    periods = [m for m in mentions if m.value.precision in _PERIOD_PRECISIONS]
    if periods and not one_sentence:
        best = min(periods, key=lambda m: (m.value.end - m.value.start, m.start))  # type: ignore[operator]
        text = with_part_of_year(line[: best.start] + line[best.end:], best.text)
        if text != best.text:   # "Qtr 1 Performance Report 2025/26"
            start, end = period_of_text(text)
            return text, start, end  # type: ignore[return-value]
        return best.text, best.value.start, best.value.end  # type: ignore[return-value]
    cue = _STRONG_AS_AT if one_sentence else _AS_AT
    for m in mentions:
        if m.value.precision == "day" and cue.search(line[: m.start]):
            return m.text, None, m.value.end  # type: ignore[return-value]
    return None


def as_at_in_line(line: str) -> tuple[str, dt.date] | None:
    """(text, day) of the date a heading-like front-matter line says the report is "as at", "as of" or
    "position at" (a strong cue; a bare "at" is not), else None.

    >>> as_at_in_line("Progress update as at 31 October 2025")
    ('31 October 2025', datetime.date(2025, 10, 31))
    >>> as_at_in_line("Meeting at 3 March 2026") is None
    True
    """
    line = line.strip()
    one_sentence = line.endswith(".") and not _SENTENCE.search(line[:-1])
    if len(line.split()) > _HEADING_MAX_WORDS or (_SENTENCE.search(line) and not one_sentence):
        return None
    for m in _period_mentions(line):
        if m.value.precision == "day" and m.value.end and _STRONG_AS_AT.search(line[: m.start]):
            return m.text, m.value.end
    return None


def with_part_of_year(title: str | None, period: str) -> str:
    """A title's period narrowed by the part of the year the title names apart from it, else the period.

    >>> with_part_of_year("Quarter 2 Performance Report", "2025/26"), with_part_of_year("EDI Action Plan", "2023-24")
    ('Quarter 2 2025/26', '2023-24')
    """
    parts = _PART_ALONE.findall(title or "")
    if len(parts) != 1:
        return period
    value = [m.value for m in _period_mentions(period)]
    if len(value) != 1 or value[0].precision not in ("financial_year", "year"):
        return period
    narrowed = f"{collapse_ws(parts[0])} {period}"
    inside = [m.value for m in _period_mentions(narrowed)]
    if len(inside) == 1 and value[0].start <= inside[0].start and inside[0].end <= value[0].end:  # type: ignore[operator]
        return narrowed
    return period


def period_cue_alternation(label: str) -> str:
    """The ``label`` phrases of ``patterns/period_cues.jsonl`` as one regex alternation, longest first, any
    run of spaces between words ("FUTURE" -> "due\\s+in|until|...")."""
    cues = sorted((r["pattern"] for r in jsonl_rows(PATTERNS_DIR / "period_cues.jsonl") if r["label"] == label),
                  key=len, reverse=True)
    return "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)


@lru_cache(maxsize=1)
def _intro_cue() -> re.Pattern[str]:
    """Words just before the years an introduction says it covers ("pledges to residents for 2025 to 2027")."""
    return re.compile(r"(?i)\b(?:" + period_cue_alternation("INTRO_PERIOD") + r")\s*$")


_INTRO_PRECISIONS = ("range", "financial_year", "year")


def intro_period(line: str) -> tuple[str, dt.date, dt.date] | None:
    """(text, start, end) of the years an introduction's first sentence says it covers, after a cue of
    ``patterns/period_cues.jsonl`` (INTRO_PERIOD: "for", "covering"), else None.

    A web page of pledges titled "Our pledges" states its years only in its intro paragraph.

    >>> intro_period("The council has made four pledges to residents for 2025 to 2027. This page sets out each.")
    ('2025 to 2027', datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
    >>> intro_period("We met in 2025. Our plan for 2026 to 2028 follows.") is None
    True
    """
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", line.strip(), maxsplit=1)[0]
    for m in _period_mentions(first):
        if m.value.precision in _INTRO_PRECISIONS and _intro_cue().search(first[: m.start]):
            return m.text, m.value.start, m.value.end  # type: ignore[return-value]
    return None


def end_minus_start(start: dt.date | None, end: dt.date) -> dt.timedelta:
    """Length of a period; an "as at" date (no start) counts as one day."""
    return end - start if start else dt.timedelta(0)


def report_period(title: str | None, period: str | None, titles: list[str],
                  lines: list[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    """(text, first day, last day) of the period a report covers, or None when it states none.

    ``period`` is the title's period text (``DocRows.period``), ``title`` the title without it,
    ``titles`` every title the file has (reader's, HTML/DOCX/PDF, running header), ``lines`` its
    front-matter lines (no item's "Deadline:" line).  The title's period is kept as written, narrowed
    by a part of the year the title names apart from it (:func:`with_part_of_year`), unless it spans
    more than PLAN_SPAN_DAYS (a plan's years) and a line dates the report "as at" a day not before it
    starts: then the period is that day (end only), as when the title states no period.  Without a
    title period: the narrowest period a line states (:func:`period_in_line`), not counting an "as at"
    day before another stated period starts (a baseline), nor one beside a period of PLAN_SPAN_DAYS or
    less; else the years a front-matter line's first sentence says it covers (:func:`intro_period`).
    """
    if period:
        period = with_part_of_year(title, period)
        start, end = period_of_text(period)
        as_at = next((a for line in lines if (a := as_at_in_line(line))), None)
        if as_at and start and end and (end - start).days > PLAN_SPAN_DAYS and as_at[1] >= start:
            return as_at[0], None, as_at[1]
        return period, start, end
    return _period_of_lines(titles, lines)


def _period_of_lines(titles: list[str], lines: list[str]) -> tuple[str, dt.date | None, dt.date | None] | None:
    """The period of a report whose title states none: :func:`report_period`'s rules for ``lines``."""
    found = [p for line in [*titles, *lines] if (p := period_in_line(line))]
    # An "as at" day before a stated period starts is a baseline ("Baseline as at 31 March 2025" under
    # "Parish Action Plan 2026-27"), not the report's date.
    found = [p for p in found if p[1] is not None or not any(q[1] and p[2] < q[1] for q in found)]
    # An "as at" day narrows only a plan's span: a quarter or half year a line states is the period the
    # progress describes ("Quarter 3 Performance Report 2024/25" above "Progress as at 31 December 2024").
    if any(p[1] is not None and (p[2] - p[1]).days <= PLAN_SPAN_DAYS for p in found):
        found = [p for p in found if p[1] is not None]
    if not found:
        # A web page's intro: "... pledges to residents for 2025 to 2027." (the first line that says so).
        return next((p for line in lines if (p := intro_period(line))), None)
    # The narrowest: a progress report of a plan states the plan's years and its own half-year
    # ("Delivery Program 2025 - 2029" above "1 July 2025 - 31 December 2025"); "overdue" is judged at its end.
    return min(found, key=lambda p: end_minus_start(p[1], p[2]))

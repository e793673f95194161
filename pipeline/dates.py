"""Dates as councils write them, normalised to ISO: one grammar for the DATE tagger and for timescales.

Every date expression found in a report ("November 2017", "31/3/24", "2023/24", "Q3 2025/26",
"Autumn 2021", "June/July 2024", "April 2023 – March 2024", "30-Jun-26", "Mar '26", "Ongoing")
becomes a :class:`DateValue` with a first and last day and a precision.  The same values fill
``records.start``, ``records.due`` and ``records.due_date`` (:func:`parse_timescale`,
:func:`due_date_of`) and the DATE rows of the entities table (``pipeline.nlp``), so a timescale and
its tag never disagree.

Conventions (UK local government):
- numeric dates are day/month/year ("31/3/24" is 31 March 2024); two-digit years are 20yy;
- "2023/24", "2023-24" and "2023/2024" are financial years, 1 April 2023 to 31 March 2024;
- "2025 to 2027" (years joined by a word or a long dash) is a span of calendar years, 2025-2027;
- "Q1".."Q4" ("Qtr 1", "Quarter 1") with a financial year are financial quarters (Q1 = April-June); with
  a plain year ("Q3 2025") they are calendar quarters; halves likewise ("Half year 1 2025/26" is
  April-September 2025, "H2 2025" July-December; precision "range");
- seasons are meteorological (spring = March-May; winter 2024 = December 2024 - February 2025);
- a month name with a two-digit number is a month and a two-digit year when the year is marked
  ("Mar '26", "Mar ‘26") or hyphenated ("Mar-26", "30-Jun-26": spreadsheet mmm-yy / dd-mmm-yy cells),
  anywhere.  Unmarked ("Nov 25", "30 Jun 26") it is a month and year only in a timescale cell
  (``timescale=True``): action trackers exported from spreadsheets write deadlines so (a cell-per-line
  tracker with "Nov 25", "Jan 26" cells), while in running text "on Nov 25" may be a day in US order.
  Councils write days first ("25 Nov"), so in a timescale cell "March 31" is March 2031; a day is read
  only with a year after it ("Nov 25, 2025", "March 31st 2026");
- also only in a timescale cell: "06/25" (MM/YY, two-digit month) is June 2025 and "24/25" (two
  consecutive two-digit years) is the financial year 2024/25, so "11/12" is a financial year, not
  November 2012; "6/25" (a fraction as often as a month) is not read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "month", "quarter", "season", "year", "financial_year", "range", "ongoing")

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
# The month names in calendar order, in full ("January") and by their first three letters ("jan").
MONTH_NAMES = tuple(max((k for k, v in _MONTHS.items() if v == m), key=len).capitalize() for m in range(1, 13))
MONTH_ABBREVIATIONS = tuple(name[:3].lower() for name in MONTH_NAMES)
# First month of each season and its length (meteorological seasons, three months each).
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_FY = rf"(?:{_YEAR}\s?[/\-–]\s?(?:{_YEAR}|\d\d))"
_FY_SHORT = r"(?:\d\d[/\-]\d\d)"  # "24/25": only after a quarter ("Q3 24/25") or alone in a timescale cell
_DASH = r"\s*(?:-|–|—|to|until|till)\s*"
_ALT = r"\s*(?:/|or)\s*"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|<sup>(?:st|nd|rd|th)</sup>)?"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_QUARTER = r"(?:q[1-4]|qtr\.?\s?[1-4]|quarter\s?[1-4])"
# A half of a year: "H1", "Half year 1", "Half 2", "First half of", "2nd half"
_HALF = r"(?:h[12]|half[\s-]?year\s?[12]|half\s?[12]|(?:first|second|1st|2nd)\s+half(?:[\s-]year)?(?:\s+of)?)"
# A part of a year written before its year: "Quarter 2", "Qtr 1", "Q3", "Half year 1", "H2", "first half of",
# "April to September", "October – March" (report titles: "Performance Report Quarter 2 2025/26").  Read
# case-insensitively; a title's period is this and its year (pipeline.reading.shared.PERIOD).
PART_OF_YEAR = rf"(?:{_QUARTER}(?:\s+of)?|{_HALF}|{_MONTH}\s*(?:[-–—]|to)\s*{_MONTH})"
_MOD = r"(?:(?:end|beginning|start|middle)\s+of\s+|early\s+|mid-?\s*|late\s+)?"
_APOS = r"['‘’ʼ`´]"
# A two-digit year ends the expression: not a day with a suffix ("Nov 25th"), not the first of two
# numbers ("Nov 25, 2025", "Nov 25 2025"), not a percentage or the start of a fraction or a time.
_YY = r"\d\d(?!\d|%|:|(?:st|nd|rd|th)\b|[/\-.]\d|,?\s*\d)"


def _year_after_month(timescale: bool) -> str:
    """What follows a month name to give its year: " 2026", ", 2026", " '26", "-26", "-2026", "/26";
    in a timescale cell also " 26"."""
    marked = rf"|,?\s*{_APOS}{_YY}|[-/](?:{_YEAR}\b|{_YY})"
    bare = rf"|,?\s+{_YY}" if timescale else ""
    return rf"(?:,?\s+{_YEAR}\b{marked}{bare})"


def _day_before_month() -> str:
    """A day and its separator before a month name: "31 ", "1st ", "31 of ", "30-" ("30-Jun-26")."""
    return rf"(?:{_DAY}(?:\s+(?:of\s+)?|[-/]))"


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date expression: its first and last day, how precise it is, and ISO partials.

    ``start_iso``/``end_iso`` are ISO partial dates at the expression's own precision (YYYY,
    YYYY-MM or YYYY-MM-DD; quarters, seasons and financial years give months), which is what
    ``records.start``/``records.due`` hold.  ``iso`` is the canonical text: normalising it again
    gives the same value.

    >>> normalise_date("Q3 2025/26")
    DateValue(start=datetime.date(2025, 10, 1), end=datetime.date(2025, 12, 31), precision='quarter', start_iso='2025-10', end_iso='2025-12')
    """

    start: dt.date | None
    end: dt.date | None
    precision: str
    start_iso: str | None = None
    end_iso: str | None = None

    @property
    def iso(self) -> str:
        """Canonical text of the value (``normalise_date(v.iso) == v``)."""
        if self.precision == "ongoing" or self.start is None or self.end is None:
            return "ongoing"
        if self.precision in ("day", "month", "year"):
            return self.end_iso or ""
        if self.precision == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.precision == "season":
            name = {3: "Spring", 6: "Summer", 9: "Autumn", 12: "Winter"}[self.start.month]
            return f"{name} {self.start.year}"
        if self.precision == "financial_year":
            return f"{self.start.year}/{(self.start.year + 1) % 100:02d}"
        return f"{self.start_iso}/{self.end_iso}"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text: character offsets, the text and its value."""

    start: int
    end: int
    text: str
    value: DateValue
    alternatives: bool = False  # "June/July 2024": either month, so only the end is a deadline


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_value(year: int, month: int) -> DateValue:
    return DateValue(dt.date(year, month, 1), _last_day(year, month), "month",
                     f"{year:04d}-{month:02d}", f"{year:04d}-{month:02d}")


def _year_value(year: int) -> DateValue:
    return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", f"{year:04d}", f"{year:04d}")


def _day_value(year: int, month: int, day: int) -> DateValue | None:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return None
    return DateValue(d, d, "day", d.isoformat(), d.isoformat())


def _months_value(year: int, month: int, n_months: int, precision: str) -> DateValue:
    """A span of n whole months starting at (year, month), e.g. a quarter or a season."""
    end_month0 = year * 12 + month - 1 + n_months - 1
    ey, em = divmod(end_month0, 12)
    em += 1
    return DateValue(dt.date(year, month, 1), _last_day(ey, em), precision,
                     f"{year:04d}-{month:02d}", f"{ey:04d}-{em:02d}")


def _range_value(a: DateValue, b: DateValue) -> DateValue | None:
    if a.start is None or b.end is None or a.start > b.end:
        return None
    return DateValue(a.start, b.end, "range", a.start_iso, b.end_iso)


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _fy_start(text: str) -> int | None:
    """First calendar year of a financial year written "2023/24", "2023-24", "2023/2024" or "23/24"."""
    m = re.fullmatch(r"(\d{4}|\d\d)\s?[/\-–]\s?(\d{4}|\d\d)", text.strip())
    if not m:
        return None
    first, second = _year_number(m.group(1)), m.group(2)
    if (len(second) == 2 and int(second) == (first + 1) % 100) or (len(second) == 4 and int(second) == first + 1):
        return first
    return None


def _year_number(digits: str) -> int:
    """A year written with four digits or two ("26" is 2026: two-digit years are 20yy)."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _year_in(text: str) -> int:
    """The year that ends a date expression: its last number ("30-Jun-26" -> 2026, "Mar '26" -> 2026)."""
    return _year_number(re.findall(r"\d+", text)[-1])


def _month_in(text: str, nth: int = 0) -> int:
    """The nth month name in a date expression ("30-Jun-26" -> 6)."""
    return _month_of(re.findall(rf"(?<![a-z]){_MONTH}", text, re.IGNORECASE)[nth])


def _fy_month_year(month: int, fy_start: int) -> int:
    """Calendar year of a month inside a financial year (April-December first year, Jan-March second)."""
    return fy_start if month >= 4 else fy_start + 1


def _date_pattern(timescale: bool) -> re.Pattern[str]:
    """One alternation, most specific first; each branch has a named group used by _match_to_value.

    ``timescale`` adds the forms read only in a timescale cell (unmarked two-digit years, "06/25",
    "24/25"; see the module docstring).
    """
    year = _year_after_month(timescale)
    point = rf"(?:{_day_before_month()}?{_MONTH}{year})"  # "April 2023", "31 March 2024", "30-Jun-26"
    branches = [
        # 2024-06/2024-07, 2024-06-01/2024-07-31: canonical ranges (DateValue.iso of a range)
        r"(?P<isorange>\b\d{4}-\d\d(?:-\d\d)?/\d{4}-\d\d(?:-\d\d)?\b(?!/))",
        # 2024-03-31 (ISO); a bare "2011-12" in running text is a financial year, see normalise_date
        r"(?P<isoday>\b\d{4}-\d\d-\d\d\b)",
        # 2025-Q4 (canonical calendar quarter)
        r"(?P<isoq>\b\d{4}-Q[1-4]\b)",
        # October – March 2013/14: a span of months inside a financial year
        rf"(?P<mmfy>\b{_MONTH}{_DASH}{_MONTH}\s+{_FY}\b)",
        # April 2023 – March 2024, 1 April 2023 - 31 March 2024, Jan-26 to Mar-26
        # ("and" only after "between": "October 2020 and October 2021" are two dates, seed 001)
        rf"(?P<mymy>\b{point}{_DASH}{point})",
        rf"(?P<bmymy>(?<=between\s){point}\s+and\s+{point})",
        # June/July 2024, July to October 2020, (between) September and December 2015 (seed 000)
        rf"(?P<mmy>\b{_MONTH}(?:(?P<mmy_alt>{_ALT})|{_DASH}){_MONTH}{year})",
        rf"(?P<bmmy>(?<=between\s){_MONTH}\s+and\s+{_MONTH}{year})",
        # "February and September 2012" (seed 000): February takes the year of the list's last month
        rf"(?P<mlist>\b{_MONTH}(?=(?:,\s*{_MONTH})*\s+and\s+{_MONTH}(?P<mlist_year>{year})))",
        # From 2014/15 to 2015/16
        rf"(?P<fyfy>\b{_FY}{_DASH}{_FY}\b)",
        # Q3 2025/26, Quarter 3 2025-26, Q3 2025, Q3 25/26
        rf"(?P<quarter>\b{_QUARTER}\s*(?:of\s+)?(?:{_FY}|{_YEAR}|{_FY_SHORT})\b)",
        # Half year 1 2025/26, H2 2024-25, first half of 2025 (a financial year's first half is April-September)
        rf"(?P<half>\b{_HALF}\s*(?:of\s+)?(?:{_FY}|{_YEAR})\b(?![/\-–]\d))",
        # Autumn 2021, Winter 2024/25, Summer '25
        rf"(?P<season>\b{_SEASON}(?:\s+{_FY}\b|{year}))",
        # March 31, 2016, March 31st 2016 (before day-month-year: "March 31" is not a day before "2016")
        rf"(?P<mdy>\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b)",
        # 1st March 2016, 31 March 2015, 30-Jun-26
        rf"(?P<dmy>\b{_day_before_month()}{_MONTH}{year})",
        # 31/3/24, 30/09/25, 1.4.2024
        r"(?P<num>\b[0-3]?\d(?P<sep>[/.\-])[01]?\d(?P=sep)(?:\d{4}|\d\d)\b(?![/\-]\d))",
    ]
    if timescale:
        # 06/25 (MM/YY), 24/25 (a financial year); not inside a longer number, fraction or amount
        branches.append(r"(?P<short>(?<![\d/.\-£$,])\d\d[/\-]\d\d(?![\d%]|[/\-.]\d))")
    branches += [
        # end of March 2026, November 2017, Mar '26, Nov-25
        rf"(?P<my>\b{_MONTH}{year})",
        # 2025 to 2027, 2025 — 2027: a span of years written with a word or a spaced long dash ("2025-2027",
        # "2025 – 2027" are the next branch's)
        rf"(?P<yrange>\b{_YEAR}(?:\s*(?:to|until|till|—)\s*|\s{{2,}}–\s*|\s*–\s{{2,}}){_YEAR}\b(?![/\-–.,]?\d|%))",
        # 2023/24, 2016-17 (financial years); 2013-16 (a span of years)
        rf"(?P<fy>\b{_YEAR}\s?[/\-–]\s?(?:{_YEAR}|\d\d)\b(?![/\-]\d))",
        # 2015 (a bare year; not a count: "2015 responses" has no such year range)
        rf"(?P<year>(?<![£$,.\d/])\b{_YEAR}\b(?![/\-–.,]?\d|%))",
        r"(?P<ongoing>\bongoing\b)",
    ]
    return re.compile("|".join(branches), re.IGNORECASE)


_PATTERN = _date_pattern(timescale=False)
_TIMESCALE_PATTERN = _date_pattern(timescale=True)  # a superset: every side of a range parses with it
_KINDS = (
    "isorange", "isoday", "isoq", "mmfy", "mymy", "bmymy", "mmy", "bmmy", "fyfy", "quarter", "half", "season",
    "mdy", "dmy", "num", "short", "my", "yrange", "fy", "year", "ongoing",
)
_RANGE_KINDS = ("mymy", "bmymy", "mmy", "bmmy", "mmfy", "fyfy", "isorange", "yrange", "ongoing")
_MOD_BEFORE = re.compile(rf"{_MOD}$", re.IGNORECASE)
LOOKBEHIND_CHARS = 80  # longer than any modifier or label these patterns read before a date
_NAMED_BEFORE = re.compile(r"(?:\b(?:act|bill|regulations?|order|strategy|plan|vision)\s+)$", re.IGNORECASE)


def _parse_single(text: str) -> DateValue | None:
    """Value of one side of a range ("April 2023", "31 March 2024", "2014/15", "Jan-26")."""
    m = _TIMESCALE_PATTERN.fullmatch(text.strip())
    if not m or any(m.group(k) for k in _RANGE_KINDS):
        return _iso_partial_value(text)
    return _match_to_value(m)


def _split_range(text: str) -> tuple[DateValue, DateValue] | None:
    """The two sides of a range, split at the first dash, "to" or "and" where both sides are dates.

    The first dash is not always the range's: "30-Jun-26 – 31-Dec-26".
    """
    for sep in re.finditer(rf"{_DASH}|\s+and\s+", text, re.IGNORECASE):
        a, b = _parse_single(text[: sep.start()]), _parse_single(text[sep.end():])
        if a and b:
            return a, b
    return None


def _match_to_value(m: re.Match[str]) -> DateValue | None:
    groups = m.groupdict()
    if groups.get("mlist") is not None:
        return _month_value(_year_in(groups["mlist_year"]), _month_of(groups["mlist"]))
    kind = next(k for k in _KINDS if groups.get(k) is not None)
    try:
        return _VALUE_OF[kind](groups[kind])
    except (ValueError, KeyError, OverflowError, IndexError):
        return None


def _iso_partial_value(text: str) -> DateValue | None:
    """Value of an ISO partial date written alone: "2024", "2011-12" (a month, not a financial year)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", text.strip())
    if not m or not 1000 <= int(m.group(1)):
        return None
    year = int(m.group(1))
    if m.group(3):
        return _day_value(year, int(m.group(2)), int(m.group(3)))
    if m.group(2):
        return _month_value(year, int(m.group(2))) if 1 <= int(m.group(2)) <= 12 else None
    return _year_value(year)


def _isorange(text: str) -> DateValue | None:
    a, b = text.split("/")
    va, vb = _iso_partial_value(a), _iso_partial_value(b)
    return _range_value(va, vb) if va and vb and va.precision in ("day", "month", "year") \
        and vb.precision in ("day", "month", "year") else None


def _isoday(text: str) -> DateValue | None:
    y, mo, d = (int(x) for x in text.split("-"))
    return _day_value(y, mo, d)


def _isoq(text: str) -> DateValue:
    y, q = text.upper().split("-Q")
    return _months_value(int(y), 3 * (int(q) - 1) + 1, 3, "quarter")


def _mmfy(text: str) -> DateValue | None:
    m = re.match(rf"({_MONTH}){_DASH}({_MONTH})\s+(.+)$", text, re.IGNORECASE)
    fy = _fy_start(m.group(3)) if m else None
    if m is None or fy is None:
        return None
    a, b = _month_of(m.group(1)), _month_of(m.group(2))
    return _range_value(_month_value(_fy_month_year(a, fy), a), _month_value(_fy_month_year(b, fy), b))


def _mymy(text: str) -> DateValue | None:
    sides = _split_range(text)
    return _range_value(*sides) if sides else None


def _mmy(text: str) -> DateValue | None:
    a, b, year = _month_in(text, 0), _month_in(text, 1), _year_in(text)
    # "November/December 2024" and "December - January 2025": the first month is in the year before
    first_year = year if a <= b else year - 1
    return _range_value(_month_value(first_year, a), _month_value(year, b))


def _fyfy(text: str) -> DateValue | None:
    sides = _split_range(text)
    return _range_value(*sides) if sides else None


def _quarter(text: str) -> DateValue | None:
    m = re.match(r"(?:qtr\.?\s?|quarter\s?|q)([1-4])\s*(?:of\s+)?(.+)$", text.strip(), re.IGNORECASE)
    if not m:
        return None
    q, rest = int(m.group(1)), m.group(2)
    fy = _fy_start(rest)
    if fy is not None:  # financial quarters: Q1 = April-June
        month0 = (fy * 12 + 3) + 3 * (q - 1)
        return _months_value(month0 // 12, month0 % 12 + 1, 3, "quarter")
    if re.fullmatch(_YEAR, rest.strip()):
        return _months_value(int(rest), 3 * (q - 1) + 1, 3, "quarter")
    return None


def _half(text: str) -> DateValue | None:
    """A half year: of a financial year ("Half year 1 2025/26": April-September 2025), else of a calendar
    year ("H2 2025": July-December).  Precision "range" (its canonical text is the month range)."""
    m = re.match(rf"({_HALF})\s*(?:of\s+)?(.+)$", text.strip(), re.IGNORECASE)
    if not m:
        return None
    second = bool(re.search(r"2|second", m.group(1), re.IGNORECASE))
    fy = _fy_start(m.group(2))
    if fy is not None:
        first_month0 = fy * 12 + 3 + (6 if second else 0)
    elif re.fullmatch(_YEAR, m.group(2).strip()):
        first_month0 = int(m.group(2)) * 12 + (6 if second else 0)
    else:
        return None
    return _months_value(first_month0 // 12, first_month0 % 12 + 1, 6, "range")


def _yrange(text: str) -> DateValue | None:
    """ "2025 to 2027", "2025 — 2027": a span of calendar years (the written-out form: "from 2014 to 2015"
    is two years; "2014-15" and "2014/2015" stay financial years)."""
    first, last = (int(y) for y in re.findall(r"\d{4}", text))
    return _range_value(_year_value(first), _year_value(last)) if last > first else None


def _season(text: str) -> DateValue | None:
    name = re.match(r"[a-z]+", text, re.IGNORECASE)
    if name is None:
        return None
    rest = text[name.end():]
    fy = _fy_start(rest)
    year = fy if fy is not None else _year_in(rest)
    return _months_value(year, _SEASONS[name.group(0).lower()], 3, "season")


def _dmy(text: str) -> DateValue | None:
    day = int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]  # the branch starts with a day
    return _day_value(_year_in(text), _month_in(text), day)


def _mdy(text: str) -> DateValue | None:
    day = int(re.findall(r"\d+", text)[0])
    return _day_value(_year_in(text), _month_in(text), day)


def _num(text: str) -> DateValue | None:
    d, mo, y = re.split(r"[/.\-]", text)
    return _day_value(_year_number(y), int(mo), int(d))


def _short(text: str) -> DateValue | None:
    """ "24/25" (consecutive: a financial year) or "06/25" (MM/YY); only read in a timescale cell."""
    fy = _fy_start(text)
    if fy is not None:
        return _months_value(fy, 4, 12, "financial_year")
    month, sep, year = text[:2], text[2], text[3:]
    return _month_value(_year_number(year), int(month)) if sep == "/" and 1 <= int(month) <= 12 else None


def _my(text: str) -> DateValue:
    return _month_value(_year_in(text), _month_in(text))


def _fy(text: str) -> DateValue | None:
    fy = _fy_start(text)
    if fy is not None:
        return _months_value(fy, 4, 12, "financial_year")
    m = re.fullmatch(rf"({_YEAR})\s?[/\-–]\s?({_YEAR}|\d\d)", text.strip())
    if not m:
        return None
    # "2013-16": a span of years (the procurement strategy for 2013-16, seed 003)
    first, second = int(m.group(1)), m.group(2)
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    return _range_value(_year_value(first), _year_value(last)) if last > first else None


def _year(text: str) -> DateValue:
    return _year_value(int(text))


def _ongoing(text: str) -> DateValue:
    return DateValue(None, None, "ongoing")


_VALUE_OF = {
    "isorange": _isorange, "isoday": _isoday, "isoq": _isoq, "mmfy": _mmfy, "mymy": _mymy, "bmymy": _mymy,
    "mmy": _mmy, "bmmy": _mmy, "fyfy": _fyfy, "quarter": _quarter, "half": _half, "season": _season,
    "yrange": _yrange, "mdy": _mdy,
    "dmy": _dmy, "num": _num, "short": _short, "my": _my, "fy": _fy, "year": _year, "ongoing": _ongoing,
}


def find_dates(text: str, *, ongoing: bool = True, timescale: bool = False) -> list[DateMention]:
    """Find every date expression in a text, with character offsets and normalised values.

    A leading "end of", "early", "mid", "late" belongs to the mention; "by"/"due" do not.
    Bare years in names of laws and plans ("Armed Forces Act 2021") are not dates.  ``timescale``:
    the text is a timescale cell, so the forms only such cells use are read too ("Nov 25", "06/25").

    >>> [(m.text, m.value.end_iso) for m in find_dates("Review by end of March 2018; 2,008 responses")]
    [('end of March 2018', '2018-03')]
    >>> [m.value.iso for m in find_dates("Nov 25; 30-Jun-26; Mar ‘26")]
    ['2026-06-30', '2026-03']
    >>> [m.value.iso for m in find_dates("Nov 25; 30-Jun-26; Mar ‘26", timescale=True)]
    ['2025-11', '2026-06-30', '2026-03']
    """
    if not text:
        return []
    # Every date form has a digit except "Ongoing"; most texts have neither, and the big regex is
    # the tagger's slowest step (benchmarks/bench_tagging.py).
    if not any(c.isdigit() for c in text) and not (ongoing and "ngoing" in text.lower()):
        return []
    out: list[DateMention] = []
    for m in (_TIMESCALE_PATTERN if timescale else _PATTERN).finditer(text):
        value = _match_to_value(m)
        if value is None:
            continue
        if value.precision == "ongoing" and not ongoing:
            continue
        s, e = m.span()
        # Look back a bounded window, not text[:s]: slicing the whole prefix per mention was quadratic.
        back = max(0, s - LOOKBEHIND_CHARS)
        if m.group("year") is not None and _NAMED_BEFORE.search(text, back, s):
            continue
        mod = _MOD_BEFORE.search(text, back, s)
        if mod and mod.group(0):
            s = mod.start()
        alternatives = m.group("mmy") is not None and m.group("mmy_alt") is not None
        out.append(DateMention(s, e, text[s:e], value, alternatives))
    return out


def normalise_date(text: str | None, *, timescale: bool = False) -> DateValue | None:
    """Value of the first date expression in a text, or None.  Never raises.

    >>> normalise_date("by 31/3/24").end
    datetime.date(2024, 3, 31)
    >>> normalise_date("2025/26").iso
    '2025/26'
    >>> normalise_date("06/25", timescale=True).iso
    '2025-06'
    """
    if not isinstance(text, str):
        return None
    # A whole string that is an ISO partial date is one (records.due "2011-12" is December 2011);
    # in running text "2011-12" is a financial year.
    iso = _iso_partial_value(text) if re.fullmatch(r"\s*\d{4}(?:-\d\d){1,2}\s*", text) else None
    if iso is not None:
        return iso
    try:
        found = find_dates(text, timescale=timescale)
    except (ValueError, KeyError, OverflowError, AttributeError, TypeError):  # pragma: no cover
        return None
    return found[0].value if found else None


# A start is announced ("Start date April 2024", "from", "commencing") or follows ("April 2024 onwards").
# "31 March 2026 and ongoing" is a deadline: the work carries on after it (a pipe-table action plan).
_START_BEFORE = re.compile(r"\b(?:start(?:s|ing)?(?:\s+date)?|from|commenc\w*|begin\w*)\s*:?\s*$", re.IGNORECASE)
_START_AFTER = re.compile(r"^\s*(?:and\s+)?onwards?\b", re.IGNORECASE)


def _whole_months(iso: str, *, last: bool) -> str:
    """A year given as a start or deadline, stated to the month: "2026" -> "2026-12" (last) or "2026-01".

    Financial years, quarters and seasons already give months; a year does the same, so "By 2026"
    and "2026/27" are both deadlines to the month (gold/SPEC.md: "By 2026" -> 2026-12).
    """
    if len(iso) == 4:
        return f"{iso}-12" if last else f"{iso}-01"
    return iso


def parse_timescale(text: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Return (start, due dates) stated in a timescale cell, as ISO partial dates (YYYY-MM or YYYY-MM-DD).

    A range "April 2023 – March 2024" gives a start and its end as the deadline; alternatives
    "June/July 2024" give only the later month as the deadline; "Ongoing", "Annually" and recurring
    deadlines ("By 31 July each year") give none.  Financial years, quarters, seasons and years give
    the month they end in ("By 2026" -> 2026-12).  A date announced as a start ("From", "Start date",
    "onwards") is the start; a deadline followed by "and ongoing" stays the deadline.  The cell is
    read as a timescale: "Nov 25" is November 2025 and "06/25" June 2025 (see the module docstring).

    >>> parse_timescale("April 2023 – March 2024")
    ('2023-04', ('2024-03',))
    >>> parse_timescale("Due July 2025; July 2024; October 2024")
    (None, ('2025-07', '2024-07', '2024-10'))
    >>> parse_timescale("Nov 25"), parse_timescale("30-Jun-26"), parse_timescale("By 2026")
    ((None, ('2025-11',)), (None, ('2026-06-30',)), (None, ('2026-12',)))
    >>> parse_timescale("31 March 2026 and ongoing"), parse_timescale("From October 2025.")
    ((None, ('2026-03-31',)), ('2025-10', ()))
    """
    if not text or not isinstance(text, str):
        return None, ()
    start: str | None = None
    due: list[str] = []
    for mention in find_dates(text, ongoing=False, timescale=True):
        value = mention.value
        is_range = value.precision == "range" and not mention.alternatives
        announced = not is_range and bool(
            _START_BEFORE.search(text, max(0, mention.start - LOOKBEHIND_CHARS), mention.start)
            or _START_AFTER.search(text[mention.end:]))
        if (is_range or announced) and value.start_iso:
            start = start or _whole_months(value.start_iso, last=False)
        if value.end_iso and not announced:
            due.append(_whole_months(value.end_iso, last=True))
    return start, tuple(due)


# Words a timescale cell is made of besides its dates.  Anchors name a timescale on their own
# ("Ongoing", "TBC", "Annually", "Q3", "July", "Short term"); connectors only join words to a date
# ("By", "end of", "and ongoing", "each year").  Vocabulary of UK action plans' timescale columns.
_TIMESCALE_ANCHORS = frozenset({
    "ongoing", "tbc", "tba", "tbd", "annually", "annual", "yearly", "quarterly", "monthly", "weekly",
    "fortnightly", "biannually", "biennially", "continuous", "continual", "continuously", "rolling", "term",
    "year", "years", "month", "months", "week", "weeks", "q1", "q2", "q3", "q4", "h1", "h2",
    *_MONTHS, *_SEASONS,
})
_TIMESCALE_CONNECTORS = frozenset({
    "by", "due", "end", "of", "from", "until", "till", "to", "before", "after", "during", "in", "the", "start",
    "starting", "date", "deadline", "target", "and", "or", "onwards", "onward", "each", "every", "per", "within",
    "short", "medium", "long", "next", "this", "first", "last", "financial",
})
_WORD = re.compile(r"\b(?:[qh][1-4]|\d+(?:st|nd|rd|th)?|[^\W\d_]+)\b", re.IGNORECASE)
OTHER_WORD_FACTOR = 0.75  # timescale_score kept per word that is neither date nor timing word (0..1)


def timescale_score(text: str | None) -> float:
    """How much a short cell or paragraph looks like a timescale cell, from 0 to 1.

    1.0 for a bare date or period ("31/03/2026", "Q3 2025/26", "Nov 25"); 0.9 for a date with timing
    words ("By March 2026", "31 March 2026 and ongoing"); 0.8 for timing words without a date
    ("Ongoing", "TBC", "Annually", "By 31 July each year"); each other word multiplies the score by
    OTHER_WORD_FACTOR, so a sentence that merely contains a date scores low; text with no date and no
    timing word scores 0.  Content evidence for the structure reader (which column is the timescale),
    read as a timescale cell (see find_dates).  Never raises.

    >>> [timescale_score(t) for t in ("30/09/2025", "By March 2026", "Ongoing", "TBC", "Quarterly")]
    [1.0, 0.9, 0.8, 0.8, 0.8]
    >>> timescale_score("Review by March 2018")
    0.675
    >>> timescale_score("Policy to go to the Standards Committee in November 2025.") < 0.3
    True
    >>> timescale_score("Training delivered to all managers"), timescale_score(""), timescale_score("Completed")
    (0.0, 0.0, 0.0)
    """
    if not isinstance(text, str):
        return 0.0
    words = list(_WORD.finditer(text))
    if not words:
        return 0.0
    mentions = find_dates(text, timescale=True)
    dated = any(m.value.precision != "ongoing" for m in mentions)
    anchored, connectors, others = dated, 0, 0
    for word in words:
        token = word.group(0).lower()
        if any(m.start <= word.start() and word.end() <= m.end for m in mentions):
            anchored = anchored or token == "ongoing"
        elif token in _TIMESCALE_ANCHORS:
            anchored = True
        elif token in _TIMESCALE_CONNECTORS or _is_day_number(token):
            connectors += 1
        else:
            others += 1
    if not anchored:
        return 0.0
    top = 0.8 if not dated else 1.0 if connectors == 0 else 0.9
    return round(top * OTHER_WORD_FACTOR ** others, 3)


def _is_day_number(token: str) -> bool:
    """A day of the month or a small count of months ("31" in "By 31 July each year", "0-6 months")."""
    m = re.fullmatch(r"([0-9]{1,2})(?:st|nd|rd|th)?", token)
    return m is not None and int(m.group(1)) <= 31


def iso_partial_end(iso: str) -> dt.date | None:
    """Last day of the period an ISO partial date names ("2024" -> 31 Dec 2024), or None."""
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", iso.strip()) if isinstance(iso, str) else None
    if not m:
        return None
    try:
        year = int(m.group(1))
        if m.group(3):
            return dt.date(year, int(m.group(2)), int(m.group(3)))
        if m.group(2):
            return _last_day(year, int(m.group(2)))
        return dt.date(year, 12, 31)
    except ValueError:
        return None


def due_date_of(due: tuple[str, ...] | list[str]) -> dt.date | None:
    """Last day of the latest deadline's period, or None if there is no deadline.

    >>> due_date_of(("2024-03", "2023"))
    datetime.date(2024, 3, 31)
    """
    ends = [d for d in (iso_partial_end(x) for x in due) if d is not None]
    return max(ends) if ends else None

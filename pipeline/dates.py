"""Dates as councils write them, normalised to ISO: one grammar for the DATE tagger and for timescales.

Every date expression found in a report ("November 2017", "31/3/24", "2023/24", "Q3 2025/26",
"Autumn 2021", "June/July 2024", "April 2023 – March 2024", "Ongoing") becomes a :class:`DateValue`
with a first and last day and a precision.  The same values fill ``records.start``, ``records.due``
and ``records.due_date`` (:func:`parse_timescale`, :func:`due_date_of`) and the DATE rows of the
entities table (``pipeline.nlp``), so a timescale and its tag never disagree.

Conventions (UK local government):
- numeric dates are day/month/year ("31/3/24" is 31 March 2024); two-digit years are 20yy;
- "2023/24", "2023-24" and "2023/2024" are financial years, 1 April 2023 to 31 March 2024;
- "Q1".."Q4" with a financial year are financial quarters (Q1 = April-June); with a plain year
  ("Q3 2025") they are calendar quarters;
- seasons are meteorological (spring = March-May; winter 2024 = December 2024 - February 2025).
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
# First month of each season and its length (meteorological seasons, three months each).
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_FY = rf"(?:{_YEAR}\s?[/\-–]\s?(?:{_YEAR}|\d\d))"
_DASH = r"\s*(?:-|–|—|to|until|till)\s*"
_ALT = r"\s*(?:/|or)\s*"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th|<sup>(?:st|nd|rd|th)</sup>)?"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_QUARTER = r"(?:q[1-4]|quarter\s?[1-4])"
_MOD = r"(?:(?:end|beginning|start|middle)\s+of\s+|early\s+|mid-?\s*|late\s+)?"


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
    """First calendar year of a financial year written "2023/24", "2023-24" or "2023/2024"."""
    m = re.fullmatch(rf"({_YEAR})\s?[/\-–]\s?(\d{{4}}|\d\d)", text.strip())
    if not m:
        return None
    first, second = int(m.group(1)), m.group(2)
    if (len(second) == 2 and int(second) == (first + 1) % 100) or (len(second) == 4 and int(second) == first + 1):
        return first
    return None


def _fy_month_year(month: int, fy_start: int) -> int:
    """Calendar year of a month inside a financial year (April-December first year, Jan-March second)."""
    return fy_start if month >= 4 else fy_start + 1


# One alternation, most specific first; each branch has a named group used by _match_to_value.
_PATTERN = re.compile(
    "|".join(
        [
            # 2024-06/2024-07, 2024-06-01/2024-07-31: canonical ranges (DateValue.iso of a range)
            r"(?P<isorange>\b\d{4}-\d\d(?:-\d\d)?/\d{4}-\d\d(?:-\d\d)?\b(?!/))",
            # 2024-03-31 (ISO); a bare "2011-12" in running text is a financial year, see normalise_date
            r"(?P<isoday>\b\d{4}-\d\d-\d\d\b)",
            # 2025-Q4 (canonical calendar quarter)
            r"(?P<isoq>\b\d{4}-Q[1-4]\b)",
            # October – March 2013/14: a span of months inside a financial year
            rf"(?P<mmfy>\b{_MONTH}{_DASH}{_MONTH}\s+{_FY}\b)",
            # April 2023 – March 2024, July 2014 and October 2016, 1 April 2023 - 31 March 2024
            # ("and" only after "between": "October 2020 and October 2021" are two dates, seed 001)
            rf"(?P<mymy>\b(?:{_DAY}\s+)?{_MONTH},?\s+{_YEAR}{_DASH}(?:{_DAY}\s+)?{_MONTH},?\s+{_YEAR}\b)",
            rf"(?P<bmymy>(?<=between\s)(?:{_DAY}\s+)?{_MONTH},?\s+{_YEAR}\s+and\s+(?:{_DAY}\s+)?{_MONTH},?\s+{_YEAR}\b)",
            # June/July 2024, July to October 2020, (between) September and December 2015 (seed 000)
            rf"(?P<mmy>\b{_MONTH}(?:(?P<mmy_alt>{_ALT})|{_DASH}){_MONTH},?\s+{_YEAR}\b)",
            rf"(?P<bmmy>(?<=between\s){_MONTH}\s+and\s+{_MONTH},?\s+{_YEAR}\b)",
            # "February and September 2012" (seed 000): February takes the year of the list's last month
            rf"(?P<mlist>\b{_MONTH}(?=(?:,\s*{_MONTH})*\s+and\s+{_MONTH},?\s+(?P<mlist_year>{_YEAR})\b))",
            # From 2014/15 to 2015/16
            rf"(?P<fyfy>\b{_FY}{_DASH}{_FY}\b)",
            # Q3 2025/26, Quarter 3 2025-26, Q3 2025
            rf"(?P<quarter>\b{_QUARTER}\s*(?:of\s+)?(?:{_FY}|{_YEAR})\b)",
            # Autumn 2021, Winter 2024/25
            rf"(?P<season>\b{_SEASON}\s+(?:{_FY}|{_YEAR})\b)",
            # 1st March 2016, 31 March 2015, March 31, 2016
            rf"(?P<dmy>\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b)",
            rf"(?P<mdy>\b{_MONTH}\s+{_DAY},\s+{_YEAR}\b)",
            # 31/3/24, 30/09/25, 1.4.2024
            r"(?P<num>\b[0-3]?\d(?P<sep>[/.\-])[01]?\d(?P=sep)(?:\d{4}|\d\d)\b(?![/\-]\d))",
            # end of March 2026, November 2017
            rf"(?P<my>\b{_MONTH},?\s+{_YEAR}\b)",
            # 2023/24, 2016-17 (financial years); 2013-16 (a span of years)
            rf"(?P<fy>\b{_YEAR}\s?[/\-–]\s?(?:{_YEAR}|\d\d)\b(?![/\-]\d))",
            # 2015 (a bare year; not a count: "2015 responses" has no such year range)
            rf"(?P<year>(?<![£$,.\d/])\b{_YEAR}\b(?![/\-–.,]?\d|%))",
            r"(?P<ongoing>\bongoing\b)",
        ]
    ),
    re.IGNORECASE,
)
_MOD_BEFORE = re.compile(rf"{_MOD}$", re.IGNORECASE)
LOOKBEHIND_CHARS = 80  # longer than any modifier or label these patterns read before a date
_NAMED_BEFORE = re.compile(r"(?:\b(?:act|bill|regulations?|order|strategy|plan|vision)\s+)$", re.IGNORECASE)


def _parse_single(text: str) -> DateValue | None:
    """Value of one side of a range ("April 2023", "31 March 2024", "2014/15")."""
    m = _PATTERN.fullmatch(text.strip())
    if not m or any(m.group(k) for k in ("mymy", "bmymy", "mmy", "bmmy", "mmfy", "fyfy", "isorange", "ongoing")):
        return _iso_partial_value(text)
    return _match_to_value(m)


def _split_two(text: str, pattern: str) -> tuple[str, str] | None:
    parts = re.split(pattern, text, maxsplit=1, flags=re.IGNORECASE)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _match_to_value(m: re.Match) -> DateValue | None:
    groups = m.groupdict()
    if groups.get("mlist") is not None:
        return _month_value(int(groups["mlist_year"]), _month_of(groups["mlist"]))
    kind = next(k for k in (
        "isorange", "isoday", "isoq", "mmfy", "mymy", "bmymy", "mmy", "bmmy", "fyfy", "quarter", "season",
        "dmy", "mdy", "num", "my", "fy", "year", "ongoing") if groups.get(k) is not None)
    text = groups[kind]
    try:
        return _VALUE_OF[kind](text)
    except (ValueError, KeyError, OverflowError):
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
    if fy is None:
        return None
    a, b = _month_of(m.group(1)), _month_of(m.group(2))
    return _range_value(_month_value(_fy_month_year(a, fy), a), _month_value(_fy_month_year(b, fy), b))


def _mymy(text: str) -> DateValue | None:
    sides = _split_two(text, rf"(?<=\d){_DASH}|(?<=\d)\s+and\s+")
    if not sides:
        return None
    a, b = _parse_single(sides[0]), _parse_single(sides[1])
    return _range_value(a, b) if a and b else None


def _mmy(text: str) -> DateValue | None:
    m = re.match(rf"({_MONTH})(?:{_ALT}|{_DASH}|\s+and\s+)({_MONTH}),?\s+({_YEAR})$", text, re.IGNORECASE)
    if not m:
        return None
    a, b, year = _month_of(m.group(1)), _month_of(m.group(2)), int(m.group(3))
    # "November/December 2024" and "December - January 2025": the first month is in the year before
    first_year = year if a <= b else year - 1
    return _range_value(_month_value(first_year, a), _month_value(year, b))


def _fyfy(text: str) -> DateValue | None:
    sides = _split_two(text, rf"(?<=\d){_DASH}")
    if not sides:
        return None
    a, b = _fy(sides[0]), _fy(sides[1])
    return _range_value(a, b) if a and b else None


def _quarter(text: str) -> DateValue | None:
    m = re.match(r"(?:q|quarter\s?)([1-4])\s*(?:of\s+)?(.+)$", text.strip(), re.IGNORECASE)
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


def _season(text: str) -> DateValue | None:
    name, rest = text.split(None, 1)
    fy = _fy_start(rest)
    year = fy if fy is not None else int(rest) if re.fullmatch(_YEAR, rest.strip()) else None
    if year is None:
        return None
    return _months_value(year, _SEASONS[name.lower()], 3, "season")


def _dmy(text: str) -> DateValue | None:
    m = re.match(rf"([0-3]?\d)\D*?\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})$", text, re.IGNORECASE)
    return _day_value(int(m.group(3)), _month_of(m.group(2)), int(m.group(1))) if m else None


def _mdy(text: str) -> DateValue | None:
    m = re.match(rf"({_MONTH})\s+([0-3]?\d)\D*,\s+({_YEAR})$", text, re.IGNORECASE)
    return _day_value(int(m.group(3)), _month_of(m.group(1)), int(m.group(2))) if m else None


def _num(text: str) -> DateValue | None:
    d, mo, y = re.split(r"[/.\-]", text)
    year = int(y) if len(y) == 4 else 2000 + int(y)
    return _day_value(year, int(mo), int(d))


def _my(text: str) -> DateValue | None:
    m = re.match(rf"({_MONTH}),?\s+({_YEAR})$", text, re.IGNORECASE)
    return _month_value(int(m.group(2)), _month_of(m.group(1))) if m else None


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
    "isorange": _isorange, "isoday": _isoday, "isoq": _isoq, "mmfy": _mmfy,
    "mymy": _mymy, "bmymy": lambda t: _mymy(re.sub(r"\s+and\s+", " - ", t, count=1, flags=re.I)),
    "mmy": _mmy, "bmmy": lambda t: _mmy(re.sub(r"\s+and\s+", " - ", t, count=1, flags=re.I)), "fyfy": _fyfy, "quarter": _quarter, "season": _season, "dmy": _dmy,
    "mdy": _mdy, "num": _num, "my": _my, "fy": _fy, "year": _year, "ongoing": _ongoing,
}


def find_dates(text: str, *, ongoing: bool = True) -> list[DateMention]:
    """Find every date expression in a text, with character offsets and normalised values.

    A leading "end of", "early", "mid", "late" belongs to the mention; "by"/"due" do not.
    Bare years in names of laws and plans ("Armed Forces Act 2021") are not dates.

    >>> [(m.text, m.value.end_iso) for m in find_dates("Review by end of March 2018; 2,008 responses")]
    [('end of March 2018', '2018-03')]
    """
    if not text:
        return []
    # Every date form has a digit except "Ongoing"; most texts have neither, and the big regex is
    # the tagger's slowest step (benchmarks/bench_tagging.py).
    if not any(c.isdigit() for c in text) and not (ongoing and "ngoing" in text.lower()):
        return []
    out: list[DateMention] = []
    for m in _PATTERN.finditer(text):
        value = _match_to_value(m)
        if value is None:
            continue
        if value.precision == "ongoing" and not ongoing:
            continue
        s, e = m.span()
        # Look back a bounded window, not text[:s]: slicing the whole prefix per mention was quadratic.
        back = max(0, s - LOOKBEHIND_CHARS)
        if m.group("year") is not None:
            if _NAMED_BEFORE.search(text, back, s):
                continue
        mod = _MOD_BEFORE.search(text, back, s)
        if mod and mod.group(0):
            s = mod.start()
        alternatives = m.group("mmy") is not None and m.group("mmy_alt") is not None
        out.append(DateMention(s, e, text[s:e], value, alternatives))
    return out


def normalise_date(text: str | None) -> DateValue | None:
    """Value of the first date expression in a text, or None.  Never raises.

    >>> normalise_date("by 31/3/24").end
    datetime.date(2024, 3, 31)
    >>> normalise_date("2025/26").iso
    '2025/26'
    """
    if not isinstance(text, str):
        return None
    # A whole string that is an ISO partial date is one (records.due "2011-12" is December 2011);
    # in running text "2011-12" is a financial year.
    iso = _iso_partial_value(text) if re.fullmatch(r"\s*\d{4}(?:-\d\d){1,2}\s*", text) else None
    if iso is not None:
        return iso
    try:
        found = find_dates(text)
    except (ValueError, KeyError, OverflowError, AttributeError, TypeError):  # pragma: no cover
        return None
    return found[0].value if found else None


# A start is announced ("Start date April 2024", "from", "commencing") or follows ("April 2024 onwards").
_START_BEFORE = re.compile(r"\b(?:start(?:s|ing)?(?:\s+date)?|from|commenc\w*|begin\w*)\s*:?\s*$", re.IGNORECASE)
_START_AFTER = re.compile(r"^\s*(?:onwards?|and\s+ongoing)\b", re.IGNORECASE)


def parse_timescale(text: str | None) -> tuple[str | None, tuple[str, ...]]:
    """Return (start, due dates) stated in a timescale cell, as ISO partial dates.

    A range "April 2023 – March 2024" gives a start and its end as the deadline; alternatives
    "June/July 2024" give only the later month as the deadline; "Ongoing" gives no deadline.
    Financial years and quarters give the month they end in.

    >>> parse_timescale("April 2023 – March 2024")
    ('2023-04', ('2024-03',))
    >>> parse_timescale("Due July 2025; July 2024; October 2024")
    (None, ('2025-07', '2024-07', '2024-10'))
    """
    if not text or not isinstance(text, str):
        return None, ()
    start: str | None = None
    due: list[str] = []
    for mention in find_dates(text, ongoing=False):
        value = mention.value
        if value.precision == "range" and not mention.alternatives:
            start = start or value.start_iso
        elif _START_BEFORE.search(text, max(0, mention.start - LOOKBEHIND_CHARS), mention.start) or _START_AFTER.search(text[mention.end:]):
            start = start or value.start_iso
            continue
        if value.end_iso:
            due.append(value.end_iso)
    return start, tuple(due)


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

"""What a report says about itself: the council that published it and the period it covers.

Read from the report's front matter only: the title the reader found (``pipeline.reading``), the
file's own metadata (HTML ``<title>``, DOCX/PDF title, a text file's running header) and the lines
before its first table.  A council named further down is a partner ("work with Kent County Council",
seed 001), never the publisher, so body text is not searched.

- ``council``: a line, or a part of a line between dashes, bars or colons, that is a council's name
  ("Port Aldous City Council", "appendix 2 for report 14 - kiltarra shire council"), or a council's
  name inside the title ("Maidstone Borough Council Equality Action Plan").  The name forms are data:
  ``pipeline/patterns/councils.jsonl``; names the ORG gazetteer knows take its canonical name
  ("Maidstone Council" -> "Maidstone Borough Council").
- ``period_start``/``period_end``: the dates of the period the title states (``documents.period``,
  "October – March 2013/14"); else the narrowest period a heading-like front-matter line states
  ("Performance scorecard for 2025/26 Quarter 2 (Jul-Sep 2025)" -> July-September 2025), or the
  date a line says the report is "as at" (end only).  A day date without "as at" (a meeting or
  publication date) and a lone month (a timescale cell, seed 002) are not periods.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.base import Layout, Table, Text, collapse_ws
from pipeline.dates import DateMention, find_dates
from pipeline.services import PATTERNS_DIR, jsonl_rows

FRONT_MATTER_BLOCKS = 20     # paragraphs read before the first table
FRONT_MATTER_LINE_CHARS = 200  # longer paragraphs are prose, not a heading or a name line
# A place name: capitalised words ("Kingston upon Thames", "Stoke-on-Trent", "King's Lynn").
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:upon|on|in|under|and)\s+)?[A-Z][\w'’.-]*){0,3}"
# Words that are no place name on their own: "The Council", "Full Council", "Our County Council".
_NOT_A_NAME = frozenset({
    "the", "our", "this", "that", "your", "full", "county", "city", "district", "borough", "town", "parish", "shire",
})
# Words no place name contains: "City of Corvale Multi-Year Accessibility Plan" is a plan's title.
_DOCUMENT_WORDS = frozenset({
    "council", "cabinet", "report", "plan", "plans", "strategy", "statement", "programme", "update", "progress",
    "action", "annual", "appendix", "meeting", "agenda", "minutes",
})
# Parts of a line: "appendix 2 for report 14 - kiltarra shire council", "Home | Port Aldous City Council".
_SEGMENT_SPLIT = re.compile(r"\s+[-–—|]\s+|\s*[|:•]\s*|\s{3,}")
_AS_AT = re.compile(r"\b(?:as\s+at|as\s+of|position\s+at|at)\s*$", re.IGNORECASE)
# Periods a front-matter line may state.  Not a month: a lone "November 2017" line is a timescale cell of
# a flattened table (seed 002) and "Published - October 2025" a publication date, far more often than a
# monthly report's period; a monthly report's title states it and reaches ``documents.period``.
_PERIOD_PRECISIONS = ("quarter", "season", "range", "financial_year", "year")
# A heading-like line: few words, no full stop ("Progress on the strategy ... starting in July 2026." is prose).
_HEADING_MAX_WORDS = 15
_SENTENCE = re.compile(r"[.!?]\s*$|[.!?]\s+[A-Z]")


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What the front matter says: council name, period text and its first and last day."""

    council: str | None = None
    period: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class _CouncilForm:
    regex: re.Pattern[str]
    alone: bool          # must be a whole line or segment ("{name} Council", "City of {name}")


@lru_cache(maxsize=1)
def council_forms(path: Path | None = None) -> tuple[_CouncilForm, ...]:
    """The council name forms of ``patterns/councils.jsonl``, in file order ("{name}" = a place name)."""
    path = path or PATTERNS_DIR / "councils.jsonl"
    forms = []
    for row in jsonl_rows(path):
        head, _, tail = row["pattern"].partition("{name}")
        regex = re.escape(head) + f"(?P<name>{_NAME})" + re.escape(tail)
        forms.append(_CouncilForm(re.compile(regex.replace(r"\ ", r"\s+")), bool(row.get("alone"))))
    return tuple(forms)


@lru_cache(maxsize=1)
def _known_councils() -> dict[str, str]:
    """ORG gazetteer names ending in "Council" -> canonical name ("Maidstone Council" -> "... Borough Council")."""
    out = {}
    for line in (PATTERNS_DIR / "orgs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row["pattern"].endswith("Council"):
                out[row["pattern"].casefold()] = row.get("id") or row["pattern"]
    return out


def _is_place_name(name: str) -> bool:
    words = [w.casefold() for w in re.split(r"[\s-]+", name) if w]
    return any(w not in _NOT_A_NAME for w in words) and not any(w in _DOCUMENT_WORDS for w in words)


def _cased(text: str) -> str:
    """A line written all in lower or upper case, in title case ("kiltarra shire council")."""
    if text.islower() or text.isupper():
        return re.sub(r"\b(Upon|On|In|Under|And|Of)\b", lambda m: m.group(1).lower(), text.title())
    return text


def council_in(text: str, *, whole: bool) -> str | None:
    """The council a line names, or None.  ``whole``: the name must be the whole line or one segment.

    >>> council_in("appendix 2 for report 14 - kiltarra shire council", whole=True)
    'Kiltarra Shire Council'
    >>> council_in("We will work with Kent County Council and faith groups", whole=True) is None
    True
    >>> council_in("Maidstone Borough Council Equality Action Plan 2023-24", whole=False)
    'Maidstone Borough Council'
    """
    segments = [_cased(collapse_ws(s).strip(" .,;*#")) for s in _SEGMENT_SPLIT.split(text)]
    for form in council_forms():
        for segment in segments:
            m = form.regex.fullmatch(segment) if (whole or form.alone) else form.regex.search(segment)
            if m and _is_place_name(m.group("name")):
                name = m.group(0)
                return _known_councils().get(name.casefold(), name)
    return None


def is_council_name(text: str) -> bool:
    """True when the whole line is one council's name (no other segment beside it).

    >>> is_council_name("Kiltarra District Council"), is_council_name("Maidstone Council")
    (True, True)
    >>> is_council_name("Home | Port Aldous City Council"), is_council_name("Maidstone Borough Council Equality Plan")
    (False, False)
    """
    segments = [s for s in _SEGMENT_SPLIT.split(text) if s.strip(" .,;*#")]
    return len(segments) == 1 and council_in(text, whole=True) is not None


def front_matter(layout: Layout) -> list[str]:
    """Short paragraphs before the first table (at most FRONT_MATTER_BLOCKS), split into lines."""
    lines: list[str] = []
    for block in layout.blocks[:FRONT_MATTER_BLOCKS]:
        if isinstance(block, Table):
            break
        if isinstance(block, Text):
            lines.extend(x for x in block.text.splitlines() if 0 < len(x.strip()) <= FRONT_MATTER_LINE_CHARS)
    return lines


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
    >>> period_in_line("Tuesday, 9th September, 2025") is None, period_in_line("Posted 12-Feb-2026") is None
    (True, True)
    """
    if len(line.split()) > _HEADING_MAX_WORDS or _SENTENCE.search(line.strip()):
        return None
    mentions = _period_mentions(line)
    periods = [m for m in mentions if m.value.precision in _PERIOD_PRECISIONS]
    if periods:
        best = min(periods, key=lambda m: (m.value.end - m.value.start, m.start))  # type: ignore[operator]
        return best.text, best.value.start, best.value.end  # type: ignore[return-value]
    for m in mentions:
        if m.value.precision == "day" and _AS_AT.search(line[: m.start]):
            return m.text, None, m.value.end  # type: ignore[return-value]
    return None


def document_meta(layout: Layout, title: str | None, period: str | None) -> DocMeta:
    """Council and period of one report, from its title/period (``DocRows``) and front matter.

    ``period`` is kept as the title states it; when the title states none, the front-matter line's
    period text is used.  Every field is None when the report does not say.
    """
    titles = [t for t in (title, *(v for k, v in layout.meta if k in ("title", "running_header"))) if t]
    lines = front_matter(layout)
    council = next((c for t in titles if (c := council_in(t, whole=False))), None) or next(
        (c for line in lines if (c := council_in(line, whole=True))), None)
    if period:
        start, end = period_of_text(period)
        return DocMeta(council, period, start, end)
    found = [p for line in [*titles, *lines] if (p := period_in_line(line))]
    if not found:
        return DocMeta(council)
    # The narrowest: a progress report of a plan states the plan's years and its own half-year
    # ("Delivery Program 2025 - 2029" above "1 July 2025 - 31 December 2025"); "overdue" is judged at its end.
    text, start, end = min(found, key=lambda p: end_minus_start(p[1], p[2]))
    return DocMeta(council, text, start, end)


def end_minus_start(start: dt.date | None, end: dt.date) -> dt.timedelta:
    """Length of a period; an "as at" date (no start) counts as one day."""
    return end - start if start else dt.timedelta(0)


# --- the title ---------------------------------------------------------------------------------------------

# A numbered section heading ("1. Flood risk and drainage", "2.3 Parks", "Section 4: Housing"): the first
# heading of a report whose title block the reader did not recognise, never the report's title.
_SECTION_HEADING = re.compile(r"^(?:(?:section|part|chapter|theme|priority)\s+)?\d+(?:\.\d+)*[.:)]?\s+\S", re.I)
# Site or publisher segments of an HTML <title>: "Our commitments | Riverside District Council".
_TITLE_SPLIT = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")


def document_title(layout: Layout, reader_title: str | None) -> str | None:
    """``documents.title``: the title the reader found (``DocRows.title``: the title block's first
    heading, bold or large line, a Word Title-styled paragraph, an HTML ``<h1>``, a PDF's first-page
    largest type), unless it is a numbered section heading; then the file's own title (HTML
    ``<title>``, DOCX/PDF document properties) without its site or council segments, else None.

    >>> from pathlib import Path
    >>> page = Layout(Path("p.html"), "html", (), meta=(("title", "Our commitments | Riverside District Council"),))
    >>> document_title(page, "1. Flood risk and drainage"), document_title(page, "EDI Action Plan")
    ('Our commitments', 'EDI Action Plan')
    """
    if reader_title and not _SECTION_HEADING.match(reader_title):
        return reader_title
    for key, value in layout.meta:
        if key != "title":
            continue
        parts = [p for p in _TITLE_SPLIT.split(collapse_ws(value)) if p and not is_council_name(p)]
        if parts and not _SECTION_HEADING.match(parts[0]):
            return parts[0]
    return None

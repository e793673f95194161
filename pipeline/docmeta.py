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
  Else, when nothing else in the report names a council, the one council its first page's
  introduction names in a typed form ("This plan sets out what Ashby Town Council will do").
- ``period_start``/``period_end``: the dates of the period the title states (``documents.period``,
  "October – March 2013/14", "Quarter 2 2025/26", "2025 to 2027"; a quarter or half named apart from
  its year joins it: "Quarter 2 Performance Report 2025/26" -> "Quarter 2 2025/26"); but a title's span
  of a plan's years gives way to the day a front-matter line says the report is "as at" (end only; a
  Word plan "Action Plan 2025-26" over "Progress update as at 31 October 2025": overdue at the report's
  date listed on-track work due in December 2025).  Else the narrowest period a heading-like
  front-matter line states ("Performance scorecard for 2025/26 Quarter 2 (Jul-Sep 2025)" ->
  July-September 2025), or the date a line says the report is "as at" (end only; not one before a
  stated period starts, a baseline).  A day date without "as at" (a meeting or publication date) and
  a lone month (a timescale cell, seed 002) are not periods.  These period rules are
  ``pipeline.docperiod``'s.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.base import Layout, Table, Text, collapse_ws
from pipeline.cues import Cue
from pipeline.dates import find_dates
from pipeline.docperiod import PLAN_SPAN_DAYS as PLAN_SPAN_DAYS
from pipeline.docperiod import as_at_in_line as as_at_in_line
from pipeline.docperiod import end_minus_start as end_minus_start
from pipeline.docperiod import period_cue_alternation, report_period
from pipeline.docperiod import period_in_line as period_in_line
from pipeline.docperiod import period_of_text as period_of_text
from pipeline.docperiod import with_part_of_year as with_part_of_year
from pipeline.services import PATTERNS_DIR, jsonl_rows
from pipeline.vocab import Role, match_label

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


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What the front matter says: council name, period text and its first and last day.

    ``named_once``: the one council a report's first page names in its prose ("This plan sets out what
    Ashby Town Council will do"), used by :func:`resolve_meta` only when nothing else names a council.
    """

    council: str | None = None
    period: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    named_once: str | None = None


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


def intro_council(layout: Layout) -> str | None:
    """The council the first page's paragraphs before the first table name, when they name exactly one,
    in a form that says what kind of council it is ("Ashby Town Council", "Kent County Council"; not a
    bare "{name} Council"), else None.

    A plan whose only council name is in its introduction ("This plan sets out what Ashby Town Council
    will do over the next two years", a Word plan tried as a new user would) had no council.

    >>> from pathlib import Path
    >>> intro = Text("This plan sets out what Ashby Town Council will do over the next two years.", 1)
    >>> intro_council(Layout(Path("p.docx"), "docx", (intro,)))
    'Ashby Town Council'
    """
    names: set[str] = set()
    for block in layout.blocks[:FRONT_MATTER_BLOCKS]:
        if isinstance(block, Table) or block.page != 1:
            break
        if isinstance(block, Text):
            names.update(councils_named(block.text))
    return next(iter(names)) if len(names) == 1 else None


def councils_named(text: str) -> set[str]:
    """Every council a text names in a typed form ("... Town Council", "City of ... Council"; forms of
    ``patterns/councils.jsonl`` that need not stand alone), gazetteer names canonical.

    >>> sorted(councils_named("The Ashby Town Council and Kent County Council will work together"))
    ['Ashby Town Council', 'Kent County Council']
    """
    found: set[str] = set()
    taken: list[tuple[int, int]] = []
    for form in council_forms():
        if form.alone:
            continue
        pos = 0
        while m := form.regex.search(text, pos):
            pos = m.start() + 1   # a rejected match may hide a name inside it ("... Council and Kent County Council")
            if (m.start() and text[m.start() - 1].isalnum()) or any(a < m.end() and m.start() < b for a, b in taken):
                continue
            words = m.group("name").split()
            while words and words[0].casefold() in _NOT_A_NAME:   # "The Ashby Town Council"
                words.pop(0)
            name = " ".join(words)
            if name and _is_place_name(name):
                taken.append(m.span())
                pos = m.end()
                full = collapse_ws(m.group(0).replace(m.group("name"), name, 1))
                found.add(_known_councils().get(full.casefold(), full))
    return found


def front_matter(layout: Layout) -> list[str]:
    """Short paragraphs before the first table (at most FRONT_MATTER_BLOCKS), split into lines."""
    lines: list[str] = []
    for block in layout.blocks[:FRONT_MATTER_BLOCKS]:
        if isinstance(block, Table):
            break
        if isinstance(block, Text):
            lines.extend(x for x in block.text.splitlines() if 0 < len(x.strip()) <= FRONT_MATTER_LINE_CHARS)
    return lines


REPORT_TITLE = Cue(r"\b(?:{report_title_word})\b", re.I)
_LABEL_LINE = re.compile(r"^\s*([^:]{1,40}):\s*\S")


def is_deadline_label_line(line: str) -> bool:
    """A "Deadline: Winter 2025" / "Due date: March 2026" line: an item's own field, not the report's period.

    Documents of action cards (label lines, no table) have every line before any table; a card's
    deadline was taken for the period of the whole report.

    >>> is_deadline_label_line("Deadline: Winter 2025"), is_deadline_label_line("Reporting period: Q2 2025/26")
    (True, False)
    """
    m = _LABEL_LINE.match(line)
    found = match_label(m.group(1)) if m else None
    return found is not None and found.role == Role.TIMESCALE and found.score >= 1.0


def document_meta(layout: Layout, title: str | None, period: str | None) -> DocMeta:
    """Council and period of one report, from its title/period (``DocRows``) and front matter.

    The period is :func:`pipeline.docperiod.report_period`'s: the title's (narrowed by a part of the
    year it names apart: "Quarter 2 Performance Report 2025/26" -> "Quarter 2 2025/26") unless it is
    a plan's span and a front-matter line dates the report "as at" a day in it; else the narrowest a
    front-matter line states, else the years its intro says it is for.  Every field is None when the
    report does not say.
    """
    titles = [t for t in (title, *(v for k, v in layout.meta if k in ("title", "running_header"))) if t]
    lines = front_matter(layout)
    council = next((c for t in titles if (c := council_in(t, whole=False))), None) or next(
        (c for line in lines if (c := council_in(line, whole=True))), None)
    once = None if council else intro_council(layout)
    found = report_period(title, period, titles, [x for x in lines if not is_deadline_label_line(x)])
    if found is None:
        return DocMeta(council, named_once=once)
    return DocMeta(council, *found, named_once=once)


# --- Council and period: from the whole document, an analyst's metadata file, or folder names --------------------
#
# Where ``documents.council`` / ``period`` came from (``documents.council_source`` / ``period_source``):
SOURCE_DOCUMENT = "document"   # the report says so (front matter above; else the body: :func:`named_council`, dates)
SOURCE_FILE = "file"           # the analyst's metadata CSV (``run --metadata FILE``: path,council,period)
SOURCE_FOLDER = "folder"       # the folder names: archive/<council>/<year>/report.pdf
# The most-named council wins only with at least this many mentions and this many times the runner-up's
# ("Maidstone" 6 and "MBC" 2 beside one "Kent County Council" partner, seed 001).
BODY_COUNCIL_MIN_MENTIONS = 2
BODY_COUNCIL_MARGIN = 2.0
# Folder names that are no council: archive/<council>/<year>/ never has these as <council>.
_GENERIC_FOLDERS = frozenset({
    "archive", "archives", "data", "raw", "reports", "report", "input", "inputs", "docs", "documents", "files",
    "downloads", "tmp", "temp", "home", "work", "corpus", "appendices", "papers", "minutes",
})
# A year folder: "2023", "2023-24", "2023_24", "2023/2024" (a financial year), "FY2023-24".
_YEAR_FOLDER = re.compile(r"(?i)^(?:fy\s*)?(?P<y>(?:19|20)\d\d)(?:\s*[-_–]\s*(?P<y2>\d\d(?:\d\d)?))?$")


@dataclass(frozen=True, slots=True)
class MetaSources:
    """A document's council and period with where each came from (SOURCE_* or None when unknown)."""

    meta: DocMeta
    council_source: str | None
    period_source: str | None


@lru_cache(maxsize=1)
def _council_aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(pattern, council) for every way the ORG gazetteer names a council, plus its bare place name.

    "Maidstone Borough Council", "MBC", "Maidstone Council" and "Maidstone" all count for Maidstone
    Borough Council.  A county's bare name is no mention of its council: districts name their county as
    a place ("Heart of Kent Hospice", "Kent Police"), so only a district, borough or city's bare place counts.
    """
    names: dict[str, str] = {}
    for line in (PATTERNS_DIR / "orgs.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        council = row.get("id") or row["pattern"]
        if council.endswith("Council"):
            names[row["pattern"]] = council
            place = council_place(council)
            if place and not council.endswith("County Council"):
                names.setdefault(place, council)
    ordered = sorted(names.items(), key=lambda kv: -len(kv[0]))  # longest first: "Kent County Council" before "Kent"
    return tuple((re.compile(rf"(?<![\w-]){re.escape(name)}(?:['’]s)?(?![\w-])"), council) for name, council in ordered)


def council_place(council: str) -> str | None:
    """The place in a council's name, or None.

    >>> council_place("Maidstone Borough Council"), council_place("City of Corvale Council")
    ('Maidstone', 'Corvale')
    """
    for form in council_forms():
        m = form.regex.fullmatch(council)
        if m and _is_place_name(m.group("name")):
            return m.group("name")
    return None


def canonical_council(name: str) -> str:
    """The gazetteer's name for a council an analyst wrote ("maidstone", "MBC" -> Maidstone Borough Council),
    else the name as given.

    >>> canonical_council("Maidstone"), canonical_council("Harrowmere District Council")
    ('Maidstone Borough Council', 'Harrowmere District Council')
    """
    for regex, council in _council_aliases():
        if regex.fullmatch(name.strip()) or regex.fullmatch(_cased(name.strip())):
            return council
    return _known_councils().get(name.casefold(), name)


def named_council(texts: list[str]) -> str | None:
    """The council the body of a report names most often, when it clearly dominates; else None.

    Counts every name of a gazetteer council (``patterns/orgs.jsonl``: full name, short forms such as
    "MBC", the bare place) and any "{name} Borough Council"-style name; a mention inside a longer one
    is not counted twice.  A partner named in passing ("work with Kent County Council") loses to the
    council whose residents, services and staff the report is about.

    >>> named_council(["Maidstone's residents", "MBC and Kent County Council", "across Maidstone"])
    'Maidstone Borough Council'
    >>> named_council(["work with Kent County Council"]) is None
    True
    """
    counts: dict[str, int] = {}
    for text in texts:
        taken: list[tuple[int, int]] = []
        for regex, council in _council_aliases():
            for m in regex.finditer(text):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                counts[council] = counts.get(council, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if n >= BODY_COUNCIL_MIN_MENTIONS and n >= BODY_COUNCIL_MARGIN * runner_up:
        return best
    return None


@lru_cache(maxsize=1)
def _future_cue() -> re.Pattern[str]:
    """Words before a date that make it a plan, not an update ("due in December 2016", "until March 2022")."""
    return re.compile(r"(?i)\b(?:" + period_cue_alternation("FUTURE") + r")\b")


def _clause_before(text: str, at: int) -> str:
    """The words of the clause before offset ``at`` (back to the last full stop, semicolon or bullet)."""
    head = text[max(0, at - 80): at]
    return re.split(r"[.;•·]\s|[;•·]", head)[-1]


def latest_update(progress: list[str]) -> dt.date | None:
    """The last day of the latest month or day a report's progress text says something happened.

    Dates after a future cue (``patterns/period_cues.jsonl``: "due in", "until", "planned for") are
    plans, not updates; years alone ("in 2015") and spans of years ("from 2025 to 2027") are too coarse
    to date an update.

    >>> latest_update(["Survey open from July to October 2020.", "The team will stay in place until March 2022."])
    datetime.date(2020, 10, 31)
    """
    ends = [
        m.value.end for text in progress for m in find_dates(text, ongoing=False)
        if m.value.end and m.value.precision in ("day", "month", "range") and len(m.value.end_iso or "") > 4
        and not _future_cue().search(_clause_before(text, m.start))
    ]
    return max(ends) if ends else None


def _month_text(day: dt.date) -> str:
    return f"{day:%B %Y}"


def period_from_records(records: list) -> tuple[str, dt.date | None, dt.date] | None:
    """(text, start, end) of the period a report without a stated one covers, from its records.

    A progress report: up to its latest update (:func:`latest_update`; "updates to February 2016").
    A plan with no progress text: the span of its deadlines ("September 2017 – September 2018").
    None when the records date nothing.
    """
    from pipeline.dates import iso_partial_end

    end = latest_update([t for r in records for t in (*r.progress, *r.issues)])
    if end is not None:
        return f"updates to {_month_text(end)}", None, end
    due = [d for r in records for d in r.due]
    ends = [e for d in due if (e := iso_partial_end(d))]
    if not ends:
        return None
    first, last = min(ends), max(ends)
    start = dt.date(first.year, first.month, 1)
    return f"{_month_text(first)} – {_month_text(last)}", start, last


def only_council(texts: list[str], council: str) -> bool:
    """True when no text names a council other than ``council`` (typed names and gazetteer names).

    >>> only_council(["Ashby Town Council will", "the town"], "Ashby Town Council")
    True
    >>> only_council(["Ashby Town Council and Kent County Council"], "Ashby Town Council")
    False
    """
    for text in texts:
        if councils_named(text) - {council}:
            return False
        if any(regex.search(text) and other != council for regex, other in _council_aliases()):
            return False
    return True


def folder_meta(path: Path) -> tuple[str | None, str | None]:
    """(council, period) the folders say: ``<council>/<year>/…`` anywhere in the path, else (None, None).

    The council folder's name is read as words ("maidstone-borough-council" -> "Maidstone Borough
    Council"); generic folder names (archive, data, reports) are no council.

    >>> folder_meta(Path("archive/maidstone-borough-council/2023-24/appendix.pdf"))
    ('Maidstone Borough Council', '2023-24')
    >>> folder_meta(Path("archive/Kiltarra Shire Council/2021/q3/report.docx"))
    ('Kiltarra Shire Council', '2021')
    >>> folder_meta(Path("data/2021/report.pdf")), folder_meta(Path("reports/plan.pdf"))
    ((None, '2021'), (None, None))
    """
    parts = Path(path).parts[:-1]
    for i in range(len(parts) - 1, -1, -1):
        if _YEAR_FOLDER.match(parts[i]):
            council = None
            if i > 0 and parts[i - 1].casefold() not in _GENERIC_FOLDERS and re.search(r"[A-Za-z]", parts[i - 1]):
                council = _cased(re.sub(r"[-_]+", " ", parts[i - 1]).strip())
            return council, parts[i].replace("_", "-")
    return None, None


class MetadataFileError(ValueError):
    """The metadata CSV cannot be used; the message names the file, the line and the fix."""


@lru_cache(maxsize=8)
def read_metadata_file(path: str) -> dict[str, tuple[str | None, str | None]]:
    """{resolved path or file name: (council, period)} from an analyst's CSV with header ``path,council,period``.

    ``path`` may be absolute, relative to the CSV's folder, or a bare file name; an empty cell leaves
    that value to the folders or the document.  Raises MetadataFileError naming the file and line.
    """
    import csv

    csv_path = Path(path)
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = {"path", "council", "period"} - set(reader.fieldnames or ())
            if missing:
                raise MetadataFileError(
                    f"{csv_path}: the header row must be path,council,period (missing {', '.join(sorted(missing))})")
            out: dict[str, tuple[str | None, str | None]] = {}
            for n, row in enumerate(reader, 2):
                name = (row.get("path") or "").strip()
                if not name:
                    raise MetadataFileError(f"{csv_path} line {n}: no path; give the report's path or file name")
                value = ((row.get("council") or "").strip() or None, (row.get("period") or "").strip() or None)
                target = Path(name)
                key = name if target.parent == Path() else str((csv_path.parent / target).resolve())
                out[key] = value
    except OSError as e:
        raise MetadataFileError(f"{csv_path}: cannot read the metadata file ({e.strerror or e})") from e
    return out


def file_meta(path: Path, metadata_file: str | None) -> tuple[str | None, str | None]:
    """(council, period) the analyst's metadata CSV gives for ``path`` (by full path, else file name)."""
    if not metadata_file:
        return None, None
    rows = read_metadata_file(metadata_file)
    return rows.get(str(Path(path).resolve())) or rows.get(Path(path).name) or (None, None)


def resolve_meta(meta: DocMeta, path: Path, records: list, texts: list[str],
                 metadata_file: str | None = None) -> MetaSources:
    """The council and period a document gets, and where each came from: file > folder > document.

    ``meta`` is what the front matter says (:func:`document_meta`); where it says nothing, the body
    is read: the most-named council (:func:`named_council` over ``texts``, every paragraph and cell)
    and the dates of the records (:func:`period_from_records`: ``period_start``/``period_end`` only,
    ``period`` stays None as the report states none).  A period from the file or folder
    gets its dates from :func:`period_of_text` ("2023-24" -> 1 April 2023 - 31 March 2024).
    """
    council, council_source = meta.council, SOURCE_DOCUMENT if meta.council else None
    if council is None and (named := named_council(texts)):
        council, council_source = named, SOURCE_DOCUMENT
    elif council is None and meta.named_once and only_council(texts, meta.named_once):
        council, council_source = meta.named_once, SOURCE_DOCUMENT
    period, start, end = meta.period, meta.period_start, meta.period_end
    period_source = SOURCE_DOCUMENT if (period or end) else None
    if end is None and (found := period_from_records(records)):
        # Only the dates: documents.period is the period as the report writes it (gold/SPEC.md), and
        # these reports write none.
        start, end, period_source = found[1], found[2], SOURCE_DOCUMENT
    for source, (c, p) in ((SOURCE_FOLDER, folder_meta(path)), (SOURCE_FILE, file_meta(path, metadata_file))):
        if c:
            council, council_source = canonical_council(c), source
        if p:
            period, period_source = p, source
            start, end = period_of_text(p)
    return MetaSources(DocMeta(council, period, start, end), council_source, period_source)


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
    return first_line_title(front_matter(layout)[:TITLE_BLOCK_LINES])


TITLE_BLOCK_LINES = 3   # a council's name and a date line may stand above a plain-text report's title
TITLE_MAX_WORDS = 14


def first_line_title(lines: list[str]) -> str | None:
    """A plain-text report's title: the first of its first lines that looks like a title (short,
    capitalised, no closing full stop, not a "Label: value" line, a numbered section heading or a
    council's name) and names what kind of report it is (cue ``report_title_word``: plan, report,
    tracker, progress, ...), without the period it ends with.  The word is the evidence: site furniture
    above a page's text ("Jump to content", "Viewing page 1 of 38") and table header lines ("Responsible
    officer") are title-like too.  Text files carry no bold or heading levels,
    so the reader finds no title block in them ("Parish Action Plan 2025-2027" under "Little Hamsworth
    Parish Council"; documents.title stayed null on every plain-text report tried as a new user would).

    >>> first_line_title(["Little Hamsworth Parish Council", "Parish Action Plan 2025-2027"])
    'Parish Action Plan'
    >>> first_line_title(["1. Flood risk and drainage"]), first_line_title(["Project: Solar panels"])
    (None, None)
    >>> first_line_title(["Jump to content", "Our inspection report"])
    'Our inspection report'
    """
    from pipeline.reading.shared import is_title_like, title_and_period  # the reading core imports this module

    for line in lines:
        line = collapse_ws(line)
        if (len(line.split()) <= TITLE_MAX_WORDS and is_title_like(line) and REPORT_TITLE.search(line)
                and not (_SECTION_HEADING.match(line) or _LABEL_LINE.match(line) or is_council_name(line))):
            return title_and_period(line)[0]
    return None

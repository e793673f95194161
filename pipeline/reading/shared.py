"""What several readers need, below all of them: context lines, header runs, enumerators, open
endings, table columns and projects on the reading state.

- **context lines**: section headings ("As a Community Leader – ...", "Priority 1: ...", "Equality
  Objective 2: ..."), objective lines, a caption above a table, the title and its period;
- **header runs**: header cells laid out one per paragraph (:func:`header_run`) or printed on one line
  (:func:`split_header_line`);
- **enumerators and open endings**: a row number glued to a title (:func:`strip_enumerator`), a
  wrapped line that cannot end where it does (:data:`OPEN_END`);
- **tables on the state**: the columns a header sets (:func:`set_columns`), the body under a header
  (:func:`body_columns`), a RAG report's projects (:func:`opens_project`).

Imports :mod:`pipeline.reading.model`, :mod:`pipeline.reading.columns`, :mod:`pipeline.reading.evidence`
and nothing above them; its cue words come from ``pipeline/patterns/cues.jsonl`` (:mod:`pipeline.cues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Sequence

from extractors.base import Cell, Text, collapse_ws
from pipeline.cues import Cue
from pipeline.dates import PART_OF_YEAR
from pipeline.reading.columns import header_match, header_score
from pipeline.reading.evidence import LEADING_RAG_WORD, RAG_WORD
from pipeline.reading.model import Columns, Context, Mode, ReadState, Unit, make_row, source_of
from pipeline.vocab import Kind, Role, is_period_header, label_tokens, match_label

# --- context lines -------------------------------------------------------------------------------------------

SECTION = Cue(r"^(?:{section_lead}) ([A-Z][\w’'&]*(?: [A-Z][\w’'&]*){0,3})\s*(?:[-–—:]\s*(.*))?$", re.S)
# "Priority 1: Safe, Clean and Green" / "Theme 2 – Homes and Communities": the theme is the section.  A
# letter numbers a theme only before a colon ("Priority A: Homes and Neighbourhoods", corporate-plan PDF
# headings above tables); "Theme A – Easy to reach" is a title whole (docx merged theme rows).
THEME = Cue(r"^(?:(?:{theme_modifier}) )?(?:{theme_word})\s*(?:\d{0,2}\s*[:\-–—]|[A-Z]\s*:)\s*(.{3,120})$", re.S)
# "Equality Objective 2: Be an inclusive employer …" / "Objective 1 – Attract and recruit …": the numbered
# objective is the section, its sentence the objective.
NUMBERED_OBJECTIVE = Cue(
    r"^((?:(?:{objective_modifier}) )?(?:{objective_word})\s+\d{1,2}(?:\.\d{1,2})?[a-z]?)\s*[:\-–—.]\s*(.{3,})$",
    re.S | re.I,
)
OBJECTIVE = Cue(r"^(?:{objective_word})s?\s*[:\-–]?\s*(.*)$", re.S | re.I)
_OBJECTIVE_LABEL = Cue(r"^(?:{objective_word})s?\s*[:\-–]", re.I)
RAG = RAG_WORD   # one list of RAG words (cue ``rag_word``), the name readers import from here
NOT_RAG_STATUS = Cue(r"^\s*({not_rag_status})\s*$", re.I)
TERMINAL = re.compile(r"[.!?:;)\]”\"']\s*$")
MAX_TITLE_WORDS = 16


# --- small readings --------------------------------------------------------------------------------------


def rag_of(text: str | None) -> str | None:
    """Return GREEN/AMBER/RED if ``text`` is just a RAG word, else None.

    >>> rag_of(" amber "), rag_of("Greenwich")
    ('AMBER', None)
    """
    if text and (m := RAG.match(text)):
        return m.group(1).upper()
    return None


def leading_rag_of(text: str | None) -> str | None:
    """GREEN/AMBER/RED when a status cell's text starts with a RAG word and goes on after a dash, colon or
    bracket ("Amber - behind schedule": the rating, then what it means), else None.  The whole text stays
    the first ``progress`` item, as a status word that is not a RAG does (SPEC), so nothing is lost.

    >>> leading_rag_of("Amber - behind schedule"), leading_rag_of("Green: on track"), leading_rag_of("Greenwich")
    ('AMBER', 'GREEN', None)
    """
    if text and (m := LEADING_RAG_WORD.match(text)):
        return m.group(1).upper()
    return None


def is_status_word(text: str) -> bool:
    return bool(text) and (rag_of(text) is not None or bool(NOT_RAG_STATUS.match(text)))


def is_title_like(text: str) -> bool:
    """A short line with no closing punctuation that starts with a capital, after any leading enumerator
    (:func:`heading_text`): how an action title, a caption or a heading looks.

    >>> is_title_like("1. Flood risk and drainage"), is_title_like("(iv) Parks"), is_title_like("2. see below")
    (True, True, False)
    """
    words = text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not TERMINAL.search(text) and heading_text(text)[:1].isupper()


def heading_text(text: str) -> str:
    """A heading or caption without its leading enumerator ("1.", "2.3", "(a)", "iv)"), as gold/SPEC.md
    writes a section (gold/layouts cell-per-line-unlabelled-columns: "1. Fair Access to Services" is
    section "Fair Access to Services"); ``text`` unchanged when it has none or what follows it does not
    start with a capital.  A code glued to the words ("FL3Map …") is :func:`strip_enumerator`'s.

    >>> heading_text("1. Flood risk and drainage"), heading_text("iv)  Parks"), heading_text("3 new parks")
    ('Flood risk and drainage', 'Parks', '3 new parks')
    """
    m = ENUMERATOR.match(text)
    rest = text[m.end():].lstrip() if m else ""
    return rest if rest[:1].isupper() else text


def one_line(items: Sequence[str]) -> str:
    return collapse_ws(" ".join(items))


def header_role(text: str) -> str | None:
    """The role a header cell names, as a string (None for none).

    >>> header_role("Issues & Next steps"), header_role("To be delivered by:")
    ('issues', 'timescale')
    """
    m = header_match(text)
    if m is None or m.role in (Role.ID, Role.NONE) or m.score < 0.5:
        return None
    return str(m.role.value)


def section_heading(text: str) -> tuple[str, str | None] | None:
    """(section, objective) if ``text`` heads a section, else None.

    >>> section_heading("As an Employer – to have a workforce that feel valued and respected")
    ('Employer', 'to have a workforce that feel valued and respected')
    >>> section_heading("Equality Objective 2: Be an inclusive employer")
    ('Equality Objective 2', 'Be an inclusive employer')
    >>> section_heading("Priority 1: Safe, Clean and Green")
    ('Safe, Clean and Green', None)
    """
    if m := SECTION.match(text):
        return m.group(1).strip(), _clean(m.group(2))
    if m := NUMBERED_OBJECTIVE.match(text):
        return one_line([m.group(1)]), _clean(m.group(2))
    if m := THEME.match(text):
        return one_line([m.group(1)]), None
    if (name := labelled_section(text)) is not None:
        return name, None
    return None


SECTION_LABEL = re.compile(r"^([A-Za-z][\w’' ]{2,30}?)\s*:\s+(\S.{2,})$", re.S)
MAX_SECTION_LABEL_WORDS = 3


def labelled_section(text: str) -> str | None:
    """The section a "Label: value" line names when its label is one the headers vocabulary calls a
    section ("Topic: Review of Community Grants", "Workstream: Digital access"), else None.

    A report's cover fields above its table (a scrutiny action plan's "Committee: ... / Meeting Date: ... /
    Topic: ..." lines) say what the rows are about; item blocks already read such a label as the section
    of the items below it, and a line outside any item run now says the same.  The value must look like a
    title (no sentence, no rating: "Priority: High" stays what THEME makes of it).

    >>> labelled_section("Topic: Review of Community Grants 2025-26"), labelled_section("Lead officer: Head of HR")
    ('Review of Community Grants 2025-26', None)
    """
    m = SECTION_LABEL.match(text)
    if not m or len(m.group(1).split()) > MAX_SECTION_LABEL_WORDS:
        return None
    if any(len(w) < 2 or not w.isalpha() for w in m.group(1).split()):
        return None   # a numbered group ("Workstream A: Money") is named by its whole line (gold/SPEC.md)
    value = collapse_ws(m.group(2))
    if not is_title_like(value) or is_status_word(value) or len(re.sub(r"[\W\d_]", "", value)) < 4:
        return None
    label = match_label(m.group(1))
    if label is None or label.role != Role.SECTION or not label.exact or label.grouping is not None:
        return None
    return value


def apply_heading(state: ReadState, text: str) -> bool:
    """Apply a section heading to ``state``; True if ``text`` is one.

    A numbered objective under a theme ("Theme 2: A green city" then "Objective 2.1: Protect ...")
    is that theme's objective (pdf-cells-wrapped layouts); on its own it heads its section.
    """
    if (m := NUMBERED_OBJECTIVE.match(text)) and state.theme:
        state.ctx = replace(state.ctx, objective=_clean(m.group(2)))
        state.open_row = False
        return True
    if found := section_heading(text):
        state.new_section(*found, theme=bool(THEME.match(text)))
        return True
    return False


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    return collapse_ws(text).strip(" -–—:") or None


_FY_TEXT = r"(?:19|20)\d\d\s*[-/–]\s*\d{2,4}"    # 2023-24, 2025/26, 2025-2029
_YEAR_TEXT = r"(?:19|20)\d\d"
# The period a title ends with: a financial year or span of years ("2023-24", "2025 to 2027", "2025/26 to
# 2027/28"), or a part of a year with its year ("October – March 2013/14", "Quarter 2 2025/26", "Half year 1
# 2025/26", "April to September 2025").  A bare year ("Annual Report 2024") stays in the title.
PERIOD = re.compile(
    rf"((?<!\w)(?i:{PART_OF_YEAR})\s+(?:{_FY_TEXT}|{_YEAR_TEXT})"
    rf"|{_FY_TEXT}(?:\s*(?:to|[-–—])\s*{_FY_TEXT})?"
    rf"|{_YEAR_TEXT}\s*(?:to|[–—])\s*{_YEAR_TEXT})\.?\s*$"
)
# Words that led into the period and mean nothing without it: "Progress to end of [Quarter 3 2025/26]".
_LINK_WORDS_AT_END = re.compile(r"(?:\s+(?:of|at|to|for|in|end|as|by|during|the|up))+\s*$", re.IGNORECASE)
_APPENDIX = Cue(r"^(?:{appendix_word})\s+\w+\s*[-–—:]?\s*", re.I)


def title_and_period(text: str) -> tuple[str | None, str | None]:
    """Split a report title into (title, period).

    >>> title_and_period("Appendix 2 – EDI Action Plan 2023-24.")
    ('EDI Action Plan', '2023-24')
    >>> title_and_period("Corporate Improvement Plan update October – March 2013/14")
    ('Corporate Improvement Plan update', 'October – March 2013/14')
    >>> title_and_period("Corporate Improvement Plan: Progress to end of Quarter 3 2025/26")
    ('Corporate Improvement Plan: Progress', 'Quarter 3 2025/26')
    """
    text = _APPENDIX.sub("", text.strip(" *#")).strip()
    period = None
    if m := PERIOD.search(text):
        period = m.group(1).strip()
        text = _LINK_WORDS_AT_END.sub("", text[: m.start()]).strip(" -–—:,")
    return (text or None), period


def place_cell(ctx: Context, role: Role | None, text: str, label: str = "",
               value_column: bool = False) -> tuple[Context, tuple[Role, str] | None]:
    """Where one cell of a rebuilt table goes: the context it sets, and its (role, text), or None.

    A section, objective or commitment cell sets the context; an ID or no-field cell goes nowhere; a RAG
    word is the row's status (role STATUS); a status word that is not RAG, and a KPI value (kept with
    its column's label: "Target: 45%"), go to progress (gold/SPEC.md).

    >>> [(role.value, text) for role, text in (place_cell(Context(), Role.VALUE, "45%", "Target")[1],
    ...                                         place_cell(Context(), Role.STATUS, "Amber")[1])]
    [('progress', 'Target: 45%'), ('status', 'AMBER')]
    """
    if not text or role in (None, Role.ID, Role.NONE):
        return ctx, None
    if role == Role.SECTION:
        return (ctx if text == ctx.section else Context(text, None, ctx.objective, ctx.commitment)), None
    if role in (Role.OBJECTIVE, Role.COMMITMENT):
        return replace(ctx, **{role.value: text}), None
    if role == Role.STATUS:
        if (rag := rag_of(text)) is not None:
            return ctx, (Role.STATUS, rag)
        role = Role.PROGRESS
    if role == Role.VALUE or value_column:
        return ctx, (Role.PROGRESS, f"{label.strip(' :')}: {text}" if label else text)
    return ctx, (role, text)


def objective_line(text: str) -> str | None:
    """The objective an "Objective: ..." line states ("" when the sentence is on the next line), else None.

    >>> objective_line("Objective: To lead by example"), objective_line("Objective"), objective_line("Objectives met")
    ('To lead by example', '', None)

    Any label the headers file calls an objective introduces one ("Equality objective: ...", "Our
    strategic objective - ..."): an objective row worded otherwise than "Objective:" was missed.

    >>> objective_line("Strategic objective: Residents feel safe in their neighbourhoods")
    'Residents feel safe in their neighbourhoods'
    """
    m = OBJECTIVE.match(text)
    if not m:
        return _labelled_objective(text)
    if not m.group(1):
        return ""
    if _OBJECTIVE_LABEL.match(text):
        return collapse_ws(m.group(1))
    return None


MAX_OBJECTIVE_LABEL_WORDS = 5   # "What we want to achieve:"


def _labelled_objective(text: str) -> str | None:
    """The sentence after a label the headers vocabulary names an objective ("Equality objective:")."""
    m = re.match(r"^([A-Za-z][\w’' ]{2,40}?)\s*[:\-–—]\s+(\S.{2,})$", text, re.S)
    if not m or len(m.group(1).split()) > MAX_OBJECTIVE_LABEL_WORDS:
        return None
    label = match_label(m.group(1))
    if label is None or label.role != Role.OBJECTIVE or not label.exact:
        return None
    return collapse_ws(m.group(2))


def objective_text(text: str) -> str | None:
    """The objective a one-cell table row or a context paragraph states: after "Objective" (with or
    without a separator, as tables write it) or after a label the headers vocabulary calls an objective.

    >>> objective_text("Objective To lead by example"), objective_text("Equality objective - Reach everyone")
    ('To lead by example', 'Reach everyone')
    """
    if (m := OBJECTIVE.match(text)) and m.group(1):
        return m.group(1)
    return _labelled_objective(text)


def is_context_line(text: str) -> bool:
    """A section heading or an objective line (read by :func:`read_context`)."""
    return bool(section_heading(text)) or objective_line(text) is not None


# --- header runs ------------------------------------------------------------------------------------------

MAX_HEADER_CELL_WORDS = 8
MAX_UNKNOWN_HEADER_WORDS = 5
LABEL_REPEAT_WINDOW = 80     # paragraphs after a header run searched for its cells coming back one by one
_NUMBERED_ITEM = re.compile(r"^[A-Z][\w'’-]*(?: [A-Za-z][\w'’-]*){0,2} \d{1,3}[a-z]?\s*[:.\-–]?$")
# Words a wrapped line cannot end on: the next paragraph carries on the same cell ("Parks &" / "Open Space").
# The words a cut title cannot end on (cue ``open_end_word``, :mod:`.readers.tables.rows`) and a few more
# ("into", "within", ...), or "&", ",", "(", "/", "-".
OPEN_END = Cue(r"(?:\b(?:{open_end_word}|{wrap_end_word})|[&,(/-])$", re.I)
POST_END = Cue(r"\b(?:{post_word})s?$", re.I)
LIST_END = Cue(r";\s*(?:{list_conjunction})$", re.I)   # "...; and": the end of one item of a list, not a wrapped line
GLUED_ID = re.compile(r"^[A-Z]{1,3}\d{1,2}(?:\.\d{1,2})*(?=[A-Z][a-z])")
ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}(?:\.\d{1,2}){0,3}[.)]|\d{1,2}(?:\.\d{1,3}){1,3}|\(?[a-z][.)]|\(?[ivx]{1,4}\))\s+(?=\S)")


def _is_header_cell(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_HEADER_CELL_WORDS and header_match(text) is not None


class _Step(Enum):
    """What one paragraph does to a header run being collected."""

    STOP = "stop"      # the run ends before it
    JOIN = "join"      # it ends the run's last cell ("Portfolio" / "Holder[ii]")
    CELL = "cell"      # it is the next cell


@dataclass(slots=True)
class _HeaderCells:
    """A header run being collected: its cells so far, and how many it had just after its last cell that
    named no role (-1: none yet), for "never two unknown cells in a row"."""

    cells: list[str] = field(default_factory=list)
    unknown: int = -1


def header_run(units: list[Unit], i: int) -> tuple[list[str], int] | None:
    """Header cells laid out one per paragraph from ``i``, and the index after them; None if none.

    A cell split over two paragraphs ("Portfolio" / "Holder[ii]") is joined when the second names no
    role alone and the two together do.  At least two cells; 60% of them must name a role.
    """
    run = _HeaderCells()
    j = i
    while j < len(units):
        step = _header_step(units, j, run)
        if step is _Step.STOP:
            break
        if step is _Step.JOIN:
            run.cells[-1] = f"{run.cells[-1]} {units[j].para}"
        else:
            run.cells.append(units[j].para)
        j += 1
    return (run.cells, j) if _names_columns(run.cells) else None


def _heading_level_changes(units: list[Unit], j: int) -> bool:
    """Paragraph ``j`` is a heading of another level than the one before it: "Tasks" (h3) over "What are
    we doing?" (h4) is an outline of labels (climate-tracker-action-cards-print-view.html), never one
    table's header cells."""
    here = units[j].text
    prev = units[j - 1].text if j > 0 else None
    return here is not None and prev is not None and here.heading_level != prev.heading_level


def _header_step(units: list[Unit], j: int, run: _HeaderCells) -> _Step:
    """Whether paragraph ``j`` stops the header run, ends its last cell, or is its next cell (an unknown
    cell is noted in ``run``)."""
    u = units[j]
    if u.is_row or u.text is None or u.text.list_item:
        return _Step.STOP
    text, cells = u.para, run.cells
    if len(text.split()) > MAX_HEADER_CELL_WORDS or section_heading(text) or re.search(r":\s*\S", text):
        return _Step.STOP  # "Due date: 31 March 2027" is a label with its value, not a header cell
    if cells and _heading_level_changes(units, j):
        return _Step.STOP
    if cells and header_match(text) is None and not re.search(r"\d", text) and \
            header_match(f"{cells[-1]} {text}") is not None and not re.search(r"[:?]$", cells[-1]):
        return _Step.JOIN
    if _NUMBERED_ITEM.match(text) or (not cells and is_period_header(text)):
        return _Step.STOP  # "Promise 13", "Action 2": an item's number, not a column header
    if header_match(text) is None:
        if not _unknown_cell_fits(units, j, run):
            return _Step.STOP
        run.unknown = len(cells) + 1
    return _Step.CELL


def _unknown_cell_fits(units: list[Unit], j: int, run: _HeaderCells) -> bool:
    """An unknown short cell inside the run ("Changes agreed during the year", "Yr end total /
    average"), between named cells; not at its start, never two in a row."""
    text = units[j].para
    return bool(run.cells) and run.unknown != len(run.cells) and len(text.split()) <= MAX_UNKNOWN_HEADER_WORDS \
        and not re.search(r"[.!?;]$", text) and _next_is_header_cell(units, j + 1)


def _names_columns(cells: list[str]) -> bool:
    """Whether collected cells make a header: two or more, 60% naming a role, two core roles among
    them, and the first not a title over a column of the same role."""
    named = [m for m in (header_match(c) for c in cells) if m is not None]
    if len(cells) < 2 or len(named) < max(2, round(0.6 * len(cells))):
        return False
    first = header_match(cells[0])
    if first is not None and not first.exact and any(
            (m := header_match(c)) is not None and m.exact and m.role == first.role for c in cells[1:]):
        return False  # "Housing improvement actions" above "Action | Update | ...": a title, not a column
    core = {m.role for m in named} - {Role.ID, Role.NONE, Role.VALUE}
    return len(core) >= 2


def table_header_run(units: list[Unit], i: int) -> tuple[list[str], int] | None:
    """A header run that heads a table: like :func:`header_run`, but not when two or more of its cells
    come back one at a time among the following paragraphs ("Lead" / team / "Promise 12 progress" /
    text / ... "Lead" again): those are the labels of item blocks.  One label coming back (a key under
    the table: "Status:") does not make item blocks."""
    run = header_run(units, i)
    if run is None:
        return None
    header, j = run
    names = {label_tokens(h) for h in header}   # "Promise 13 progress" comes back as "Promise 14 progress"
    back: set[tuple[str, ...]] = set()
    for u in units[max(0, i - LABEL_REPEAT_WINDOW):i]:     # the same labels above: item blocks go on
        if not u.is_row and len(u.para.split()) <= MAX_HEADER_CELL_WORDS and label_tokens(u.para) in names:
            back.add(label_tokens(u.para))
    k = j
    while k < min(len(units), j + LABEL_REPEAT_WINDOW):
        u = units[k]
        if u.is_row:
            break
        run2 = header_run(units, k)
        if run2 is not None and [c.lower() for c in run2[0]] == [c.lower() for c in header]:
            k = run2[1]  # the whole header again: a repeated header, not labels
            continue
        if len(u.para.split()) <= MAX_HEADER_CELL_WORDS and label_tokens(u.para) in names:
            back.add(label_tokens(u.para))
        k += 1
    return None if len(back) >= 2 else run


def _next_is_header_cell(units: list[Unit], j: int) -> bool:
    return j < len(units) and not units[j].is_row and _is_header_cell(units[j].para)


def strip_enumerator(text: str) -> str:
    """Drop a row number or ID glued to the front of a title ("a) The grants …", "1. Adopt …", "2.1.1 Plant …").

    >>> strip_enumerator("a)    The grants criteria are rewritten"), strip_enumerator("3 new parks opened")
    ('The grants criteria are rewritten', '3 new parks opened')
    >>> strip_enumerator("FL3Map basement flooding risk")   # a tracker's code glued to the title
    'Map basement flooding risk'
    """
    if g := GLUED_ID.match(text):
        return text[g.end():]
    m = ENUMERATOR.match(text)
    return text[m.end():].lstrip() if m and text[m.end():].lstrip()[:1].isupper() else text


MAX_HEADER_TOKENS = 30
MIN_HEADER_CELLS = 2


def header_cell_score(words: Sequence[str]) -> float | None:
    """How well ``words`` read as one header cell (None: not a cell).  A cell starts with a capital
    (or "%"), and is all header words or one period ("Q2 (July to September 2025)", "2023 to 2024")."""
    text = " ".join(words)
    if not re.match(r"^[A-Z%#]|^(?:19|20)\d\d", text):
        return None
    if is_period_header(text) and not re.search(r"[a-z]{4,}\s+(?:19|20)\d\d$", text.split("(")[0].strip()):
        return 1.0
    if any(re.fullmatch(r"[\d.,:;]+", w) for w in words):
        return None  # "RAG 2.1": a header word and the first row's number
    m = header_match(text)
    return 1.0 if m is not None and m.exact else None


def split_header_line(text: str) -> list[str] | None:
    """Split a header printed on one line into its cells, or None if the line is not such a header.

    Every word must belong to a known header phrase (a period "Q1 (April to June 2025)" or "2022 to 2023"
    counts; a parenthesis joins the cell before it); fewer, longer phrases win.

    >>> split_header_line("Indicator Description Directorate Last quarter This quarter Target Status Trend")
    ['Indicator', 'Description', 'Directorate', 'Last quarter', 'This quarter', 'Target', 'Status', 'Trend']
    >>> split_header_line("Objective How we will measure success"), split_header_line("We met the target")
    (['Objective', 'How we will measure success'], None)
    """
    if re.search(r"[:;.!?]\s|[.!?:]$", text):
        return None  # a label line or a sentence
    words = _merge_parentheses(text.split())
    n = len(words)
    if n < 2 or n > MAX_HEADER_TOKENS:
        return None
    cells = _best_cells(words)
    if cells is None:
        return None
    roles = [header_match(c) for c in cells]
    core = {m.role for m in roles if m is not None} - {Role.VALUE, Role.ID, Role.NONE}
    if len(cells) < MIN_HEADER_CELLS or len(core) < 1 or (len(core) < 2 and len(cells) < 3):
        return None
    if len(cells) == 2 and n < 4:
        return None  # "Services Outcomes": a two-word caption, not a two-column header
    return cells


def _best_cells(words: list[str]) -> list[str] | None:
    """The best cut of ``words`` into header cells (:func:`header_cell_score`, each cell costing 0.25, so
    fewer, longer phrases win; cells of up to 8 tokens), or None when no cut makes every part a cell."""
    n = len(words)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, -1)
    for j in range(1, n + 1):
        for i in range(max(0, j - 8), j):
            before = best[i]
            if before is None:
                continue
            score = header_cell_score(words[i:j])
            if score is None:
                continue
            total = before[0] + score - 0.25
            now = best[j]
            if now is None or total > now[0]:
                best[j] = (total, i)
    cells: list[str] = []
    j = n
    while j > 0:
        step = best[j]
        if step is None:
            return None
        cells.append(" ".join(words[step[1]:j]))
        j = step[1]
    cells.reverse()
    return cells


def _merge_parentheses(words: list[str]) -> list[str]:
    """Keep "(April to June 2025)" or "(CMT)" with the word before it as one token."""
    out: list[str] = []
    depth = 0
    for w in words:
        if depth > 0 and out:
            out[-1] = f"{out[-1]} {w}"
        elif w.startswith("(") and out:
            out[-1] = f"{out[-1]} {w}"
        else:
            out.append(w)
        depth += w.count("(") - w.count(")")
        depth = max(depth, 0)
    return out


WORKSTREAM = Cue(r"\b(?:{workstream_word})\b", re.I)


def nonempty_cells(cells: Sequence[Cell | None]) -> list[tuple[int, Cell]]:
    return [(i, c) for i, c in enumerate(cells) if c is not None and not c.is_empty]


def distinct_cells(cells: Sequence[Cell | None]) -> list[Cell]:
    """Non-empty cells with copies of one merged cell (HTML colspan, Word gridSpan) counted once."""
    out: list[Cell] = []
    for _, c in nonempty_cells(cells):
        if out and c.text == out[-1].text:
            continue
        out.append(c)
    return out


def cell_texts(cells: Sequence[Cell | None]) -> list[str]:
    return [c.text if c is not None else "" for c in cells]


# --- tables on the state ---------------------------------------------------------------------------------


def body_columns(units: list[Unit], i: int) -> list[list[str]]:
    """Cell texts by column of the rows under the header at ``i`` (to the next header or table end)."""
    cols: list[list[str]] = []
    table = units[i].table
    for u in units[i + 1:]:
        if not u.is_row or u.table != table:
            if u.is_row:
                break
            continue  # paragraphs between rows of one table (page breaks in text renderings)
        texts = cell_texts(u.cells or ())
        if header_score(texts):
            break
        for k, t in enumerate(texts):
            while len(cols) <= k:
                cols.append([])
            cols[k].append(t)
    return cols


def set_columns(state: ReadState, cols: Columns, n_cells: int) -> None:
    """Make ``cols`` the current columns; a repeated header that lost trailing cells keeps the earlier roles."""
    prev: Columns | None = state.table.last_header
    cols = cols.widened(n_cells)
    if prev is not None and len(prev.roles) == len(cols.roles):
        # A repeated header that lost trailing header cells keeps the earlier header's roles (seed 004, p5).
        roles = list(cols.roles)
        labels = list(cols.labels)
        for k, r in enumerate(roles):
            if r is None and prev.roles[k] is not None and prev.roles[k] not in roles:
                roles[k] = prev.roles[k]
            labels[k] = labels[k] or prev.labels[k]
        cols = replace(cols, roles=tuple(roles), labels=tuple(labels))
    current = state.table.columns
    if current is not None and cols.roles != current.roles:
        state.open_row = False  # a different table: its first rows cannot continue the last table's record
    for cell in cols.unplaced:
        state.tally[f"unplaced:{cell}"] += 1
    state.table.columns = cols
    state.table.last_header = cols
    state.table.mode = Mode.TABLE


# --- projects (RAG reports) -------------------------------------------------------------------------------


def opens_project(state: ReadState, title: str, status_text: str, title_bold: bool) -> bool:
    """A bold title with a RAG word beside or under it, or any title with a status inside a RAG report.

    "N/A" / "For info" open a project only inside a workstream report (seed 003): a form's bold question
    answered "N/A" is no project (jsvine 150109DSP), nor is a chart label next to the word "Red".
    """
    if is_status_word(title) or not is_status_word(status_text):
        return False
    if state.table.mode == Mode.PROJECTS:
        return True
    return rag_of(status_text) is not None and title_bold


def start_project_or_workstream(state: ReadState, name: str, status_text: str, page: int,
                                source: Cell | Text | None = None) -> None:
    status = rag_of(status_text)
    if WORKSTREAM.search(name):
        state.new_section(name, None, status)
        state.table.mode = Mode.PROJECTS
        return
    state.table.mode = Mode.PROJECTS
    sources = (source_of(Role.ACTION, source, name),) if source is not None else ()
    state.emit(make_row(Kind.PROJECT, [(Role.ACTION, (name,))], state.ctx, page, status=status, sources=sources))

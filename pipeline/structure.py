"""Layout -> rows with roles: find header rows, map columns to roles, carry section and objective.

Reads any :class:`extractors.base.Layout` the same way, whatever the file format was:

- a *header row* (cells from :data:`HEADER_VOCABULARY`) sets the column roles until the next one;
  a header repeated on every page is dropped; header words laid out as separate paragraphs
  (seeds 001, 002) count as a header row too;
- *section rows* ("As a Community Leader - We will ...") set ``section`` and ``objective``;
  "Objective: ..." sets ``objective``; a "... workstream | AMBER" row sets a workstream section;
- *data rows* become :class:`RoleRow` values; a row whose action cell is empty, or starts
  mid-sentence, continues the previous row's record (``continuation=True``);
- a bold "<project> | GREEN" row (or heading followed by a RAG line) starts a kind=project row whose
  following paragraphs are its progress (seed 003);
- a table flattened into one paragraph per cell (seed 002) is read cell by cell in header order.

pipeline/records.py then folds continuation rows into records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from extractors.base import W101, W110, W111, Cell, Layout, Table, Text, collapse_ws
from pipeline.services import looks_like_service
from pipeline.dates import parse_timescale

ROLES = ("objective", "commitment", "action", "detail", "progress", "issues", "measures", "responsible", "timescale", "status")

# A column of values for one period ("Q1", "Quarter 2 2024/25", "2023/24", "Actual"): its header is part of
# the value, so records keep it as a label ("Q1: 94%").
VALUE_HEADER_PERIOD = r"^((q[1-4]|quarter [1-4])( (19|20)\d\d(/\d\d)?)?|(19|20)\d\d(/\d\d)?|actual|outturn|result)$"
VALUE_HEADER = re.compile(VALUE_HEADER_PERIOD + r"|^target$")

# Header cell text (lower-cased, punctuation-trimmed) -> role.  First match wins.
HEADER_VOCABULARY: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        ("commitment", r"^(our )?commitments?|^we will$"),
        ("objective", r"^((strategic|equality|corporate|council) )?objectives?$"),
        ("action", r"^(agreed |key |proposed )?actions?( title| required| points?)?$|^projects?( name)?$|"
                   r"^(measurement|measures?|performance (measure|indicator)|kpi|indicator)s?$|^(key )?deliverables?$|"
                   r"^activity$|^(key )?milestones?$|^what (we will|will we) do$"),
        ("detail", r"^(description|details?|actions? detail|tasks?|sub.?actions?)$|"
                   r"^how (we will|will we) (do|deliver|achieve) (it|this|them)$"),
        ("progress", r"^((q[1-4]|quarter [1-4]|mid[- ]year|year[- ]end|annual|latest)\s+)?"
                     r"(progress( update| to date| made)?|update|position|commentary|comments?)$|"
                     r"^current (performance|position|status)$|" + VALUE_HEADER_PERIOD),
        ("issues", r"^(issues|risks)?\s*(&|and)?\s*next steps$|^issues$|^barriers( and risks)?$"),
        ("measures", r"^how will we know|^success (measures?|criteria)|^measures? of success|^(expected )?outcomes?$|"
                     r"^what (will|does) success look like|^target$"),
        ("responsible", r"^(responsible|lead)( (service|officer|team|person|directorate|member))?s?$|^owner$|"
                        r"^(service )?lead$|^who$"),
        ("timescale", r"^timescales?( for delivery)?$|^(to be )?delivered by$|^target date|^deadline$|^due( date| by)?$|"
                      r"^by when$|^completion date$|^when$"),
        ("status", r"^(rag|rag status|status|rating)$"),
    )
)
MEASURE_HEADER = re.compile(r"^(measurement|measures?|performance (measure|indicator)|kpi|indicator)s?$")
PROJECT_HEADER = re.compile(r"^projects?( name)?$")
ACTION_TITLE_HEADER = re.compile(r"^actions? title$")

SECTION = re.compile(r"^As an? ([A-Z][\w’'&]*(?: [A-Z][\w’'&]*){0,3})\s*(?:[-–—:]\s*(.*))?$", re.S)
# "Priority 1: Safe, Clean and Green" / "Theme 2 – Homes and Communities": the theme is the section.
THEME = re.compile(r"^(?:Strategic )?(?:Priority|Theme|Ambition|Outcome|Aim)\s*\d{0,2}\s*[:\-–—]\s*(.{3,120})$", re.S)
# "Equality Objective 2: Be an inclusive employer …" / "Objective 1 – Attract and recruit …": the numbered
# objective is the section, its sentence the objective.
NUMBERED_OBJECTIVE = re.compile(
    r"^((?:Equality |Corporate |Strategic |Council )?Objective\s+\d{1,2}[a-z]?)\s*[:\-–—.]\s*(.{3,})$", re.S | re.I
)
OBJECTIVE = re.compile(r"^Objectives?\s*[:\-–]?\s*(.*)$", re.S | re.I)
WORKSTREAM = re.compile(r"\bwork ?streams?\b", re.I)
RAG = re.compile(r"^\s*(green|amber|red)\s*$", re.I)
NOT_RAG_STATUS = re.compile(r"^\s*(n/?a|for info(rmation)?|tbc|not rated)\s*$", re.I)
NOTE_ROW = re.compile(r"^(connections?|links?|related) (to|with) (other )?(plans|strateg)", re.I)
APPENDIX_HEADING = re.compile(r"^appendix\b", re.I)
TERMINAL = re.compile(r"[.!?:;)\]”\"']\s*$")
MAX_TITLE_WORDS = 16
MAX_PROJECT_ROW_CELLS = 4
HEADER_MIN_SHARE = 0.6


def norm_header(text: str) -> str:
    """Lower-case a header cell and trim punctuation: ``"To be delivered by:"`` -> ``"to be delivered by"``."""
    text = collapse_ws(text.replace("&amp;", "&")).lower()
    return text.strip(" :?*.#")


def header_role(text: str) -> str | None:
    """Return the column role a header cell names, or None.

    >>> header_role("Issues & Next steps"), header_role("To be delivered by:")
    ('issues', 'timescale')
    """
    t = norm_header(text)
    if not t or len(t) > 60:
        return None
    for role, pattern in HEADER_VOCABULARY:
        if pattern.search(t):
            return role
    return None


def rag_of(text: str | None) -> str | None:
    """Return GREEN/AMBER/RED if ``text`` is just a RAG word, else None."""
    if text and (m := RAG.match(text)):
        return m.group(1).upper()
    return None


def is_status_word(text: str) -> bool:
    return bool(text) and (rag_of(text) is not None or bool(NOT_RAG_STATUS.match(text)))


def is_title_like(text: str) -> bool:
    """A short line with no closing punctuation: how an action title looks when it lost its table cell."""
    words = text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not TERMINAL.search(text) and text[:1].isupper()


@dataclass(frozen=True, slots=True)
class Columns:
    """Column roles of the current table: ``roles[i]`` is the role of column i (or None)."""

    roles: tuple[str | None, ...]
    kind: str = "action"
    labels: tuple[str, ...] = ()  # the header cells as written
    value_cols: frozenset[int] = frozenset()  # period/target columns whose values keep the header as a label

    def label(self, i: int) -> str:
        return collapse_ws(self.labels[i]).strip(" :") if i < len(self.labels) else ""

    def index(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    @property
    def main_text_role(self) -> str:
        """Where loose paragraphs under a row belong: the first free-text column after the action."""
        for role in ("progress", "detail", "issues", "measures"):
            if role in self.roles:
                return role
        return "progress"


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One table row (or paragraph run) with each cell's items filed under its role."""

    kind: str
    parts: tuple[tuple[str, tuple[str, ...]], ...]  # (role, items) in column order
    section: str | None
    section_status: str | None
    objective: str | None
    commitment: str | None
    status: str | None
    page_start: int
    page_end: int
    continuation: bool = False
    flags: tuple[str, ...] = ()

    def items(self, role: str) -> tuple[str, ...]:
        out: list[str] = []
        for r, items in self.parts:
            if r == role:
                out.extend(items)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class DocRows:
    rows: tuple[RoleRow, ...]
    title: str | None = None
    period: str | None = None
    warnings: tuple[str, ...] = ()


# --- events ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Event:
    """A table row or a paragraph, in reading order."""

    cells: tuple[Cell | None, ...] | None = None
    text: Text | None = None

    @property
    def page(self) -> int:
        if self.text is not None:
            return self.text.page
        return next((c.page for c in self.cells or () if c is not None), 1)


def layout_events(layout: Layout) -> Iterator[_Event]:
    for block in layout.blocks:
        if isinstance(block, Table):
            for row in block.rows:
                yield _Event(cells=row)
        else:
            yield _Event(text=block)


def _nonempty(cells: tuple[Cell | None, ...]) -> list[tuple[int, Cell]]:
    return [(i, c) for i, c in enumerate(cells) if c is not None and not c.is_empty]


def _distinct_cells(cells: tuple[Cell | None, ...]) -> list[Cell]:
    """Non-empty cells with copies of one merged cell (HTML colspan, Word gridSpan) counted once."""
    out: list[Cell] = []
    for _, c in _nonempty(cells):
        if out and c.text == out[-1].text:
            continue
        out.append(c)
    return out


def _distinct_texts(cells: tuple[Cell | None, ...]) -> list[str]:
    return [c.text for c in _distinct_cells(cells)]


def _one_line(items: tuple[str, ...] | list[str]) -> str:
    return collapse_ws(" ".join(items))


# --- title and period -------------------------------------------------------------------------------------

PERIOD = re.compile(
    r"((?:(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s*[-–—]\s*(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+)?"
    r"(?:19|20)\d\d\s*[-/–]\s*\d{2,4})\.?\s*$"
)


def title_and_period(text: str) -> tuple[str | None, str | None]:
    """Split a report title into (title, period).

    >>> title_and_period("Appendix 2 – EDI Action Plan 2023-24.")
    ('EDI Action Plan', '2023-24')
    >>> title_and_period("Corporate Improvement Plan update October – March 2013/14")
    ('Corporate Improvement Plan update', 'October – March 2013/14')
    """
    text = re.sub(r"^appendix\s+\w+\s*[-–—:]?\s*", "", text.strip(" *#"), flags=re.I).strip()
    period = None
    if m := PERIOD.search(text):
        period = m.group(1).strip()
        text = text[: m.start()].strip(" -–—:,")
    return (text or None), period


# --- the state machine ------------------------------------------------------------------------------------


@dataclass
class _State:
    section: str | None = None
    section_status: str | None = None
    objective: str | None = None
    commitment: str | None = None
    columns: Columns | None = None
    last_header: Columns | None = None
    mode: str = "none"             # none | table | project | flat | notes
    pending_objective: bool = False
    rows: list[RoleRow] = field(default_factory=list)
    unused: int = 0
    headerless_rows: int = 0
    untitled: int = 0
    open_row: bool = False         # a record is open for continuation rows
    headerless_page: int = 0
    flat: dict | None = None       # record under construction in flat mode
    flat_phase: int = 0


class _Reader:
    def __init__(self, layout: Layout) -> None:
        self.events = list(layout_events(layout))
        self.s = _State()
        self.title: str | None = None
        self.period: str | None = None
        self.warnings: list[str] = []
        for key, value in layout.meta:
            if key == "running_header" and value:
                self.title, self.period = title_and_period(value)

    # -- helpers --
    def emit(self, kind: str, parts: list[tuple[str, tuple[str, ...]]], page_start: int, page_end: int,
             *, continuation: bool = False, status: str | None = None, flags: tuple[str, ...] = ()) -> None:
        s = self.s
        continuation = continuation and s.open_row  # nothing open (new section, new table): not a continuation
        if not continuation and not any(role == "action" for role, _ in parts):
            s.untitled += 1  # records.py drops a row with no title; say so in the document's warnings
        if not continuation:
            s.open_row = True
        self.s.rows.append(
            RoleRow(kind=kind, parts=tuple(parts), section=s.section, section_status=s.section_status,
                    objective=s.objective, commitment=s.commitment, status=status,
                    page_start=page_start, page_end=page_end, continuation=continuation, flags=flags)
        )

    def set_section(self, name: str, objective: str | None, status: str | None = None) -> None:
        self.flush_flat()
        s = self.s
        s.section, s.objective, s.section_status, s.commitment = name, objective or None, status, None
        s.pending_objective = False
        s.open_row = False  # a row after a new section heading never continues the last section's record
        if s.mode in {"project", "notes"}:
            s.mode = "table" if s.columns else "none"

    def header_from(self, texts: list[str], *, action_required: bool = True) -> Columns | None:
        """Column roles if ``texts`` read as a header row: at least two cells, and 60% of the non-empty
        ones, name a role."""
        roles = [header_role(t) if t.strip() else None for t in texts]
        named = [r for r in roles if r]
        n_filled = sum(1 for t in texts if t.strip())
        if len(named) < max(2, round(HEADER_MIN_SHARE * n_filled)):
            return None
        # Year and quarter columns alone make a statistics table, not an action or KPI table
        # (ICDAR eu-007, tabula spanning_cells): at least two other columns must be named.
        core = [r for r, t in zip(roles, texts) if r and not VALUE_HEADER.match(norm_header(t))]
        if len(core) < 2:
            return None
        norm = [norm_header(t) for t in texts]
        kind = "action"
        if any(MEASURE_HEADER.match(n) for n in norm):
            kind = "measure"
        elif any(PROJECT_HEADER.match(n) for n in norm):
            kind = "project"
        # "Action Title | Actions": the second is the description column (seed 004).
        if any(ACTION_TITLE_HEADER.match(n) for n in norm):
            roles = ["detail" if (r == "action" and not ACTION_TITLE_HEADER.match(n)) else r
                     for r, n in zip(roles, norm)]
        # No action column ("Ref | Description | Lead | Deadline"): the description names the action;
        # failing that, the first column the vocabulary does not know.
        if "action" not in roles and "detail" in roles:
            roles[roles.index("detail")] = "action"
        if "action" not in roles:
            unnamed = [i for i, (r, t) in enumerate(zip(roles, texts)) if r is None and t.strip()]
            if unnamed:
                roles[unnamed[0]] = "action"
            elif action_required:
                return None  # nothing could hold the action: not a header of an action table
            # else: header words laid out as paragraphs lose the unnamed title columns (seed 002);
            # flat_roles() puts action and detail back in front.
        # Two "action"-like columns without a title marker: the first is the action, later ones detail.
        seen_action = False
        for i, r in enumerate(roles):
            if r == "action":
                if seen_action:
                    roles[i] = "detail"
                seen_action = True
        return Columns(tuple(roles), kind, tuple(texts))

    def set_columns(self, cols: Columns, n_cells: int) -> None:
        s = self.s
        prev = s.last_header
        roles = list(cols.roles) + [None] * max(0, n_cells - len(cols.roles))
        # A repeated header that lost trailing header cells keeps the earlier header's roles (seed 004, p5).
        if prev and len(prev.roles) == len(roles):
            for i, r in enumerate(roles):
                if r is None and prev.roles[i] is not None and prev.roles[i] not in roles:
                    roles[i] = prev.roles[i]
        labels = list(cols.labels) + [""] * max(0, len(roles) - len(cols.labels))
        if prev and len(prev.labels) == len(labels):
            labels = [lab or old for lab, old in zip(labels, prev.labels)]
        value_cols = frozenset(i for i, lab in enumerate(labels) if VALUE_HEADER.match(norm_header(lab)))
        cols = Columns(tuple(roles), cols.kind, tuple(labels), value_cols)
        self.flush_flat()
        if s.columns is not None and cols.roles != s.columns.roles:
            s.open_row = False  # a different table: its first rows cannot continue the last table's record
        s.columns = s.last_header = cols
        s.mode = "table"

    # -- main loop --
    def read(self) -> DocRows:
        i = 0
        ev = self.events
        while i < len(ev):
            e = ev[i]
            if e.cells is not None:
                i = self.on_row(i)
            else:
                i = self.on_text(i)
        self.flush_flat()
        if self.s.headerless_rows:
            self.warnings.append(W101.format(page=self.s.headerless_page, n=self.s.headerless_rows))
        if self.s.untitled:
            self.warnings.append(W111.format(n=self.s.untitled))
        if self.s.unused:
            self.warnings.append(W110.format(n=self.s.unused))
        return DocRows(tuple(self.s.rows), self.title, self.period, tuple(self.warnings))

    # -- paragraphs --
    def on_text(self, i: int) -> int:
        s = self.s
        t = self.events[i].text
        assert t is not None
        text = t.text.strip()
        if not text:
            return i + 1
        if not t.list_item and (heading := section_heading(text)):
            self.set_section(*heading)
            return i + 1
        # Title: a bold line or heading before any section or table (seed 003 "**Corporate Improvement Plan…**").
        if self.title is None and s.section is None and s.columns is None and s.mode == "none" and (
            t.bold or t.heading_level
        ):
            nxt = self.events[i + 1] if i + 1 < len(self.events) else None
            if not (nxt and nxt.text is not None and is_status_word(nxt.text.text)):
                self.title, self.period = title_and_period(text)
                return i + 1
        if s.pending_objective:
            s.objective = text
            s.pending_objective = False
            return i + 1
        if m := OBJECTIVE.match(text):
            if len(text.split()) <= 2 or not m.group(1):
                s.pending_objective = True
            else:
                s.objective = m.group(1).strip()
            return i + 1
        # Header words laid out one per paragraph (seed 001 p8, seed 002).
        run = self.header_run(i)
        if run:
            cols, j = run
            nxt = self.events[j] if j < len(self.events) else None
            self.set_columns(cols, len(cols.roles))
            if nxt is not None and nxt.text is not None:
                s.mode = "flat"
                s.flat = None
            return j
        # Workstream heading / project heading followed by a RAG line (seed 003 "#### **Finance**" / "**AMBER**").
        nxt = self.events[i + 1] if i + 1 < len(self.events) else None
        if (nxt is not None and nxt.text is not None and self.opens_project(text, nxt.text.text, t.bold or bool(t.heading_level))):
            self.start_project_or_workstream(text, nxt.text.text, t.page)
            return i + 2
        if APPENDIX_HEADING.match(text) and (t.heading_level or len(text.split()) <= 4):
            return i + 1  # "#### Appendix A" inside a table: page furniture of the original (seed 000)
        if s.mode == "flat":
            self.flat_text(t)
            return i + 1
        if s.mode == "notes":
            return i + 1
        if s.mode == "project":
            self.emit("project", [("progress", (text,))], t.page, t.page, continuation=True)
            return i + 1
        if (s.mode == "table" and not t.list_item and len(text.split()) <= MAX_TITLE_WORDS
                and self.next_is_header_row(i)):
            # A heading between two tables (each with its header row) names the next table's theme.
            self.set_section(text, None)
            return i + 1
        if s.mode == "table" and s.columns is not None:
            cols = s.columns
            if (not t.list_item and not t.heading_level and is_title_like(text) and cols.index("action") == 0
                    and self.has_open_row() and self.next_is_text(i)):
                # An action title that lost its table cell at a page break (seed 000 "Offering opportunities…").
                self.emit(cols.kind, [("action", (text,))], t.page, t.page)
                return i + 1
            if self.has_open_row():
                self.emit(cols.kind, [(cols.main_text_role, (text,))], t.page, t.page, continuation=True)
                return i + 1
        s.unused += 1
        return i + 1

    def next_is_header_row(self, i: int) -> bool:
        nxt = self.events[i + 1] if i + 1 < len(self.events) else None
        if nxt is None:
            return False
        if nxt.cells is not None:
            return self.header_from([c.text if c else "" for c in nxt.cells]) is not None
        return self.header_run(i + 1) is not None

    def next_is_text(self, i: int) -> bool:
        nxt = self.events[i + 1] if i + 1 < len(self.events) else None
        return nxt is not None and nxt.text is not None and not nxt.text.heading_level

    def has_open_row(self) -> bool:
        """True while a record is open for continuation rows: not across a section or a new table."""
        return self.s.open_row

    def header_run(self, i: int) -> tuple[Columns, int] | None:
        texts: list[str] = []
        j = i
        while j < len(self.events) and self.events[j].text is not None and header_role(self.events[j].text.text):
            texts.append(self.events[j].text.text)
            j += 1
        if len(texts) < 2:
            return None
        cols = self.header_from(texts, action_required=False)
        return (cols, j) if cols else None

    def opens_project(self, title: str, status_text: str, title_bold: bool) -> bool:
        """A bold title with a RAG word beside or under it, or any title with a status inside a workstream report.

        "N/A" / "For info" open a project only inside a workstream report (seed 003): a form's bold question
        answered "N/A" is no project (jsvine 150109DSP), nor is a chart label next to the word "Red".
        """
        if is_status_word(title) or not is_status_word(status_text):
            return False
        if self.s.mode == "project":
            return True
        return rag_of(status_text) is not None and title_bold

    def start_project_or_workstream(self, name: str, status_text: str, page: int) -> None:
        s = self.s
        status = rag_of(status_text)
        if WORKSTREAM.search(name):
            self.set_section(name, None, status)
            s.mode = "project"
            return
        self.flush_flat()
        s.mode = "project"
        self.emit("project", [("action", (name,))], page, page, status=status)

    # -- table rows --
    def on_row(self, i: int) -> int:
        s = self.s
        cells = self.events[i].cells
        assert cells is not None
        page = self.events[i].page
        filled = _nonempty(cells)
        if not filled:
            return i + 1
        texts = _distinct_texts(cells)
        first_text = texts[0]
        # Header row (possibly repeated on each page).
        cols = self.header_from([c.text if c else "" for c in cells])
        if cols is not None:
            if (s.columns is not None and cols.roles == s.columns.roles[: len(cols.roles)] and s.mode == "table"
                    and cols.kind == s.columns.kind):
                return i + 1
            self.set_columns(cols, len(cells))
            return i + 1
        if len(texts) == 1:
            one = first_text.strip()
            flat_one = _one_line(filled[0][1].items) or one
            if heading := section_heading(flat_one):
                self.set_section(*heading)
                return i + 1
            if (m := OBJECTIVE.match(flat_one)) and m.group(1):
                s.objective = _one_line([m.group(1)])
                s.pending_objective = False
                return i + 1
            if NOTE_ROW.match(flat_one):
                self.flush_flat()
                s.mode = "notes"
                return i + 1
        if s.mode == "notes":
            return i + 1
        # "<b>Asset Management workstream</b> | <b>AMBER</b>" / "<b>Future use of Town Hall</b> | <b>AMBER</b>".
        if len(texts) == 2 and self.opens_project(texts[0], texts[1], filled[0][1].bold):
            self.start_project_or_workstream(_one_line(filled[0][1].items), texts[1], page)
            return i + 1
        # The same with the RAG shown only as the cell's colour (PDF/Word exports).
        fills = [c.fill for c in cells if c is not None and c.is_empty and rag_of(c.fill)]
        # Only in a narrow "title | colour" row: a chart's coloured bars in a wide grid are no RAG (icdar us-028).
        narrow = len(cells) <= MAX_PROJECT_ROW_CELLS and re.search(r"[^\W\d_]{2}", texts[0]) is not None
        if len(texts) == 1 and filled[0][1].bold and len(fills) == 1 and narrow and s.mode in {"project", "none"}:
            self.start_project_or_workstream(_one_line(filled[0][1].items), fills[0], page)
            return i + 1
        if s.mode == "project":
            items = tuple(it for c in _distinct_cells(cells) for it in c.items)
            self.emit("project", [("progress", items)], page, page, continuation=True,
                      flags=_struck_flags([c for _, c in filled]))
            return i + 1
        if s.columns is None:
            # No header row seen yet: nothing says which column is which, so the row is not a record
            # (forms and candidate lists in ../shared/corpus/public would otherwise become "actions").
            s.headerless_rows += 1
            s.headerless_page = s.headerless_page or page
            return i + 1
        if s.mode == "flat":
            self.flush_flat()
            s.mode = "table"
        self.table_row(cells, page)
        return i + 1

    def table_row(self, cells: tuple[Cell | None, ...], page: int) -> None:
        s = self.s
        cols = s.columns
        assert cols is not None
        parts: list[tuple[str, tuple[str, ...]]] = []
        action_cell: Cell | None = None
        status: str | None = None
        for idx, cell in enumerate(cells):
            role = cols.roles[idx] if idx < len(cols.roles) else None
            if cell is None or role is None:
                continue
            if role == "commitment":
                if not cell.is_empty and not (cell.spanned and _one_line(cell.items) == s.commitment):
                    s.commitment = _one_line(cell.items)
                continue
            if role == "objective":
                # An objective column merged down over its actions (HTML rowspan / Word vMerge).
                if not cell.is_empty:
                    s.objective = _one_line(cell.items)
                continue
            if role == "action":
                action_cell = cell
                if cell.spanned and self.has_open_row():
                    continue  # a row-spanning action cell copied into this row: same record
            if role == "status":
                status = rag_of(cell.text) or status
                continue
            if not cell.is_empty:
                items = cell.items
                if idx in cols.value_cols:
                    items = tuple(f"{cols.label(idx)}: {it}" for it in items)
                parts.append((role, items))
        # RAG shown only as a cell colour (PDF/HTML/DOCX).
        if status is None:
            for cell in cells:
                if cell is not None and cell.fill and rag_of(cell.fill):
                    status = rag_of(cell.fill)
                    break
        action_items = dict(parts).get("action", ())
        continuation = False
        if action_cell is None or action_cell.is_empty or (action_cell.spanned and self.has_open_row()):
            continuation = True
        elif action_items and action_items[0][:1].islower():
            continuation = True  # "recent pandemic. We will …": a title cell split by a page break (seed 001)
        elif self.continues_title(action_items, parts, cols):
            continuation = True
        if continuation and not self.has_open_row():
            continuation = False
        if not parts and not continuation:
            return
        # A cell the extractor joined over a page break ends on a later page than it starts.
        page_end = max((c.page_end or c.page for c in cells if c is not None and not c.is_empty), default=page)
        self.emit(cols.kind, parts, page, max(page, page_end), continuation=continuation, status=status,
                  flags=_struck_flags([c for c in cells if c is not None]))

    def continues_title(self, action_items: tuple[str, ...], parts: list[tuple[str, tuple[str, ...]]],
                        cols: Columns) -> bool:
        """A title cell that carries on an unfinished title, with its text column carrying on mid-sentence."""
        prev = self._last_record_rows()
        if not prev or not action_items:
            return False
        prev_action = _one_line([it for r in prev for it in r.items("action")])
        if not prev_action or TERMINAL.search(prev_action):
            return False
        main = dict(parts).get(cols.main_text_role, ())
        prev_main = [it for r in prev for it in r.items(cols.main_text_role)]
        if main and prev_main and main[0][:1].islower() and not TERMINAL.search(prev_main[-1]):
            return True
        return False

    def _last_record_rows(self) -> list[RoleRow]:
        out: list[RoleRow] = []
        for r in reversed(self.s.rows):
            out.append(r)
            if not r.continuation:
                break
        return list(reversed(out))

    # -- flattened tables (one paragraph per cell, seed 002) --
    def flat_roles(self) -> list[str]:
        cols = self.s.columns
        roles = [r for r in (cols.roles if cols else ()) if r]
        if "action" not in roles:
            lead = ["action", "detail"] if "detail" not in roles else ["action"]
            roles = lead + roles
        return roles

    def flat_text(self, t: Text) -> None:
        s = self.s
        text = t.text.strip()
        roles = self.flat_roles()
        if s.flat is None:
            s.flat = {"parts": [("action", [text])], "page": t.page, "page_end": t.page}
            s.flat_phase = roles.index("action")
            return
        s.flat["page_end"] = t.page
        if "timescale" in roles and _is_timescale(text) and not t.list_item:
            s.flat["parts"].append(("timescale", [text]))
            self.flush_flat()
            return
        phase = roles[s.flat_phase]
        # Advance to the responsible column when a paragraph names a team or officer.
        if "responsible" in roles and not t.list_item and looks_like_service(text) and phase != "measures":
            s.flat_phase = roles.index("responsible")
        elif phase == "responsible" and (t.list_item or not looks_like_service(text)):
            nxt = [r for r in roles[s.flat_phase + 1:] if r != "timescale"]
            if nxt:
                s.flat_phase = roles.index(nxt[0])
        elif phase == "action":
            s.flat_phase = s.flat_phase + 1
        role = roles[s.flat_phase]
        parts = s.flat["parts"]
        if parts and parts[-1][0] == role:
            parts[-1][1].append(text)
        else:
            parts.append((role, [text]))

    def flush_flat(self) -> None:
        s = self.s
        if s.flat is None:
            return
        kind = s.columns.kind if s.columns else "action"
        self.emit(kind, [(r, tuple(items)) for r, items in s.flat["parts"]], s.flat["page"], s.flat["page_end"])
        s.flat = None


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
        return m.group(1).strip(), _clean_objective(m.group(2))
    if m := NUMBERED_OBJECTIVE.match(text):
        return _one_line([m.group(1)]), _clean_objective(m.group(2))
    if m := THEME.match(text):
        return _one_line([m.group(1)]), None
    return None


def _is_timescale(text: str) -> bool:
    words = text.split()
    if len(words) > 8:
        return False
    start, due = parse_timescale(text)
    return bool(start or due) or bool(re.match(r"^(ongoing|tbc|annual(ly)?|quarterly|monthly)\b", text, re.I))


def _clean_objective(text: str | None) -> str | None:
    if not text:
        return None
    return collapse_ws(text).strip(" -–—:") or None


def _struck_flags(cells: list[Cell]) -> tuple[str, ...]:
    n = sum(c.struck_chars for c in cells)
    return (f"struck_text_dropped:{n}",) if n else ()


def layout_to_rows(layout: Layout) -> DocRows:
    """Read a Layout into rows with roles, section and objective carried down.

    >>> from pathlib import Path; from extractors import extract
    >>> rows = layout_to_rows(extract(Path("data/raw/004_59fe58fd6413823e.txt")))   # doctest: +SKIP
    """
    return _Reader(layout).read()

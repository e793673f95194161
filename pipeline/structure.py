"""Layout -> rows with roles, in stages that each read one shape of content.

Councils lay the same content out in many ways; the reader finds *items* (one action, project or
measure each) in every format:

1. **table rows** — a Layout table (:mod:`pipeline.tables`), or a table rebuilt from paragraphs: one
   cell per paragraph under a header run, or rows on single lines under a one-line header
   (:mod:`pipeline.paragraph_tables`);
2. **item blocks** — a title followed by labelled lines ("Lead:", "Status: Green", "Due date: ...",
   "Our progress") (:mod:`pipeline.items`);
3. **context** — section headings ("Priority 1: ...", "As a Community Leader"), objectives and the
   document title, carried down onto the items below them (this module).

:func:`layout_to_rows` walks the Layout's units (table rows and paragraphs, in reading order) and at
each position asks the readers in turn, most specific first; a reader that recognises its shape
consumes the units it covers and returns rows with roles.  Column and label roles come from header
words (``pipeline/patterns/headers.jsonl``) and content evidence (:mod:`pipeline.columns`).
pipeline/records.py then folds continuation rows into records.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Sequence

from extractors.base import W101, W111, Cell, Layout, Table, Text, collapse_ws
from pipeline.docmeta import is_council_name
from pipeline.vocab import Kind, Role, match_label
from schemas.records import SourceRef

# Kept for callers that used the old vocabulary API: role names as strings.
ROLES = tuple(r.value for r in Role if r not in (Role.SECTION, Role.ID, Role.VALUE, Role.NONE))

SECTION = re.compile(r"^As an? ([A-Z][\w’'&]*(?: [A-Z][\w’'&]*){0,3})\s*(?:[-–—:]\s*(.*))?$", re.S)
# "Priority 1: Safe, Clean and Green" / "Theme 2 – Homes and Communities": the theme is the section.
THEME = re.compile(
    r"^(?:Strategic |Corporate |Council )?(?:Priority|Theme|Ambition|Outcome|Aim)\s*\d{0,2}\s*[:\-–—]\s*(.{3,120})$",
    re.S)
# "Equality Objective 2: Be an inclusive employer …" / "Objective 1 – Attract and recruit …": the numbered
# objective is the section, its sentence the objective.
NUMBERED_OBJECTIVE = re.compile(
    r"^((?:Equality |Corporate |Strategic |Council )?Objective\s+\d{1,2}(?:\.\d{1,2})?[a-z]?)\s*[:\-–—.]\s*(.{3,})$",
    re.S | re.I,
)
OBJECTIVE = re.compile(r"^Objectives?\s*[:\-–]?\s*(.*)$", re.S | re.I)
RAG = re.compile(r"^\W*(green|amber|red)\W*$", re.I)
NOT_RAG_STATUS = re.compile(r"^\s*(n/?a|for info(rmation)?|tbc|not rated)\s*$", re.I)
TERMINAL = re.compile(r"[.!?:;)\]”\"']\s*$")
MAX_TITLE_WORDS = 16


# --- the model --------------------------------------------------------------------------------------------


def source_of(role: Role | str, block: Cell | Text, text: str | None = None) -> SourceRef:
    """The :class:`SourceRef` of a cell or paragraph filed under ``role``.

    >>> source_of(Role.PROGRESS, Text("Done.", 2, line=14))
    SourceRef(role='progress', text='Done.', page=2, bbox=None, lines=(14, 14), index=None, struck=())
    """
    role = Role(role).value if isinstance(role, Role) else role
    if isinstance(block, Cell):
        return SourceRef(role, text if text is not None else block.text, block.page, block.bbox, block.lines,
                         block.index, block.struck_text)
    lines = (block.line, block.line) if block.line is not None else None
    index = (block.index,) if block.index is not None else None
    return SourceRef(role, text if text is not None else block.text, block.page, block.bbox, lines, index,
                     block.struck_text)


@dataclass(frozen=True, slots=True)
class Context:
    """What the rows below a heading share: section, its RAG, objective and commitment."""

    section: str | None = None
    section_status: str | None = None
    objective: str | None = None
    commitment: str | None = None

    def with_section(self, name: str, objective: str | None = None, status: str | None = None) -> "Context":
        """A new section: its own objective and status; the commitment does not carry over."""
        return Context(name, status, objective or None, None)


@dataclass(frozen=True, slots=True)
class RoleRow:
    """One table row (or item, or paragraph run) with each cell's items filed under its role."""

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
    confidence: float = 1.0
    rejoin: bool = True         # records may join items split mid-sentence (page breaks in Layout tables)
    sources: tuple[SourceRef, ...] = ()   # the cells and paragraphs this row was read from
    dropped: tuple[str, ...] = ()         # struck-through text its cells dropped (records.dropped)

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
    unplaced: tuple[str, ...] = ()   # header cells that named no role (for the E110 message)
    unused: tuple[SourceRef, ...] = ()  # paragraphs set aside (W110), with where they are


def make_row(kind: Kind | str, parts: Sequence[tuple[str, tuple[str, ...]]], ctx: Context, page_start: int,
             page_end: int | None = None, *, status: str | None = None, continuation: bool = False,
             flags: tuple[str, ...] = (), confidence: float = 1.0, rejoin: bool = True,
             sources: Sequence[SourceRef] = (), dropped: Sequence[str] | None = None) -> RoleRow:
    """A :class:`RoleRow` under ``ctx`` (roles and kind stored as their plain string values).

    ``dropped`` is the struck-through text of the row's cells; by default that of its ``sources``.
    """
    return RoleRow(
        kind=Kind(kind).value,
        parts=tuple((Role(r).value if isinstance(r, Role) else r, tuple(items)) for r, items in parts),
        section=ctx.section, section_status=ctx.section_status, objective=ctx.objective,
        commitment=ctx.commitment, status=status, page_start=page_start,
        page_end=max(page_start, page_end or page_start), continuation=continuation, flags=flags,
        confidence=confidence, rejoin=rejoin, sources=tuple(sources),
        dropped=tuple(dropped) if dropped is not None else struck_text_of(sources),
    )


def struck_text_of(sources: Sequence[SourceRef]) -> tuple[str, ...]:
    """The struck-through text of the cells and paragraphs in ``sources``, in order; a cell met twice
    (one cell split into several items) counts once.

    >>> struck_text_of([SourceRef("progress", "Done", 1, lines=(4, 4), struck=("Deleted",)),
    ...                 SourceRef("issues", "Next", 1, lines=(4, 4), struck=("Deleted",))])
    ('Deleted',)
    """
    seen = set()
    out: list[str] = []
    for s in sources:
        key = (s.page, s.bbox, s.lines, s.index, s.struck)
        if s.struck and key not in seen:
            seen.add(key)
            out.extend(s.struck)
    return tuple(out)


# --- units: the Layout in reading order ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    """A table row or a paragraph.  ``table`` numbers the Layout table a row came from."""

    cells: tuple[Cell | None, ...] | None = None
    text: Text | None = None
    table: int = -1

    @property
    def page(self) -> int:
        if self.text is not None:
            return self.text.page
        return next((c.page for c in self.cells or () if c is not None), 1)

    @property
    def is_row(self) -> bool:
        return self.cells is not None

    @property
    def para(self) -> str:
        """A paragraph's text ("" for a table row)."""
        return self.text.text.strip() if self.text is not None else ""


def layout_units(layout: Layout) -> list[Unit]:
    """Every table row and paragraph of a Layout, in reading order (empty paragraphs dropped)."""
    units: list[Unit] = []
    n_table = 0
    for block in layout.blocks:
        if isinstance(block, Table):
            units.extend(Unit(cells=row, table=n_table) for row in block.rows)
            n_table += 1
        elif block.text.strip():
            units.append(Unit(text=block))
    return units


# --- small readings shared by the stages ------------------------------------------------------------------


def rag_of(text: str | None) -> str | None:
    """Return GREEN/AMBER/RED if ``text`` is just a RAG word, else None.

    >>> rag_of(" amber "), rag_of("Greenwich")
    ('AMBER', None)
    """
    if text and (m := RAG.match(text)):
        return m.group(1).upper()
    return None


def is_status_word(text: str) -> bool:
    return bool(text) and (rag_of(text) is not None or bool(NOT_RAG_STATUS.match(text)))


def is_title_like(text: str) -> bool:
    """A short line with no closing punctuation: how an action title looks when it lost its table cell."""
    words = text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not TERMINAL.search(text) and text[:1].isupper()


def one_line(items: Sequence[str]) -> str:
    return collapse_ws(" ".join(items))


def header_role(text: str) -> str | None:
    """The role a header cell names, as a string (None for none).

    >>> header_role("Issues & Next steps"), header_role("To be delivered by:")
    ('issues', 'timescale')
    """
    from pipeline.columns import header_match

    m = header_match(text)
    if m is None or m.role in (Role.ID, Role.NONE) or m.score < 0.5:
        return None
    return m.role.value


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
    return None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    return collapse_ws(text).strip(" -–—:") or None


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


# --- the reading state ------------------------------------------------------------------------------------


@dataclass
class ReadState:
    """What one stage leaves for the next: the rows so far, the context, the last table's columns."""

    ctx: Context = field(default_factory=Context)
    rows: list[RoleRow] = field(default_factory=list)
    title: str | None = None
    period: str | None = None
    columns: Any = None             # pipeline.columns.Columns of the table being read (None: no table open)
    last_header: Any = None         # the last header row's Columns (a repeated header may lose cells)
    table_mode: Any = None          # pipeline.tables.Mode of the open table
    columns_table: int = -1         # the Layout table (Unit.table) the columns were read for
    open_row: bool = False          # a record is open for continuation rows / paragraphs
    pending_objective: bool = False  # an "Objective:" line with its sentence on the next line
    tally: Counter[str] = field(default_factory=Counter)  # what was set aside, for warnings
    headerless_page: int = 0
    theme: bool = False             # the section is a theme/priority: a numbered objective under it is its objective
    unused: list[SourceRef] = field(default_factory=list)   # paragraphs no stage placed (W110), kept to show

    def set_aside(self, block: Text | Cell, text: str | None = None) -> None:
        """A paragraph (or a row's text) no stage could place: counted in W110 and kept in DocRows.unused."""
        self.tally["unused"] += 1
        self.unused.append(source_of("unused", block, text))

    def emit(self, row: RoleRow) -> None:
        """Add a row; a continuation with nothing open above it starts a record of its own."""
        if row.continuation and not self.open_row:
            row = replace(row, continuation=False)
        if not row.continuation:
            if not row.items("action"):
                self.tally["untitled"] += 1  # records.py drops a row with no title; say so
            self.open_row = True
        self.rows.append(row)

    def new_section(self, name: str, objective: str | None = None, status: str | None = None,
                    *, theme: bool = False) -> None:
        self.ctx = self.ctx.with_section(name, objective, status)
        self.pending_objective = False
        self.theme = theme
        self.open_row = False  # a row after a new section heading never continues the last section's record

    def heading(self, text: str) -> bool:
        """Apply a section heading; True if ``text`` is one.

        A numbered objective under a theme ("Theme 2: A green city" then "Objective 2.1: Protect ...")
        is that theme's objective (pdf-cells-wrapped layouts); on its own it heads its section.
        """
        if (m := NUMBERED_OBJECTIVE.match(text)) and self.theme:
            self.ctx = replace(self.ctx, objective=_clean(m.group(2)))
            self.open_row = False
            return True
        if heading := section_heading(text):
            self.new_section(*heading, theme=bool(THEME.match(text)))
            return True
        return False


Reader = Callable[[list[Unit], int, ReadState], int | None]


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
    if re.match(r"^Objectives?\s*[:\-–]", text, re.I):
        return collapse_ws(m.group(1))
    return None


MAX_OBJECTIVE_LABEL_WORDS = 4


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


CAPTION_MAX_WORDS = 8
HEADING_ROLES = frozenset({Role.ACTION, Role.COMMITMENT, Role.OBJECTIVE, Role.SECTION})
# "Theme 2:" / "Objective 2.1:" alone on a line, its text on the next (tables copied out of PDFs).
NUMBERED_HEADING_ALONE = re.compile(
    r"^(?:(?:Equality|Corporate|Strategic|Council)\s+)?(?:Priority|Theme|Ambition|Outcome|Aim|Objective)\s*"
    r"(?:\d{1,2}(?:\.\d{1,2})?[a-z]?|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:\-–—.]?$", re.I)
# The line under such a heading states its aim ("To make sure every tenant ..."), not its title.
AIM = re.compile(r"^(?:To|We will|Our aim)\b")


def caption_above(units: list[Unit], i: int, state: ReadState) -> str | None:
    """A short title-like paragraph right above ``i`` (a table's or item list's caption), else None.

    gold/SPEC.md: "a table caption or theme heading above the rows is the section".
    """
    if i == 0 or units[i - 1].is_row or units[i - 1].text is None:
        return None
    prev = units[i - 1].text
    text = units[i - 1].para
    if prev is None or prev.list_item or len(text.split()) > CAPTION_MAX_WORDS or not is_title_like(text):
        return None
    if text == state.title or text == state.ctx.section or is_context_line(text):
        return None
    if re.search(r"\d{3,}|https?:|www\.|@", text):
        return None
    label = match_label(text)
    if label is not None and label.score >= 0.66 and label.role not in HEADING_ROLES:
        return None  # a field label ("Lead officer"), not a caption; "Our commitments" heads the items
    return text


def read_context(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Section headings, objective lines and the document title (paragraphs only).

    >>> state = ReadState()
    >>> read_context(layout_units_of("Priority three\nTo make sure every tenant has a warm home"), 0, state)
    2
    >>> state.ctx.section, state.ctx.objective
    ('Priority three', 'To make sure every tenant has a warm home')
    """
    u = units[i]
    if u.is_row:
        return None
    t = u.text
    assert t is not None
    text = u.para
    if not t.list_item and state.heading(text):
        return i + 1
    nxt = units[i + 1] if i + 1 < len(units) else None
    if NUMBERED_HEADING_ALONE.match(text) and nxt is not None and not nxt.is_row:
        if AIM.match(nxt.para) and not NUMBERED_OBJECTIVE.match(f"{text.rstrip(' :.-–—')}: x"):
            # "Priority three" / "To make sure every tenant ...": the heading names the section, the line
            # under it is its objective (private rented housing strategy, community safety plans).
            state.new_section(text.rstrip(" :.-–—"), collapse_ws(nxt.para))
            return i + 2
        joined = f"{text.rstrip(' :.-–—')}: {nxt.para}"
        if state.heading(joined):
            return i + 2
        if (objective := objective_line(joined)) is not None:
            state.ctx = replace(state.ctx, objective=objective or None)
            return i + 2
    if state.pending_objective:
        state.ctx = replace(state.ctx, objective=text)
        state.pending_objective = False
        return i + 1
    objective = objective_line(text)
    if objective == "":
        state.pending_objective = True
        return i + 1
    if objective:
        state.ctx = replace(state.ctx, objective=objective)
        return i + 1
    # Title: a bold line or heading before any section or table (seed 003 "**Corporate Improvement Plan…**").
    if state.title is None and state.ctx.section is None and not state.rows and state.columns is None and (
        t.bold or t.heading_level
    ):
        if is_council_name(text):
            # Only a council's name: the publisher above the title (a web page's bold site name over its
            # <h1>, a cover's council line), read by pipeline.docmeta into documents.council.
            return i + 1
        nxt = units[i + 1] if i + 1 < len(units) else None
        if not (nxt is not None and not nxt.is_row and is_status_word(nxt.para)):
            state.title, state.period = title_and_period(text)
            return i + 1
    return None


def layout_units_of(text: str) -> list[Unit]:
    """The units of a text rendering (for examples and tests)."""
    from pathlib import Path

    from extractors.text import text_to_layout

    return layout_units(text_to_layout(text, Path("example.txt")))


def read_unused(units: list[Unit], i: int, state: ReadState) -> int:
    """A paragraph no stage could place: counted in the document's warnings (W110) and kept."""
    u = units[i]
    if u.text is not None:
        state.set_aside(u.text)
    else:
        state.tally["unused"] += 1
    return i + 1


def readers() -> tuple[Reader, ...]:
    """The stages, most specific first.  Imported here: each module imports this one's model."""
    from pipeline.column_groups import read_column_groups
    from pipeline.items import read_item_run, read_project, read_unlabelled_list
    from pipeline.line_tables import read_line_table
    from pipeline.paragraph_tables import read_paragraph_table
    from pipeline.tables import read_table, read_table_paragraph

    return (read_table, read_paragraph_table, read_table_paragraph, read_line_table, read_context,
            read_project, read_column_groups, read_item_run, read_unlabelled_list)


def layout_to_rows(layout: Layout) -> DocRows:
    """Read a Layout into rows with roles, section and objective carried down.

    >>> from pathlib import Path; from extractors import extract
    >>> doc = layout_to_rows(extract(Path("data/raw/004_59fe58fd6413823e.txt")))
    >>> doc.title, len([r for r in doc.rows if not r.continuation]), doc.rows[0].section
    ('EDI Action Plan', 21, 'Community Leader')
    """
    units = layout_units(layout)
    state = ReadState()
    for key, value in layout.meta:
        if key == "running_header" and value:
            state.title, state.period = title_and_period(value)
    stages = readers()
    i = 0
    while i < len(units):
        for read in stages:
            j = read(units, i, state)
            if j is not None:
                assert j > i, f"{read.__name__} did not advance at unit {i}"
                i = j
                break
        else:
            i = read_unused(units, i, state)
    unplaced = tuple(k[len("unplaced:"):] for k in state.tally if k.startswith("unplaced:"))
    return DocRows(tuple(state.rows), state.title, state.period, tuple(_warnings(state)), unplaced,
                   tuple(state.unused))


def text_rows(text: str) -> list[tuple[str, ...]]:
    r"""(action, role: text ...) of each record a text rendering gives: a short way to show a stage at work.

    >>> text_rows("Action\tLead\tDue\nPublish the plan\tPolicy Team\tMarch 2026")
    [('Publish the plan', 'responsible: Policy Team', 'timescale: March 2026')]
    """
    from pathlib import Path

    from extractors.text import text_to_layout

    doc = layout_to_rows(text_to_layout(text, Path("example.txt")))
    out = []
    for row in doc.rows:
        if row.continuation:
            continue
        title = " ".join(row.items("action"))
        out.append((title, *(f"{r}: {' / '.join(items)}" for r, items in row.parts if r != "action")))
    return out


def _warnings(state: ReadState) -> list[str]:
    out = []
    if state.tally["headerless"]:
        out.append(W101.format(page=state.headerless_page, n=state.tally["headerless"]))
    if state.tally["untitled"]:
        out.append(W111.format(n=state.tally["untitled"]))
    unplaced = [k[len("unplaced:"):] for k in state.tally if k.startswith("unplaced:")]
    if unplaced:
        out.append(W112.format(cells="; ".join(repr(c) for c in unplaced)))
    return out


W112 = ("W112 header cells that name no known role, their columns read by content or not at all: {cells}; "
        "add the words to a headers file (docs/patterns.md) if they name a field")

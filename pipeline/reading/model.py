"""The reading model: what the readers read (units) and what they leave (rows, context, sources, state).

A Layout's blocks become :class:`Unit` s (table rows and paragraphs, in reading order); a reader
(:mod:`pipeline.reading.readers`) consumes units and emits :class:`RoleRow` s — cells filed under
roles, under the :class:`Context` (section, objective, commitment) carried down from the headings
above — into the :class:`ReadState` the loop (:mod:`pipeline.reading.loop`) hands from reader to
reader.  :class:`Columns` is the column roles of the table being read.  This module reads nothing:
no cue words, no imports from the rest of ``pipeline/reading/``.

Layers of ``pipeline/reading/`` (each imports only from those above it in this list;
tests/test_import_layers.py checks it)::

    model       units, rows, context, sources, columns, state
    evidence    what a cell's content looks like (dates, posts, RAG words, values)
    columns     which field each column of a table holds (header words + content)
    shared      what several readers need: header runs, enumerators, open endings, context lines,
                table columns and projects on the state
    headings    the heading or caption above a table or list: commitment, section, or no context
    fit         how well a paragraph fits a column (rebuilt tables)
    readers/*   one shape of content each; no reader imports another
    loop        offers each unit to the readers in turn and keeps the first reading
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Sequence

from extractors.base import Cell, Layout, Table, Text, collapse_ws
from pipeline.vocab import Kind, Role
from schemas.records import SourceRef

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
    notes: tuple[SourceRef, ...] = ()   # note rows inside tables (a full-width "Links to other plans: ..." row)

    @property
    def items_set_aside(self) -> tuple[SourceRef, ...]:
        """The paragraphs of items a run of item blocks read but gave no record (an item heading and
        lines no label describes, role :data:`UNUSED_ITEM`): text inside the run, so the account counts
        it lost, not prose."""
        return tuple(s for s in self.unused if s.role == UNUSED_ITEM)


UNUSED_ITEM = "unused item"   # SourceRef.role of an item's paragraph its run set aside (DocRows.items_set_aside)


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


# --- tables: column roles and what the rows are ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Columns:
    """Roles of a table's columns: ``roles[i]`` is column i's role (None: no field)."""

    roles: tuple[Role | None, ...]
    kind: Kind = Kind.ACTION
    labels: tuple[str, ...] = ()                 # the header cells as written ("" where none)
    value_cols: frozenset[int] = frozenset()     # KPI value columns: items keep their header ("Q1: 94%")
    confidence: float = 1.0                      # 1 = every column named by its header words
    unplaced: tuple[str, ...] = ()               # header cells that named no role

    def label(self, i: int) -> str:
        return collapse_ws(self.labels[i]).strip(" :") if i < len(self.labels) else ""

    def index(self, role: Role) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    @property
    def main_text_role(self) -> Role:
        """Where loose paragraphs under a row belong: the first free-text column after the action."""
        for role in (Role.PROGRESS, Role.DETAIL, Role.ISSUES, Role.MEASURES):
            if role in self.roles:
                return role
        return Role.PROGRESS

    def widened(self, n: int) -> "Columns":
        """The same roles for a row of ``n`` cells (extra cells have no role)."""
        if n <= len(self.roles):
            return self
        pad = n - len(self.roles)
        return Columns(self.roles + (None,) * pad, self.kind, self.labels + ("",) * pad, self.value_cols,
                       self.confidence, self.unplaced)


class Mode(Enum):
    """What the rows of the current table are."""

    TABLE = "table"        # data rows under a header
    PROJECTS = "projects"  # a RAG report: rows are the current project's progress
    NOTES = "notes"        # "Connections to other plans": rows are not records


@dataclass
class TableState:
    """The table being read: its columns, what its rows are, the Layout table they were read for."""

    columns: Columns | None = None      # the columns of the table being read (None: no table open)
    last_header: Columns | None = None  # the last header row's columns (a repeated header may lose cells)
    mode: Mode | None = None            # what the rows of the open table are (None: no table open)
    index: int = -1                     # the Layout table (Unit.table) the columns were read for


# "Council-wide[iv]", "Local[v]", "Tenancy support[12]": a footnote marker glued to the end of a heading.
FOOTNOTE_MARK = re.compile(r"\s*\[(?:[ivxlc]{1,5}|\d{1,2})\]$", re.I)


# --- the reading state ------------------------------------------------------------------------------------


@dataclass
class ReadState:
    """What one stage leaves for the next: the rows so far, the context, the last table's columns."""

    ctx: Context = field(default_factory=Context)
    rows: list[RoleRow] = field(default_factory=list)
    title: str | None = None
    period: str | None = None
    table: TableState = field(default_factory=TableState)  # the table being read
    open_row: bool = False          # a record is open for continuation rows / paragraphs
    pending_objective: bool = False  # an "Objective:" line with its sentence on the next line
    tally: Counter[str] = field(default_factory=Counter)  # what was set aside, for warnings
    headerless_page: int = 0
    theme: bool = False             # the section is a theme/priority: a numbered objective under it is its objective
    unused: list[SourceRef] = field(default_factory=list)   # paragraphs no stage placed (W110), kept to show
    notes: list[SourceRef] = field(default_factory=list)    # note rows read inside tables (the account: prose)

    def set_aside(self, block: Text | Cell, text: str | None = None) -> None:
        """A paragraph (or a row's text) no stage could place: counted in W110 and kept in DocRows.unused."""
        self.tally["unused"] += 1
        self.unused.append(source_of("unused", block, text))

    def note(self, cell: Cell) -> None:
        """A table row that is a note on the rows around it, not a record and not the table's end
        (a full-width "Links to other plans and strategies: ..." row): kept for the account (prose)."""
        self.notes.append(source_of("note", cell))

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
        """Open a section named ``name`` (a footnote marker glued to its end dropped: "Local[v]" is
        section "Local", level-measure-blocks.txt), with its own objective and status."""
        name = FOOTNOTE_MARK.sub("", name) or name
        self.ctx = self.ctx.with_section(name, objective, status)
        self.pending_objective = False
        self.theme = theme
        self.open_row = False  # a row after a new section heading never continues the last section's record


def layout_units_of(text: str) -> list[Unit]:
    """The units of a text rendering (for examples and tests)."""
    from pathlib import Path

    from extractors.text import text_to_layout

    return layout_units(text_to_layout(text, Path("example.txt")))

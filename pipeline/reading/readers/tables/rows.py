"""Data rows of a table with columns: each cell filed under its column's role, or a continuation.

:func:`table_row` reads one row under ``state.table.columns``: a commitment, objective or grouping
column sets the context; a status column's RAG word becomes the row's status (any other status word is
progress); every other cell is filed under its role.  A row whose action cell is empty, copied from a
row span, or starts mid-sentence under an unfinished title continues the record above
(``continuation=True``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Sequence

from extractors.base import Cell
from pipeline.cues import Cue
from pipeline.reading.model import Columns, ReadState, RoleRow, make_row, source_of
from pipeline.reading.shared import (
    TERMINAL,
    leading_rag_of,
    one_line,
    rag_of,
)
from pipeline.vocab import Role
from schemas.records import SourceRef


def struck_flags(cells: Sequence[Cell | None]) -> tuple[str, ...]:
    """The row's flag counting the struck-through characters dropped from its cells (none when none)."""
    n = sum(c.struck_chars for c in cells if c is not None)
    return (f"struck_text_dropped:{n}",) if n else ()


def struck_texts(cells: Sequence[Cell | None]) -> tuple[str, ...]:
    """The struck-through text of a row's cells (what ``struck_text_dropped`` counts), a merged cell's
    copies once."""
    return tuple(t for c in cells if c is not None and not c.spanned for t in c.struck_text)


def _last_record_rows(state: ReadState) -> list[RoleRow]:
    """The rows of the last record: its first row and the continuation rows after it."""
    out: list[RoleRow] = []
    for r in reversed(state.rows):
        out.append(r)
        if not r.continuation:
            break
    return list(reversed(out))


# Words a title cut by a page break cannot end on ("... as a result of the").  Not shared.OPEN_END's list:
# that one also ends on "into", "than", "within", ... and on "&", ",", "(": merging them changes which
# lower-case rows carry on a title.
OPEN_TITLE_END = Cue(r"\b(?:{open_end_word})$", re.I)


def _last_title_open(state: ReadState, fragment: str) -> bool:
    """A lower-case ``fragment`` carries on the title above: that title stops on a word no sentence ends
    with ("... as a result of the", seed 001), or stops unpunctuated and the fragment finishes the
    sentence ("... uses language" / "this is clear and concise.", seed 000) — title cells cut by a
    page break.  A row that merely starts in lower case under a finished title is a row of its own
    ("e-learning modules completed by staff": tests/data/pdf/stitch-lowercase-row-not-glued.pdf)."""
    prev = _last_record_rows(state)
    title = one_line([it for r in prev for it in r.items("action")])
    if OPEN_TITLE_END.search(title):
        return True
    return bool(title) and not TERMINAL.search(title) and bool(re.search(r"[.!?]\s*$", fragment))


def continues_title(state: ReadState, action_items: tuple[str, ...], parts: list[tuple[str, tuple[str, ...]]],
                    cols: Columns) -> bool:
    """A title cell that carries on an unfinished title, with its text column carrying on mid-sentence."""
    prev = _last_record_rows(state)
    if not prev or not action_items:
        return False
    prev_action = one_line([it for r in prev for it in r.items("action")])
    if not prev_action or TERMINAL.search(prev_action):
        return False
    main = dict(parts).get(cols.main_text_role.value, ())
    prev_main = [it for r in prev for it in r.items(cols.main_text_role.value)]
    return bool(main and prev_main and main[0][:1].islower() and not TERMINAL.search(prev_main[-1]))


@dataclass
class _RowCells:
    """What a data row's cells give, read left to right under the current columns."""

    parts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)   # (role, items) in column order
    sources: list[SourceRef] = field(default_factory=list)
    action_cell: Cell | None = None
    status: str | None = None     # a RAG word from a status column


CONTEXT_ROLES = frozenset({Role.COMMITMENT, Role.OBJECTIVE, Role.SECTION})


def _carry_context(state: ReadState, role: Role, cell: Cell) -> None:
    """A commitment, objective or grouping column: its cell sets the context of the rows below."""
    if role == Role.COMMITMENT:
        if not cell.is_empty and not (cell.spanned and one_line(cell.items) == state.ctx.commitment):
            state.ctx = replace(state.ctx, commitment=one_line(cell.items))
    elif role == Role.OBJECTIVE:
        # An objective column merged down over its actions (HTML rowspan / Word vMerge).
        if not cell.is_empty:
            state.ctx = replace(state.ctx, objective=one_line(cell.items))
    elif not cell.is_empty and one_line(cell.items) != state.ctx.section:
        # A grouping column ("Area", "Theme", "Scrutiny panel") given on the first row of its group.
        state.ctx = replace(state.ctx, section=one_line(cell.items), section_status=None)


def _read_cell(state: ReadState, row: _RowCells, cols: Columns, idx: int, cell: Cell, role: Role) -> None:
    """One cell of a data row filed under its column's role (a RAG word becomes the row's status)."""
    if role == Role.ACTION:
        row.action_cell = cell
        if cell.spanned and state.open_row:
            return  # a row-spanning action cell copied into this row: same record
    if role == Role.STATUS:
        rag = rag_of(cell.text)
        if rag is not None or cell.is_empty:
            row.status = rag or row.status
            if rag is not None:
                row.sources.append(source_of(Role.STATUS, cell))   # review outlines the RAG cell too
            return
        # "Complete", "Open - on track": a status word, not a RAG (SPEC); "Amber - behind schedule": the
        # RAG, and the whole text as the first progress item.
        row.status = leading_rag_of(cell.text) or row.status
        if not cell.is_empty:
            # The source keeps its column's role: records.state reads the status cell wherever the
            # column stands (an audit tracker's Status after its Management response column).
            row.parts.append((Role.PROGRESS.value, cell.items or (cell.text,)))
            row.sources.append(source_of(Role.STATUS, cell))
        return
    if cell.is_empty:
        return
    items = cell.items or (cell.text,)
    if idx in cols.value_cols:
        items = tuple(f"{cols.label(idx)}: {it}" for it in items)
        role = Role.PROGRESS
    row.parts.append((role.value, items))
    row.sources.append(source_of(role, cell))


def _file_cell(state: ReadState, row: _RowCells, cols: Columns, idx: int, cell: Cell, role: Role) -> None:
    """One cell of a data row: an ID kept as a source, context carried down, or a field's items.

    A Ref column ("KPI 01", "2.1.1") gives no field (gold/SPEC.md), but the record names the cell among
    its sources (role "id"): the account counts it as the record's and review outlines it, so the
    reference is not text that went nowhere (a ruled KPI PDF's Ref column was in no field, no source
    and not in dropped: issue 18).
    """
    if role == Role.ID:
        if not cell.is_empty:
            row.sources.append(source_of(Role.ID, cell))
    elif role in CONTEXT_ROLES:
        _carry_context(state, role, cell)
    else:
        _read_cell(state, row, cols, idx, cell, role)


def _continues_record(state: ReadState, row: _RowCells, cols: Columns) -> bool:
    """The row carries on the open record above: its action cell is empty or copied from a row span, or
    its title starts mid-sentence under an unfinished title."""
    if not state.open_row:
        return False
    action = row.action_cell
    if action is None or action.is_empty or action.spanned:
        return True
    action_items = dict(row.parts).get("action", ())
    if action_items and action_items[0][:1].islower() and (
            _last_title_open(state, one_line(action_items)) or len(one_line(action_items).split()) == 1):
        # (a single lower-case word under a finished title is scan debris the record drops: seed 000)
        return True  # "recent pandemic. We will …": a title cell split by a page break (seed 001)
    return continues_title(state, action_items, row.parts, cols)


def table_row(state: ReadState, cells: tuple[Cell | None, ...], page: int) -> None:
    """One data row under the current columns -> a RoleRow (or a continuation of the record above)."""
    cols = state.table.columns
    assert cols is not None
    row = _RowCells()
    for idx, cell in enumerate(cells):
        role = cols.roles[idx] if idx < len(cols.roles) else None
        if cell is not None and role is not None and role != Role.NONE:
            _file_cell(state, row, cols, idx, cell, role)
    status = row.status
    if status is None:  # RAG shown only as a cell colour (PDF/HTML/DOCX)
        status = next((rag_of(c.fill) for c in cells if c is not None and c.fill and rag_of(c.fill)), None)
    continuation = _continues_record(state, row, cols)
    if not row.parts and not continuation:
        return
    # A cell the extractor joined over a page break ends on a later page than it starts.
    page_end = max((c.page_end or c.page for c in cells if c is not None and not c.is_empty), default=page)
    state.emit(make_row(cols.kind, row.parts, state.ctx, page, page_end, continuation=continuation, status=status,
                        flags=struck_flags(cells), confidence=cols.confidence, sources=row.sources,
                        dropped=struck_texts(cells)))

"""Header rows: which table's columns the rows below are read with.

A header row (:func:`pipeline.reading.columns.header_score`) sets the column roles from its words and
the content below; a header repeated on every page is only noted; a first row of unknown words that
looks like a header sets columns from content alone when the rows make the case
(:func:`evidence_columns`).  A new table without a header carries on the last one only with the same
columns (:func:`inherits_columns`).
"""

from __future__ import annotations

from typing import Sequence

from extractors.base import Cell, collapse_ws
from pipeline.reading.columns import assign_roles, header_match, header_score
from pipeline.reading.headings import apply_caption_above
from pipeline.reading.model import Columns, Mode, ReadState, Unit
from pipeline.reading.shared import (
    TERMINAL,
    body_columns,
    cell_texts,
    distinct_cells,
    set_columns,
)
from pipeline.vocab import Role


def _is_repeated_header(state: ReadState, cols: Columns) -> bool:
    """The same header again (each page of a long table): the columns stay as they are.

    A KPI header naming other periods or values ("2023/24 value" then "2023/24 outturn", two tables one
    after another: tests/shared/corpus/layouts/kpi-double-space-two-tables-three-values.txt) is a new
    header even with the same roles: its value columns label the items below it."""
    current = state.table.columns
    return (current is not None and state.table.mode == Mode.TABLE and cols.kind == current.kind
            and cols.roles == current.roles[: len(cols.roles)]
            and all(cols.label(k) == current.label(k) for k in cols.value_cols if k < len(current.labels)))


def header_row(units: list[Unit], i: int, state: ReadState) -> bool:
    """The row at ``i`` is a table's header: its columns become the current ones (a header repeated on
    each page is only noted).  A first row that looks like a header but whose words are unknown sets
    columns from the content below when that makes the case; else its cells are tallied for E110 and
    False is returned, as for any other row."""
    u = units[i]
    cells = u.cells or ()
    all_texts = cell_texts(cells)
    if header_score(all_texts) and (u.table != state.table.index or _all_named(all_texts)
                                    or _repeats_last_header(state, all_texts)):
        cols = assign_roles(all_texts, body_columns(units, i))
        if cols is not None:
            if not _is_repeated_header(state, cols):
                if _is_first_row(units, i):
                    apply_caption_above(units, i, state)   # "Parks and green spaces performance measures" above it
                set_columns(state, cols, len(cells))
            state.table.index = u.table
            return True
    if not (_is_first_row(units, i) and looks_like_header(cells)):
        return False
    cols = evidence_columns(all_texts, body_columns(units, i))
    if cols is not None:
        set_columns(state, cols, len(cells))
        state.table.index = u.table
        return True
    for cell in all_texts:
        if cell.strip():
            state.tally[f"unplaced:{cell.strip()}"] += 1  # for the E110 message if nothing else is read
    return False


def _all_named(texts: Sequence[str]) -> bool:
    """Every non-empty cell is all header words: a header again inside a table that has one (a header
    repeated on each page, or a second header); a data row merely mentioning an objective is not."""
    return all((m := header_match(t)) is not None and m.exact for t in texts if t.strip())


def _repeats_last_header(state: ReadState, texts: Sequence[str]) -> bool:
    """The row is the last header row again, cell for cell (a cell may be lost, as at seed 004's p5),
    though one of its cells names no role: seed 004 with a header word the vocabulary lacks, its header
    repeated under each section inside one table."""
    last = state.table.last_header
    if last is None or len(texts) != len(last.labels) or sum(1 for t in texts if t.strip()) < 2:
        return False
    return all(collapse_ws(t).strip() == collapse_ws(label).strip()
               for t, label in zip(texts, last.labels) if t.strip())


def _is_first_row(units: list[Unit], i: int) -> bool:
    """The row at ``i`` is the first of its Layout table."""
    return i == 0 or not units[i - 1].is_row or units[i - 1].table != units[i].table


MIN_EVIDENCE_ROWS = 2
EVIDENCE_ROLES = frozenset({Role.TIMESCALE, Role.STATUS, Role.RESPONSIBLE})


def evidence_columns(header: list[str], body: list[list[str]]) -> Columns | None:
    """Column roles for a table whose header words are unknown, from its content alone, or None.

    The rows must make the case: at least two rows, an action column of titles or sentences, and two
    columns whose content is unmistakable (dates or periods, RAG words, services or posts).  The
    records get the low confidence of columns read by content (0.4 + 0.6 x the share named by words).
    """
    if sum(1 for col in body[:1] for t in col if t.strip()) < MIN_EVIDENCE_ROWS:
        return None
    cols = assign_roles(header, body)
    if cols is None:
        return None
    if len([r for r in cols.roles if r in EVIDENCE_ROLES]) < 2:
        return None
    return cols


def inherits_columns(units: list[Unit], i: int, state: ReadState) -> bool:
    """True if the row at ``i`` can be read with the current columns.

    Rows of the table the header row belongs to always can.  A new Layout table without a header row
    carries on the last one (text renderings cut a table wherever a line has no tab, seed 000) only
    with the same number of columns and a first row that is neither header-like nor a title spanning
    the table: a glossary or the next section of a form after an action table is a table of its own
    (../shared/bugcases/min-html-*, the Oxford funding application in ../shared/corpus/public).
    """
    cols = state.table.columns
    if cols is None or state.table.mode != Mode.TABLE:
        return False
    u = units[i]
    if u.table == state.table.index:
        return True
    prev_row = next((units[k] for k in range(i - 1, -1, -1) if units[k].is_row), None)
    if prev_row is None or prev_row.table != state.table.index:
        return False
    cells = u.cells or ()
    if len(cells) != len(cols.roles) or looks_like_header(cells) or len(distinct_cells(cells)) == 1 and all(
            c is not None and not c.is_empty for c in cells):
        return False
    state.table.index = u.table
    return True


def looks_like_header(cells: Sequence[Cell | None]) -> bool:
    """Short, distinct, unpunctuated cells in every column: the header of a table of its own."""
    texts = [c.text.strip() for c in cells if c is not None and not c.is_empty]
    return (len(texts) == len(cells) and len(set(texts)) == len(texts)
            and all(len(t.split()) <= 6 and not TERMINAL.search(t) for t in texts))

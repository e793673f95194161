"""Group rows: a workstream or theme named in a row of its own inside a table with a header, the rows
under it its actions.

The kind (council improvement-plan annexes rendered as tab-separated text, ../shared/bugcases
min-text-bold-header-ref-column-workstream-row.txt, tests/shared/corpus/layouts
tab-cells-bold-header-theme-rag-rows.txt): under the header, a row whose only filled cells are a
title-like first cell and, optionally, a RAG word (``<b>Theme 2: Housing Repairs Recovery</b>`` with
``<b>RED</b>`` in the RAG column, every other cell empty).  The row names the section and its RAG is the
section's status; it is never a record, wherever it stands (before the first data row or between
data rows, one group or several).

The title must be out of place for a data row or marked as a heading, and a data row must follow:

- out of place: it stands in a column that holds no title (a "Ref" column of IDs), or
- marked: it is a section or workstream cue ("Theme 1: ...", "Workstream A: ..."; words in
  ``pipeline/patterns/cues.jsonl``), or it is bold over a data row whose title is not.

A one-cell row with a section cue and no RAG stays :func:`~.context_rows.context_row`'s (a theme
heading, shortened as SPEC says); a group carrying its own RAG is named as written, as a workstream
report's workstream is (gold/SPEC.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from extractors.base import Cell
from pipeline.reading.columns import header_score
from pipeline.reading.evidence import text_features
from pipeline.reading.model import Mode, ReadState, Unit
from pipeline.reading.readers.tables.context_rows import spans_row
from pipeline.reading.shared import (
    WORKSTREAM,
    cell_texts,
    heading_text,
    is_title_like,
    one_line,
    rag_of,
    section_heading,
)
from pipeline.vocab import Role

# A group row names its group in a table of several columns: a two-cell "title | RAG" table is a RAG
# report's project list (seed 003), read by project_row.
MIN_GROUP_TABLE_COLUMNS = 3
# How far a group row's first data row may stand (a page number, a running header, the header again).
MAX_LOOKAHEAD = 6
# Columns where a title is out of place: IDs and labels with no field.
NO_TITLE_ROLES = frozenset({None, Role.ID, Role.NONE})


def group_row(units: list[Unit], i: int, state: ReadState) -> bool:
    """The row at ``i`` names a group of the rows under it: its title is the section, its RAG word (if
    any) the section's status.  True if it did (the row gives no record)."""
    cols = state.table.columns
    cells = units[i].cells or ()
    if cols is None or state.table.mode != Mode.TABLE or len(cells) < MIN_GROUP_TABLE_COLUMNS or spans_row(cells):
        return False
    found = _title_and_rag(cells)
    if found is None:
        return False
    k, title, rag = found
    action_col = cols.index(Role.ACTION)
    below = _next_row_cells(units, i)
    if action_col is None or below is None or not _has_text(below, action_col) or _title_and_rag(below):
        return False
    role = cols.roles[k] if k < len(cols.roles) else None
    if not (_out_of_place(role, title) or _marked(title, cells[k], below[action_col])):
        return False
    state.new_section(heading_text(title), None, rag)
    return True


def _title_and_rag(cells: Sequence[Cell | None]) -> tuple[int, str, str | None] | None:
    """(column, title, RAG or None) when the row's only filled cells are a title-like first filled cell
    and at most one RAG word after it; else None."""
    filled = [(k, c) for k, c in enumerate(cells) if c is not None and not c.is_empty]
    if not filled or len(filled) > 2 or filled[0][1].spanned:
        return None
    k, first = filled[0]
    title = one_line(first.items) or first.text.strip()
    if not is_title_like(title) or rag_of(title) is not None:
        return None
    rag = rag_of(filled[1][1].text) if len(filled) == 2 else None
    if len(filled) == 2 and rag is None:
        return None
    return k, title, rag


def _out_of_place(role: Role | None, title: str) -> bool:
    """A title in a column that holds none (a Ref column of IDs), and no ID itself."""
    return role in NO_TITLE_ROLES and not text_features(title).is_id


def _marked(title: str, cell: Cell | None, below_title: Cell | None) -> bool:
    """A title in the action column marked as a heading: a section or workstream cue, or bold over a
    data row whose title is not bold."""
    if section_heading(title) is not None or WORKSTREAM.search(title):
        return True
    return cell is not None and cell.bold and below_title is not None and not below_title.bold


def _next_row_cells(units: list[Unit], i: int) -> tuple[Cell | None, ...] | None:
    """The cells of the first row after ``i`` that is not a header, past a page break's furniture and
    repeated header (a text rendering puts "Page 2 of 3" and the header again between a group row and
    its first data row); None when no row follows within a few units."""
    for u in units[i + 1:i + 1 + MAX_LOOKAHEAD]:
        if u.is_row and not header_score(cell_texts(u.cells or ())):
            return u.cells or ()
    return None


def _has_text(cells: Sequence[Cell | None], k: int) -> bool:
    cell = cells[k] if k < len(cells) else None
    return cell is not None and not cell.is_empty


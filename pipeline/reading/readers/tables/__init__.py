"""Layout tables -> rows with roles (read by :func:`read_table`; paragraphs between rows by
:func:`read_table_paragraph`).

A header row (:func:`pipeline.reading.columns.header_score`) sets the column roles of the rows under it, from
its words and the content of the columns below (:func:`pipeline.reading.columns.assign_roles`); a header
repeated on every page is dropped.  Inside a table:

- a row with one distinct cell that heads a section ("As a Community Leader - We will ...",
  "Priority 1: ...", "Objective: ...") sets the context; a full-width title row (a theme spanning the
  table) becomes the section; a row spanning the table by the file's merge evidence (Word gridSpan,
  HTML colspan, a PDF full-width row) that labels an aim ("Our aim: ...") is the objective, and one
  that is a note ("Links to other plans and strategies: ...", "Data is correct at ...") is a note on
  the rows around it (``DocRows.notes``, prose in the account) — never a record, never the table's end;
- a group row under the header (a workstream or theme title alone in its row, with or without its own
  RAG word, over data rows) sets the section and its status (:mod:`.group_rows`);
- "<project> | GREEN" rows (or a bold title with a RAG fill) make a workstream/RAG report: the rows
  below are the project's progress (seed 003);
- a row whose action cell is empty, copied from a row span, or starts mid-sentence continues the
  record above (``continuation=True``);
- a table with no header row is not read (forms and statistics in ../shared/corpus/public), and a
  new table never inherits the previous table's roles unless it carries on the same columns.

Parts: :mod:`.headers` (header rows), :mod:`.context_rows` (context, theme and project rows),
:mod:`.group_rows` (a workstream or theme row with its own RAG word over its data rows), :mod:`.rows`
(data rows).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.base import Cell, Text
from pipeline.cues import Cue
from pipeline.reading.columns import header_score
from pipeline.reading.headings import commitment_heading
from pipeline.reading.model import Mode, ReadState, Unit, make_row, source_of
from pipeline.reading.readers.tables.context_rows import context_row, note_row, project_row, theme_row
from pipeline.reading.readers.tables.group_rows import group_row
from pipeline.reading.readers.tables.headers import evidence_columns, header_row, inherits_columns, looks_like_header
from pipeline.reading.readers.tables.rows import table_row
from pipeline.reading.shared import (
    MAX_TITLE_WORDS,
    cell_texts,
    distinct_cells,
    header_run,
    heading_text,
    is_context_line,
    is_title_like,
    nonempty_cells,
    opens_project,
    section_heading,
    start_project_or_workstream,
)
from pipeline.vocab import Kind, Role

__all__ = ["evidence_columns", "read_table", "read_table_paragraph", "table_row"]

# "Appendix A" inside a table's run: page furniture of the original.
APPENDIX_HEADING = Cue(r"^(?:{appendix_word})\b", re.I)


def read_table(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""One Layout table row: a header, a context row, a project row or a data row.

    Tried in turn: a header row (sets the columns); a one-cell row heading a section, stating an
    objective or making a note; a row of a notes table (skipped); a group row (section and its RAG); a project row or a row under a project;
    a row of a table with no header (counted, not read); a title spanning the table (the section); a
    sentence spanning the table (a note); else a data row.
    Returns ``i + 1`` for a row, None for a paragraph.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Ref\tAction\tLead officer(s)\tRAG Rating\n1.1\tPublish the plan\tPolicy Team\tGreen")
    [('Publish the plan', 'responsible: Policy Team')]
    """
    u = units[i]
    if not u.is_row:
        return None
    cells = u.cells or ()
    filled = nonempty_cells(cells)
    if not filled:
        return i + 1
    texts = [c.text for c in distinct_cells(cells)]
    if header_row(units, i, state):
        return i + 1
    if context_row(state, cells, texts) or state.table.mode == Mode.NOTES:
        return i + 1
    if group_row(units, i, state) or project_row(state, cells, texts, u.page):
        return i + 1
    if not inherits_columns(units, i, state):
        # No header row says which column is which: not records (forms and candidate lists in
        # ../shared/corpus/public would otherwise become "actions").
        state.tally["headerless"] += 1
        state.headerless_page = state.headerless_page or u.page
        return i + 1
    if not (theme_row(state, cells, texts) or note_row(state, cells, texts)):
        table_row(state, cells, u.page)
    return i + 1


def read_table_paragraph(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A paragraph inside a table's run (text renderings break tables at page breaks, seed 000/001).

    Read when a table is open (``state.table.mode``): a project heading over its RAG word, a table's page
    furniture, a line under a project or in a notes table, a heading naming the next table's theme, an
    action title that lost its cell, or text carrying on the open record.  Returns the index after
    what was read, or None (a context line, or a paragraph that is not the table's).
    """
    u = units[i]
    if u.is_row or state.table.mode is None or state.pending_objective:
        return None
    t = u.text
    assert t is not None
    if is_context_line(u.para) and not t.list_item:
        return None  # read_context's
    nxt = units[i + 1] if i + 1 < len(units) else None
    if nxt is not None and not nxt.is_row and opens_project(state, u.para, nxt.para, t.bold or bool(t.heading_level)):
        start_project_or_workstream(state, u.para, nxt.para, t.page, t)  # seed 003 "#### **Finance**" / "**AMBER**"
        return i + 2
    if _furniture_or_project_line(state, u.para, t):
        return i + 1
    if state.table.columns is None:
        return None
    return i + 1 if _paragraph_in_columns(units, i, state) else None


def _furniture_or_project_line(state: ReadState, text: str, t: Text) -> bool:
    """Read without the columns: an "Appendix A" heading (page furniture of the original, seed 000), a
    line in a notes table (skipped), a line under a project (its progress).  True when read."""
    if APPENDIX_HEADING.match(text) and (t.heading_level or len(text.split()) <= 4):
        return True  # "#### Appendix A" inside a table: page furniture of the original (seed 000)
    if state.table.mode == Mode.NOTES:
        return True
    if state.table.mode == Mode.PROJECTS:
        state.emit(make_row(Kind.PROJECT, [(Role.PROGRESS, (text,))], state.ctx, t.page, continuation=True,
                            sources=[source_of(Role.PROGRESS, t)]))
        return True
    return False


def _paragraph_in_columns(units: list[Unit], i: int, state: ReadState) -> bool:
    """A paragraph between the rows of a table with columns: a heading naming the next table's theme, an
    action title that lost its cell at a page break, or text carrying on the open record.  True when read."""
    cols = state.table.columns
    assert cols is not None
    t = units[i].text
    assert t is not None
    text = units[i].para
    nxt = units[i + 1] if i + 1 < len(units) else None
    if not t.list_item and len(text.split()) <= MAX_TITLE_WORDS and _next_is_header(units, i):
        # A heading between two tables (each with its header row) names the next table's theme, or,
        # when it is a pledge ("We will ..."), the commitment its rows serve (the section stays).
        if (commitment := commitment_heading(units[i])) is not None:
            state.ctx = replace(state.ctx, commitment=commitment)
            state.open_row = False
        else:
            state.new_section(heading_text(text))
        return True
    if (not t.list_item and not t.heading_level and is_title_like(text) and cols.index(Role.ACTION) == 0
            and state.open_row and nxt is not None and not nxt.is_row and nxt.text is not None
            and not nxt.text.heading_level):
        # An action title that lost its table cell at a page break (seed 000 "Offering opportunities…").
        state.emit(make_row(cols.kind, [(Role.ACTION, (text,))], state.ctx, t.page, confidence=cols.confidence,
                            sources=[source_of(Role.ACTION, t)]))
        return True
    if state.open_row and not t.heading_level and _next_row_same_table(units, i, state):
        state.emit(make_row(cols.kind, [(cols.main_text_role, (text,))], state.ctx, t.page, continuation=True,
                            confidence=cols.confidence, sources=[source_of(cols.main_text_role, t)]))
        return True
    return False


def _repeats_header(cells: Sequence[Cell | None], labels: Sequence[str]) -> bool:
    """The row's cells are the header's labels again (case and spacing aside)."""
    texts = [" ".join((c.text if c is not None else "").split()).lower() for c in cells]
    return bool(labels) and texts == [" ".join(lab.split()).lower() for lab in labels]


def _next_is_header(units: list[Unit], i: int) -> bool:
    """The unit after ``i`` is a header: a table row of header words, or a run of header paragraphs."""
    nxt = units[i + 1] if i + 1 < len(units) else None
    if nxt is None:
        return False
    if nxt.is_row:
        return bool(header_score(cell_texts(nxt.cells or ())))
    return header_run(units, i + 1) is not None


def _next_row_same_table(units: list[Unit], i: int, state: ReadState) -> bool:
    """True if a row of the same table follows the paragraphs at ``i`` before any other structure.

    Text renderings break a table at each page break and put the page's leftover paragraphs between
    its rows (seeds 000/001); paragraphs after a table's last row, or before another table, are not
    its content.
    """
    cols = state.table.columns
    for u in units[i + 1:]:
        if u.is_row:
            cells = u.cells or ()
            if cols is not None and _repeats_header(cells, cols.labels):
                return False   # the header printed again under the next group's caption ("B." / "Trees")
            return u.table == state.table.index or (
                cols is not None and len(cells) == len(cols.roles) and not looks_like_header(cells))
        if section_heading(u.para) or (u.text is not None and u.text.heading_level):
            return False
    return False

"""Rows that are not data: a one-cell row heading a section or stating an objective, a notes table's
heading, a title spanning the whole table, and the rows of a RAG report's projects (seed 003).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extractors.base import Cell, collapse_ws
from pipeline.cues import Cue
from pipeline.reading.model import Mode, ReadState, make_row, source_of
from pipeline.reading.readers.tables.rows import struck_flags, struck_texts
from pipeline.reading.shared import (
    MAX_OBJECTIVE_LABEL_WORDS,
    MAX_TITLE_WORDS,
    TERMINAL,
    apply_heading,
    distinct_cells,
    heading_text,
    is_title_like,
    nonempty_cells,
    objective_text,
    one_line,
    opens_project,
    rag_of,
    start_project_or_workstream,
)
from pipeline.vocab import Kind, Role, match_label

# "Connections to other plans", "Links with strategies": a row over notes, not records.  Words are cues.
NOTE_ROW = Cue(r"^(?:{note_link_word}) (?:to|with) (?:other )?(?:{note_target_word})", re.I)
MAX_PROJECT_ROW_CELLS = 4


def context_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str]) -> bool:
    """A one-cell row that heads a section, states an objective or is a note; True if it did.

    A section or objective row ends a notes block (the rows under it are the new group's).  A note row
    spanning the whole table (Word ``gridSpan``, HTML ``colspan``, a PDF full-width row) is a note on
    the rows around it and the table goes on (docx action plans end each theme with a merged "Link to
    other plans and strategies: ..." row); a note row in one cell of a grid opens a notes block whose
    rows are not records (seed 004's "Connections to other plans" over its list of plans).
    """
    if len(texts) != 1:
        return False
    filled = nonempty_cells(cells)
    flat_one = one_line(filled[0][1].items) or texts[0].strip()
    spans = spans_row(cells)
    if apply_heading(state, flat_one):
        _end_notes(state)
        return True
    if objective := objective_text(flat_one) or (grouping_objective(flat_one) if spans else None):
        state.ctx = replace(state.ctx, objective=one_line([objective]))
        state.pending_objective = False
        _end_notes(state)
        return True
    if NOTE_ROW.match(flat_one):
        if spans:
            state.note(filled[0][1])
        else:
            state.table.mode = Mode.NOTES
        return True
    return False


def _end_notes(state: ReadState) -> None:
    """A new section or objective inside a notes block: the rows under it are data rows again."""
    if state.table.mode == Mode.NOTES:
        state.table.mode = Mode.TABLE if state.table.columns is not None else None


def note_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str]) -> bool:
    """A sentence spanning the whole table under its header ("Data is correct at 30 September 2025."):
    a note, not a record — one text across every column fills no column of its own.  True if it did.

    Only a row spanning by the file's own merge evidence (:func:`spans_row`) and ending as a sentence
    does; a title-like spanning row is :func:`theme_row`'s.
    """
    if len(texts) != 1 or state.table.columns is None or state.table.mode != Mode.TABLE or not spans_row(cells):
        return False
    filled = nonempty_cells(cells)
    text = one_line(filled[0][1].items) or texts[0]
    if is_title_like(text) or not TERMINAL.search(text):
        return False
    state.note(filled[0][1])
    return True


def theme_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str]) -> bool:
    """A title spanning the whole table under a header ("Theme 2 – Homes" without its number): the section.

    Only a row whose one text fills every cell (a colspan copied by the extractor) or that is bold,
    short and unpunctuated while the table has several columns: a row with just its action cell
    filled is a record.
    """
    if len(texts) != 1 or not state.table.columns is not None or state.table.mode != Mode.TABLE:
        return False
    filled = nonempty_cells(cells)
    n = len(cells)
    if n < 2:
        return False
    text = one_line(filled[0][1].items) or texts[0]
    spans_all = spans_row(cells) or (len(filled) == n and all(c is not None and c.text == filled[0][1].text
                                                             for c in cells))
    if not (spans_all and is_title_like(text) and len(text.split()) <= MAX_TITLE_WORDS):
        return False
    state.new_section(heading_text(text))
    return True


def project_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str], page: int) -> bool:
    """A row opening a project or workstream ("<b>Future use of Town Hall</b> | <b>AMBER</b>", or its
    title with the RAG shown only as a cell's colour), or a row of progress under one (seed 003)."""
    filled = nonempty_cells(cells)
    first = filled[0][1]
    if len(texts) == 2 and opens_project(state, texts[0], texts[1], first.bold):
        start_project_or_workstream(state, one_line(first.items), texts[1], page, first)
        return True
    # The same with the RAG shown only as the cell's colour (PDF/Word exports).
    fills = [c.fill for c in cells if c is not None and c.is_empty and rag_of(c.fill)]
    # Only in a narrow "title | colour" row: a chart's coloured bars in a wide grid are no RAG (icdar us-028).
    narrow = len(cells) <= MAX_PROJECT_ROW_CELLS and re.search(r"[^\W\d_]{2}", texts[0]) is not None
    if (len(texts) == 1 and first.bold and len(fills) == 1 and narrow
            and state.table.mode in (Mode.PROJECTS, None)):
        start_project_or_workstream(state, one_line(first.items), fills[0] or "", page, first)
        return True
    return _project_progress_row(state, cells, page)


def _project_progress_row(state: ReadState, cells: tuple[Cell | None, ...], page: int) -> bool:
    """Under a project (the table's mode is PROJECTS) every row is the project's progress, one
    continuation row of its cells' items.  True when read."""
    if state.table.mode != Mode.PROJECTS:
        return False
    filled = nonempty_cells(cells)
    items = tuple(it for c in distinct_cells(cells) for it in c.items)
    state.emit(make_row(Kind.PROJECT, [(Role.PROGRESS, items)], state.ctx, page, continuation=True,
                        flags=struck_flags([c for _, c in filled]),
                        sources=[source_of(Role.PROGRESS, c) for c in distinct_cells(cells)],
                        dropped=struck_texts([c for _, c in filled])))
    return True


def grouping_objective(text: str) -> str | None:
    """The sentence after a label whose column would group rows by objective ("Our aim: We want …"): in a
    row spanning a table it states the objective of the rows under it (corporate-plan PDF, "Our aim"
    over each priority's table).  The label words are the headers vocabulary's (``grouping``).

    >>> grouping_objective("Our aim: We want more good jobs."), grouping_objective("Lead: Housing")
    ('We want more good jobs.', None)
    """
    m = re.match(r"^([A-Za-z][\w’' ]{2,40}?)\s*[:\-–—]\s+(\S.{2,})$", text, re.S)
    if not m or len(m.group(1).split()) > MAX_OBJECTIVE_LABEL_WORDS:
        return None
    label = match_label(m.group(1))
    if label is None or label.score < 1 or Role.OBJECTIVE not in (label.role, label.grouping):
        return None
    return collapse_ws(m.group(2))


def spans_row(cells: Sequence[Cell | None]) -> bool:
    """The row is one cell spanning every column of its table: Word ``gridSpan`` / HTML ``colspan`` copies
    (``spanned``) or the slots a PDF's full-width row covers (None).  A text rendering's row of one filled
    cell and empty ones is not: nothing says the cell is merged.

    >>> one = Cell("Links to other plans: Housing Strategy", 1)
    >>> spans_row((one, replace(one, spanned=True))), spans_row((one, None)), spans_row((one, Cell("", 1)))
    (True, True, False)
    """
    if len(cells) < 2 or cells[0] is None or cells[0].is_empty or cells[0].spanned:
        return False
    first = cells[0]
    return all(c is None or (c.spanned and c.text == first.text) for c in cells[1:])

"""Layout tables -> rows with roles.

A header row (:func:`pipeline.reading.columns.header_score`) sets the column roles of the rows under it, from
its words and the content of the columns below (:func:`pipeline.reading.columns.assign_roles`); a header
repeated on every page is dropped.  Inside a table:

- a row with one distinct cell that heads a section ("As a Community Leader - We will ...",
  "Priority 1: ...", "Objective: ...") sets the context; a full-width title row (a theme spanning the
  table) becomes the section;
- "<project> | GREEN" rows (or a bold title with a RAG fill) make a workstream/RAG report: the rows
  below are the project's progress (seed 003);
- a row whose action cell is empty, copied from a row span, or starts mid-sentence continues the
  record above (``continuation=True``);
- a table with no header row is not read (forms and statistics in ../shared/corpus/public), and a
  new table never inherits the previous table's roles unless it carries on the same columns.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from extractors.base import Cell
from pipeline.reading.columns import assign_roles, header_match, header_score
from pipeline.reading.model import Columns, Mode, ReadState, RoleRow, Unit, make_row, source_of
from pipeline.reading.shared import (
    MAX_TITLE_WORDS,
    TERMINAL,
    apply_heading,
    body_columns,
    caption_above,
    cell_texts,
    distinct_cells,
    header_run,
    is_context_line,
    is_title_like,
    nonempty_cells,
    objective_text,
    one_line,
    opens_project,
    rag_of,
    section_heading,
    set_columns,
    start_project_or_workstream,
)
from pipeline.vocab import Kind, Role
from schemas.records import SourceRef

NOTE_ROW = re.compile(r"^(connections?|links?|related) (to|with) (other )?(plans|strateg)", re.I)
APPENDIX_HEADING = re.compile(r"^appendix\b", re.I)
MAX_PROJECT_ROW_CELLS = 4


def _struck_flags(cells: Sequence[Cell | None]) -> tuple[str, ...]:
    n = sum(c.struck_chars for c in cells if c is not None)
    return (f"struck_text_dropped:{n}",) if n else ()


def _struckcell_texts(cells: Sequence[Cell | None]) -> tuple[str, ...]:
    """The struck-through text of a row's cells (what ``struck_text_dropped`` counts), a merged cell's
    copies once."""
    return tuple(t for c in cells if c is not None and not c.spanned for t in c.struck_text)


# --- header rows --------------------------------------------------------------------------------------------


def _is_repeated_header(state: ReadState, cols: Columns) -> bool:
    current = state.table.columns
    return (current is not None and state.table.mode == Mode.TABLE and cols.kind == current.kind
            and cols.roles == current.roles[: len(cols.roles)])


# --- projects (RAG reports) -------------------------------------------------------------------------------


# --- data rows ----------------------------------------------------------------------------------------------


def _last_record_rows(state: ReadState) -> list[RoleRow]:
    out: list[RoleRow] = []
    for r in reversed(state.rows):
        out.append(r)
        if not r.continuation:
            break
    return list(reversed(out))


OPEN_TITLE_END = re.compile(r"\b(?:the|a|an|of|to|and|or|with|for|in|on|at|by|from|as|that|our|their|its)$", re.I)


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


def table_row(state: ReadState, cells: tuple[Cell | None, ...], page: int) -> None:
    """One data row under the current columns -> a RoleRow (or a continuation of the record above)."""
    cols = state.table.columns
    assert cols is not None
    parts: list[tuple[str, tuple[str, ...]]] = []
    sources: list[SourceRef] = []
    action_cell: Cell | None = None
    status: str | None = None
    for idx, cell in enumerate(cells):
        role = cols.roles[idx] if idx < len(cols.roles) else None
        if cell is None or role is None or role in (Role.ID, Role.NONE):
            continue
        if role == Role.COMMITMENT:
            if not cell.is_empty and not (cell.spanned and one_line(cell.items) == state.ctx.commitment):
                state.ctx = replace(state.ctx, commitment=one_line(cell.items))
            continue
        if role == Role.OBJECTIVE:
            # An objective column merged down over its actions (HTML rowspan / Word vMerge).
            if not cell.is_empty:
                state.ctx = replace(state.ctx, objective=one_line(cell.items))
            continue
        if role == Role.SECTION:
            # A grouping column ("Area", "Theme", "Scrutiny panel") given on the first row of its group.
            if not cell.is_empty and one_line(cell.items) != state.ctx.section:
                state.ctx = replace(state.ctx, section=one_line(cell.items), section_status=None)
            continue
        if role == Role.ACTION:
            action_cell = cell
            if cell.spanned and state.open_row:
                continue  # a row-spanning action cell copied into this row: same record
        if role == Role.STATUS:
            rag = rag_of(cell.text)
            if rag is not None or cell.is_empty:
                status = rag or status
                if rag is not None:
                    sources.append(source_of(Role.STATUS, cell))   # review outlines the RAG cell too
                continue
            role = Role.PROGRESS  # "Complete", "Open - on track": a status word, not a RAG (SPEC)
        if not cell.is_empty:
            items = cell.items or (cell.text,)
            if idx in cols.value_cols:
                items = tuple(f"{cols.label(idx)}: {it}" for it in items)
                role = Role.PROGRESS
            parts.append((role.value, items))
            sources.append(source_of(role, cell))
    if status is None:  # RAG shown only as a cell colour (PDF/HTML/DOCX)
        status = next((rag_of(c.fill) for c in cells if c is not None and c.fill and rag_of(c.fill)), None)
    action_items = dict(parts).get("action", ())
    continuation = False
    if action_cell is None or action_cell.is_empty or (action_cell.spanned and state.open_row):
        continuation = True
    elif action_items and action_items[0][:1].islower() and (
            _last_title_open(state, one_line(action_items)) or len(one_line(action_items).split()) == 1):
        # (a single lower-case word under a finished title is scan debris the record drops: seed 000)
        continuation = True  # "recent pandemic. We will …": a title cell split by a page break (seed 001)
    elif continues_title(state, action_items, parts, cols):
        continuation = True
    if continuation and not state.open_row:
        continuation = False
    if not parts and not continuation:
        return
    # A cell the extractor joined over a page break ends on a later page than it starts.
    page_end = max((c.page_end or c.page for c in cells if c is not None and not c.is_empty), default=page)
    state.emit(make_row(cols.kind, parts, state.ctx, page, page_end, continuation=continuation, status=status,
                        flags=_struck_flags(cells), confidence=cols.confidence, sources=sources,
                        dropped=_struckcell_texts(cells)))


def _context_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str]) -> bool:
    """A one-cell row that heads a section or states an objective; True if it did."""
    if len(texts) != 1:
        return False
    filled = nonempty_cells(cells)
    flat_one = one_line(filled[0][1].items) or texts[0].strip()
    if apply_heading(state, flat_one):
        return True
    if objective := objective_text(flat_one):
        state.ctx = replace(state.ctx, objective=one_line([objective]))
        state.pending_objective = False
        return True
    if NOTE_ROW.match(flat_one):
        state.table.mode = Mode.NOTES
        return True
    return False


def _theme_row(state: ReadState, cells: tuple[Cell | None, ...], texts: list[str]) -> bool:
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
    spans_all = len(filled) == n and all(c is not None and c.text == filled[0][1].text for c in cells)
    if not (spans_all and is_title_like(text) and len(text.split()) <= MAX_TITLE_WORDS):
        return False
    state.new_section(text)
    return True


def read_table(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""One Layout table row: a header, a context row, a project row or a data row.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Ref\tAction\tLead officer(s)\tRAG Rating\n1.1\tPublish the plan\tPolicy Team\tGreen")
    [('Publish the plan', 'responsible: Policy Team')]
    """
    u = units[i]
    if not u.is_row:
        return None
    cells = u.cells or ()
    page = u.page
    filled = nonempty_cells(cells)
    if not filled:
        return i + 1
    texts = [c.text for c in distinct_cells(cells)]
    all_texts = cell_texts(cells)
    if header_score(all_texts) and (u.table != state.table.index or _all_named(all_texts)):
        cols = assign_roles(all_texts, body_columns(units, i))
        if cols is not None:
            if not _is_repeated_header(state, cols):
                if _is_first_row(units, i) and (caption := caption_above(units, i, state)):
                    state.new_section(caption)   # "Parks and green spaces performance measures" above it
                set_columns(state, cols, len(cells))
            state.table.index = u.table
            return i + 1
    if _is_first_row(units, i) and _looks_like_header(cells):
        cols = evidence_columns(all_texts, body_columns(units, i))
        if cols is not None:
            set_columns(state, cols, len(cells))
            state.table.index = u.table
            return i + 1
        for cell in all_texts:
            if cell.strip():
                state.tally[f"unplaced:{cell.strip()}"] += 1  # for the E110 message if nothing else is read
    if _context_row(state, cells, texts):
        return i + 1
    if state.table.mode == Mode.NOTES:
        return i + 1
    # "<b>Asset Management workstream</b> | <b>AMBER</b>" / "<b>Future use of Town Hall</b> | <b>AMBER</b>".
    if len(texts) == 2 and opens_project(state, texts[0], texts[1], filled[0][1].bold):
        start_project_or_workstream(state, one_line(filled[0][1].items), texts[1], page, filled[0][1])
        return i + 1
    # The same with the RAG shown only as the cell's colour (PDF/Word exports).
    fills = [c.fill for c in cells if c is not None and c.is_empty and rag_of(c.fill)]
    # Only in a narrow "title | colour" row: a chart's coloured bars in a wide grid are no RAG (icdar us-028).
    narrow = len(cells) <= MAX_PROJECT_ROW_CELLS and re.search(r"[^\W\d_]{2}", texts[0]) is not None
    if (len(texts) == 1 and filled[0][1].bold and len(fills) == 1 and narrow
            and state.table.mode in (Mode.PROJECTS, None)):
        start_project_or_workstream(state, one_line(filled[0][1].items), fills[0] or "", page, filled[0][1])
        return i + 1
    if state.table.mode == Mode.PROJECTS:
        items = tuple(it for c in distinct_cells(cells) for it in c.items)
        state.emit(make_row(Kind.PROJECT, [(Role.PROGRESS, items)], state.ctx, page, continuation=True,
                            flags=_struck_flags([c for _, c in filled]),
                            sources=[source_of(Role.PROGRESS, c) for c in distinct_cells(cells)],
                            dropped=_struckcell_texts([c for _, c in filled])))
        return i + 1
    if not _inherits_columns(units, i, state):
        # No header row says which column is which: not records (forms and candidate lists in
        # ../shared/corpus/public would otherwise become "actions").
        state.tally["headerless"] += 1
        state.headerless_page = state.headerless_page or page
        return i + 1
    if _theme_row(state, cells, texts):
        return i + 1
    table_row(state, cells, page)
    return i + 1


def _all_named(texts: Sequence[str]) -> bool:
    """Every non-empty cell is all header words: a header again inside a table that has one (a header
    repeated on each page, or a second header); a data row merely mentioning an objective is not."""
    return all((m := header_match(t)) is not None and m.exact for t in texts if t.strip())


def _is_first_row(units: list[Unit], i: int) -> bool:
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


def _inherits_columns(units: list[Unit], i: int, state: ReadState) -> bool:
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
    if len(cells) != len(cols.roles) or _looks_like_header(cells) or len(distinct_cells(cells)) == 1 and all(
            c is not None and not c.is_empty for c in cells):
        return False
    state.table.index = u.table
    return True


def _looks_like_header(cells: Sequence[Cell | None]) -> bool:
    """Short, distinct, unpunctuated cells in every column: the header of a table of its own."""
    texts = [c.text.strip() for c in cells if c is not None and not c.is_empty]
    return (len(texts) == len(cells) and len(set(texts)) == len(texts)
            and all(len(t.split()) <= 6 and not TERMINAL.search(t) for t in texts))


def read_table_paragraph(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A paragraph inside a table's run (text renderings break tables at page breaks, seed 000/001)."""
    u = units[i]
    if u.is_row or state.table.mode is None or state.pending_objective:
        return None
    t = u.text
    assert t is not None
    text = u.para
    if is_context_line(text) and not t.list_item:
        return None  # read_context's
    nxt = units[i + 1] if i + 1 < len(units) else None
    if nxt is not None and not nxt.is_row and opens_project(state, text, nxt.para, t.bold or bool(t.heading_level)):
        start_project_or_workstream(state, text, nxt.para, t.page, t)  # seed 003 "#### **Finance**" / "**AMBER**"
        return i + 2
    if APPENDIX_HEADING.match(text) and (t.heading_level or len(text.split()) <= 4):
        return i + 1  # "#### Appendix A" inside a table: page furniture of the original (seed 000)
    mode = state.table.mode
    if mode == Mode.NOTES:
        return i + 1
    if mode == Mode.PROJECTS:
        state.emit(make_row(Kind.PROJECT, [(Role.PROGRESS, (text,))], state.ctx, t.page, continuation=True,
                            sources=[source_of(Role.PROGRESS, t)]))
        return i + 1
    cols = state.table.columns
    if cols is None:
        return None
    if not t.list_item and len(text.split()) <= MAX_TITLE_WORDS and _next_is_header(units, i):
        # A heading between two tables (each with its header row) names the next table's theme.
        state.new_section(text)
        return i + 1
    if (not t.list_item and not t.heading_level and is_title_like(text) and cols.index(Role.ACTION) == 0
            and state.open_row and nxt is not None and not nxt.is_row and not nxt.text.heading_level):  # type: ignore[union-attr]
        # An action title that lost its table cell at a page break (seed 000 "Offering opportunities…").
        state.emit(make_row(cols.kind, [(Role.ACTION, (text,))], state.ctx, t.page, confidence=cols.confidence,
                            sources=[source_of(Role.ACTION, t)]))
        return i + 1
    if state.open_row and not t.heading_level and _next_row_same_table(units, i, state):
        state.emit(make_row(cols.kind, [(cols.main_text_role, (text,))], state.ctx, t.page, continuation=True,
                            confidence=cols.confidence, sources=[source_of(cols.main_text_role, t)]))
        return i + 1
    return None


def _next_is_header(units: list[Unit], i: int) -> bool:
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
            return u.table == state.table.index or (
                cols is not None and len(cells) == len(cols.roles) and not _looks_like_header(cells))
        if section_heading(u.para) or (u.text is not None and u.text.heading_level):
            return False
    return False

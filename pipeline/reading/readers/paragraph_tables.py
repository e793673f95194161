"""Tables that lost their markup: one cell per paragraph under a header run (seed 002, text copied out of
PDFs and web pages).

A *header run* is two or more short paragraphs that name roles ("Governance issue", "Progress to date",
"Deadline", "By whom").  The paragraphs after it are the cells of the table's rows, column after column,
but nothing marks where a cell or a row ends: a cell may hold several paragraphs (a progress cell with a
bullet list), an empty cell leaves no paragraph, and blank lines are unreliable.  So the rows are found
by evidence, as a path through the columns (:func:`segment_rows`, a Viterbi search): each paragraph is
scored for how well it fits each column's role (dates fit a timescale, services a responsible column,
IDs an ID column, titles the action, prose the text columns), and staying in a cell, skipping a column
and starting a new row each have a cost.  When the header names fewer columns than the rows carry, or
names them in another order, :func:`fit_template` adds or moves columns where the content says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Sequence

from pipeline.cues import Cue
from pipeline.reading.columns import assign_roles, header_match
from pipeline.reading.fit import (
    ROW_NUMBER_MISFIT,
    Para,
    fit,
    is_text_paragraph,
    join_fragments,
    mark_row_numbers,
    notes_start,
)
from pipeline.reading.headings import apply_caption_above
from pipeline.reading.model import ReadState, Unit, make_row, source_of
from pipeline.reading.shared import (
    OBJECTIVE,
    apply_heading,
    body_columns,
    header_run,
    objective_text,
    one_line,
    place_cell,
    section_heading,
    set_columns,
    strip_enumerator,
    table_header_run,
)
from pipeline.vocab import Kind, Role
from schemas.records import SourceRef

# --- header runs ---------------------------------------------------------------------------------------------


# --- the body -----------------------------------------------------------------------------------------------


def body_paras(units: list[Unit], j: int, header: Sequence[str]) -> tuple[list[Para | str], int]:
    """Paragraphs of the table from ``j``: :class:`Para` cells and context lines (section headings,
    "Objective: ..."), as strings; stops at a table row, a different header run, a notes block
    (:func:`notes_start`) or the end.  A repeated header run (the header printed again on each page or
    section) is skipped."""
    out: list[Para | str] = []
    k = j
    while k < len(units):
        u = units[k]
        if u.is_row or u.text is None or notes_start(units, k):
            break
        run = header_run(units, k)
        if run is not None:
            if not _same_header(run[0], header):
                break
            k = run[1]
            continue
        out.append(_body_para(units, k, header))
        k += 1
    return out, k


def _same_header(cells: Sequence[str], header: Sequence[str]) -> bool:
    return [c.lower() for c in cells] == [c.lower() for c in header]


def _body_para(units: list[Unit], k: int, header: Sequence[str]) -> Para | str:
    """Unit ``k`` of a table's body as a cell paragraph, or as a context line (a string): a heading, an
    "Objective: ..." line, or a caption above the header printed again."""
    u = units[k]
    assert u.text is not None
    text = u.para
    nxt_run = header_run(units, k + 1) if k + 1 < len(units) else None
    if not u.text.list_item and (section_heading(text) or (OBJECTIVE.match(text) and ":" in text[:12])):
        return text
    if nxt_run is not None and _same_header(nxt_run[0], header) and \
            len(text.split()) <= 10 and not re.search(r"[.!?;:,]$", text):
        return strip_enumerator(text)  # "2. Advice and Grants for Owners" above the repeated header
    if u.text.heading_level and k + 1 < len(units) and header_run(units, k + 1) is not None:
        return text  # a caption heading the next repeat of the table
    return Para(text, u.text.page, u.text.list_item, u.text.blank_lines_before, (u.text,))


# --- scoring: how well a paragraph fits a column ------------------------------------------------------------

SKIP_COST = {Role.ACTION: 6.0, Role.ID: 1.5, Role.SECTION: 0.3, Role.VALUE: 1.0, Role.STATUS: 1.5}
STAY_COST = {Role.ACTION: 2.5, Role.ID: 8.0, Role.RESPONSIBLE: 2.0, Role.TIMESCALE: 3.0, Role.STATUS: 6.0,
             Role.SECTION: 4.0, Role.VALUE: 5.0, Role.NONE: 1.0}
DEFAULT_SKIP = 1.5
NAMED_SKIP_FACTOR = 2.0
TEXT_STAY = 0.3
NEW_ROW_COST = 0.5
OUT_COST = 4.0            # a paragraph outside the table (page furniture, notes after it)
GAP_STAY_PENALTY = 0.7    # per blank line above the usual: a wider gap is more likely a cell boundary
STYLE_SHARE = 0.6         # this share of text paragraphs ending with a full stop makes bare ones titles
ANCHOR_ROLES = frozenset({Role.RESPONSIBLE, Role.TIMESCALE, Role.ID, Role.STATUS, Role.VALUE, Role.SECTION})
TEMPLATE_CHANGE_COST = 3.0    # a column template change must gain this much score ...
ROW_EVIDENCE = 0.5            # ... plus this much per row of the table
MAX_TEMPLATE_CHANGES = 3


def titles_unpunctuated(paras: Sequence[Para]) -> bool:
    """The table's style: most text paragraphs end with a full stop, a few title-like ones do not — those
    are the row titles (a work plan whose actions are headings and whose updates are sentences).

    >>> titles_unpunctuated([Para("Define roles of EDI Champions", 1), Para("Champion roles were redefined.", 1),
    ...     Para("Training follows in December.", 1), Para("Review the partnership boards", 1),
    ...     Para("Terms of reference reviewed.", 1), Para("Boards to be expanded.", 1)])
    True
    """
    texts = [p for p in paras if not p.bullet and is_text_paragraph(p.text)]
    ended = sum(1 for p in texts if re.search(r"[.!?]$", p.text))
    return len(texts) - ended >= 2 and ended >= STYLE_SHARE * len(texts)


DATE_WORDS = Cue(r"\b(?:{date_header_word})\b", re.I)


def fit_roles(roles: Sequence[Role | None], labels: Sequence[str]) -> list[Role | None]:
    """The role whose content each column is scored as: a no-field column headed by date words ("Date of
    meeting") is scored as dates, so that its dates are not taken for a timescale column of their own."""
    return [Role.TIMESCALE if r == Role.NONE and c < len(labels) and DATE_WORDS.search(labels[c]) else r
            for c, r in enumerate(roles)]


def _skip(role: Role | None, named: bool = False) -> float:
    """Cost of leaving a column empty in a row; a column the header names costs twice as much (a header
    does not name a column its rows leave empty)."""
    cost = SKIP_COST.get(role, DEFAULT_SKIP) if role is not None else 0.5
    return cost * NAMED_SKIP_FACTOR if named and role not in (Role.SECTION, Role.ID) else cost


def _stay(role: Role | None) -> float:
    return STAY_COST.get(role, TEXT_STAY) if role is not None else TEXT_STAY


# --- segmentation -------------------------------------------------------------------------------------------

OUT = -1


NEG = float("-inf")


@dataclass(frozen=True, slots=True)
class _Lattice:
    """The costs of one Viterbi search over a table's columns: state ``b < k`` is "in column b", state
    ``k`` is "outside the table"; ``skip_prefix[c]`` is the cost of leaving columns 0..c-1 empty."""

    roles: tuple[Role | None, ...]
    scored: tuple[Role | None, ...]   # the role each column's content is scored as (:func:`fit_roles`)
    bare: bool                        # the titles are the paragraphs without a full stop
    usual_gap: int                    # the median blank lines above a paragraph
    skip_prefix: tuple[float, ...]

    @property
    def k(self) -> int:
        return len(self.roles)

    def skipped(self, a: int, b: int) -> float:
        """Cost of leaving columns a..b-1 empty."""
        return self.skip_prefix[b] - self.skip_prefix[a] if b > a else 0.0

    def fit(self, p: Para, b: int) -> float:
        return fit(p, self.scored[b], self.bare)

    def moves(self, a: int, b: int, p: Para) -> list[tuple[float, bool]]:
        """The ways from state ``a`` into column ``b`` at paragraph ``p``: (score change, starts a row)."""
        k = self.k
        if a == k:                       # from outside the table: a row starts
            return [(-self.skipped(0, b) - NEW_ROW_COST, True)]
        options: list[tuple[float, bool]] = []
        if a == b:                       # another paragraph in the same cell
            gap_pen = GAP_STAY_PENALTY * max(0, p.gap - self.usual_gap)
            row_pen = -ROW_NUMBER_MISFIT if p.row_number else 0.0   # a numbered row title opens its cell
            options.append((-_stay(self.roles[b]) - gap_pen - row_pen + (0.8 if p.bullet else 0.0), False))
        if b > a:                        # the next cell(s) of the same row
            options.append((-self.skipped(a + 1, b), False))
        if b <= a:                       # a new row
            options.append((-self.skipped(a + 1, k) - self.skipped(0, b) - NEW_ROW_COST, True))
        return options

    def leave(self, a: int) -> float:
        """Cost of going from state ``a`` outside the table (the rest of a's row left empty)."""
        return OUT_COST + (self.skipped(a + 1, self.k) if a < self.k else 0.0)


def _lattice(paras: Sequence[Para], roles: Sequence[Role | None], named: Sequence[bool],
             scored_as: Sequence[Role | None] | None) -> _Lattice:
    # Only where no column of dates, names or codes marks the rows ("What's happened | Next steps").
    bare = not (set(roles) & ANCHOR_ROLES) and titles_unpunctuated(paras)
    gaps = sorted(p.gap for p in paras)
    skip_prefix = [0.0]
    for c, r in enumerate(roles):
        skip_prefix.append(skip_prefix[-1] + _skip(r, c < len(named) and named[c]))
    scored = tuple(scored_as) if scored_as is not None else tuple(roles)
    return _Lattice(tuple(roles), scored, bare, gaps[len(gaps) // 2], tuple(skip_prefix))


def _viterbi_step(lat: _Lattice, score: list[float], p: Para) -> tuple[list[float], list[tuple[int, bool]]]:
    """The best score of each state after paragraph ``p`` and, for each, the state it came from and
    whether it started a row."""
    k = lat.k
    new = [NEG] * (k + 1)
    ptr: list[tuple[int, bool]] = [(k, True)] * (k + 1)
    for b in range(k):
        best, arg = NEG, (k, True)
        for a in range(k + 1):
            if score[a] == NEG:
                continue
            for trans, new_row in lat.moves(a, b, p):
                if score[a] + trans > best:
                    best, arg = score[a] + trans, (a, new_row)
        new[b] = best + lat.fit(p, b)
        ptr[b] = arg
    best, arg = NEG, (k, False)
    for a in range(k + 1):                   # outside: after the last cell of a row, or from outside
        if score[a] == NEG:
            continue
        if score[a] - lat.leave(a) > best:
            best, arg = score[a] - lat.leave(a), (a, False)
    new[k], ptr[k] = best, arg
    return new, ptr


def segment_rows(paras: Sequence[Para], roles: Sequence[Role | None], named: Sequence[bool] = (),
                 scored_as: Sequence[Role | None] | None = None) -> tuple[float, list[int], list[bool]]:
    """Best column for each paragraph (``OUT`` = not in the table), where rows start, and the path's score.

    A Viterbi search: a row is a left-to-right walk through the columns; a paragraph either stays in the
    current cell, moves right (skipping columns costs their :data:`SKIP_COST`), or starts the next row.

    >>> paras = [Para("Review the policy", 1), Para("Draft shared with unions.", 1), Para("Monitoring Officer", 1),
    ...          Para("Update the plans", 1), Para("Plans rewritten.", 1), Para("Emergency Planning Manager", 1)]
    >>> score, path, starts = segment_rows(paras, [Role.ACTION, Role.PROGRESS, Role.RESPONSIBLE])
    >>> path, starts
    ([0, 1, 2, 0, 1, 2], [True, False, False, True, False, False])
    """
    k = len(roles)
    n = len(paras)
    if not n or not k:
        return 0.0, [OUT] * n, [False] * n
    lat = _lattice(paras, roles, named, scored_as)
    score = [lat.fit(paras[0], b) - lat.skipped(0, b) for b in range(k)] + [-OUT_COST]
    back: list[list[tuple[int, bool]]] = []
    for t in range(1, n):
        score, ptr = _viterbi_step(lat, score, paras[t])
        back.append(ptr)
    final = [score[a] - (lat.skipped(a + 1, k) if a < k else 0.0) for a in range(k + 1)]
    state = max(range(k + 1), key=lambda a: final[a])
    path, starts = _backtrack(back, state, k)
    return final[state], [OUT if s == k else s for s in path], [st and c != k for st, c in zip(starts, path)]


def _backtrack(back: list[list[tuple[int, bool]]], state: int, k: int) -> tuple[list[int], list[bool]]:
    """The state path ending in ``state`` and where it starts rows (the first paragraph starts a row
    unless it is outside, state ``k``)."""
    path = [state]
    starts: list[bool] = []
    for ptr in reversed(back):
        state, started = ptr[state]
        starts.append(started)
        path.append(state)
    path.reverse()
    starts.reverse()
    return path, [path[0] != k] + starts


def rows_of(path: Sequence[int], starts: Sequence[bool]) -> list[list[tuple[int, int]]]:
    """Group a segment path into rows of (paragraph index, column) pairs."""
    rows: list[list[tuple[int, int]]] = []
    for t, (col, start) in enumerate(zip(path, starts)):
        if col == OUT:
            continue
        if start or not rows:
            rows.append([])
        rows[-1].append((t, col))
    return rows


# --- the column template ------------------------------------------------------------------------------------

EXTRA_ROLES = (Role.RESPONSIBLE, Role.TIMESCALE, Role.DETAIL, Role.MEASURES, Role.PROGRESS)
RETYPE_ROLES = (Role.ID,)   # a named column retyped only when its cells are all codes


def _chunks_score(chunks: Sequence[Sequence[Para]], roles: Sequence[Role | None],
                  labels: Sequence[str] = ()) -> tuple[float, int]:
    """Summed path score over the chunks, and the number of rows the paths make."""
    total, rows = 0.0, 0
    named = [bool(lab) for lab in labels]
    for c in chunks:
        if c:
            score, _, starts = segment_rows(c, roles, named, fit_roles(roles, labels))
            total += score
            rows += sum(starts)
    return total, rows


def _template_moves(roles: list[Role | None], labels: list[str]) -> list[tuple[list[Role | None], list[str], bool]]:
    """Every template one change away: (roles, labels, overrides a named header column)."""
    out: list[tuple[list[Role | None], list[str], bool]] = []
    if Role.ID not in roles:           # a row number column, first ("1 | | Accountancy | ...")
        with_id: list[Role | None] = [Role.ID, *roles]
        out.append((with_id, ["", *labels], False))
    for role in EXTRA_ROLES:           # a column the header does not name
        if role in roles and role in (Role.RESPONSIBLE, Role.TIMESCALE):
            continue
        for pos in range(1, len(roles) + 1):
            out.append((roles[:pos] + [role] + roles[pos:], labels[:pos] + [""] + labels[pos:], False))
    for a in range(len(roles)):        # a column printed in another order than its header
        if roles[a] in (Role.ACTION, Role.ID):
            continue
        for b in range(1, len(roles)):
            if a != b:
                r2, l2 = list(roles), list(labels)
                r2.insert(b, r2.pop(a))
                l2.insert(b, l2.pop(a))
                out.append((r2, l2, False))
    for a, old in enumerate(roles):    # a column whose content contradicts its header ("Strategy" holding 2.1.1)
        if old == Role.ACTION:         # or whose header names no role ("Time period to achieve target")
            continue
        for role in RETYPE_ROLES if old is not None else EXTRA_ROLES + RETYPE_ROLES:
            if role != old:
                r2 = list(roles)
                r2[a] = role
                out.append((r2, list(labels), old is not None))   # an unknown header names no role to override
    return out


def fit_template(chunks: Sequence[Sequence[Para]], roles: list[Role | None],
                 labels: list[str]) -> tuple[list[Role | None], list[str], int]:
    """Add, move or retype columns while the content fits clearly better: a header that names fewer
    columns than the rows carry, names them in another order, or names a column its content
    contradicts.  A change must gain :data:`TEMPLATE_CHANGE_COST` plus :data:`ROW_EVIDENCE` per row
    (plus as much again to override a column the header names), so that it is the rows' content, not
    one paragraph, that asks for it.  Returns roles, labels and the number of changes."""
    best, n_rows = _chunks_score(chunks, roles, labels)
    changes = 0
    for _ in range(MAX_TEMPLATE_CHANGES):
        margin = TEMPLATE_CHANGE_COST + ROW_EVIDENCE * max(1, n_rows)
        candidates = []
        for r2, l2, overrides in _template_moves(roles, labels):
            score, rows = _chunks_score(chunks, r2, l2)
            candidates.append((score - best - (margin if overrides else 0.0), score, rows, r2, l2))
        if not candidates:
            break
        gain, score, rows, r2, l2 = max(candidates, key=lambda c: c[0])
        if gain <= margin:
            break
        best, n_rows, roles, labels = score, rows, r2, l2
        changes += 1
    split = _split_paired_cells(chunks, roles, labels)
    if split is not None:
        roles, labels = split
        changes += 1
    return roles, labels, changes


MIN_PAIRED_ROWS = 3


def _split_paired_cells(chunks: Sequence[Sequence[Para]], roles: list[Role | None],
                        labels: list[str]) -> tuple[list[Role | None], list[str]] | None:
    """The template with the text column right after the action split in two, when every row puts
    exactly two paragraphs there (MIN_PAIRED_ROWS rows or more): the first is the action's detail,
    the second the column's own text.  Text columns score alike, so splitting one gains little
    score, but two paragraphs in every row, never one or three, are two cells (an inclusion plan's
    aim, its description and its outcome, under a header that names the aim and the outcome).
    None when the rows do not say so or the action already has a detail column."""
    if Role.DETAIL in roles or Role.ACTION not in roles:
        return None
    c = roles.index(Role.ACTION) + 1
    if c >= len(roles) or roles[c] not in (Role.MEASURES, Role.PROGRESS, Role.ISSUES, None):
        return None
    counts: list[int] = []
    for chunk in chunks:
        if not chunk:
            continue
        _, path, starts = segment_rows(chunk, roles, [bool(lab) for lab in labels], fit_roles(roles, labels))
        for row in rows_of(path, starts):
            counts.append(sum(1 for _, col in row if col == c))
    if len([n for n in counts if n]) < MIN_PAIRED_ROWS or any(n not in (0, 2) for n in counts):
        return None
    return roles[:c] + [Role.DETAIL] + roles[c:], labels[:c] + [""] + labels[c:]


def header_template(header: Sequence[str]) -> tuple[list[Role | None], list[str], Kind, frozenset[int]]:
    """Starting column roles from a header run; an action column is put first when none is named
    (seed 002: "Responsible officer | How will we know | To be delivered by" under unlabelled title cells)."""
    cols = assign_roles(list(header))
    if cols is None:
        matches = [header_match(h) for h in header]
        roles: list[Role | None] = [m.role if m else None for m in matches]
        return [Role.ACTION] + roles, [""] + list(header), Kind.ACTION, frozenset()
    return list(cols.roles), list(cols.labels), cols.kind, cols.value_cols


# --- reading -----------------------------------------------------------------------------------------------


def emit_paragraph_rows(state: ReadState, paras: Sequence[Para], path: Sequence[int], starts: Sequence[bool],
                        roles: Sequence[Role | None],
                        labels: Sequence[str], kind: Kind, value_cols: frozenset[int], confidence: float) -> None:
    """Turn a segmented chunk into rows with roles."""
    for row in rows_of(path, starts):
        parts: list[tuple[Role, tuple[str, ...]]] = []
        sources: list[SourceRef] = []
        status = None
        pages = [paras[t].page for t, _ in row]
        for t, col in row:
            sources.extend(source_of(roles[col] or Role.NONE, b) for b in paras[t].blocks)
            text = paras[t].text
            if roles[col] in (Role.SECTION, Role.OBJECTIVE, Role.COMMITMENT, Role.ACTION):
                text = strip_enumerator(text)
            state.ctx, placed = place_cell(state.ctx, roles[col], text, labels[col], col in value_cols)
            if placed is None:
                continue
            role, text = placed
            if role == Role.STATUS:
                status = text
            elif parts and parts[-1][0] == role and role != Role.ACTION:
                parts[-1] = (role, parts[-1][1] + (text,))
            else:
                parts.append((role, (text,)))
        if not any(r == Role.ACTION for r, _ in parts):
            state.tally["untitled"] += 1
            continue
        state.open_row = False
        state.emit(make_row(kind, parts, state.ctx, min(pages), max(pages), status=status, confidence=confidence,
                            rejoin=False, sources=sources))


def read_paragraph_table(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""A header run at ``i`` and the cells under it, one per paragraph.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Action\n\nUpdate\n\nLead officer\n\nReview the policy\n\nDraft agreed in May.\n\n"
    ...           "Head of Housing\n\nCut re-let times\n\nDown to 33 days.\n\nVoids Manager")
    [('Review the policy', 'progress: Draft agreed in May.', 'responsible: Head of Housing'), ('Cut re-let times', 'progress: Down to 33 days.', 'responsible: Voids Manager')]
    """
    if units[i].is_row:
        return None
    run = table_header_run(units, i)
    if run is None:
        return None
    header, j = run
    if j < len(units) and units[j].is_row:
        return _header_for_next_table(units, j, header, state)
    body, end = body_paras(units, j, header)
    if not any(isinstance(p, Para) for p in body):
        return None
    table = _paragraph_template(header, body)
    if table is None:
        return None
    apply_caption_above(units, i, state)
    state.table.columns = None
    state.table.mode = None
    state.open_row = False
    for context, chunk in zip(table.contexts, table.chunks):
        if context is not None:
            _apply_context(state, context)
        if chunk:
            _emit_chunk(state, chunk, table)
    for cell in table.unplaced:
        state.tally[f"unplaced:{cell}"] += 1
    return end


@dataclass(frozen=True, slots=True)
class _ParagraphTable:
    """A paragraph table ready to emit: its body cut into chunks at the context lines between them (a
    chunk's context comes before it; the first has none), and its fitted column template."""

    chunks: list[list[Para]]
    contexts: list[str | None]
    roles: list[Role | None]
    labels: list[str]
    kind: Kind
    value_cols: frozenset[int]
    confidence: float
    unplaced: tuple[str, ...]     # header cells that named no role


def _paragraph_template(header: list[str], body: list[Para | str]) -> _ParagraphTable | None:
    """Chunk the body at its context lines and fit the column template to the chunks' content; None when
    no column ends up holding the action.  Confidence falls 0.1 per template change."""
    roles, labels, kind, value_cols = header_template(header)
    chunks: list[list[Para]] = [[]]
    contexts: list[str | None] = [None]
    for p in body:
        if isinstance(p, Para):
            chunks[-1].append(p)
        else:
            chunks.append([])
            contexts.append(p)
    chunks = [mark_row_numbers(join_fragments(c)) for c in chunks]
    value_labels = {labels[k] for k in value_cols}
    roles, labels, changes = fit_template(chunks, roles, labels)
    value_cols = frozenset(k for k, label in enumerate(labels) if label and label in value_labels)  # columns moved
    if Role.ACTION not in roles:
        return None
    cols = assign_roles(header)
    confidence = max(0.3, min(0.85, cols.confidence if cols else 0.5) - 0.1 * changes)
    return _ParagraphTable(chunks, contexts, roles, labels, kind, value_cols, confidence,
                           cols.unplaced if cols else ())


def _emit_chunk(state: ReadState, chunk: list[Para], table: _ParagraphTable) -> None:
    """Segment one chunk into rows and emit them; paragraphs outside the table are set aside."""
    roles, labels = table.roles, table.labels
    _, path, starts = segment_rows(chunk, roles, [bool(lab) for lab in labels], fit_roles(roles, labels))
    emit_paragraph_rows(state, chunk, path, starts, roles, labels, table.kind, table.value_cols, table.confidence)
    for para, col in zip(chunk, path):
        if col == OUT:
            for block in para.blocks:
                state.set_aside(block)


def _header_for_next_table(units: list[Unit], j: int, header: list[str], state: ReadState) -> int | None:
    """Header words laid out as paragraphs right above a table's rows (seed 001 p8) head that table."""
    cols = assign_roles(header, body_columns(units, j - 1))
    if cols is None:
        return None
    set_columns(state, cols, len(units[j].cells or ()))
    state.table.index = units[j].table
    return j


def _apply_context(state: ReadState, text: str) -> None:
    if apply_heading(state, text):
        return
    if objective := objective_text(text):
        state.ctx = replace(state.ctx, objective=one_line([objective]))
    else:
        state.new_section(text)

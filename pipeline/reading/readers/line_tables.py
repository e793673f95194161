"""Tables whose rows are lines of text with single spaces between the cells (web pages and PDFs copied
as text): the header is one line of known header phrases, each row one line.

::

    Indicator Description Directorate Last quarter This quarter Target Status Trend
    2.1.1.KPI Percentage of household waste recycled Environment 41.2% 43.5% 45% Amber Improving

Nothing marks the cell boundaries, so both lines are split by evidence: the header into a sequence of
phrases from the vocabulary (:func:`split_header_line`), each row into as many cells as the header has
columns, where every cell's content fits its column's role best (:func:`split_row`, a dynamic programme
over word boundaries using the same content scores as :mod:`pipeline.reading.fit`).  A row may go on
in the paragraphs below it (its last cell) until the next row line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Sequence

from extractors.base import Text
from pipeline.cues import Cue
from pipeline.reading.columns import assign_roles, header_match
from pipeline.reading.evidence import text_features
from pipeline.reading.fit import Para, fit
from pipeline.reading.headings import apply_caption_above, run_on_heading
from pipeline.reading.model import Columns, ReadState, Unit, make_row, source_of
from pipeline.reading.shared import (
    apply_heading,
    header_cell_score,
    heading_text,
    place_cell,
    split_header_line,
    strip_enumerator,
)
from pipeline.vocab import Kind, Role
from schemas.records import SourceRef

MIN_EMBEDDED_CELLS = 4    # a header run into a paragraph must have this many cells ...
MIN_RUN_ON_WORDS = 60     # ... in a paragraph this long (a page run into one paragraph)
TEXT_CONTINUES = frozenset({Role.PROGRESS, Role.ISSUES, Role.MEASURES, Role.DETAIL, Role.ACTION})
ID_ROWS_SHARE = 0.8
MAX_SCORED_ROWS = 12      # rows used to compare column role choices
RETYPE_GAIN = 0.5       # rows starting with a code ("2.1.1.KPI") this often: the first column is an ID
MAX_ROW_TOKENS = 120
CELL_WORDS = {  # (typical, most) words of a cell: values and statuses are short
    Role.ID: (1, 3), Role.VALUE: (1, 4), Role.STATUS: (1, 4), Role.TIMESCALE: (2, 8), Role.RESPONSIBLE: (2, 10),
    Role.NONE: (1, 4),
}
MIN_ACTION_WORDS = 3
CASE_BOUNDARY_BONUS = 1.0 # a lower-case word then a capitalised one: sentence case says a new cell starts
LOWER_START_COST = 3.0    # a cell rarely starts with a lower-case word (a cut inside a sentence)
OPEN_END_COST = 2.0       # nor ends on a word no phrase ends with ("the", "of", "to")
# Not the wrap-ending words of a paragraph (shared.OPEN_END, cue ``wrap_end_word``): a cut inside a line
# is only a soft cost, so this list is broader (verbs "is", "are") and leaves out "as" and "that".
OPEN_WORD = Cue(r"{cell_end_word}|&|-|–", re.I)
SPLIT_PAREN_COST = 5.0    # nor inside a parenthesis


@dataclass(frozen=True, slots=True)
class HeaderCell:
    text: str
    role: Role


# --- rows ------------------------------------------------------------------------------------------------


def _cell_cost(words: Sequence[str], role: Role | None, first: bool, before: str = "") -> float:
    """Score of ``words`` as one cell of a column with ``role`` (``before``: the word ending the cell to
    its left, for the boundary between them)."""
    text = " ".join(words)
    score = fit(Para(text, 1), role)
    if role == Role.ACTION and len(words) < MIN_ACTION_WORDS:
        score -= 1.5 * (MIN_ACTION_WORDS - len(words))
    if words and words[-1].endswith(":"):
        score -= LOWER_START_COST  # a label is never a whole cell: its value follows it
    if before and words and re.fullmatch(r"[a-z][a-z'’]*", before) and words[0][:1].isupper():
        score += CASE_BOUNDARY_BONUS  # "... contact us | Share of residents": a new cell starts
    typical, most = CELL_WORDS.get(role, (0, 200)) if role is not None else (0, 200)
    if len(words) > most:
        score -= 2.0 * (len(words) - most)
    if not first and words and words[0][:1].islower():
        score -= LOWER_START_COST
    if words and OPEN_WORD.fullmatch(words[-1]):
        score -= OPEN_END_COST
    if not first and words and re.fullmatch(r"\d{1,3}[:.)]|[:;,].*", words[0]):
        score -= LOWER_START_COST  # "Objective | 1: To make ...": a number belongs to the word before it
    if text.count("(") != text.count(")"):
        score -= SPLIT_PAREN_COST
    return score


def split_row(text: str, roles: Sequence[Role | None]) -> list[str] | None:
    """Split one row line into ``len(roles)`` cells (empty cells allowed), best fit by content.

    >>> roles = [Role.ACTION, Role.RESPONSIBLE, Role.VALUE, Role.VALUE, Role.STATUS]
    >>> split_row("Average days to process new housing benefit claims Resources 21.4 18.9 Green", roles)
    ['Average days to process new housing benefit claims', 'Resources', '21.4', '18.9', 'Green']
    """
    words = text.split()
    n, k = len(words), len(roles)
    if not n or n > MAX_ROW_TOKENS or not k:
        return None
    neg = float("-inf")
    # dp[c][j]: best score with the first c cells covering the first j words.
    dp = [[neg] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    dp[0][0] = 0.0
    for c in range(1, k + 1):
        role = roles[c - 1]
        for j in range(n + 1):
            best, arg = neg, j
            if dp[c - 1][j] > neg:  # an empty cell
                best, arg = dp[c - 1][j] - _empty_cost(role), j
            for i in range(j):
                if dp[c - 1][i] == neg:
                    continue
                score = dp[c - 1][i] + _cell_cost(words[i:j], role, c == 1, words[i - 1] if i else "")
                if score > best:
                    best, arg = score, i
            dp[c][j], back[c][j] = best, arg
    if dp[k][n] == neg:
        return None
    cells: list[str] = []
    j = n
    for c in range(k, 0, -1):
        i = back[c][j]
        cells.append(" ".join(words[i:j]))
        j = i
    cells.reverse()
    return cells


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\d])")


def _pledge_columns(roles: Sequence[Role | None], line: str) -> bool:
    """A row of a two-column table of pledges and what came of them, opening with a pledge."""
    return len(roles) == 2 and roles[0] == Role.ACTION and roles[1] in TEXT_CONTINUES and text_features(line).pledge


def split_pledge(text: str) -> list[str]:
    """Split a "What we said | What we did" row line at the sentence where the pledge ends: the leading
    sentences that promise ("We will ...") are the first cell, the report after them the second.

    >>> split_pledge("Our team will review prices. This was not done. It will be done in 2026.")
    ['Our team will review prices.', 'This was not done. It will be done in 2026.']
    """
    sentences = _SENTENCE_END.split(text.strip())
    n = 1
    while n < len(sentences) and text_features(sentences[n]).pledge:
        n += 1
    return [" ".join(sentences[:n]), " ".join(sentences[n:])]


def split_score(text: str, roles: Sequence[Role | None]) -> float:
    """The best split's score (for comparing column role choices)."""
    cells = split_row(text, roles)
    if cells is None:
        return float("-inf")
    total = 0.0
    prev = ""
    for c, (cell, role) in enumerate(zip(cells, roles)):
        words = cell.split()
        total += _cell_cost(words, role, c == 0, prev) if words else -_empty_cost(role)
        prev = words[-1] if words else prev
    return total


def _alternative_roles(header: Sequence[str], roles: list[Role | None], lines: Sequence[str]) -> list[Role | None]:
    """Try each column's alternative role ("Sub-actions": a description or a count) and keep the ones
    the rows' content fits better by :data:`RETYPE_GAIN` per row."""
    sample = list(lines)[:MAX_SCORED_ROWS]
    best = sum(split_score(t, roles) for t in sample)
    for c, h in enumerate(header):
        m = header_match(h)
        if m is None or m.alt is None or roles[c] in (Role.ACTION, m.alt):
            continue
        trial = list(roles)
        trial[c] = m.alt
        score = sum(split_score(t, trial) for t in sample)
        if score > best + RETYPE_GAIN * len(sample):
            best, roles = score, trial
    return roles


def _empty_cost(role: Role | None) -> float:
    costs = {Role.ACTION: 8.0, Role.VALUE: 0.5, Role.NONE: 0.2, Role.ID: 0.5, Role.PROGRESS: 1.0, Role.ISSUES: 1.0,
             Role.MEASURES: 1.0, Role.DETAIL: 1.0}
    return costs.get(role, 1.5) if role else 0.2


def _is_row_line(text: str, header_words: int) -> bool:
    return len(text.split()) >= 2


# --- reading ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _header_of(text: str) -> tuple[str, ...] | None:
    cells = split_header_line(text)
    return tuple(cells) if cells else None


def find_embedded_header(text: str) -> tuple[int, int, list[str]] | None:
    """A one-line header run into a longer paragraph (a page whose line breaks were lost): the word
    span (start, end) and its cells, or None.  At least :data:`MIN_EMBEDDED_CELLS` cells, the longest
    chain of header phrases in the paragraph.

    >>> find_embedded_header("Key: Green on track Actions Target date Lead officer Progress RAG 2.1 Extend")[2]
    ['Actions', 'Target date', 'Lead officer', 'Progress', 'RAG']
    """
    words = text.split()
    best: tuple[int, int, list[str]] | None = None
    s = 0
    while s < len(words):
        cells: list[str] = []
        k = s
        while k < len(words):
            step = _longest_cell(words, k)
            if step is None:
                break
            cells.append(" ".join(words[k:step]))
            k = step
        if len(cells) >= MIN_EMBEDDED_CELLS and (best is None or len(cells) > len(best[2])):
            best = (s, k, cells)
        s = max(s + 1, k if cells else s + 1)
    if best is None or split_header_line(" ".join(best[2])) is None:
        return None
    return best


def _longest_cell(words: Sequence[str], k: int) -> int | None:
    """End of the longest header cell starting at word ``k`` (a parenthesis joins the cell), or None."""
    for j in range(min(len(words), k + 8), k, -1):
        cell = words[k:j]
        if header_cell_score(cell) is not None:
            if j < len(words) and words[j].startswith("("):
                close = next((m for m in range(j, min(len(words), j + 6)) if words[m].endswith(")")), None)
                if close is not None:
                    return close + 1
            return j
    return None


_ROW_ID = re.compile(r"^(\d{1,2})\.(\d{1,2})$")


def split_rows_by_id(text: str) -> list[str] | None:
    """Rows run together in one paragraph, cut where the row numbers go on in sequence ("2.1 ... 2.2 ...
    2.3 ..."); None unless the text starts with a row number and at least two follow in order.

    >>> split_rows_by_id("2.1 Extend patrols March 2025 CSP 2.4 Green 2.2 Remove graffiti Ongoing Amber")
    ['2.1 Extend patrols March 2025 CSP 2.4 Green', '2.2 Remove graffiti Ongoing Amber']
    """
    words = text.split()
    if not words or not (m := _ROW_ID.match(words[0])):
        return None
    major, minor = int(m.group(1)), int(m.group(2))
    cuts = [0]
    for k in range(1, len(words)):
        n = _ROW_ID.match(words[k])
        if n and int(n.group(1)) == major and int(n.group(2)) == minor + 1:
            cuts.append(k)
            minor += 1
    if len(cuts) < 2:
        return None
    cuts.append(len(words))
    return [" ".join(words[a:b]) for a, b in zip(cuts, cuts[1:])]


def _row_lines(units: list[Unit], i: int, header: tuple[str, ...]) -> "_LineRows":
    """The row lines under a one-line header at ``i`` (each with the paragraphs that carry its last cell
    on), the headings between them, and the index after them."""
    rows: list[tuple[str, list[str], int]] = []   # (row line, continuation paragraphs, page)
    blocks: list[list[Text]] = []
    headings: list[tuple[int, Text]] = []
    roles = (assign_roles(list(header)) or Columns(())).roles or (None,)
    last_role = roles[-1:]
    k = i + 1
    while k < len(units):
        v = units[k]
        if v.is_row or v.text is None or v.text.list_item or _header_of(v.para) is not None:
            break
        if k + 1 < len(units) and units[k + 1].text is not None and _header_of(units[k + 1].para) is not None:
            break  # the next table's caption
        if _heads_pledge_rows(units, k, rows, roles[0]):
            headings.append((len(rows), v.text))
            k += 1
            continue
        gap = v.text.blank_lines_before
        if rows and gap >= 1:
            # A paragraph after a blank line: the last row's last cell going on (a text column only),
            # unless it reads as a caption or heading (a short unpunctuated line: the next title).
            if _is_caption(v.para) or gap >= 3 or last_role[0] not in TEXT_CONTINUES:
                break
            if _opens_pledge_row(v.para, rows[0][0], roles[0]):
                rows.append((v.para, [], v.text.page))
                blocks.append([v.text])
            else:
                rows[-1][1].append(v.para)
                blocks[-1].append(v.text)
        elif not rows and gap >= 2:
            break
        else:
            rows.append((v.para, [], v.text.page))
            blocks.append([v.text])
        k += 1
    return _LineRows(header, rows, blocks, k, headings)


@dataclass(slots=True)
class _LineRows:
    """A line table found at a unit: its header cells, its row lines (each with the paragraphs that
    carry its last cell on, and its page), the source blocks of each row, and the unit index after it."""

    header: tuple[str, ...]
    rows: list[tuple[str, list[str], int]]
    blocks: list[list[Text]]
    end: int
    headings: list[tuple[int, Text]] = field(default_factory=list)   # (row it heads, heading paragraph)
    preamble: str = ""   # a run-on paragraph's text before its embedded header


def read_line_table(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""A one-line header at ``i`` and the row lines under it; or a header and its rows run together in
    one paragraph (rows cut at their numbers in sequence).

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Indicator Directorate Target Status\nHouseholds in temporary accommodation Housing 110 Red")
    [('Households in temporary accommodation', 'responsible: Housing', 'progress: Target: 110')]
    """
    found = _find_line_rows(units, i)
    if found is None or not found.rows:
        return None
    settled = _settle_columns(found)
    if settled is None:
        return None
    cols, split = settled
    roles = list(cols.roles)
    if sum(1 for s in split if s and s[roles.index(Role.ACTION)]) < 1:
        return None
    apply_caption_above(units, i, state)
    if found.preamble and (heading := run_on_heading(found.preamble)) is not None:
        state.new_section(*heading)
    state.table.columns = None
    state.table.mode = None
    headings = dict(found.headings)
    for n, ((line, extra, page), split_cells, texts) in enumerate(zip(found.rows, split, found.blocks)):
        if n in headings and not apply_heading(state, headings[n].text):
            state.new_section(heading_text(headings[n].text))
        _emit_split_row(state, cols, split_cells, extra, page, texts)
    return found.end


def _find_line_rows(units: list[Unit], i: int) -> _LineRows | None:
    """The header line at ``i`` and the row lines under it; or, in a long paragraph, a header run into
    it and the rows after it cut at their numbers.  None when unit ``i`` holds neither."""
    u = units[i]
    if u.is_row or u.text is None or u.text.list_item:
        return None
    header = _header_of(u.para)
    if header is not None:
        return _row_lines(units, i, header)
    embedded = find_embedded_header(u.para) if len(u.para.split()) > MIN_RUN_ON_WORDS else None
    if embedded is None:
        return None
    start, after, cells = embedded
    row_texts = split_rows_by_id(" ".join(u.para.split()[after:]))
    if row_texts is None:
        return None
    return _LineRows(tuple(cells), [(t, [], u.text.page) for t in row_texts], [[u.text] for _ in row_texts], i + 1,
                     preamble=" ".join(u.para.split()[:start]))


def _settle_columns(found: _LineRows) -> tuple[Columns, list[list[str] | None]] | None:
    """The columns' roles, by header words then by the rows' content, and each row split into cells.

    Content decides what the header words left open ("Indicator" holding codes is an ID column): the
    split cells, or, when most rows start with a code, that code as the first column.
    """
    header, rows = found.header, found.rows
    cols = assign_roles(list(header))
    if cols is None:
        return None
    roles = _alternative_roles(header, list(cols.roles), [r for r, _, _ in rows])
    cols = replace(cols, roles=tuple(roles), value_cols=frozenset(c for c, r in enumerate(roles) if r == Role.VALUE))
    split = [split_pledge(r) if _pledge_columns(roles, r) else split_row(r, roles) for r, _, _ in rows]
    body = [[cells[c] for cells in split if cells] for c in range(len(roles))]
    first_words = [r.split()[0] for r, _, _ in rows]
    if sum(text_features(w).is_id for w in first_words) >= max(1, ID_ROWS_SHARE * len(rows)):
        body = [first_words] + [[] for _ in roles[1:]]
    cols2 = assign_roles(list(header), body)
    if cols2 is not None and list(cols2.roles) != roles and Role.ID in cols2.roles:
        cols = cols2
        split = [split_row(r, list(cols2.roles)) for r, _, _ in rows]
    return cols, split


def _emit_split_row(state: ReadState, cols: Columns, split_cells: list[str] | None, extra: list[str], page: int,
                    texts: list[Text]) -> None:
    """Emit one row of cells (its last cell going on in the ``extra`` paragraphs); a row that would not
    split into the columns is set aside."""
    if split_cells is None:
        for block in texts:
            state.set_aside(block)
        return
    roles = list(cols.roles)
    cells = list(split_cells)
    if extra:
        cells = cells[:-1] + [f"{cells[-1]}\n" + "\n".join(extra) if cells[-1] else "\n".join(extra)]
    sources = [source_of(r or Role.NONE, texts[0], c) for c, r in zip(cells, roles) if c and r is not None]
    sources += [source_of(roles[-1] or Role.NONE, t) for t in texts[1:]]
    _emit_line_row(state, cells, roles, list(cols.labels), cols.kind, cols.value_cols, cols.confidence, page,
                   sources)


def _heads_pledge_rows(units: list[Unit], k: int, rows: list[tuple[str, list[str], int]],
                       first_role: Role | None) -> bool:
    """A short unpunctuated line heading the next group of a table of pledges ("Housing" between "What we
    said | What we did" rows): the paragraph after it opens a row with a pledge, as the first row did."""
    if first_role != Role.ACTION or k + 1 >= len(units) or not _is_caption(units[k].para):
        return False
    nxt = units[k + 1]
    if nxt.text is None or nxt.text.list_item or not text_features(nxt.para).pledge:
        return False
    return not rows or text_features(rows[0][0]).pledge


def _opens_pledge_row(text: str, first_row: str, first_role: Role | None) -> bool:
    """A paragraph after a blank line that opens the next row instead of going on in the last cell: in a
    table of pledges and what came of them ("What we said | What we did", a web page flattened to text,
    each row's report in the paragraphs under its pledge) a row opens with a pledge ("We will ...") as
    the first row did; the reports under it do not."""
    return first_role == Role.ACTION and text_features(first_row).pledge and text_features(text).pledge


def _is_caption(text: str) -> bool:
    return len(text.split()) <= 8 and not re.search(r"[.!?;:]$", text) and text[:1].isupper()


def _emit_line_row(state: ReadState, cells: list[str], roles: list[Role | None], labels: list[str], kind: Kind,
                   value_cols: frozenset[int], confidence: float, page: int, sources: list[SourceRef]) -> None:
    parts: list[tuple[Role, tuple[str, ...]]] = []
    status = None
    last_column = [-1]
    for c, (text, column_role) in enumerate(zip(cells, roles)):
        for line in (t for t in text.split("\n") if t.strip()):   # a row's last cell may go on in paragraphs
            if column_role == Role.ACTION and not any(r == Role.ACTION for r, _ in parts):
                line = _strip_ref(line)
            state.ctx, placed = place_cell(state.ctx, column_role, line, labels[c], c in value_cols)
            if placed is None:
                continue
            role, value = placed
            if role == Role.STATUS:
                status = value
            elif parts and parts[-1][0] == role and c == last_column[0]:
                parts[-1] = (role, parts[-1][1] + (value,))
            else:
                parts.append((role, (value,)))
            last_column[0] = c
    if not any(r == Role.ACTION for r, _ in parts):
        state.tally["untitled"] += 1
        return
    state.open_row = False
    state.emit(make_row(kind, parts, state.ctx, page, status=status, confidence=min(confidence, 0.7),
                        rejoin=False, sources=sources))


def _strip_ref(text: str) -> str:
    """Drop a reference glued to a title: "IP 1 - The council should ...", "Objective 2: To close ...",
    "2.1 Extend ..."."""
    m = re.match(r"^(?:[A-Z]{1,4}\s?|[A-Z][a-z]{2,15} )\d{1,3}(?:\.\d{1,3})*[a-z]?\s*[-–—:]\s+(?=[A-Z])", text)
    if m:
        return text[m.end():]
    return strip_enumerator(text)

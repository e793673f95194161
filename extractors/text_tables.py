"""Tables that a plain-text file spells out with characters: pipes, delimiters, aligned columns.

Text renderings of council reports lose their table markup in several ways; this module finds the
ones whose form is still explicit in the characters and returns each as a :class:`TextTable` (raw
cell texts plus the line span it covers).  ``extractors/text.py`` turns those into ``Table`` blocks.

Readers, in the order they claim lines (a line belongs to at most one table):

1. markdown / GFM pipe tables (``| a | b |`` + ``---|---``), read by markdown-it-py's table rule;
2. pipe-terminated cells: one cell per line (or several wrapped lines) ending in `` |``, a
   ``---|---|`` separator after the header cells (:func:`read_pipe_terminated_cells`);
3. whitespace-aligned fixed-width columns with wrapped cells (``extractors/text_columns.py``);
4. rows joined by a delimiter: `` | ``, `` / `` or runs of 2+ spaces / tabs (:func:`split_delimited`).

What a table *means* (header row, roles) is the pipeline's business; this module only keeps the cell
count honest and says when it padded a row.  Lines with a tab are the seed format's rows and stay
with ``extractors/text.py`` (except a run whose tab rows only line up when runs of spaces count as
cell breaks too: tabs mixed with spaces).  Cells separated by a single space, one cell per line and
label/value lines are not read here (the pipeline needs header words to see those).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

from markdown_it import MarkdownIt

from extractors.text_columns import read_fixed_width_columns


class TextTableKind(str, Enum):
    """How a table was spelled out in the text (named in warnings).

    >>> TextTableKind.SLASH_DELIMITED.value
    "' / '-joined rows"
    """

    PIPE = "pipe table"
    PIPE_TERMINATED = "pipe-terminated cells"
    FIXED_WIDTH = "fixed-width columns"
    PIPE_DELIMITED = "' | '-joined rows"
    SLASH_DELIMITED = "' / '-joined rows"
    SPACE_DELIMITED = "space-aligned rows"


@dataclass(frozen=True, slots=True)
class TextTable:
    """A table found in lines ``start`` (inclusive) to ``end`` (exclusive), 0-based line indices.

    ``rows`` hold raw cell texts: a cell's wrapped lines joined with ``"\\n"`` (the text extractor
    joins them into paragraphs and splits bullets), inline markup untouched.  Every row has the same
    number of cells; ``padded_rows`` lists the rows (indices into ``rows``) that had one cell fewer
    than the widest row and got an empty cell, at the end or, where the row's line is indented past
    the others (an empty first cell), at the start.

    ``cell_lines`` says where each cell sits: per row, per cell, the first and last line (0-based,
    inclusive) its text came from; a padded cell or an empty one gets its row's lines.  Empty when
    the reader did not say (the text extractor then gives each cell the table's whole span).

    >>> TextTable(0, 2, (("Action", "Due"), ("Audit", "May")), TextTableKind.PIPE).rows[1]
    ('Audit', 'May')
    """

    start: int
    end: int
    rows: tuple[tuple[str, ...], ...]
    kind: TextTableKind
    padded_rows: tuple[int, ...] = ()
    cell_lines: tuple[tuple[tuple[int, int], ...], ...] = ()


LineSpan = tuple[int, int]  # first and last line of a cell, 0-based, inclusive


def one_line_rows(row_lines: Sequence[int], n_cols: int) -> tuple[tuple[LineSpan, ...], ...]:
    """``cell_lines`` of a table whose every row is on one line: row k's cells all on ``row_lines[k]``.

    >>> one_line_rows([4, 6], 2)
    (((4, 4), (4, 4)), ((6, 6), (6, 6)))
    """
    return tuple(tuple((i, i) for _ in range(n_cols)) for i in row_lines)


# --- 1. markdown / GFM pipe tables ---------------------------------------------------------------------

# A GFM delimiter row: "---|---", "| :--- | ---: |", ":-:|-" (at least one pipe, so "---" alone is a rule).
_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$")
_MARKDOWN = MarkdownIt("zero").enable("table")  # only the GFM table rule (and plain paragraphs)


def is_delimiter_row(line: str) -> bool:
    """True for a markdown table delimiter row (``---|---``, ``| :-: | --: |``).

    >>> is_delimiter_row("---|---|---|"), is_delimiter_row("| :--- | ---: |"), is_delimiter_row("----")
    (True, True, False)
    """
    return bool(_DELIMITER_ROW.match(line))


def _pipe_cell_count(line: str) -> int:
    body = line.strip()
    body = body.removeprefix("|")
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return len(re.split(r"(?<!\\)\|", body))


def read_pipe_table(lines: Sequence[str], sep: int) -> TextTable | None:
    """Read the GFM pipe table whose delimiter row is ``lines[sep]``, or None if it is not one.

    The header is the line above; body rows are the following lines that hold a pipe.  markdown-it-py
    parses the rows (escaped pipes, missing cells padded, extra cells dropped, as GitHub does); each
    cell keeps its raw inline text (``**bold**``, ``<br>``) for the cell reader.

    >>> t = read_pipe_table(["| Ref | Action |", "|---|:--|", "| 1 | Do *it* |", "| 2 |"], 1)
    >>> t.rows, (t.start, t.end), t.padded_rows
    ((('Ref', 'Action'), ('1', 'Do *it*'), ('2', '')), (0, 4), (2,))
    """
    if not _opens_pipe_table(lines, sep):
        return None
    end = sep + 1
    while end < len(lines) and "|" in lines[end] and lines[end].strip():
        end += 1
    parsed = _parse_first_table(lines[sep - 1:end])
    if parsed is None:
        return None
    rows, table_lines = parsed
    n_cols = len(rows[0])
    end = sep - 1 + table_lines
    body_lines = [sep - 1, *range(sep + 1, end)]
    padded = tuple(k for k, i in enumerate(body_lines) if k < len(rows) and _pipe_cell_count(lines[i]) < n_cols)
    return TextTable(
        start=sep - 1,
        end=end,
        rows=tuple(tuple(r) + ("",) * (n_cols - len(r)) for r in rows),
        kind=TextTableKind.PIPE,
        padded_rows=padded,
        cell_lines=one_line_rows(body_lines[:len(rows)], n_cols),
    )


def _opens_pipe_table(lines: Sequence[str], sep: int) -> bool:
    """True if ``lines[sep]`` is a delimiter row under a header line with as many pipe cells."""
    if sep < 1 or "|" not in lines[sep - 1] or not is_delimiter_row(lines[sep]):
        return False
    return _pipe_cell_count(lines[sep - 1]) == _pipe_cell_count(lines[sep])


def _parse_first_table(block_lines: Sequence[str]) -> tuple[list[list[str]], int] | None:
    """Parse lines with markdown-it-py; return the raw inline text of the first table's cells, row by row,
    and how many lines that table spans, or None unless a table of two rows or more starts the lines."""
    rows: list[list[str]] = []
    first_map: list[int] | None = None
    for token in _MARKDOWN.parse("\n".join(line.strip() for line in block_lines)):
        if token.type == "table_open":
            first_map = token.map
        elif token.type == "table_close":
            break  # the first table only; any later lines are read again by the other readers
        elif token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append(token.content)
    if first_map is None or first_map[0] != 0 or len(rows) < 2:
        return None
    return rows, first_map[1]


# --- 2. pipe-terminated cells ----------------------------------------------------------------------------


def _ends_cell(line: str) -> bool:
    return line.rstrip().endswith("|")


def _read_cells(lines: Sequence[str], pos: int, n: int) -> tuple[list[str], list[LineSpan], int] | None:
    """Read ``n`` pipe-terminated cells from ``lines[pos:]``; return them, their line spans and the
    next position.

    A cell is the lines up to one ending in "|".  A line that is only "|" closes the cell above when
    that cell has text not yet closed, and is an empty cell otherwise.
    """
    cells: list[str] = []
    spans: list[LineSpan] = []
    open_lines: list[str] = []
    first = pos
    while pos < len(lines) and len(cells) < n:
        stripped = lines[pos].strip()
        pos += 1
        if not stripped:
            if open_lines:
                open_lines.append("")  # a blank line inside a cell: a paragraph break
            continue
        if is_delimiter_row(stripped):
            return None
        if not open_lines:
            first = pos - 1
        if _ends_cell(stripped):
            text = stripped[:-1].rstrip()
            if text or open_lines:
                open_lines.append(text)
            cells.append("\n".join(open_lines).strip("\n"))
            spans.append((first, pos - 1))
            open_lines = []
        else:
            open_lines.append(stripped)
    return (cells, spans, pos) if len(cells) == n and not open_lines else None


def _next_header_start(lines: Sequence[str], after: int) -> int | None:
    """Index of the first header cell line of the next pipe-terminated table after line ``after``."""
    for i in range(after + 1, len(lines)):
        if is_delimiter_row(lines[i]):
            return i - _pipe_cell_count(lines[i])
    return None


def read_pipe_terminated_cells(lines: Sequence[str], sep: int) -> TextTable | None:
    """Read a table written one cell per line, each cell ending in `` |``, header above ``lines[sep]``.

    The delimiter row ``lines[sep]`` (``---|---|---|``) gives the number of columns n; the n lines
    above it are the header cells.  Body cells may wrap over several lines; a lone ``|`` line closes
    the open cell above it, or is an empty cell when no cell is open.  The table ends at a blank line
    between rows, where the next table's header begins, where the header comes back (below a
    group's caption, :func:`pipe_terminated_repeats`), or where the lines left cannot complete a row
    (numbered section headings between tables stay paragraphs).

    >>> lines = ["Ref |", "Task |", "Date |", "---|---|---|", "1.1 |", "Write to", "landlords |",
    ...          "30 June |", "1.2 |", "Inspect", "|", "|", "2.", "Energy"]
    >>> t = read_pipe_terminated_cells(lines, 3)
    >>> t.rows, (t.start, t.end)
    ((('Ref', 'Task', 'Date'), ('1.1', 'Write to\\nlandlords', '30 June'), ('1.2', 'Inspect', '')), (0, 12))
    >>> t.cell_lines[1]
    ((4, 4), (5, 6), (7, 7))
    """
    if not is_delimiter_row(lines[sep]):
        return None
    n = _pipe_cell_count(lines[sep])
    head = sep - n
    if n < 2 or head < 0:
        return None
    header = [lines[i].strip() for i in range(head, sep)]
    if not all(h.endswith("|") and h.count("|") == 1 and len(h) > 1 for h in header):
        return None
    return _pipe_cell_body(lines, head, sep + 1, header)


MAX_CAPTION_LINES = 4   # lines of a group's caption ("2." / "Early help") above its repeated header


def _repeat_at(lines: Sequence[str], pos: int, header: Sequence[str]) -> int | None:
    """The line where ``header``'s cell lines come back after at most MAX_CAPTION_LINES caption lines
    (lines ending in no pipe) from ``pos``; None when they do not."""
    n = len(header)
    for k in range(pos, min(len(lines), pos + MAX_CAPTION_LINES + 1)):
        if [ln.strip() for ln in lines[k:k + n]] == list(header):
            return k
        if not lines[k].strip() or _ends_cell(lines[k].strip()):
            return None
    return None


def _pipe_cell_body(lines: Sequence[str], head: int, body: int, header: Sequence[str]) -> TextTable | None:
    """The table whose ``len(header)`` header cell lines start at ``head`` and whose rows start at ``body``."""
    n = len(header)
    rows: list[tuple[str, ...]] = [tuple(h[:-1].strip() for h in header)]
    cell_lines: list[tuple[LineSpan, ...]] = [tuple((i, i) for i in range(head, head + n))]
    next_header = _next_header_start(lines, body - 1)
    stop = len(lines) if next_header is None else next_header
    pos = body
    while pos < stop and lines[pos].strip():  # a blank line between rows ends the table
        if _repeat_at(lines, pos, header) is not None:
            break
        read = _read_cells(lines, pos, n)
        if read is None or read[2] > stop:
            break
        cells, spans, pos = read
        rows.append(tuple(cells))
        cell_lines.append(tuple(spans))
    if len(rows) < 2:
        return None
    return TextTable(start=head, end=pos, rows=tuple(rows), kind=TextTableKind.PIPE_TERMINATED,
                     cell_lines=tuple(cell_lines))


def pipe_terminated_repeats(lines: Sequence[str], table: TextTable) -> list[TextTable]:
    """The tables after a pipe-terminated ``table`` that print its header again with no ``---|``
    separator, each below its group's caption ("2." / "Early help" / "Ref |" / "Action |" ...): a plan
    whose numbered groups each repeat the column headings.  Each is a table of its own, so the
    caption stays a paragraph between tables (the group's heading), not the text of a header cell.

    >>> lines = ["Ref |", "Task |", "---|---|", "1.1 |", "Audit |", "2.", "Energy", "Ref |", "Task |",
    ...          "2.1 |", "Insulate |"]
    >>> t = read_pipe_terminated_cells(lines, 2)
    >>> t.rows, [(r.start, r.end, r.rows) for r in pipe_terminated_repeats(lines, t)]
    ((('Ref', 'Task'), ('1.1', 'Audit')), [(7, 11, (('Ref', 'Task'), ('2.1', 'Insulate')))])
    """
    if table.kind != TextTableKind.PIPE_TERMINATED:
        return []
    header = [lines[i].strip() for i in range(table.start, table.start + len(table.rows[0]))]
    out: list[TextTable] = []
    while (k := _repeat_at(lines, table.end, header)) is not None:
        nxt = _pipe_cell_body(lines, k, k + len(header), header)
        if nxt is None:
            break
        out.append(nxt)
        table = nxt
    return out


MIN_PIPE_CELL_LINES = 6        # a run of this many " |"-terminated lines with no separator row is cells
MIN_PIPE_CELL_SHARE = 0.6      # of the run's lines; the rest are wrapped cell lines


def _is_pipe_cell_line(line: str) -> bool:
    stripped = line.strip()
    return stripped.endswith("|") and stripped.count("|") == 1 and (len(stripped) == 1 or stripped[-2] == " ")


def pipe_cell_lines(lines: Sequence[str], tables: Sequence[TextTable]) -> frozenset[int]:
    """Lines of a pipe-terminated cell run that has no ``---|`` separator row, so no column count.

    Word and PDF converters write a table as one cell per line, each ending in `` |``, a lone ``|``
    for an empty cell, and often leave out the separator row (a district council's KPI appendix, a
    fire authority's recommendations table).  Without a separator the number of columns is unknown,
    so these lines are not a :class:`TextTable`: the text extractor strips the pipes and gives each
    cell its own paragraph (an empty cell a blank line), and the pipeline's paragraph-table reader
    finds the rows from the header words and the cells' content.  A run is the non-blank lines
    between blank lines (or tables); the indices returned are its pipe-ended lines; at least :data:`MIN_PIPE_CELL_LINES` of them, and
    :data:`MIN_PIPE_CELL_SHARE` of the run, end in the one pipe.

    >>> lines = ["Intro", "Ref |", "Action |", "Due |", "1 |", "Audit", "the books |", "|", "", "End"]
    >>> sorted(pipe_cell_lines(lines, []))  # "Audit" wraps: not a cell line itself
    [1, 2, 3, 4, 6, 7]
    """
    taken = [False] * len(lines)   # lines of the tables found (``tables``) are theirs
    for t in tables:
        taken[t.start:t.end] = [True] * (t.end - t.start)
    found: set[int] = set()
    start = 0
    for end in range(len(lines) + 1):
        if end < len(lines) and lines[end].strip() and not taken[end]:
            continue
        run = range(start, end)
        n_cells = sum(_is_pipe_cell_line(lines[k]) for k in run)
        if n_cells >= MIN_PIPE_CELL_LINES and n_cells >= MIN_PIPE_CELL_SHARE * len(run):
            found.update(k for k in run if _is_pipe_cell_line(lines[k]))
        start = end + 1
    return frozenset(found)


# --- 4. rows joined by a delimiter -----------------------------------------------------------------------

MIN_DELIMITED_CELLS = 3        # ' / ' and space-joined rows: fewer cells are label/value lines or prose
MIN_PIPE_DELIMITED_CELLS = 2   # ' | ' is never prose, but one line of it is a site menu ("Services | Jobs")
MIN_DELIMITED_ROWS = 2
MAX_BLANK_LINES_BETWEEN_ROWS = 1
MIN_GAP_SPACES = 2             # a run of this many spaces (or a tab) between cells

_LABEL_CELL = re.compile(r":\s*$")
_BULLET_OR_HEADING = re.compile(r"^\s*(?:[•·○▪●◦■§#]|[-*]\s)")
# Two spaces after a full stop before a capital are typewriter sentence spacing, not a cell break.
_SENTENCE_GAP = re.compile(r"(?<=[.!?])(?:[\"')\]]?)  (?=[\"'(]?[A-Z])")
_SPACE_GAP = re.compile(rf"\t[\t ]*| {{{MIN_GAP_SPACES},}}\t*")
_SLASH_GAP = re.compile(r"\s+/\s+")
_PIPE_GAP = re.compile(r"\s+\|\s+")


def split_spaces(line: str) -> list[str]:
    """Split a line at tabs and runs of 2+ spaces, except two spaces between sentences.

    Indentation is not a cell (:func:`find_delimited_tables` pads an indented short row at the start).

    >>> split_spaces(" Measure  Target (%)  Actual")
    ['Measure', 'Target (%)', 'Actual']
    >>> split_spaces("Work began in June.  It ends in May  Green")
    ['Work began in June.  It ends in May', 'Green']
    """
    body = line.strip()
    sentence_gaps = {m.start() for m in _SENTENCE_GAP.finditer(body)}
    cells: list[str] = []
    last = 0
    for gap in _SPACE_GAP.finditer(body):
        if gap.start() in sentence_gaps and gap.group() == "  ":
            continue
        cells.append(body[last:gap.start()])
        last = gap.end()
    cells.append(body[last:])
    return [c.strip() for c in cells]


def split_slashes(line: str) -> list[str]:
    """Split a line at `` / ``; a bare "/" inside a cell ("PM/EO", "2024/25") is not a break.

    >>> split_slashes("Train staff / PM/EO / Jan 25 / 2024/25 budget")
    ['Train staff', 'PM/EO', 'Jan 25', '2024/25 budget']
    """
    return [c.strip() for c in _SLASH_GAP.split(line.strip())]


def split_pipes(line: str) -> list[str]:
    """Split a line at pipes: every unescaped pipe if the line has outer pipes, else `` | ``.

    >>> split_pipes("| a | b |c|"), split_pipes("a | b|c | d")
    (['a', 'b', 'c'], ['a', 'b|c', 'd'])
    """
    body = line.strip()
    if body.startswith("|") or body.endswith("|"):
        body = body.removeprefix("|")
        body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
        return [c.strip() for c in re.split(r"(?<!\\)\|", body)]
    return [c.strip() for c in _PIPE_GAP.split(body)]


@dataclass(frozen=True, slots=True)
class Delimiter:
    """One way of joining cells on a line: how to split it and how many cells make a row.

    >>> [(d.kind.value, d.min_cells) for d in DELIMITERS][1]
    ("' / '-joined rows", 3)
    """

    kind: TextTableKind
    split: Callable[[str], list[str]]
    min_cells: int
    marker: str  # a line without it cannot be a row


DELIMITERS: tuple[Delimiter, ...] = (
    Delimiter(TextTableKind.PIPE_DELIMITED, split_pipes, MIN_PIPE_DELIMITED_CELLS, "|"),
    Delimiter(TextTableKind.SLASH_DELIMITED, split_slashes, MIN_DELIMITED_CELLS, " / "),
    Delimiter(TextTableKind.SPACE_DELIMITED, split_spaces, MIN_DELIMITED_CELLS, ""),
)


def delimited_cells(line: str, delimiter: Delimiter) -> list[str] | None:
    """The cells of ``line`` under ``delimiter``, or None when the line cannot be a table row.

    Not rows: bullets and headings, label/value lines (a cell before the last ends in ":",
    "Contact Officer:     Head of Audit    Tel:  01632 960418", "| Directorate: | Place |": item
    blocks or furniture for the pipeline, not tables), lines of one cell.

    >>> delimited_cells("Contact Officer:   Head of Audit    Tel:  01632", DELIMITERS[2]) is None
    True
    >>> delimited_cells("Recycling rate (%)  48  50", DELIMITERS[2])
    ['Recycling rate (%)', '48', '50']
    """
    if delimiter.marker not in line or _BULLET_OR_HEADING.match(line):
        return None
    cells = delimiter.split(line)
    if len(cells) < 2:
        return None
    if any(_LABEL_CELL.search(c) for c in cells[:-1]):
        return None
    return cells


def _segments(counts: list[int]) -> list[tuple[int, int]]:
    """Split a run of cell counts into maximal stretches whose counts differ by at most one."""
    out: list[tuple[int, int]] = []
    begin = 0
    lo = hi = counts[0] if counts else 0
    for k, n in enumerate(counts):
        if max(hi, n) - min(lo, n) > 1:
            out.append((begin, k))
            begin, lo, hi = k, n, n
        lo, hi = min(lo, n), max(hi, n)
    if counts:
        out.append((begin, len(counts)))
    return out


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())


def _delimited_table(run: list[tuple[int, list[str], str]], kind: TextTableKind, min_cells: int) -> TextTable | None:
    """A table from a run of (line index, cells, raw line) whose counts differ by at most one.

    Short rows get an empty cell at the end, or at the start when their line is indented past
    the others (a header over a column of row names: " 2023/24  2024/25" over "Recycling (%)  48  50").
    """
    n = max(len(cells) for _, cells, _ in run)
    full = sum(len(cells) == n for _, cells, _ in run)
    if n < min_cells or len(run) < MIN_DELIMITED_ROWS or full < len(run) - full or full < 1:
        return None
    if full == 1 and len(run) > 2:
        return None  # one wide line over short ones: the short ones set the shape, not a header
    indent = min(_indent(raw) for _, _, raw in run)
    rows: list[tuple[str, ...]] = []
    padded: list[int] = []
    for k, (_, cells, raw) in enumerate(run):
        if len(cells) < n:
            # A short row indented past the others starts with a gap: its first cell is the empty one.
            padded.append(k)
            cells = [""] + cells if _indent(raw) > indent else cells + [""]
        rows.append(tuple(cells))
    return TextTable(start=run[0][0], end=run[-1][0] + 1, rows=tuple(rows), kind=kind, padded_rows=tuple(padded),
                     cell_lines=one_line_rows([i for i, _, _ in run], n))


def find_delimited_tables(lines: Sequence[str], taken: Sequence[bool], delimiter: Delimiter) -> list[TextTable]:
    """Tables of consecutive lines (at most one blank line between) that split into the same cells.

    A row may miss one cell (the table pads it and lists it in ``padded_rows``); most rows must be full.

    >>> lines = ["Action / Lead / Due", "Train staff / PM/EO / Jan 25", "Audit sites / Mar 26", "", "Note."]
    >>> [t.rows for t in find_delimited_tables(lines, [False] * 5, DELIMITERS[1])]
    [(('Action', 'Lead', 'Due'), ('Train staff', 'PM/EO', 'Jan 25'), ('Audit sites', 'Mar 26', ''))]
    """
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        first = None if taken[i] else delimited_cells(lines[i], delimiter)
        if first is None:
            i += 1
            continue
        run = [(i, first, lines[i])]
        j, blanks = i + 1, 0
        while j < len(lines) and not taken[j]:
            if not lines[j].strip():
                blanks += 1
                if blanks > MAX_BLANK_LINES_BETWEEN_ROWS:
                    break
                j += 1
                continue
            cells = delimited_cells(lines[j], delimiter)
            if cells is None:
                break
            run.append((j, cells, lines[j]))
            blanks = 0
            j += 1
        for begin, stop in _segments([len(c) for _, c, _ in run]):
            table = _delimited_table(run[begin:stop], delimiter.kind, delimiter.min_cells)
            if table is not None:
                tables.append(table)
        i = run[-1][0] + 1
    return tables


def find_mixed_tab_space_table(lines: Sequence[str], start: int, end: int) -> TextTable | None:
    """Re-read a run of tab rows ``lines[start:end]`` whose cells are split by tabs *or* 2+ spaces.

    Only when splitting at tabs and spaces gives every row the same length (>= 3 cells) and either
    splitting at tabs alone gives rows of different lengths or every row has a gap of spaces: the
    seed format's tab rows, whose cells sometimes hold double spaces, are left alone.

    >>> find_mixed_tab_space_table(["Ref\\tAction  Due", "1\\tAudit\\tMay"], 0, 2).rows
    (('Ref', 'Action', 'Due'), ('1', 'Audit', 'May'))
    """
    row_lines = [i for i in range(start, end) if lines[i].strip()]
    run = [lines[i] for i in row_lines]
    if len(run) < MIN_DELIMITED_ROWS:
        return None
    same_tabs = len({line.count("\t") for line in run}) == 1
    if same_tabs and not all(re.search(rf"\S {{{MIN_GAP_SPACES},}}\S", line) for line in run):
        return None
    rows = [[c.strip() for c in _SPACE_GAP.split(line.strip())] for line in run]
    widths = {len(r) for r in rows}
    if len(widths) != 1 or min(widths) < MIN_DELIMITED_CELLS:
        return None
    return TextTable(start=start, end=end, rows=tuple(tuple(r) for r in rows), kind=TextTableKind.SPACE_DELIMITED,
                     cell_lines=one_line_rows(row_lines, min(widths)))


# --- all readers ---------------------------------------------------------------------------------------


def find_text_tables(lines: Sequence[str]) -> list[TextTable]:
    """Every table spelled out in ``lines`` (lines with a tab excluded), in line order, never overlapping.

    >>> lines = ["Intro", "| Ref | Action |", "|---|---|", "| 1 | Audit |", "", "A  B  C", "1  2  3"]
    >>> [(t.kind.value, t.start, t.end, len(t.rows)) for t in find_text_tables(lines)]
    [('pipe table', 1, 4, 2), ('space-aligned rows', 5, 7, 2)]
    """
    taken = ["\t" in line for line in lines]
    found: list[TextTable] = []

    def claim(table: TextTable | None) -> None:
        if table is None or any(taken[table.start:table.end]):
            return
        found.append(table)
        for k in range(table.start, table.end):
            taken[k] = True

    for sep, line in enumerate(lines):
        if not taken[sep] and is_delimiter_row(line):
            table = read_pipe_table(lines, sep) or read_pipe_terminated_cells(lines, sep)
            claim(table)
            for repeat in pipe_terminated_repeats(lines, table) if table is not None else ():
                claim(repeat)
    for start, end, rows, cell_lines in read_fixed_width_columns(lines, taken):
        claim(TextTable(start=start, end=end, rows=rows, kind=TextTableKind.FIXED_WIDTH, cell_lines=cell_lines))
    for delimiter in DELIMITERS:
        for table in find_delimited_tables(lines, taken, delimiter):
            claim(table)
    return sorted(found, key=lambda t: t.start)


_BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _is_pipe_row_with_breaks(line: str) -> bool:
    """``| a<br>b | c |``: one pipe row whose cells hold line breaks (no delimiter row between tags)."""
    stripped = line.strip()
    pieces = _BR_TAG.split(stripped)
    return stripped.startswith("|") and stripped.endswith("|") and not any(is_delimiter_row(p) for p in pieces)


def split_br_markup(text: str) -> str:
    """Turn literal ``<br />`` / ``<br>`` tags into line breaks, before anything else reads the lines.

    A web page saved as text can arrive as one line with ``<br />`` tags for its line breaks.  Lines
    that are one table row keep their tags (a tab row of the seed format, or a pipe row
    ``| a<br>b | c |``): there a ``<br>`` is a break inside a cell, which the cell reader turns into items.

    >>> split_br_markup("Plan<br />1. Audit<BR>Status: Open\\n| a<br>b | c |")
    'Plan\\n1. Audit\\nStatus: Open\\n| a<br>b | c |'
    >>> split_br_markup("| A |<br/>|---|<br/>| 1 |")
    '| A |\\n|---|\\n| 1 |'
    """
    if "<" not in text:
        return text
    out = []
    for line in text.split("\n"):
        if "\t" in line or _is_pipe_row_with_breaks(line):
            out.append(line)
        else:
            out.append(_BR_TAG.sub("\n", line))
    return "\n".join(out)

"""Whitespace-aligned fixed-width columns in plain text (a spreadsheet or PDF table printed as text).

The idea of camelot's "stream" and tabula's column guessing, on characters instead of PDF points:
a column boundary is a band of character positions that is blank on every line of a block (a
gutter), and each column's text lines start at the same position.  Cells wrap inside their column
band over several lines; a new row starts where the key column starts a new entry.

Dev document kind that forced it: a financial improvement plan printed as fixed-width columns
("Area  Ref  Improvement action  Lead officer  Due date  Com-/pleted/Date  Comments"), every cell
wrapped, a three-line header with a hyphenated word, and the Area given only on a group's first row.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

MIN_BLOCK_LINES = 3            # a header plus two lines at least
MIN_COLUMNS = 3                # two columns of text are label/value lines (the pipeline reads those)
MIN_LINES_PER_COLUMN = 2       # a band with text on one line only is a stray word, not a column
MIN_ALIGNED_SHARE = 0.75       # share of a column's text lines that start (or end) at its edge
WIDE_GUTTER_CHARS = 2          # a gutter this wide is a column break on its own; a 1-char gutter
                               # needs a 2+ space gap before a header word at that position

# Short identifiers that key a row: "2.1.1", "A3", "CL3", "IP 1", "1.", "a)", "(iv)".
ID_CELL = re.compile(r"^(?:[A-Z]{1,4}[ -]?)?\d{1,3}(?:\.\d{1,3})*[a-z]?\.?$|^\(?[a-z]\)$|^\(?[ivx]{1,5}\)$")


@dataclass(frozen=True, slots=True)
class Band:
    """One column: character positions ``start`` (inclusive) to ``end`` (exclusive; None = line end)."""

    start: int
    end: int | None

    def text(self, line: str) -> str:
        """The stripped text of ``line`` inside this band.

        >>> Band(5, 14).text("1.1  Audit    Finance")
        'Audit'
        """
        return line[self.start:self.end].strip()


def find_gutters(lines: Sequence[str]) -> list[tuple[int, int]]:
    """Character ranges (first, last inclusive) blank on every line, between the first and last text.

    >>> find_gutters(["Ref  Action   Lead", "1.1  Audit    Finance", "     the      team"])
    [(3, 4), (11, 13)]
    """
    width = max(len(line) for line in lines)
    blank = [all(c >= len(line) or line[c] == " " for line in lines) for c in range(width)]
    left = blank.index(False)
    gutters: list[tuple[int, int]] = []
    c = left
    while c < width:
        if blank[c]:
            g = c
            while c < width and blank[c]:
                c += 1
            if c < width:
                gutters.append((g, c - 1))
        c += 1
    return gutters


def _header_word_starts_at(header: str, pos: int) -> bool:
    """The header line has a word starting at ``pos`` after a gap of 2+ spaces."""
    return (
        pos < len(header) and header[pos] != " "
        and pos >= WIDE_GUTTER_CHARS and header[pos - WIDE_GUTTER_CHARS:pos] == " " * WIDE_GUTTER_CHARS
    )


def find_bands(lines: Sequence[str]) -> list[Band]:
    """Column bands of a block of lines, from its gutters (see module docstring).

    A 1-character gutter ("30/09/2025 26/09/25") is a break only where the first line (the header)
    has a word starting right after it behind a wider gap, so "HEAD OF" under "Lead officer" stays one cell.

    >>> find_bands(["Ref  Action   Lead", "1.1  Audit    Finance", "     the      team"])
    [Band(start=0, end=5), Band(start=5, end=14), Band(start=14, end=None)]
    """
    starts = [min(len(line) - len(line.lstrip(" ")) for line in lines if line.strip())]
    for first, last in find_gutters(lines):
        if last - first + 1 >= WIDE_GUTTER_CHARS or _header_word_starts_at(lines[0], last + 1):
            starts.append(last + 1)
    ends: list[int | None] = [*starts[1:], None]
    return [Band(0 if k == 0 else s, e) for k, (s, e) in enumerate(zip(starts, ends))]


def _aligned(lines: Sequence[str], band: Band) -> bool:
    """Most of the band's text lines start at its left edge or end at one common right edge."""
    spans = []
    for line in lines:
        seg = line[band.start:band.end]
        if seg.strip():
            spans.append((band.start + len(seg) - len(seg.lstrip()), band.start + len(seg.rstrip())))
    if len(spans) < MIN_LINES_PER_COLUMN:
        return False
    left = min(s for s, _ in spans)
    right = max(e for _, e in spans)
    at_left = sum(s == left for s, _ in spans)
    at_right = sum(e == right for _, e in spans)
    return max(at_left, at_right) >= MIN_ALIGNED_SHARE * len(spans)


def _header_lines(lines: Sequence[str], bands: Sequence[Band]) -> int:
    """How many lines the first row spans before the body: the first line plus the sparse lines under
    it (a header word wrapped in its band: 'Com-' / 'pleted' / 'Date' under a one-line header)."""
    end = 1
    while end < len(lines) and 2 * sum(bool(b.text(lines[end])) for b in bands) < len(bands):
        end += 1
    return end


def _key_entries(lines: Sequence[str], bands: Sequence[Band], first: int) -> list[int]:
    """Line indices (>= ``first``) where a body row starts.

    An ID column (every entry a short ID on one line) starts a row at each entry; else the column
    with the most entries that begin after a line where it was empty (the first body line counts;
    leftmost on a tie); if no column ever pauses, no cell wraps and every line is a row.
    """
    body = range(first, len(lines))
    for band in bands:
        entries = [k for k in body if band.text(lines[k])]
        one_line_each = all(b - a > 1 for a, b in pairwise(entries))
        if len(entries) >= MIN_LINES_PER_COLUMN and one_line_each and all(ID_CELL.match(band.text(lines[k])) for k in entries):
            return entries
    best: list[int] = []
    for band in bands:
        starts = [k for k in body if band.text(lines[k]) and (k == first or not band.text(lines[k - 1]))]
        if len(starts) > len(best):
            best = starts
    return best if len(best) > 1 else list(body)


def _join_header(parts: list[str]) -> str:
    """Join a header cell's lines, closing words hyphenated across lines ('Com-' + 'pleted')."""
    text = ""
    for part in parts:
        if re.search(r"[A-Za-z]-$", text) and part[:1].islower():
            text = text[:-1] + part
        else:
            text = f"{text} {part}".strip()
    return text


Rows = tuple[tuple[str, ...], ...]
CellLines = tuple[tuple[tuple[int, int], ...], ...]  # per row, per cell: (first, last) line, 0-based


def block_to_rows(lines: Sequence[str]) -> Rows | None:
    """Rows of raw cell texts (wrapped lines joined by newlines) if the block is fixed-width columns.

    The first row is the header, its lines joined with hyphenated words closed up.

    >>> block_to_rows(["Ref  Action        Due", "1.1  Write to      May", "     landlords", "1.2  Audit         June"])
    (('Ref', 'Action', 'Due'), ('1.1', 'Write to\\nlandlords', 'May'), ('1.2', 'Audit', 'June'))
    """
    found = block_to_cells(lines)
    return found[0] if found is not None else None


def block_to_cells(lines: Sequence[str]) -> tuple[Rows, CellLines] | None:
    """:func:`block_to_rows` and where each cell sits: the first and last line (0-based, inclusive,
    within ``lines``) holding its text; an empty cell gets its row's lines.

    >>> block_to_cells(["Ref  Action        Due", "1.1  Write to      May", "     landlords", "1.2  Audit         June"])[1]
    (((0, 0), (0, 0), (0, 0)), ((1, 1), (1, 2), (1, 1)), ((3, 3), (3, 3), (3, 3)))
    """
    if len(lines) < MIN_BLOCK_LINES:
        return None
    bands = find_bands(lines)
    if len(bands) < MIN_COLUMNS or not all(_aligned(lines, b) for b in bands):
        return None
    entries = _key_entries(lines, bands, _header_lines(lines, bands))
    starts = [0, *entries] if entries and entries[0] > 0 else entries
    rows: list[tuple[str, ...]] = []
    cell_lines: list[tuple[tuple[int, int], ...]] = []
    for n, (first, stop) in enumerate(zip(starts, [*starts[1:], len(lines)])):
        parts = [[b.text(line) for line in lines[first:stop] if b.text(line)] for b in bands]
        if n == 0:
            rows.append(tuple(_join_header(p) for p in parts))
        else:
            rows.append(tuple("\n".join(p) for p in parts))
        spans = []
        for b in bands:
            used = [k for k in range(first, stop) if b.text(lines[k])]
            spans.append((used[0], used[-1]) if used else (first, stop - 1))
        cell_lines.append(tuple(spans))
    return tuple(rows), tuple(cell_lines)


def _blocks(lines: Sequence[str], taken: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """Maximal runs of non-blank lines that no other reader took and that hold no tab."""
    start = None
    for k, line in enumerate([*lines, ""]):
        free = k < len(lines) and bool(line.strip()) and not taken[k] and "\t" not in line
        if free and start is None:
            start = k
        elif not free and start is not None:
            yield start, k
            start = None


def read_fixed_width_columns(lines: Sequence[str], taken: Sequence[bool]) -> list[tuple[int, int, Rows, CellLines]]:
    """(start line, end line exclusive, rows, cell lines) of every fixed-width table among the free
    lines; cell lines are (first, last) line indices of ``lines``, 0-based, inclusive.

    >>> lines = ["Plan", "", "Ref  Action    Due", "1.1  Write to  May", "     owners", "1.2  Audit     June", "", "End"]
    >>> [found[:3] for found in read_fixed_width_columns(lines, [False] * len(lines))]
    [(2, 6, (('Ref', 'Action', 'Due'), ('1.1', 'Write to\\nowners', 'May'), ('1.2', 'Audit', 'June')))]
    >>> read_fixed_width_columns(lines, [False] * len(lines))[0][3][1]
    ((3, 3), (3, 4), (3, 3))
    """
    found = []
    for start, end in _blocks(lines, taken):
        cells = block_to_cells([line.rstrip() for line in lines[start:end]])
        if cells is not None and len(cells[0]) >= 2:
            rows, spans = cells
            found.append((start, end, rows,
                          tuple(tuple((start + a, start + b) for a, b in row) for row in spans)))
    return found

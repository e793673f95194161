"""Ruled tables: cells from drawn rules, words put in cells, one Table per grid.

The grid is found as pdfplumber's "lines" strategy finds it (Nurminen's thesis, as in Tabula): rules are
snapped and joined, their crossings are the grid points, the smallest rectangle of connected points
is a cell, and cells sharing a corner are one table.  It is rebuilt here so that every step is near
linear in the number of rules and words (pdfplumber's own cell and table search is quadratic: a
200 x 200 grid with 40k words took 98 s), and so that

- a filled rectangle that only shades (header shading inset in each cell, a highlighter behind words,
  zebra rows) is never a rule: only strokes and rule-thin rects are (min-pdf-inset-header-shading);
- a rule drawn in pieces, one per row (Word exports borders per row), is one rule, so a cell merged
  down several rows stays one cell (min-pdf-merged-commitment-cell-word-borders).

Three modules, one per step: :mod:`extractors.pdf.rules` (rules drawn on the page),
:mod:`extractors.pdf.grid` (crossings -> cells -> grids) and this one (words -> cells -> Table,
splitting a ruled row that holds several rows of text).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from itertools import pairwise

from extractors.base import W104, BBox, Cell, Table
from extractors.pdf.cells import make_cell, round_box
from extractors.pdf.content import FlavourResult, FoundTable, PageContent
from extractors.pdf.grid import FRAME_SLACK_PT, Grid, TooManyRules, page_grids
from extractors.pdf.rows import row_starts
from extractors.pdf.rules import BUCKET_PT, page_rules
from extractors.pdf.settings import PdfSettings
from extractors.pdf.unruled import line_segments
from extractors.pdf.unruled import row_gap as unruled_row_gap
from extractors.pdf.words import Line, Word, words_to_lines

# The steps before this module's: rules (extractors/pdf/rules.py), then grids (extractors/pdf/grid.py).
__all__ = ["Grid", "TooManyRules", "assign_words", "grid_to_table", "page_grids", "page_rules", "ruled_flavour"]


def assign_words(words: list[Word], grids: list[Grid]) -> tuple[list[dict[BBox, list[Word]]], list[Word]]:
    """Put each word in the cell holding its centre; return (words per cell, per grid; words outside).

    Cells are indexed in square buckets, so each word is tested against the few cells near it.  A
    word inside cells of two grids goes to the earlier (smaller) grid; on a border between two cells
    of one grid, to the lower, then the righter one.
    """
    buckets: dict[tuple[int, int], list[tuple[int, BBox]]] = defaultdict(list)
    for k, g in enumerate(grids):
        for c in g.cells:
            for bx in range(int(c[0] // BUCKET_PT), int(c[2] // BUCKET_PT) + 1):
                for by in range(int(c[1] // BUCKET_PT), int(c[3] // BUCKET_PT) + 1):
                    buckets[(bx, by)].append((k, c))
    per_cell: list[dict[BBox, list[Word]]] = [defaultdict(list) for _ in grids]
    rest: list[Word] = []
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        best: tuple[int, float, float, BBox] | None = None
        for k, c in buckets.get((int(cx // BUCKET_PT), int(cy // BUCKET_PT)), ()):
            if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
                key = (k, -c[1], -c[0], c)
                if best is None or key < best:
                    best = key
        if best is None:
            rest.append(w)
        else:
            per_cell[best[0]][best[3]].append(w)
    return per_cell, rest


def grid_to_table(grid: Grid, words: dict[BBox, list[Word]], content: PageContent) -> FoundTable:
    """Build the Table of one grid from the words in its cells.

    A ruled row that holds several rows of text (Word's "light" styles rule only under the header,
    or only between columns: min-pdf-no-rules-between-rows) is split where the text shows rows
    start (extractors/pdf/rows.py).
    """
    rows: list[tuple[Cell | None, ...]] = []
    words = dict(words)
    edges = sorted({c[0] for c in grid.cells}) + [grid.bbox[2]]
    for row in grid.rows:
        cut = spanning_row_columns(row, words, edges, content)
        if cut is not None:
            row, moved = cut
            words.update(moved)
        sub_rows = split_ruled_row(row, words, content) if all(c is not None for c in row) else None
        if sub_rows is not None:
            rows.extend(sub_rows)
            continue
        rows.append(tuple(None if c is None else make_cell(words.get(c, []), c, content.number, content.shades,
                                                           content.para_gap_pt, content.settings, content.geom)
                          for c in row))
    columns = tuple(sorted({round(c[0], 1) for c in grid.cells}))
    return FoundTable(Table(rows=tuple(rows), page=content.number, bbox=round_box(grid.bbox), ruled=True), columns)


def spanning_row_columns(row: list[BBox | None], words: dict[BBox, list[Word]], edges: list[float],
                         content: PageContent) -> tuple[list[BBox | None], dict[BBox, list[Word]]] | None:
    """A row ruled as one cell across the table whose text stands in the table's columns, cut into
    those columns (rules between rows, column rules only in the header: ICDAR eu-016), with the
    words of each new cell; else None.

    The text must fill two columns or more and no run of it may cross a column rule, so a section
    heading or a paragraph across the table stays one cell.
    """
    cells = [c for c in row if c is not None]
    if len(cells) != 1 or len(row) < 2:
        return None
    cell = cells[0]
    inside = [x for x in edges if cell[0] - FRAME_SLACK_PT <= x <= cell[2] + FRAME_SLACK_PT]
    cell_words = [w for w in words.get(cell, []) if w.text]
    if len(inside) != len(row) + 1 or not cell_words or _runs_cross(cell_words, inside[1:-1], content.settings):
        return None
    boxes: list[BBox] = [(a, cell[1], b, cell[3]) for a, b in pairwise(inside)]
    moved = {bx: [w for w in cell_words if bx[0] <= (w.x0 + w.x1) / 2 < bx[2]] for bx in boxes}
    if sum(1 for ws in moved.values() if ws) < 2:
        return None
    return list(boxes), moved


def _runs_cross(words: list[Word], rules_x: list[float], settings: PdfSettings) -> bool:
    """True if a run of the words' text (a line's words up to a gutter) crosses one of the column rules at ``rules_x``."""
    for line in words_to_lines(words, settings):
        for a, b in line_segments(line, settings.gutter_min_x_pt, settings.gutter_min_size_share):
            if any(a < x - FRAME_SLACK_PT and x + FRAME_SLACK_PT < b for x in rules_x):
                return True
    return False


def split_ruled_row(row: list[BBox | None], words: dict[BBox, list[Word]], content: PageContent
                    ) -> list[tuple[Cell | None, ...]] | None:
    """The rows of text inside one ruled row, or None if it holds one row of text."""
    boxes = [c for c in row if c is not None]
    row_words = [w for c in boxes for w in words.get(c, []) if w.text]
    if len(boxes) < 2 or not row_words:
        return None
    lines = words_to_lines(row_words, content.settings)
    if len(lines) < 2 or vertically_centred(boxes, words, content):
        return None
    x0s = [c[0] for c in boxes]

    def col_of(x: float) -> int:
        return max(0, bisect.bisect_right(x0s, x) - 1)

    right_edges = [c[2] - inner_pad(c, words.get(c, []), content.settings) for c in boxes]
    starts = row_starts(lines, right_edges, col_of, content, unruled_row_gap(content), (boxes[0][0], boxes[-1][2]))
    if sum(starts) < 2:
        return None
    groups = _group_lines(lines, starts)
    top, bottom = boxes[0][1], boxes[0][3]
    cuts = [top] + [(a[-1].bottom + b[0].top) / 2 for a, b in pairwise(groups)] + [bottom]
    out: list[tuple[Cell | None, ...]] = []
    for g, group in enumerate(groups):
        per_col: list[list[Word]] = [[] for _ in boxes]
        for line in group:
            for w in line.words:
                per_col[col_of(w.x0)].append(w)
        out.append(tuple(make_cell(per_col[k], (c[0], cuts[g], c[2], cuts[g + 1]), content.number, content.shades,
                                   content.para_gap_pt, content.settings, content.geom)
                         for k, c in enumerate(boxes)))
    return out


def _group_lines(lines: list[Line], starts: list[bool]) -> list[list[Line]]:
    """The lines cut into groups, a new group at each line that starts a row."""
    groups: list[list[Line]] = []
    for line, new in zip(lines, starts):
        if new or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


MIN_CENTRED_CELLS = 2   # short cells standing in the middle of a ruled row that say it is one row


def vertically_centred(boxes: list[BBox], words: dict[BBox, list[Word]], content: PageContent) -> bool:
    """True if the row's short cells stand in the vertical middle of its text: one table row whose cells
    are centred (HTML's default ``vertical-align: middle``, a web page printed to PDF by a browser), not
    several rows under one rule.

    Splitting by where columns start text would otherwise cut such a row in two at the line where the
    one-line cells (ID, service, date, RAG) stand beside the wrapped ones.  At least
    :data:`MIN_CENTRED_CELLS` one- or two-line cells must sit below the first text line with their middle
    within half a line of the text's middle, and none may sit at the top.
    """
    blocks = _text_blocks(boxes, words, content.settings)
    one_line = [b[1] - b[0] for b in blocks if b[2] == 1]
    if not one_line:
        return False
    top, bottom = min(b[0] for b in blocks), max(b[1] for b in blocks)
    line_h = min(one_line)
    if bottom - top < 2 * line_h:
        return False
    middle = (top + bottom) / 2
    short = [b for b in blocks if b[2] <= 2 and b[1] - b[0] < bottom - top - line_h / 2]
    centred = [b for b in short if abs((b[0] + b[1]) / 2 - middle) <= line_h / 2 and b[0] > top + line_h / 2]
    return len(centred) >= MIN_CENTRED_CELLS and len(centred) == len(short)


def _text_blocks(boxes: list[BBox], words: dict[BBox, list[Word]], settings: PdfSettings) -> list[tuple[float, float, int]]:
    """(top, bottom, number of lines) of the text in each cell that has any."""
    blocks = []
    for c in boxes:
        cell_lines = words_to_lines([w for w in words.get(c, []) if w.text], settings)
        if cell_lines:
            blocks.append((cell_lines[0].top, cell_lines[-1].bottom, len(cell_lines)))
    return blocks


def inner_pad(cell: BBox, words: list[Word], settings: PdfSettings) -> float:
    """The cell's inner padding (pt), taken as the gap left of its text (Word pads both sides alike)."""
    left = min((w.x0 for w in words if w.text), default=cell[0]) - cell[0]
    return min(max(left, 0.0), settings.cell_inner_pad_max_x_pt)


def has_text(table: Table) -> bool:
    """True if any cell of the table holds text (a grid of empty cells is a drawing, not a table).

    >>> has_text(Table(rows=((Cell("", 1), None),), page=1)), has_text(Table(rows=((Cell("Audit", 1),),), page=1))
    (False, True)
    """
    return any(c is not None and not c.is_empty for row in table.rows for c in row)


def ruled_flavour(content: PageContent, words: list[Word]) -> FlavourResult:
    """Tables drawn with rules on this page (pdfplumber's "lines" strategy, rebuilt near-linear)."""
    try:
        grids = page_grids(content)
    except TooManyRules as e:
        content.warnings.append(W104.format(page=content.number, error=f"{e}; its ruled tables were read as text"))
        content.failed = True
        return FlavourResult([], words)
    per_cell, rest = assign_words(words, grids)
    found = []
    for grid, cell_words in zip(grids, per_cell):
        try:
            table = grid_to_table(grid, cell_words, content)
        except Exception as e:  # noqa: BLE001 - one bad table must not lose the page
            content.warnings.append(W104.format(page=content.number, error=f"{type(e).__name__}: {e}"))
            content.failed = True
            rest.extend(w for ws in cell_words.values() for w in ws)
            continue
        if has_text(table.table):
            found.append(table)
    return FlavourResult(found, rest)


def cells_of(table: Table) -> list[Cell]:
    return [c for row in table.rows for c in row if c is not None]

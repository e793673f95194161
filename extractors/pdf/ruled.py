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
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pdfplumber.table import merge_edges

from extractors.base import W104, BBox, Cell, Table
from extractors.pdf.cells import is_rule_rect, make_cell, round_box
from extractors.pdf.content import FlavourResult, FoundTable, PageContent
from extractors.pdf.rows import row_starts
from extractors.pdf.settings import PdfSettings
from extractors.pdf.unruled import line_segments
from extractors.pdf.unruled import row_gap as unruled_row_gap
from extractors.pdf.words import Line, Word, words_to_lines

BUCKET_PT = 24.0                 # side of the square buckets that index cells and rules by position
ONE_CELL_MIN_WIDTH_SHARE = 0.5   # a lone cell this wide (share of the page) ... (003's 42-item progress cell)
ONE_CELL_MIN_HEIGHT_SHARE = 0.25  # ... and this tall is a table of its own
STRADDLE_MIN_HEIGHT_SHARE = 0.1  # a rule runs through a word when it is this share of its height inside it
FRAME_SLACK_PT = 1.0             # a box inside another one by this much is nested in it

Point = tuple[float, float]


class TooManyRules(Exception):
    """A page draws more rule crossings than ``max_grid_points``: its rules are not read."""


@dataclass(slots=True)
class Grid:
    """One ruled table: its cells (bbox, pt) and its rows (a slot is None where a span covers it)."""

    cells: list[BBox]
    bbox: BBox
    rows: list[list[BBox | None]]


# ---------------------------------------------------------------------------------------------
# Rules


def page_rules(page: Any, words: list[Word], settings: PdfSettings) -> list[dict]:
    """Rule edges drawn on the page, snapped and joined: strokes, rule-thin rects, the sides of stroked
    rects, and the sides of filled rects framed by those rules.

    A filled rect that is not framed by rules (its sides off every rule) only shades: a header
    shading inset in each cell would otherwise split every column in two
    (min-pdf-inset-header-shading), zebra bands would become grids.  A filled rect framed by rules
    (an Excel export's cell colours between thin rules: pdfplumber's NICS report) keeps its sides.
    """
    from pdfplumber.utils import (
        curve_to_edges,
        filter_edges,
        line_to_edge,
        rect_to_edges,
    )

    edges = [line_to_edge(ln) for ln in page.lines]
    shading = []
    for r in page.rects:
        if r.get("fill") and not r.get("stroke") and not is_rule_rect(r, settings):
            shading.append(r)
        else:
            edges.extend(rect_to_edges(r))
    for c in page.curves:
        edges.extend(curve_to_edges(c))
    edges = [e for e in filter_edges(edges, min_length=1) if e["orientation"] in ("v", "h")]  # not diagonals
    framed = framed_by(shading, edges, settings)
    edges += [e for r in shading if framed(r) for e in rect_to_edges(r)]
    edges += open_ends(edges, words, settings)
    edges = merge_edges(edges, settings.snap_x_tolerance_pt, settings.snap_y_tolerance_pt,
                        settings.join_x_tolerance_pt, settings.join_y_tolerance_pt)
    return filter_edges(edges, min_length=settings.rule_min_length_pt)


def framed_by(rects: list[dict], edges: list[dict], settings: PdfSettings) -> Callable[[dict], bool]:
    """A test: does a rect have at least two of its sides on ``edges`` (within the snap tolerances)?"""
    v = sorted((e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v")
    h = sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")
    vx, hy = [e[0] for e in v], [e[0] for e in h]

    def on_rule(at: float, lo: float, hi: float, rules: list[tuple[float, float, float]], keys: list[float],
                tol: float) -> bool:
        i, j = bisect.bisect_left(keys, at - tol), bisect.bisect_right(keys, at + tol)
        return any(a < hi and b > lo for _, a, b in rules[i:j])

    def framed(r: dict) -> bool:
        xt, yt = settings.snap_x_tolerance_pt, settings.snap_y_tolerance_pt
        sides = (on_rule(r["x0"], r["top"], r["bottom"], v, vx, xt), on_rule(r["x1"], r["top"], r["bottom"], v, vx, xt),
                 on_rule(r["top"], r["x0"], r["x1"], h, hy, yt), on_rule(r["bottom"], r["x0"], r["x1"], h, hy, yt))
        return sum(sides) >= 2

    return framed


def open_ends(edges: list[dict], words: list[Word], settings: PdfSettings) -> list[dict]:
    """Horizontal rules to add where two or more vertical rules end at the same height with no rule across.

    reportlab and some Word exports leave a row split by a page break open at the page bottom, and its
    continuation open at the next page's top; some exports draw only vertical rules, one piece per
    row (camelot's budget.pdf), or leave a label column's rules out (district_health.pdf).  A rule is
    added over each stretch no rule covers, unless a word there straddles the height: text runs on
    through a cell merged down several rows, whose borders Word still draws one piece per row
    (min-pdf-merged-commitment-cell-word-borders).
    """
    tol = settings.snap_y_tolerance_pt
    v_edges = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > settings.open_end_min_height_pt]
    h_by_y = sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")
    h_ys = [h[0] for h in h_by_y]
    ends: dict[int, list[tuple[float, dict]]] = defaultdict(list)
    for e in v_edges:
        ends[round(e["bottom"])].append((e["bottom"], e))
        ends[round(e["top"])].append((e["top"], e))
    word_index: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        for b in range(int(w.top // BUCKET_PT), int(w.bottom // BUCKET_PT) + 1):
            word_index[b].append(w)
    extra = []
    for group in ends.values():
        if len(group) < 2:
            continue
        y = sorted(at for at, _ in group)[len(group) // 2]
        lo, hi = bisect.bisect_left(h_ys, y - tol), bisect.bisect_right(h_ys, y + tol)
        covered = [(hx0, hx1) for _, hx0, hx1 in h_by_y[lo:hi]]
        crossing = [(w.x0, w.x1) for w in word_index.get(int(y // BUCKET_PT), ()) if straddles(w, y)]
        left, right = min(e["x0"] for _, e in group), max(e["x1"] for _, e in group)
        for x0, x1 in uncovered(left, right, covered, tol):
            if not any(wx0 < x1 and wx1 > x0 for wx0, wx1 in crossing):
                extra.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                              "orientation": "h", "object_type": "line"})
    return extra


def straddles(w: Word, y: float) -> bool:
    """True if the height ``y`` runs through the word's glyphs (not only through its line spacing)."""
    inset = STRADDLE_MIN_HEIGHT_SHARE * (w.bottom - w.top)
    return w.top + inset < y < w.bottom - inset


def uncovered(x0: float, x1: float, covered: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Stretches of [x0, x1] longer than ``tol`` that none of the ``covered`` ranges reaches.

    >>> uncovered(40, 760, [(210, 470), (470, 760)], 3)
    [(40, 210)]
    """
    out = []
    at = x0
    for cx0, cx1 in sorted(covered):
        if cx0 > at + tol:
            out.append((at, min(cx0, x1)))
        at = max(at, cx1)
    if x1 > at + tol:
        out.append((at, x1))
    return [(a, b) for a, b in out if b - a > tol]


# ---------------------------------------------------------------------------------------------
# Rules -> grid points -> cells -> tables


def rules_to_points(edges: list[dict], settings: PdfSettings) -> dict[Point, tuple[set[int], set[int]]]:
    """Crossings of vertical and horizontal rules: point -> (ids of its vertical rules, of its horizontal rules).

    Vertical rules are indexed in y-buckets, sorted by x, so each horizontal rule meets only the
    vertical rules near it.  Raises TooManyRules past ``settings.max_grid_points``.
    """
    xtol, ytol = settings.intersection_x_tolerance_pt, settings.intersection_y_tolerance_pt
    v_edges = [e for e in edges if e["orientation"] == "v"]
    buckets: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, v in enumerate(v_edges):
        for b in range(int((v["top"] - ytol) // BUCKET_PT), int((v["bottom"] + ytol) // BUCKET_PT) + 1):
            buckets[b].append((v["x0"], i))
    for bucket_edges in buckets.values():
        bucket_edges.sort()
    points: dict[Point, tuple[set[int], set[int]]] = {}
    for j, h in enumerate(e for e in edges if e["orientation"] == "h"):
        bucket = buckets.get(int(h["top"] // BUCKET_PT), [])
        lo = bisect.bisect_left(bucket, (h["x0"] - xtol, -1))
        hi = bisect.bisect_right(bucket, (h["x1"] + xtol, len(v_edges)))
        for x, i in bucket[lo:hi]:
            v = v_edges[i]
            if v["top"] <= h["top"] + ytol and v["bottom"] >= h["top"] - ytol:
                vs, hs = points.setdefault((x, h["top"]), (set(), set()))
                vs.add(i)
                hs.add(j)
        if len(points) > settings.max_grid_points:
            raise TooManyRules(f"more than {settings.max_grid_points} rule crossings")
    return points


def points_to_cells(points: dict[Point, tuple[set[int], set[int]]]) -> list[BBox]:
    """The smallest rectangle of connected grid points at each point (pdfplumber's cells).

    Two points connect when one rule runs through both.  The points a rule runs through from a
    point are consecutive, so each walk stops at the first point off the rule, and walks are lazy:
    in a full grid the first point below and the first to the right close the cell.
    """
    by_x: dict[float, list[float]] = defaultdict(list)
    by_y: dict[float, list[float]] = defaultdict(list)
    for x, y in points:
        by_x[x].append(y)
        by_y[y].append(x)
    for ys in by_x.values():
        ys.sort()
    for xs in by_y.values():
        xs.sort()

    def walk(p: Point, vertical: bool) -> Iterator[Point]:
        """Points after ``p`` down (or right of) the rule through it, nearest first."""
        axis = 0 if vertical else 1
        along = by_x[p[0]] if vertical else by_y[p[1]]
        rules = points[p][axis]
        for k in range(bisect.bisect_right(along, p[1] if vertical else p[0]), len(along)):
            q = (p[0], along[k]) if vertical else (along[k], p[1])
            if not rules & points[q][axis]:
                return
            yield q

    cells: list[BBox] = []
    for p in sorted(points):
        cell = smallest_cell(p, walk(p, vertical=True), walk(p, vertical=False), points)
        if cell is not None:
            cells.append(cell)
    return cells


def smallest_cell(p: Point, below: Iterator[Point], right: Iterator[Point],
                  points: dict[Point, tuple[set[int], set[int]]]) -> BBox | None:
    """The first corner (nearest below, then nearest right) connected back to both walks from ``p``."""
    rights: list[Point] = []  # the right walk, read as far as needed
    for b in below:
        k = 0
        while True:
            if k == len(rights):
                nxt = next(right, None)
                if nxt is None:
                    break
                rights.append(nxt)
            r = rights[k]
            k += 1
            corner = (r[0], b[1])
            if corner in points and points[corner][0] & points[r][0] and points[corner][1] & points[b][1]:
                return (p[0], p[1], corner[0], corner[1])
    return None


def cells_to_grids(cells: list[BBox]) -> list[list[BBox]]:
    """Cells sharing a corner are one table (union-find over corners); tables of one cell are dropped."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(cells):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[find(i)] = find(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[BBox]] = defaultdict(list)
    for i, c in enumerate(cells):
        groups[find(i)].append(c)
    tables = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def grid_of(cells: list[BBox]) -> Grid:
    """Rows of a table's cells: one row per distinct top, one slot per distinct left edge."""
    xs = sorted({c[0] for c in cells})
    rows: dict[float, dict[float, BBox]] = defaultdict(dict)
    for c in cells:
        rows[c[1]][c[0]] = c
    ordered = [[row.get(x) for x in xs] for _, row in sorted(rows.items())]
    bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))
    return Grid(cells, bbox, ordered)


def contains(outer: Sequence[float], inner: Sequence[float], tol: float = FRAME_SLACK_PT) -> bool:
    """True if bbox ``inner`` lies inside ``outer`` (and is not the same box)."""
    inside = (outer[0] - tol <= inner[0] and outer[1] - tol <= inner[1]
              and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)
    same = all(abs(a - b) <= tol for a, b in zip(outer, inner))
    return inside and not same


def page_grids(content: PageContent) -> list[Grid]:
    """The page's ruled tables, smallest first (a table nested in another's cell takes its own words)."""
    settings = content.settings
    points = rules_to_points(page_rules(content.page, content.words, settings), settings)
    cells = points_to_cells(points)
    grids = [grid_of(t) for t in cells_to_grids(cells)]
    in_tables = {c for g in grids for c in g.cells}
    for c in cells:
        # A page that is all one row split over page breaks (003's 42-item progress cell) is one cell.
        if (c not in in_tables and c[2] - c[0] >= ONE_CELL_MIN_WIDTH_SHARE * content.width
                and c[3] - c[1] >= ONE_CELL_MIN_HEIGHT_SHARE * content.height):
            grids.append(grid_of([c]))
    # A one-cell frame around the page or around a table is not a table itself (Hackney's SOPN
    # draws a page border).
    grids = [g for g in grids if len(g.cells) > 1 or not any(o is not g and contains(g.bbox, o.bbox) for o in grids)]
    grids.sort(key=lambda g: (g.bbox[2] - g.bbox[0]) * (g.bbox[3] - g.bbox[1]))
    # A one-column box narrower than half the page is a shaded RAG cell or a call-out, not a table;
    # wider one-column boxes are sorted out over pages (stitch.py).
    return [g for g in grids if len(g.rows[0]) > 1 or g.bbox[2] - g.bbox[0] >= ONE_CELL_MIN_WIDTH_SHARE * content.width]


# ---------------------------------------------------------------------------------------------
# Words -> cells


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
    if len(inside) != len(row) + 1 or not cell_words:
        return None
    settings = content.settings
    for line in words_to_lines(cell_words, settings):
        for a, b in line_segments(line, settings.gutter_min_x_pt, settings.gutter_min_size_share):
            if any(a < x - FRAME_SLACK_PT and x + FRAME_SLACK_PT < b for x in inside[1:-1]):
                return None
    boxes: list[BBox] = [(a, cell[1], b, cell[3]) for a, b in pairwise(inside)]
    moved = {bx: [w for w in cell_words if bx[0] <= (w.x0 + w.x1) / 2 < bx[2]] for bx in boxes}
    if sum(1 for ws in moved.values() if ws) < 2:
        return None
    return list(boxes), moved


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
    groups: list[list[Line]] = []
    for line, new in zip(lines, starts):
        if new or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
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
    blocks = []
    for c in boxes:
        cell_lines = words_to_lines([w for w in words.get(c, []) if w.text], content.settings)
        if cell_lines:
            blocks.append((cell_lines[0].top, cell_lines[-1].bottom, len(cell_lines)))
    if not blocks:
        return False
    top, bottom = min(b[0] for b in blocks), max(b[1] for b in blocks)
    line_h = min(b[1] - b[0] for b in blocks if b[2] == 1) if any(b[2] == 1 for b in blocks) else None
    if line_h is None or bottom - top < 2 * line_h:
        return False
    middle = (top + bottom) / 2
    short = [b for b in blocks if b[2] <= 2 and b[1] - b[0] < bottom - top - line_h / 2]
    centred = [b for b in short if abs((b[0] + b[1]) / 2 - middle) <= line_h / 2 and b[0] > top + line_h / 2]
    return len(centred) >= MIN_CENTRED_CELLS and len(centred) == len(short)


def inner_pad(cell: BBox, words: list[Word], settings: PdfSettings) -> float:
    """The cell's inner padding (pt), taken as the gap left of its text (Word pads both sides alike)."""
    left = min((w.x0 for w in words if w.text), default=cell[0]) - cell[0]
    return min(max(left, 0.0), settings.cell_inner_pad_max_x_pt)


def has_text(table: Table) -> bool:
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

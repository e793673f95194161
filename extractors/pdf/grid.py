"""Ruled grids: the crossings of a page's rules, the cells they close, and the tables those cells form.

Nurminen's method as pdfplumber's "lines" strategy has it (see :mod:`extractors.pdf.ruled`), rebuilt
near linear: crossings are found per y-bucket, each cell is the smallest rectangle of connected
crossings, and cells sharing a corner are one table (union-find).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from extractors.base import BBox
from extractors.pdf.content import PageContent
from extractors.pdf.rules import BUCKET_PT, page_rules
from extractors.pdf.settings import PdfSettings

ONE_CELL_MIN_WIDTH_SHARE = 0.5   # a lone cell this wide (share of the page) ... (003's 42-item progress cell)
ONE_CELL_MIN_HEIGHT_SHARE = 0.25  # ... and this tall is a table of its own
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
    """Cells sharing a corner are one table (union-find over corners); tables of one cell are dropped.

    >>> cells_to_grids([(0, 0, 10, 5), (10, 0, 20, 5), (50, 50, 60, 60)])
    [[(0, 0, 10, 5), (10, 0, 20, 5)]]
    """
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

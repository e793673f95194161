"""Unruled tables: columns from text alignment across many lines, rows from the text itself.

Columns are the x-ranges that the runs of many lines cover, and gutters the whitespace no line
crosses (the approach of camelot's stream and tabula's "spreadsheet-less" mode).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from extractors.base import Cell, Table
from extractors.pdf.cells import make_cell, round_box
from extractors.pdf.content import FlavourResult, FoundTable, PageContent
from extractors.pdf.rows import row_starts
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import Line, Word, is_marker, words_to_lines

PARA_NUMBER_RE = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}\.?|\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.)$")
NUMBERED_PARA_MIN_WIDTH_SHARE = 0.5  # the text after a paragraph number is wider than this share of the page's text
LETTER_SPACED_MIN_RUNS = 4           # a line of this many runs ...
LETTER_SPACED_SHARE = 0.75           # ... most of them narrower than one font size, is letter-spaced, not cells
CELL_PAD_PT = 2.0                    # an unruled cell's bbox reaches this far beyond its text
COLUMN_END_PAD_PT = 1.0              # a column's cell ends this far beyond its widest run
CELL_MIN_WIDTH_PT = 4.0
RAG_COLUMN_SLACK_PT = 3.0            # a RAG-shaded cell starting this far left of the second column is in a later column
RUN_START_SLACK_PT = 1.0             # a run starting this far left of a column counts as starting in it
SHADE_SLACK_PT = 1.0                 # a line lies inside a shaded cell up to this much outside it
CARRIED_COLUMN_RIGHT_PT = 10.0       # a carried last column reaches at least this far right of its start
FULL_ROW_END_SLACK_PT = 0.5          # a run ending this close to the next column has not crossed into it


def line_segments(ln: Line, gutter_min_x_pt: float, gutter_min_size_share: float) -> list[tuple[float, float]]:
    """x-extents (pt) of the runs of a line separated by a gutter-wide gap.

    A list marker and its text are one run however wide the tab, wherever the marker stands: a
    bullet list is not a table, and a bullet in a later column is not a column of its own
    (min-pdf-unruled-bullets-in-cells).
    """
    segs: list[tuple[float, float]] = []
    run_start = True  # the previous word started a run
    for k, w in enumerate(ln.words):
        after_marker = k > 0 and run_start and is_marker(ln.words[k - 1], w)
        gap = w.x0 - segs[-1][1] if segs else 0.0
        if segs and (after_marker or gap < max(gutter_min_x_pt, gutter_min_size_share * w.size)):
            segs[-1] = (segs[-1][0], max(segs[-1][1], w.x1))
            run_start = False
        else:
            segs.append((w.x0, w.x1))
            run_start = True
    return segs


def columns_from_lines(segs_per_line: list[list[tuple[float, float]]], content: PageContent) -> list[list[float]] | None:
    """Column x-ranges from the runs of lines with two or more runs, or None if too few such lines.

    Three steps: the x-ranges such lines cover, split at gutters (:func:`_covered_ranges`); each column
    widened left to sparse run starts in the gutter before it (:func:`_widen_to_sparse_starts`); columns
    that start text on fewer than two lines merged into the column on their left (:func:`_merge_stray_columns`).
    """
    settings = content.settings
    multi = [segs for segs in segs_per_line if len(segs) >= 2]
    if len(multi) < settings.column_min_lines:
        return None
    cols = _covered_ranges(multi, settings)
    _widen_to_sparse_starts(cols, multi)
    merged = _merge_stray_columns(cols, multi)
    return merged if len(merged) >= 2 else None


def _covered_ranges(multi: list[list[tuple[float, float]]], settings: PdfSettings) -> list[list[float]]:
    """The x-ranges (pt) the runs cover, split where a gutter is.

    Coverage per 1-pt bin; a gutter is a run of bins that (almost) no such line covers, so one
    row whose numbers sit too close together does not merge two columns (ICDAR us-034).  Ranges
    closer than half a gutter join.
    """
    lo = int(min(seg[0] for segs in multi for seg in segs))
    hi = int(max(seg[1] for segs in multi for seg in segs)) + 2
    cover = [0] * (hi - lo + 1)
    for segs in multi:
        for x0, x1 in segs:
            for x in range(int(x0) - lo, int(x1) - lo + 1):
                cover[x] += 1
    limit = max(1, int(len(multi) * settings.gutter_noise_share))
    cols: list[list[float]] = []
    run_start: int | None = None
    for x, n in enumerate(cover + [0]):
        if n > limit and run_start is None:
            run_start = x
        elif n <= limit and run_start is not None:
            if cols and run_start + lo - cols[-1][1] < settings.gutter_min_x_pt / 2:
                cols[-1][1] = x + lo
            else:
                cols.append([float(run_start + lo), float(x + lo)])
            run_start = None
    return cols


def _widen_to_sparse_starts(cols: list[list[float]], multi: list[list[tuple[float, float]]]) -> None:
    """Move column starts left, in place, over runs that start in the gutter before them.

    A run of sparse starts just left of a column (bullet glyphs, a header word set a little
    left) belongs to it: the column starts at the leftmost run that starts in the gutter before it.
    """
    seg_x0s = sorted(seg[0] for segs in multi for seg in segs)
    for k in range(1, len(cols)):
        j = bisect.bisect_right(seg_x0s, cols[k - 1][1])
        if j < len(seg_x0s) and seg_x0s[j] < cols[k][0]:
            cols[k][0] = seg_x0s[j]


def _merge_stray_columns(cols: list[list[float]], multi: list[list[tuple[float, float]]]) -> list[list[float]]:
    """A column must start text on several lines; merge stray runs into the column on their left."""
    starts: Counter[int] = Counter()
    for segs in multi:
        for x0, _ in segs:
            for k, (c0, c1) in enumerate(cols):
                if c0 - RUN_START_SLACK_PT <= x0 <= c1:
                    starts[k] += 1
                    break
    merged: list[list[float]] = []
    for k, c in enumerate(cols):
        if merged and starts[k] < 2:
            merged[-1][1] = c[1]
        else:
            merged.append(list(c))
    return merged


Runs = list[tuple[float, float]]


def runs_per_line(lines: list[Line], content: PageContent) -> list[Runs]:
    """The runs of each line, with paragraph numbers and letter-spaced headings kept as one run."""
    settings = content.settings
    runs = [line_segments(ln, settings.gutter_min_x_pt, settings.gutter_min_size_share) for ln in lines]
    if not lines:
        return runs
    body_width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    for i, segs in enumerate(runs):
        first = lines[i].words[0]
        # A paragraph number and its tab ("2.8 <tab> The majority of people ...", the race
        # disparity audit's numbered paragraphs) is not a two-column table row.
        if (len(segs) == 2 and segs[0] == (first.x0, first.x1) and PARA_NUMBER_RE.match(first.text)
                and segs[1][1] - segs[1][0] > NUMBERED_PARA_MIN_WIDTH_SHARE * body_width):
            runs[i] = [(segs[0][0], segs[1][1])]
        # Letter-spaced headings ("1 . T h e  R a c e ...") are one run, not a row of cells.
        elif (len(segs) >= LETTER_SPACED_MIN_RUNS
              and sum(b - a < lines[i].size for a, b in segs) >= LETTER_SPACED_SHARE * len(segs)):
            runs[i] = [(segs[0][0], segs[-1][1])]
    return runs


def is_heading_line(ln: Line, gap_above: float, content: PageContent) -> bool:
    """A heading between tables: one bold or larger line after a paragraph gap."""
    larger = ln.size >= content.settings.heading_size_ratio * content.body_size
    return (ln.bold or larger) and gap_above > content.para_gap_pt


def compatible_columns(a: list[list[float]], b: list[list[float]], tol_pt: float) -> bool:
    """True if every column start of the table with fewer columns is a column start of the other
    (a mostly empty column, like 004's merged Commitments, may be missing from one part)."""
    fewer, more = sorted((a, b), key=len)
    return all(any(abs(c[0] - d[0]) <= tol_pt for d in more) for c in fewer)


def page_regions(lines: list[Line], runs: list[Runs], content: PageContent) -> list[range]:
    """Split the page's body lines into regions that each hold at most one table.

    The page is cut at headings; a part joins the region above it unless both have columns and
    they do not match (a project table per priority, then a KPI table with other columns, on one page).
    """
    cuts = [0] + [i for i in range(1, len(lines))
                  if len(runs[i]) == 1 and is_heading_line(lines[i], lines[i].top - lines[i - 1].bottom, content)]
    parts = [range(a, b) for a, b in zip(cuts, cuts[1:] + [len(lines)])]
    regions: list[range] = []
    for part in parts:
        if regions:
            region = regions[-1]
            cols = columns_from_lines([runs[i] for i in region], content)
            own = columns_from_lines([runs[i] for i in part], content)
            if cols is None or own is None or compatible_columns(cols, own, content.settings.same_column_x_pt):
                regions[-1] = range(region.start, part.stop)
                continue
        regions.append(part)
    return regions


def table_columns(runs: list[Runs], lines: list[Line], content: PageContent,
                  carried: tuple[float, ...] | None) -> list[list[float]] | None:
    """Column x-ranges (pt) of a region, or the columns carried from the previous page."""
    settings = content.settings
    cols = columns_from_lines(runs, content)
    if cols is not None and carried and len(carried) > len(cols) and all(
        any(abs(c[0] - b) <= settings.same_column_x_pt for b in carried) for c in cols
    ):
        cols = None  # 001's last page: a row with its Progress cell empty shows only some columns
    if cols is None and carried and lines:
        right = max(max(ln.x1 for ln in lines), carried[-1] + CARRIED_COLUMN_RIGHT_PT)
        cols = [[b, (carried[k + 1] - settings.gutter_min_x_pt) if k + 1 < len(carried) else right]
                for k, b in enumerate(carried)]
    return cols


@dataclass(slots=True)
class ColumnModel:
    """Where an unruled table's columns start and end (pt)."""

    cols: list[list[float]]
    slack_x_pt: float

    @property
    def bounds(self) -> list[float]:
        return [c[0] for c in self.cols]

    def col_of(self, x0: float) -> int:
        """The column holding a run or word that starts at ``x0``."""
        return max(0, bisect.bisect_right(self.bounds, x0 + self.slack_x_pt) - 1)

    def crosses(self, segs: Runs) -> bool:
        """True if a run spans a gutter (a full-width section, objective or progress row)."""
        return any(self.col_of(a) != self.col_of(b - FULL_ROW_END_SLACK_PT) for a, b in segs)


def table_span(lines: list[Line], runs: list[Runs], model: ColumnModel, content: PageContent,
               carried: bool) -> tuple[int, int] | None:
    """First and last line of the table in a region: lines with several runs, starting in a later
    column or beside a RAG-shaded cell, extended over neighbouring lines inset like the table."""
    tableish = _aligned_lines(lines, runs, model, content)
    if not tableish and carried and lines[0].x0 >= model.bounds[0] - SHADE_SLACK_PT:
        tableish = [0]  # a page that is all one continued row (003's Customer services progress)
    if not tableish:
        return None
    return _extend_over_inset_lines(lines, min(tableish), max(tableish), model.bounds[0] - SHADE_SLACK_PT, content)


def _aligned_lines(lines: list[Line], runs: list[Runs], model: ColumnModel, content: PageContent) -> list[int]:
    """Indexes of the lines that look like table rows: two or more runs, one run starting in a later
    column (without crossing a gutter), or a line beside a RAG-shaded cell of a later column."""
    bounds = model.bounds
    shaded = [s.bbox for s in content.shades if s.rag and s.bbox[0] >= bounds[1] - RAG_COLUMN_SLACK_PT]
    return [
        i for i, segs in enumerate(runs)
        if len(segs) >= 2 or (not model.crosses(segs) and model.col_of(segs[0][0]) > 0)
        or any(bb[1] - SHADE_SLACK_PT <= lines[i].top and lines[i].bottom <= bb[3] + SHADE_SLACK_PT for bb in shaded)
    ]


def _extend_over_inset_lines(lines: list[Line], first: int, last: int, inset: float,
                             content: PageContent) -> tuple[int, int]:
    """Widen lines ``first..last`` up and down over neighbours that continue the table's rows.

    Rows continue above/below the aligned part while the text stays inset to the table's first
    column (``inset``, pt) and the gaps stay row-sized (003: progress rows at a page top, after the
    last RAG row).
    """
    settings = content.settings
    reach_pt = max(settings.table_reach_rows * row_gap(content), settings.table_reach_size_ratio * content.body_size)

    def joins(ln: Line) -> bool:  # a document title (much larger type) is never a table row
        return ln.x0 >= inset and ln.size < settings.table_row_max_size_ratio * content.body_size

    while first > 0 and joins(lines[first - 1]) and lines[first].top - lines[first - 1].bottom <= reach_pt:
        first -= 1
    while last + 1 < len(lines) and joins(lines[last + 1]) and lines[last + 1].top - lines[last].bottom <= reach_pt:
        last += 1
    return first, last


def row_gap(content: PageContent) -> float:
    """Vertical gap (pt) that always separates two rows."""
    settings = content.settings
    return max(content.para_gap_pt * settings.row_gap_para_ratio, settings.row_gap_size_share * content.body_size)


def group_rows(lines: list[Line], runs: list[Runs], model: ColumnModel, content: PageContent,
               x_right: float) -> list[list[int]]:
    """Line indexes of each row (see extractors/pdf/rows.py for the evidence)."""
    right_edges = [model.bounds[k + 1] - content.settings.gutter_min_x_pt for k in range(len(model.cols) - 1)]
    starts = row_starts(lines, right_edges + [x_right], model.col_of, content, row_gap(content),
                        (model.bounds[0], x_right), [model.crosses(r) for r in runs])
    rows: list[list[int]] = []
    for i, new in enumerate(starts):
        if new or not rows:
            rows.append([i])
        else:
            rows[-1].append(i)
    return rows


def rows_to_table(lines: list[Line], runs: list[Runs], rows_lines: list[list[int]], model: ColumnModel,
                  content: PageContent) -> Table:
    """Cells of each row: one full-width cell if a line crosses a gutter, else one cell per column."""
    settings, cols = content.settings, model.cols
    x_left, x_right = cols[0][0] - CELL_PAD_PT, max(c[1] for c in cols) + CELL_PAD_PT
    rows: list[tuple[Cell | None, ...]] = []
    for idx in rows_lines:
        top = min(lines[j].top for j in idx) - CELL_PAD_PT
        bottom = max(lines[j].bottom for j in idx) + CELL_PAD_PT
        if any(model.crosses(runs[j]) for j in idx):
            ws = [w for j in idx for w in lines[j].words]
            x1 = max(x_right, max(lines[j].x1 for j in idx) + CELL_PAD_PT)
            cell = make_cell(ws, (x_left, top, x1, bottom), content.number, content.shades, content.para_gap_pt,
                             settings, content.geom)
            rows.append((cell,) + (None,) * (len(cols) - 1))
            continue
        per_col: list[list[Word]] = [[] for _ in cols]
        for j in idx:
            for w in lines[j].words:
                per_col[model.col_of(w.x0)].append(w)
        cells = []
        for k in range(len(cols)):
            x0 = cols[k][0] - CELL_PAD_PT
            # The column's text ends where its covered run ends, well before the next column.
            x1 = max(cols[k][1] + COLUMN_END_PAD_PT, x0 + CELL_MIN_WIDTH_PT) if k + 1 < len(cols) else x_right
            cells.append(make_cell(per_col[k], (x0, top, x1, bottom), content.number, content.shades,
                                   content.para_gap_pt, settings, content.geom))
        rows.append(tuple(cells))
    first, last = rows_lines[0][0], rows_lines[-1][-1]
    bbox = (x_left, lines[first].top - CELL_PAD_PT, x_right, lines[last].bottom + CELL_PAD_PT)
    return Table(rows=tuple(rows), page=content.number, bbox=round_box(bbox), ruled=False)


def unruled_table(lines: list[Line], runs: list[Runs], content: PageContent,
                  carried: tuple[float, ...] | None) -> tuple[FoundTable, set[int]] | None:
    """Find one whitespace-aligned table among ``lines`` (one region of the page's body lines).

    Columns are the x-ranges covered by the runs of lines that have two or more runs; gutters
    are the gaps between them.  A page with too few such lines reuses the previous page's
    columns (003: a page of progress paragraphs and colour-only RAG cells).
    Returns (the table with its column starts, indexes of the lines used) or None.
    """
    cols = table_columns(runs, lines, content, carried)
    if cols is None or not lines:
        return None
    model = ColumnModel(cols, content.settings.column_start_slack_x_pt)
    span = table_span(lines, runs, model, content, carried is not None)
    if span is None:
        return None
    first, last = span
    x_right = max(c[1] for c in cols) + CELL_PAD_PT
    rows_lines = [[first + j for j in row] for row in group_rows(lines[first:last + 1], runs[first:last + 1], model, content, x_right)]
    table = rows_to_table(lines, runs, rows_lines, model, content)
    return FoundTable(table, tuple(round(b, 1) for b in model.bounds)), set(range(first, last + 1))


def unruled_flavour(content: PageContent, words: list[Word]) -> FlavourResult:
    """Whitespace-aligned tables among the page's body lines (outside the top/bottom margins), one per region."""
    lines = words_to_lines((w for w in words if w.text or w.struck), content.settings)
    body = [ln for ln in lines if content.in_body(ln.top, ln.bottom)]
    runs = runs_per_line(body, content)
    found: list[FoundTable] = []
    used: set[int] = set()
    for n, region in enumerate(page_regions(body, runs, content)):
        carried = content.carried_columns if n == 0 else None
        result = unruled_table([body[i] for i in region], [runs[i] for i in region], content, carried)
        if result is None:
            continue
        table, lines_used = result
        found.append(table)
        used |= {id(w) for j in lines_used for w in body[region.start + j].words}
    return FlavourResult(found, [w for w in words if id(w) not in used])

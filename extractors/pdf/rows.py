"""Where rows start in a table whose rows are not ruled, from the text and the shading, not from gaps alone.

Used by the unruled flavour and by ruled tables drawn without rules between rows (Word's "light"
table styles).  Each line is cut into per-column fragments; a column *starts* on a line when its
fragment there begins a new paragraph (nothing above it in the column, a bullet, or the line above
ended early), and *continues* when the line above wrapped into it.  A row starts on a line where

- most columns start together and the key column (the leftmost column that starts on most such
  lines) starts too, and no column is in the middle of a wrapped paragraph: single-spaced one-line
  rows (min-pdf-unruled-one-line-rows-2pages) and rows of bullets in a later column
  (min-pdf-unruled-bullets-in-cells); or
- the line enters or leaves a shaded band (zebra rows) or a coloured cell (RAG), which shade whole
  rows; or
- the gap above it is wider than a row gap (the evidence the reader had before).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from extractors.pdf.cells import TERMINAL, Shade
from extractors.pdf.content import PageContent
from extractors.pdf.words import Line, is_marker

JOINING_END = tuple(",-\u2013(/&")
JOINING_WORDS = frozenset(["and", "or", "the", "of", "to", "a", "an", "in", "for", "with", "by", "on", "at", "as", "from", "that", "which", "including"])
WORD_SPACE_SIZE_SHARE = 0.3       # the space before a word, as a share of its font size
MOST_COLUMNS_SHARE = 0.5          # "most columns": more than this share of the columns that hold text
KEY_COLUMN_MIN_SHARE = 0.5        # the key column starts on at least this share of the lines most columns start on
BAND_MAX_HEIGHT_SIZE_RATIO = 12.0  # a shaded rect taller than this many font sizes is a panel, not a row band
CELL_FILL_INSET_PT = 1.0          # a coloured cell starts a little right of its column's left edge
CELL_FILL_MIN_WIDTH_SHARE = 0.6   # a coloured rect this wide (share of its column) colours the cell, not words


@dataclass(slots=True)
class Fragment:
    """The words of one line that fall in one column (x in pt)."""

    x0: float
    x1: float
    first: str                    # the first word's text (after a list marker)
    first_width: float            # the first word's width plus a space, pt
    bullet: bool                  # the fragment begins with a list marker
    last: str                     # the last word's text


def line_fragments(line: Line, ncols: int, col_of: Callable[[float], int]) -> list[Fragment | None]:
    """Cut a line into per-column fragments (None where the line has no text in a column)."""
    groups: list[list] = [[] for _ in range(ncols)]
    for w in line.words:
        if w.text:
            groups[col_of(w.x0)].append(w)
    out: list[Fragment | None] = []
    for ws in groups:
        if not ws:
            out.append(None)
            continue
        bullet = is_marker(ws[0], ws[1] if len(ws) > 1 else None)
        head = ws[1] if bullet and len(ws) > 1 else ws[0]
        out.append(Fragment(ws[0].x0, ws[-1].x1, head.text, head.x1 - head.x0 + WORD_SPACE_SIZE_SHARE * head.size,
                            bullet, ws[-1].text))
    return out


MIDWAY, WRAPPED, STARTS = "midway", "wrapped", "starts"


def follows(above: Fragment | None, below: Fragment, right_edge: float, slack_pt: float) -> str:
    """How ``below`` follows the fragment above it in its column.

    MIDWAY: it carries on a sentence for sure (lower-case start, the line above ends on a joining
    word); WRAPPED: its first word (not a figure) would not have fitted after the line above;
    STARTS: a new paragraph or bullet (or nothing above it).
    """
    if above is None or below.bullet:
        return STARTS
    if below.first[:1].islower() or above.last.endswith(JOINING_END) or above.last.lower() in JOINING_WORDS:
        return MIDWAY
    if above.last.endswith(TERMINAL) or not below.first[:1].isalpha():
        return STARTS  # figures fill right-aligned columns to the edge without wrapping (ICDAR us-018)
    return WRAPPED if below.first_width > right_edge - above.x1 + slack_pt else STARTS


def line_starts(above: list[Fragment | None], below: list[Fragment | None], right_edges: Sequence[float],
                slack_pt: float) -> tuple[set[int], bool]:
    """(columns that start a paragraph on this line, does any column carry one on).

    A column judged WRAPPED only because its line above was the widest in the column is not
    carried on when two or more other plain (non-bullet) columns start on this line too: in
    single-spaced one-line rows every column starts on every line, and the widest title has no
    room after it by construction.
    """
    verdicts = {k: follows(above[k], f, right_edges[k], slack_pt) for k, f in enumerate(below) if f is not None}
    starts = {k for k, v in verdicts.items() if v == STARTS}
    plain_starts = {k for k in starts if above[k] is not None and not below[k].bullet}  # type: ignore[union-attr]
    for k, v in verdicts.items():
        if v == WRAPPED and len(plain_starts - {k}) >= 2:
            starts.add(k)
    carried = any(v == MIDWAY or (v == WRAPPED and k not in starts) for k, v in verdicts.items())
    return starts, carried


def row_starts(lines: Sequence[Line], right_edges: Sequence[float], col_of: Callable[[float], int],
               content: PageContent, row_gap_pt: float, table_x: tuple[float, float],
               full: Sequence[bool] | None = None) -> list[bool]:
    """For each line, True if a new row starts on it (the first line always starts one).

    ``right_edges`` are the x (pt) where each column's text must end; ``table_x`` the table's x-range;
    ``full`` marks lines that run across a gutter (a full-width paragraph): they give no column evidence.
    """
    ncols = len(right_edges)
    slack = content.settings.cell_padding_slack_x_pt
    frags = [line_fragments(ln, ncols, col_of) for ln in lines]
    starts: list[set[int]] = []
    continues: list[bool] = []
    for i, fr in enumerate(frags):
        s, c = line_starts(frags[i - 1] if i else [None] * ncols, fr, right_edges, slack)
        starts.append(s)
        continues.append(c)
    used_cols = {k for fr in frags for k, f in enumerate(fr) if f is not None}
    most = max(2, int(MOST_COLUMNS_SHARE * len(used_cols)) + 1)
    aligned = [i for i, s in enumerate(starts) if len(s) >= most and not continues[i] and not (full and full[i])]
    key = key_column(aligned, starts, ncols)
    bands = row_bands(lines, content, table_x, right_edges, col_of)
    out = []
    for i, ln in enumerate(lines):
        if i == 0:
            out.append(True)
            continue
        gap = ln.top - lines[i - 1].bottom
        by_text = key is not None and i in aligned and key in starts[i]
        by_band = bands[i] != bands[i - 1]
        out.append(by_text or by_band or gap > row_gap_pt)
    return out


def key_column(aligned: list[int], starts: list[set[int]], ncols: int) -> int | None:
    """The leftmost column that starts on at least half the lines where most columns start."""
    if not aligned:
        return None
    counts = [sum(1 for i in aligned if k in starts[i]) for k in range(ncols)]
    top = max(counts)
    return next(k for k in range(ncols) if counts[k] >= KEY_COLUMN_MIN_SHARE * top)


def row_bands(lines: Sequence[Line], content: PageContent, table_x: tuple[float, float],
              right_edges: Sequence[float], col_of: Callable[[float], int]) -> list[frozenset[int]]:
    """For each line, the shaded row bands and coloured cells its middle lies in (by index in ``content.shades``).

    A band spans most of the table's width (zebra rows); a coloured cell spans most of its column
    (a RAG colour).  A highlight behind a few words is neither.
    """
    x0, x1 = table_x
    width = max(x1 - x0, 1.0)
    max_height = BAND_MAX_HEIGHT_SIZE_RATIO * content.body_size
    marks: list[tuple[int, Shade]] = []
    for n, shade in enumerate(content.shades):
        sx0, stop, sx1, sbottom = shade.bbox
        if shade.is_paper or sbottom - stop > max_height or sx1 < x0 or sx0 > x1:
            continue
        if min(sx1, x1) - max(sx0, x0) >= content.settings.band_min_width_share * width:
            marks.append((n, shade))
            continue
        k = col_of(sx0 + CELL_FILL_INSET_PT)
        col_left = x0 if k == 0 else right_edges[k - 1]
        if shade.rag and sx1 - sx0 >= CELL_FILL_MIN_WIDTH_SHARE * (right_edges[k] - col_left):
            marks.append((n, shade))
    out = []
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        out.append(frozenset(n for n, s in marks if s.bbox[1] <= mid <= s.bbox[3]))
    return out

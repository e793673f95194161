"""PDF extractor (pdfplumber): one PDF -> :class:`~extractors.base.Layout`.

Council appendices are mostly Word exports: landscape tables with ruling lines, a header row
repeated on every page, rows that run over a page break, bullets inside cells, bold full-width
section rows, RAG shown as cell shading, struck-through text, running headers and "Page X of Y"
footers.  Some are unruled (columns by whitespace only).  Per page this module

1. reads words (with fonts) and thin horizontal strokes, and drops struck-through characters;
2. finds ruled tables (pdfplumber's "lines" strategy) or else an unruled table from text
   alignment, and turns each cell's words into items (paragraphs / bullets) with bold, fill
   colour and bbox;
3. turns the words outside tables into Text blocks (headings by size / bold);

then, over the whole document, drops running headers/footers and page numbers and joins tables
continued across pages (repeated header rows dropped, a row split by the page break merged).
Each page is closed after use, so memory does not grow with the page count.

>>> layout = PdfExtractor().extract(Path("tests/data/pdf/seed-001-ruled.pdf"), Settings())  # doctest: +SKIP
>>> layout.tables()[0].rows[0][0].text                                                     # doctest: +SKIP
'As a Community Leader'
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, Iterable, Sequence

from extractors.base import (
    W102,
    rgb_to_rag,
    W103,
    W104,
    BBox,
    Block,
    Cell,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    FileTooLarge,
    Layout,
    NoTextLayer,
    Settings,
    Table,
    Text,
)

# Bullet glyphs Word and friends put in front of list items ("o" and "-" are left alone: too
# often real text).  U+F0B7 is Word's Symbol-font bullet as it comes out of many exports.
BULLET_GLYPHS = frozenset("\u2022\u00b7\u25aa\u25cf\u25cb\u25e6\u2023\u2043\u25a0\u25a1\uf0b7\uf0a7\uf0d8\u27a2")
TERMINAL = tuple(".:;!?")
JOINING = tuple(",-\u2013(/&")
JOINING_WORDS = frozenset("and or the of to a an in for with by on at as from that which including".split())
PARA_NUMBER_RE = re.compile(r"^(\d{1,2}(\.\d{1,2}){0,3}\.?|\(?[a-z]\)|\(?[ivx]{1,4}\)|[a-z]\.)$")
PAGE_NUMBER_RE = re.compile(r"^\s*(page\s+\d+(\s*(of|/)\s*\d+)?|\d+\s*(of|/)\s*\d+|-?\s*\d{1,4}\s*-?)\s*$", re.I)
BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.I)

LINES_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
    "edge_min_length": 3,
}

MARGIN_FRACTION = 0.075       # lines this close to the top/bottom edge may be running headers/footers
FURNITURE_PAGE_SHARE = 0.5    # ... and are removed when repeated on at least this share of pages
LIST_INDENT_PT = 14.0         # indent of one list level (Word: 18 pt; some templates less)
GUTTER_MIN_PT = 7.0           # whitespace between two columns of an unruled table
# The right edge of a cell's text is known only up to the cell's inner padding (Word: 5.4 pt), so
# "the next word would not have fitted" must hold by this much (004's "Comms and Events" | "Museums"
# is two list lines; 002's "... Corporate Policy" | "Officer" is one wrapped name).
CELL_PADDING_SLACK_PT = 6.0
FILL_COVER_MIN = 0.5          # share of a cell a shaded rect must cover to count as its fill


# ---------------------------------------------------------------------------------------------
# Words and lines


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    struck: int = 0           # characters of this word dropped as struck through


@dataclass(slots=True)
class Line:
    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


def is_bold_font(fontname: str) -> bool:
    """True for bold faces ("ABCDEF+Arial-BoldMT", "Helvetica-Bold", "Calibri,Bold").

    >>> is_bold_font("ABCDEF+Arial-BoldMT"), is_bold_font("TimesNewRomanPSMT")
    (True, False)
    """
    return bool(BOLD_RE.search(fontname or ""))


def strike_segments(page: Any) -> list[tuple[float, float, float]]:
    """Return thin horizontal strokes on the page as (y, x0, x1), sorted by y.

    Strike-through is drawn as a line (reportlab, LibreOffice) or a thin filled rect (Word).
    """
    segs = []
    for ln in page.lines:
        if abs(ln["bottom"] - ln["top"]) < 1.0 and ln["x1"] - ln["x0"] > 1.0:
            segs.append(((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
    for r in page.rects:
        if r["height"] <= 1.5 and r["width"] > 1.0:
            segs.append(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
    segs.sort()
    return segs


def page_to_words(page: Any) -> list[Word]:
    """Return the page's words in reading order with struck-through characters removed.

    A character is struck when a thin horizontal stroke crosses the middle band of its glyph
    (underlines sit at the baseline and are ignored).
    """
    segs = strike_segments(page)
    seg_ys = [s[0] for s in segs]
    raw = page.extract_words(x_tolerance=1.5, y_tolerance=2.5, keep_blank_chars=False,
                             extra_attrs=["size"], return_chars=True)
    words: list[Word] = []
    for w in raw:
        chars = w["chars"]
        h = w["bottom"] - w["top"]
        lo = bisect.bisect_left(seg_ys, w["top"] + 0.3 * h)
        hi = bisect.bisect_right(seg_ys, w["bottom"] - 0.2 * h)
        struck = 0
        text = w["text"]
        if lo < hi:
            crossing = [s for s in segs[lo:hi] if s[1] < w["x1"] and s[2] > w["x0"]]
            if crossing:
                kept = []
                for c in chars:
                    mid = (c["x0"] + c["x1"]) / 2
                    if any(s[1] <= mid <= s[2] for s in crossing):
                        struck += 1
                    else:
                        kept.append(c["text"])
                text = "".join(kept)
        bold = all(is_bold_font(c["fontname"]) for c in chars if not c["text"].isspace())
        words.append(Word(text, w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1), bold, struck))
    return words


def is_glyph(w: Word) -> bool:
    """A bullet glyph standing alone (often a bigger size than the text after it)."""
    return len(w.text) == 1 and w.text in BULLET_GLYPHS


def words_to_lines(words: Iterable[Word]) -> list[Line]:
    """Group words into lines (same baseline band), top to bottom, left to right."""
    ws = sorted(words, key=lambda w: (w.top, w.x0))
    lines: list[Line] = []
    for w in ws:
        if lines:
            ln = lines[-1]
            tol = 0.45 * min(ln.size, w.size)
            if abs(w.top - ln.top) <= tol or abs(w.bottom - ln.bottom) <= tol:
                ln.words.append(w)
                ln.x0, ln.x1 = min(ln.x0, w.x0), max(ln.x1, w.x1)
                ln.bottom = max(ln.bottom, w.bottom)
                if not is_glyph(w):
                    ln.size = max(ln.size, w.size) if not is_glyph(ln.words[0]) or len(ln.words) > 2 else w.size
                continue
        lines.append(Line([w], w.x0, w.x1, w.top, w.bottom, w.size))
    for ln in lines:
        ln.words.sort(key=lambda w: w.x0)
    return lines


# ---------------------------------------------------------------------------------------------
# Items inside a cell (or a run of text outside tables)


@dataclass(slots=True)
class Item:
    text: str
    bullet: bool
    bold: bool
    x0: float
    x1: float
    top: float
    bottom: float
    struck: int = 0


TABBED_MARKERS = frozenset({"o", "-", "\u2013", "*", "\u2192", "\u2713"})


def is_tabbed_marker(first: Word, second: Word) -> bool:
    """A one-character list marker that is not a bullet glyph ("o" in Courier New for a level-2
    Word list, "-"), followed by a tab-wide gap rather than a space."""
    return first.text in TABBED_MARKERS and second.x0 - first.x1 > 0.8 * first.size


def strip_bullet(line: Line) -> tuple[str, bool, float]:
    """Return (text without a leading bullet glyph, was it a bullet, x0 of the text after it)."""
    words = [w for w in line.words if w.text]
    if not words:
        return "", False, line.x0
    first = words[0].text
    if len(words) > 1 and (CID_RE.fullmatch(first) or is_tabbed_marker(words[0], words[1])):
        # An unmapped Symbol-font bullet, or Word's "o" / "-" list marker followed by a tab.
        return " ".join(w.text for w in words[1:]), True, words[1].x0
    if first[0] in BULLET_GLYPHS:
        rest = first[1:].lstrip()
        if rest:
            return " ".join([rest] + [w.text for w in words[1:]]), True, words[0].x0
        tail = words[1:]
        return " ".join(w.text for w in tail), True, tail[0].x0 if tail else line.x1
    return " ".join(w.text for w in words), False, words[0].x0


def lines_to_items(lines: Sequence[Line], right_edge: float, para_gap_pt: float) -> list[Item]:
    """Split a cell's lines into paragraphs and bullets.

    A new item starts at a bullet glyph, after a vertical gap wider than ``para_gap_pt``, when
    a line falls back out of a bullet's hanging indent, or when the previous line ended a
    sentence even though the next line's first word would have fitted after it (a forced break:
    Word documents with no paragraph spacing, e.g. Maidstone's 2017/18 action plan).
    """
    items: list[Item] = []
    prev: Line | None = None
    hang_x = 0.0
    for ln in lines:
        text, bullet, text_x0 = strip_bullet(ln)
        struck = sum(w.struck for w in ln.words)
        if not text:
            if items:
                items[-1].struck += struck
            prev = ln
            continue
        new = True
        if items and prev is not None and not bullet:
            last = items[-1]
            gap = ln.top - prev.bottom
            new = gap > para_gap_pt
            if not new and last.bullet and text_x0 < hang_x - 2.0:
                new = True
            if not new and last.text.endswith(TERMINAL):
                first_w = ln.words[0]
                room = right_edge - prev.x1
                if first_w.x1 - first_w.x0 + 0.5 * first_w.size < room and text[:1].isupper():
                    new = True
        if new:
            items.append(Item(text, bullet, ln.bold, ln.x0, ln.x1, ln.top, ln.bottom, struck))
            hang_x = text_x0 if bullet else ln.x0
        else:
            last = items[-1]
            last.text = f"{last.text} {text}"
            last.bold = last.bold and ln.bold
            last.x0, last.x1 = min(last.x0, ln.x0), max(last.x1, ln.x1)
            last.bottom = max(last.bottom, ln.bottom)
            last.struck += struck
        prev = ln
    return items


LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st", "\u00ad": None})
CID_RE = re.compile(r"\(cid:\d+\)")


def fix_spacing(text: str) -> str:
    """Whitespace runs -> one space; Calibri ligatures spelt out; soft hyphens and unmapped glyphs
    ("(cid:127)") dropped.

    >>> fix_spacing(" Financial  \ufb01nance(cid:3) ")
    'Financial finance'
    """
    return re.sub(r"\s+", " ", CID_RE.sub("", text.translate(LIGATURES))).strip()


# ---------------------------------------------------------------------------------------------
# Colours


def color_to_rgb(color: Any) -> tuple[float, float, float] | None:
    """pdfplumber colour (gray, RGB, CMYK tuple or number) -> RGB in 0..1, or None.

    >>> color_to_rgb((0, 0, 0, 1)), color_to_rgb(0.5)
    ((0.0, 0.0, 0.0), (0.5, 0.5, 0.5))
    """
    if color is None or isinstance(color, str):
        return None
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        vals = [float(v) for v in color]
    except (TypeError, ValueError):
        return None
    if len(vals) == 1:
        return (vals[0],) * 3
    if len(vals) == 3:
        return (vals[0], vals[1], vals[2])
    if len(vals) == 4:
        c, m, y, k = vals
        return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return None


def page_fills(page: Any) -> list[tuple[BBox, str]]:
    """Shaded rects with a RAG colour, as (bbox, colour name)."""
    out = []
    for r in page.rects:
        if not r.get("fill") or r["width"] < 3 or r["height"] < 3:
            continue
        rag = rgb_to_rag(color_to_rgb(r.get("non_stroking_color")))
        if rag:
            out.append(((r["x0"], r["top"], r["x1"], r["bottom"]), rag))
    return out


def fill_for(bbox: BBox, fills: Sequence[tuple[BBox, str]]) -> str | None:
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for (fx0, ftop, fx1, fbottom), rag in fills:
        w = min(x1, fx1) - max(x0, fx0)
        h = min(bottom, fbottom) - max(top, ftop)
        if w > 0 and h > 0 and w * h / area >= FILL_COVER_MIN:
            return rag
    return None


# ---------------------------------------------------------------------------------------------
# One page


@dataclass(slots=True)
class PageOut:
    """What one page contributes, before furniture removal and stitching."""

    number: int
    height: float
    blocks: list[tuple[float, Block]] = field(default_factory=list)  # (top, block)
    furniture: list[tuple[int, str]] = field(default_factory=list)   # (index in blocks, repeat key)
    struck_chars: int = 0
    n_words: int = 0
    table_cols: dict[int, tuple[float, ...]] = field(default_factory=dict)  # block index -> column x0s
    warnings: list[str] = field(default_factory=list)
    geom: Geometry = field(default_factory=dict)


# Geometry of a cell's text that the Cell itself does not keep, by cell (frozen, hashed by value, so a
# cell freed during stitching can never lend its entry to a new one, as id() could): room left after its
# last line and width of its first word, both in pt.  Read when a row split by a page break is
# joined, to tell a wrapped paragraph (join) from a new one (keep apart).
Geometry = dict[Cell, tuple[float, float]]


def make_cell(words: list[Word], bbox: BBox, page_no: int, fills: Sequence, para_gap_pt: float,
              geom: Geometry | None = None) -> Cell:
    lines = words_to_lines(w for w in words if w.text or w.struck)
    text_lines = [ln for ln in lines if any(w.text for w in ln.words)]
    left_pad = min((ln.x0 for ln in text_lines), default=bbox[0]) - bbox[0]
    right_edge = bbox[2] - min(max(left_pad, 0.0), 12.0)
    items = lines_to_items(lines, right_edge, para_gap_pt)
    struck = sum(w.struck for w in words)
    texts = tuple(fix_spacing(i.text) for i in items if fix_spacing(i.text))
    kept = [i for i in items if fix_spacing(i.text)]
    bold = bool(kept) and all(i.bold for i in kept)
    cell = Cell(
        text="\n".join(texts),
        page=page_no,
        bbox=tuple(round(v, 2) for v in bbox),  # type: ignore[arg-type]
        bold=bold,
        struck=bool(struck) and not texts,
        items=texts,
        bullets=tuple(i.bullet for i in kept),
        struck_chars=struck,
        fill=fill_for(bbox, fills),
    )
    if geom is not None and text_lines:
        first = next(w for w in text_lines[0].words if w.text and not is_glyph(w))
        geom[cell] = (right_edge - text_lines[-1].x1, first.x1 - first.x0 + 0.3 * first.size)
    return cell


def contains(outer: Sequence[float], inner: Sequence[float], tol: float = 1.0) -> bool:
    """True if bbox ``inner`` lies inside ``outer`` (and is not the same box)."""
    inside = (outer[0] - tol <= inner[0] and outer[1] - tol <= inner[1]
              and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)
    same = all(abs(a - b) <= tol for a, b in zip(outer, inner))
    return inside and not same


def ruled_tables(page: Any) -> list[Any]:
    """pdfplumber tables from ruling lines, with a rule added where a table's vertical rules end
    without one (reportlab and some Word exports leave a row split by a page break open at the
    page bottom, and its continuation open at the next page's top)."""
    settings = dict(LINES_SETTINGS)
    v_edges = [e for e in page.edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 10]
    h_edges = [e for e in page.edges if e["orientation"] == "h"]
    extra = []
    if v_edges:
        ends: dict[int, list[dict]] = {}
        for e in v_edges:
            ends.setdefault(round(e["bottom"]), []).append(e)
            ends.setdefault(round(e["top"]), []).append(e)
        for y, es in ends.items():
            if len(es) < 2:
                continue
            x0, x1 = min(e["x0"] for e in es), max(e["x1"] for e in es)
            covered = any(abs(h["top"] - y) <= 3 and h["x0"] <= x0 + 3 and h["x1"] >= x1 - 3 for h in h_edges)
            if not covered:
                extra.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                              "orientation": "h", "object_type": "line"})
    if extra:
        settings["explicit_horizontal_lines"] = extra
    from pdfplumber.table import Table as PlumberTable

    finder = page.debug_tablefinder(settings)
    found = list(finder.tables)
    in_tables = {c for t in found for c in t.cells}
    for c in finder.cells:
        # pdfplumber drops one-cell tables; a page that is all one row split over page breaks
        # (003's 42-item progress cell) is exactly that.
        if c not in in_tables and c[2] - c[0] >= 0.5 * page.width and c[3] - c[1] >= 0.25 * page.height:
            found.append(PlumberTable(page, [c]))
    # A one-cell frame around the page or around a table is not a table itself (Hackney's SOPN
    # draws a page border).
    found = [t for t in found if len(t.cells) > 1 or not any(o is not t and contains(t.bbox, o.bbox) for o in found)]
    # Smallest first: a table nested in another's cell takes its own words.
    found.sort(key=lambda t: (t.bbox[2] - t.bbox[0]) * (t.bbox[3] - t.bbox[1]))
    tables = []
    for t in found:
        rows = t.rows
        ncols = max((len(r.cells) for r in rows), default=0)
        if ncols < 1 or len(rows) < 1:
            continue
        if ncols == 1 and t.bbox[2] - t.bbox[0] < 0.5 * page.width:
            continue  # a shaded RAG cell or a small box on its own, not a table
        tables.append(t)  # one-column boxes are sorted out in pages_to_blocks
    return tables


def assign_words_to_cells(words: list[Word], cells: list[BBox]) -> tuple[list[list[Word]], list[Word]]:
    """Put each word in the cell holding its centre; return (words per cell, words outside)."""
    out: list[list[Word]] = [[] for _ in cells]
    rest: list[Word] = []
    order = sorted(range(len(cells)), key=lambda i: cells[i][1])
    tops = [cells[i][1] for i in order]
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        k = bisect.bisect_right(tops, cy)
        hit = None
        for j in range(k - 1, -1, -1):
            x0, top, x1, bottom = cells[order[j]]
            if x0 <= cx <= x1 and top <= cy <= bottom:
                hit = order[j]
                break
            if cy - top > 2000:
                break
        if hit is None:
            rest.append(w)
        else:
            out[hit].append(w)
    return out, rest


def ruled_table_to_block(t: Any, words: list[Word], page_no: int, fills: Sequence, para_gap_pt: float,
                         geom: Geometry) -> tuple[Table, tuple[float, ...], list[Word]]:
    rows = t.rows
    ncols = max(len(r.cells) for r in rows)
    cell_boxes: list[BBox] = []
    slots: list[list[int | None]] = []
    for r in rows:
        slot = []
        for c in r.cells:
            if c is None:
                slot.append(None)
            else:
                slot.append(len(cell_boxes))
                cell_boxes.append(tuple(c))  # type: ignore[arg-type]
        slot += [None] * (ncols - len(slot))
        slots.append(slot)
    per_cell, rest = assign_words_to_cells(words, cell_boxes)
    built = [make_cell(ws, bb, page_no, fills, para_gap_pt, geom) for ws, bb in zip(per_cell, cell_boxes)]
    out_rows = tuple(tuple(None if i is None else built[i] for i in slot) for slot in slots)
    col_x0s = tuple(sorted({round(c[0], 1) for c in cell_boxes}))
    table = Table(rows=out_rows, page=page_no, bbox=tuple(round(v, 2) for v in t.bbox), ruled=True)  # type: ignore[arg-type]
    return table, col_x0s, rest


def line_segments(ln: Line) -> list[tuple[float, float]]:
    """x-extents of the runs of a line separated by a gutter-wide gap."""
    segs: list[tuple[float, float]] = []
    for k, w in enumerate(ln.words):
        # A list marker and its text are one run however wide the tab (bullet lists are not tables).
        marker = k == 1 and (is_glyph(ln.words[0]) or is_tabbed_marker(ln.words[0], w) or CID_RE.fullmatch(ln.words[0].text))
        if segs and (marker or w.x0 - segs[-1][1] < max(GUTTER_MIN_PT, 0.8 * w.size)):
            segs[-1] = (segs[-1][0], max(segs[-1][1], w.x1))
        else:
            segs.append((w.x0, w.x1))
    return segs


def columns_from_lines(segs_per_line: list[list[tuple[float, float]]]) -> list[list[float]] | None:
    """Column x-ranges from the runs of lines with two or more runs, or None if fewer than 3."""
    multi = [i for i, s in enumerate(segs_per_line) if len(s) >= 2]
    if len(multi) < 3:
        return None
    # Coverage per 1-pt bin; a gutter is a run of bins that (almost) no such line covers, so one
    # row whose numbers sit too close together does not merge two columns (ICDAR us-034).
    lo = int(min(seg[0] for i in multi for seg in segs_per_line[i]))
    hi = int(max(seg[1] for i in multi for seg in segs_per_line[i])) + 2
    cover = [0] * (hi - lo + 1)
    for i in multi:
        for x0, x1 in segs_per_line[i]:
            for x in range(int(x0) - lo, int(x1) - lo + 1):
                cover[x] += 1
    limit = max(1, len(multi) // 10)
    cols: list[list[float]] = []
    run_start: int | None = None
    for x, n in enumerate(cover + [0]):
        if n > limit and run_start is None:
            run_start = x
        elif n <= limit and run_start is not None:
            if cols and run_start + lo - cols[-1][1] < GUTTER_MIN_PT / 2:
                cols[-1][1] = x + lo
            else:
                cols.append([float(run_start + lo), float(x + lo)])
            run_start = None
    # A run of sparse starts just left of a column (bullet glyphs, a header word set a little
    # left) belongs to it: the column starts at the leftmost run that starts in the gutter before it.
    seg_x0s = sorted(seg[0] for i in multi for seg in segs_per_line[i])
    for k in range(1, len(cols)):
        j = bisect.bisect_right(seg_x0s, cols[k - 1][1])
        if j < len(seg_x0s) and seg_x0s[j] < cols[k][0]:
            cols[k][0] = seg_x0s[j]
    # A column must start text on several lines; merge stray runs into the column on their left.
    starts: Counter[int] = Counter()
    for i in multi:
        for x0, _ in segs_per_line[i]:
            for k, (c0, c1) in enumerate(cols):
                if c0 - 1 <= x0 <= c1:
                    starts[k] += 1
                    break
    merged: list[list[float]] = []
    for k, c in enumerate(cols):
        if merged and starts[k] < 2:
            merged[-1][1] = c[1]
        else:
            merged.append(list(c))
    return merged if len(merged) >= 2 else None


def unruled_table(lines: list[Line], page_no: int, fills: Sequence, para_gap_pt: float,
                  body_size: float, prev_bounds: tuple[float, ...] | None = None,
                  geom: Geometry | None = None
                  ) -> tuple[Table, tuple[float, ...], set[int]] | None:
    """Find one whitespace-aligned table among ``lines`` (those outside page margins).

    Columns are the x-ranges covered by the runs of lines that have two or more runs; gutters
    are the gaps between them.  A page with too few such lines reuses the previous page's
    columns (003: a page of progress paragraphs and colour-only RAG cells).  The table spans
    from the first to the last line that has several runs, starts inside a non-first column or
    sits beside a RAG-shaded cell, extended over neighbouring lines inset like the table.
    Rows break at gaps wider than a paragraph gap; a row with a line crossing a gutter is one
    full-width cell (section, objective and progress rows).
    Returns (table, column x0s, indexes of the lines used) or None.
    """
    segs_per_line = [line_segments(ln) for ln in lines]
    if lines:
        # A paragraph number and its tab ("2.8 <tab> The majority of people ...", the race
        # disparity audit's numbered paragraphs) is not a two-column table row.
        body_width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
        for i, segs in enumerate(segs_per_line):
            first = lines[i].words[0]
            if (len(segs) == 2 and segs[0] == (first.x0, first.x1) and PARA_NUMBER_RE.match(first.text)
                    and segs[1][1] - segs[1][0] > 0.5 * body_width):
                segs_per_line[i] = [(segs[0][0], segs[1][1])]
            # Letter-spaced headings ("1 . T h e  R a c e ...") are one run, not a row of cells.
            elif len(segs) >= 4 and sum(b - a < lines[i].size for a, b in segs) >= 0.75 * len(segs):
                segs_per_line[i] = [(segs[0][0], segs[-1][1])]
    cols = columns_from_lines(segs_per_line)
    if cols is not None and prev_bounds and len(prev_bounds) > len(cols) and all(
        any(abs(c[0] - b) <= 8 for b in prev_bounds) for c in cols
    ):
        cols = None  # 001's last page: a row with its Progress cell empty shows only some columns
    if cols is None:
        if not prev_bounds or not lines:
            return None
        right = max(max(ln.x1 for ln in lines), prev_bounds[-1] + 10)
        cols = [[b, (prev_bounds[k + 1] - GUTTER_MIN_PT) if k + 1 < len(prev_bounds) else right]
                for k, b in enumerate(prev_bounds)]
    bounds = [c[0] for c in cols]  # column k holds runs starting at or after bounds[k]

    def col_of(x0: float) -> int:
        return max(0, bisect.bisect_right(bounds, x0 + 2.0) - 1)

    def is_full(i: int) -> bool:
        return any(col_of(a) != col_of(b - 0.5) for a, b in segs_per_line[i])

    shaded = [bb for bb, _ in fills if bb[0] >= bounds[1] - 3]
    tableish = [
        i for i, s in enumerate(segs_per_line)
        if len(s) >= 2 or (not is_full(i) and col_of(s[0][0]) > 0)
        or any(bb[1] - 1 <= lines[i].top and lines[i].bottom <= bb[3] + 1 for bb in shaded)
    ]
    if not tableish and prev_bounds and lines[0].x0 >= bounds[0] - 1.0:
        tableish = [0]  # a page that is all one continued row (003's Customer services progress)
    if not tableish:
        return None
    first, last = min(tableish), max(tableish)
    row_gap_pt = max(para_gap_pt * 1.6, 0.9 * body_size)
    # Rows continue above/below the aligned part while the text stays inset to the table's first
    # column and the gaps stay row-sized (003: progress rows at a page top, after the last RAG row).
    inset = cols[0][0] - 1.0
    reach_pt = max(4 * row_gap_pt, 6 * body_size)

    def joins(ln: Line) -> bool:  # a document title (much larger type) is never a table row
        return ln.x0 >= inset and ln.size < 1.4 * body_size

    while first > 0 and joins(lines[first - 1]) and lines[first].top - lines[first - 1].bottom <= reach_pt:
        first -= 1
    while last + 1 < len(lines) and joins(lines[last + 1]) and lines[last + 1].top - lines[last].bottom <= reach_pt:
        last += 1
    used = set(range(first, last + 1))

    # Rows break at vertical gaps wider than a paragraph gap; a row with any line crossing a
    # gutter is one full-width cell (section, objective and progress rows).
    rows_lines: list[list[int]] = []
    for i in range(first, last + 1):
        if rows_lines:
            prev = rows_lines[-1]
            gap = lines[i].top - max(lines[j].bottom for j in prev)
            if gap <= row_gap_pt:
                prev.append(i)
                continue
        rows_lines.append([i])

    x_left, x_right = cols[0][0] - 2, max(c[1] for c in cols) + 2
    rows: list[tuple[Cell | None, ...]] = []
    for idx in rows_lines:
        top = min(lines[j].top for j in idx) - 2
        bottom = max(lines[j].bottom for j in idx) + 2
        if any(is_full(j) for j in idx):
            ws = [w for j in idx for w in lines[j].words]
            x1 = max(x_right, max(lines[j].x1 for j in idx) + 2)
            cell = make_cell(ws, (x_left, top, x1, bottom), page_no, fills, para_gap_pt, geom)
            rows.append((cell,) + (None,) * (len(cols) - 1))
            continue
        per_col: list[list[Word]] = [[] for _ in cols]
        for j in idx:
            for w in lines[j].words:
                per_col[col_of(w.x0)].append(w)
        cells = []
        for k in range(len(cols)):
            x0 = cols[k][0] - 2
            # The column's text ends where its covered run ends, well before the next column.
            x1 = max(cols[k][1] + 1, x0 + 4) if k + 1 < len(cols) else x_right
            cells.append(make_cell(per_col[k], (x0, top, x1, bottom), page_no, fills, para_gap_pt, geom))
        rows.append(tuple(cells))
    bbox = (x_left, lines[first].top - 2, x_right, lines[last].bottom + 2)
    table = Table(rows=tuple(rows), page=page_no, bbox=tuple(round(v, 2) for v in bbox), ruled=False)  # type: ignore[arg-type]
    return table, tuple(round(b, 1) for b in bounds), used


def typical_para_gap(lines: Sequence[Line], body_size: float) -> float:
    """Vertical gap above which two lines are separate paragraphs.

    The common gap between wrapped lines of one paragraph plus a third of the body size.
    """
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if 0 <= b.top - a.bottom < body_size * 2]
    if not gaps:
        return 0.4 * body_size
    gaps.sort()
    base = gaps[len(gaps) // 5]
    return max(base, 0.0) + 0.33 * body_size


def heading_level(text: str, size: float, bold: bool, body_size: float) -> int | None:
    """1 for a title (1.5x body size), 2 for a larger heading, 3 for a short bold paragraph.

    >>> heading_level("EDI Action Plan 2023-24", 15, True, 8.5), heading_level("Progress", 8.5, False, 8.5)
    (1, None)
    """
    if len(text) >= 200:
        return None
    if size >= body_size * 1.5:
        return 1
    if size >= body_size * 1.15:
        return 2
    return 3 if bold else None


def text_lines_to_blocks(lines: list[Line], page_no: int, body_size: float, para_gap_pt: float,
                         page_height: float) -> list[tuple[float, Text, str | None]]:
    """Lines outside tables -> Text blocks (top, Text, furniture key).

    Keys: "M..." for a line in the top/bottom margin, "P<top>|..." for a body paragraph (York's
    SOPN repeats its title block above the table on every page).
    """
    out: list[tuple[float, Text, str | None]] = []
    run: list[Line] = []

    def flush() -> None:
        if not run:
            return
        right = max(ln.x1 for ln in run) + 1
        for it in lines_to_items(run, right, para_gap_pt):
            text = fix_spacing(it.text)
            if not text:
                continue
            size = max(ln.size for ln in run if ln.top >= it.top - 0.1 and ln.bottom <= it.bottom + 0.1)
            level = heading_level(text, size, it.bold and not it.bullet, body_size)
            out.append((it.top, Text(text=text, page=page_no, heading_level=level, bold=it.bold,
                                     list_item=it.bullet, bbox=(round(it.x0, 2), round(it.top, 2), round(it.x1, 2), round(it.bottom, 2)),
                                     struck_chars=it.struck),
                        f"P{round(it.top / 4)}|" + re.sub(r"\d+", "#", text.lower())))
        run.clear()

    for ln in lines:
        margin = ln.top < page_height * MARGIN_FRACTION or ln.bottom > page_height * (1 - MARGIN_FRACTION)
        if margin:
            flush()
            text = fix_spacing(ln.text)
            if text:
                key = ("MT|" if ln.top < page_height / 2 else "MB|") + re.sub(r"\d+", "#", text.lower())
                out.append((ln.top, Text(text=text, page=page_no, bold=ln.bold,
                                         heading_level=heading_level(text, ln.size, ln.bold, body_size),
                                         bbox=(round(ln.x0, 2), round(ln.top, 2), round(ln.x1, 2), round(ln.bottom, 2))), key))
            continue
        if run and (ln.size > run[-1].size * 1.15 or run[-1].size > ln.size * 1.15):
            flush()  # a heading never runs into the paragraph below it
        run.append(ln)
    flush()
    # Nesting of list items from their indent: Word indents each level by 0.63 cm (18 pt).
    bullet_x = [t.bbox[0] for _, t, _ in out if t.list_item and t.bbox]
    if bullet_x:
        left = min(bullet_x)
        out = [(top, replace(t, list_level=min(5, int((t.bbox[0] - left + 4) // LIST_INDENT_PT))) if t.list_item and t.bbox else t, key)
               for top, t, key in out]
    return out


def rotate_box(x0: float, top: float, x1: float, bottom: float, rotation: int, w: float, h: float
               ) -> tuple[float, float, float, float]:
    """A box on a page stored unrotated (width ``w``, height ``h``) -> the same box as displayed
    after the page's /Rotate.

    >>> rotate_box(533.1, 47.0, 540.1, 51.7, 90, 612, 1008)  # pdfplumber's nics-...-rotated.pdf
    (47.0, 71.9, 51.7, 78.9)
    """
    if rotation == 90:
        box = (top, w - x1, bottom, w - x0)
    elif rotation == 270:
        box = (h - bottom, x0, h - top, x1)
    else:  # 180
        box = (w - x1, h - bottom, w - x0, h - top)
    return tuple(round(v, 4) for v in box)  # type: ignore[return-value]


def rotate_point(x: float, top: float, rotation: int, w: float, h: float) -> tuple[float, float]:
    return rotate_box(x, top, x, top, rotation, w, h)[:2]


def upright_view(page: Any) -> Any:
    """The page as displayed: a /Rotate 90/180/270 page whose text was drawn turned (so that it
    reads upright once displayed) is turned back, so words, lines and tables read left to right.
    Other pages are returned as they are."""
    rotation = int(getattr(page, "rotation", 0) or 0) % 360
    if rotation not in (90, 180, 270):
        return page
    chars = page.chars
    if not chars or (rotation != 180 and sum(1 for c in chars if not c["upright"]) < 0.6 * len(chars)):
        return page
    from pdfplumber.page import DerivedPage

    w, h = float(page.width), float(page.height)
    new_w, new_h = (h, w) if rotation in (90, 270) else (w, h)

    def turn(obj: dict) -> dict:
        o = dict(obj)
        x0, top, x1, bottom = rotate_box(obj["x0"], obj["top"], obj["x1"], obj["bottom"], rotation, w, h)
        o.update(x0=x0, top=top, x1=x1, bottom=bottom, width=x1 - x0, height=bottom - top,
                 y0=new_h - bottom, y1=new_h - top, doctop=top + page.initial_doctop)
        if "pts" in obj:
            o["pts"] = [rotate_point(px, py, rotation, w, h) for px, py in obj["pts"]]
        if obj.get("object_type") == "char":
            o["upright"] = True
            m = obj.get("matrix")
            if m:  # a turned glyph's "size" is its advance width; the font size is the matrix scale
                o["size"] = round(math.hypot(m[0], m[1]), 2)
        return o

    class UprightPage(DerivedPage):
        def __init__(self) -> None:
            super().__init__(page)
            self.bbox = (0.0, 0.0, new_w, new_h)

        @property
        def objects(self) -> dict:
            if not hasattr(self, "_objects"):
                self._objects = {k: [turn(o) for o in objs] for k, objs in page.objects.items()}
            return self._objects

    return UprightPage()


def page_to_out(page: Any, page_no: int, settings: Settings, prev_bounds: tuple[float, ...] | None = None) -> PageOut:
    """Read one pdfplumber page: ruled tables, else one unruled table, then the text around them.

    ``prev_bounds`` are the columns of an unruled table the previous page ended in.
    >>> import pdfplumber                                                       # doctest: +SKIP
    >>> with pdfplumber.open("tests/data/pdf/seed-002-ruled.pdf") as pdf:       # doctest: +SKIP
    ...     [type(b).__name__ for _, b in page_to_out(pdf.pages[0], 1, Settings()).blocks][:3]
    ['Table', 'Table', 'Text']
    """
    # nics-background-checks-2015-11-rotated.pdf: a landscape table stored as a /Rotate 90 page.
    page = upright_view(page)
    po = PageOut(page_no, float(page.height))
    words = page_to_words(page)
    po.n_words = len(words)
    po.struck_chars = sum(w.struck for w in words)
    if not words:
        return po
    sizes = Counter(w.size for w in words if w.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    fills = page_fills(page)
    all_lines = words_to_lines(w for w in words if w.text or w.struck)
    para_gap_pt = typical_para_gap(all_lines, body_size)

    rest = words
    strategy = settings.pdf_table_strategy
    if strategy in ("auto", "lines"):
        for t in ruled_tables(page):
            try:
                table, cols, rest = ruled_table_to_block(t, rest, page_no, fills, para_gap_pt, po.geom)
            except Exception as e:  # noqa: BLE001 - one bad table must not lose the page
                po.warnings.append(W104.format(page=page_no, error=f"{type(e).__name__}: {e}"))
                continue
            if any(c is not None and not c.is_empty for row in table.rows for c in row):
                po.table_cols[len(po.blocks)] = cols
                po.blocks.append((t.bbox[1], table))
    lines = words_to_lines(w for w in rest if w.text or w.struck)
    if strategy == "text" or (strategy == "auto" and not po.table_cols):
        body = [ln for ln in lines if page.height * MARGIN_FRACTION <= ln.top and ln.bottom <= page.height * (1 - MARGIN_FRACTION)]
        found = unruled_table(body, page_no, fills, para_gap_pt, body_size, prev_bounds, po.geom)
        if found:
            table, cols, used_idx = found
            used = {id(body[i]) for i in used_idx}
            lines = [ln for ln in lines if id(ln) not in used]
            po.table_cols[len(po.blocks)] = cols
            po.blocks.append((table.bbox[1], table))  # type: ignore[index]
    for top, text, key in text_lines_to_blocks(lines, page_no, body_size, para_gap_pt, float(page.height)):
        if key is not None:
            po.furniture.append((len(po.blocks), key))
        po.blocks.append((top, text))
    return po


# ---------------------------------------------------------------------------------------------
# The whole document


def furniture_keys(pages: Sequence[PageOut]) -> set[str]:
    """Keys of lines and paragraphs repeated at the same place on most pages (running headers/footers)."""
    n = len(pages)
    if n < 2:
        return set()
    seen = Counter(k for p in pages for k in {key for _, key in p.furniture})
    need = max(2, FURNITURE_PAGE_SHARE * n)
    return {k for k, c in seen.items() if c >= need}


def is_page_number(text: str) -> bool:
    """True for a page number line ("Page 3 of 9", "12", "- 4 -"), not for a year.

    >>> is_page_number("Page 3 of 9"), is_page_number("- 4 -"), is_page_number("2023")
    (True, True, False)
    """
    t = text.strip()
    if re.fullmatch(r"(19|20)\d\d", t):
        return False
    return bool(PAGE_NUMBER_RE.match(t))


def title_column(table: Table) -> int:
    """The leftmost column that is filled in most data rows (004's merged Commitments column is
    mostly empty, so its title column is 'Action Title')."""
    counts = Counter()
    n = 0
    for row in table.rows:
        if sum(c is not None for c in row) < 2:
            continue
        n += 1
        for k, c in enumerate(row):
            if c is not None and not c.is_empty:
                counts[k] += 1
    for k in range(table.n_cols):
        if n and counts[k] >= 0.6 * n:
            return k
    return 0


def row_texts(row: Sequence[Cell | None]) -> tuple[str, ...]:
    return tuple("" if c is None else fix_spacing(c.text).lower() for c in row)


def continues_paragraph(a: Cell, b: Cell, geom: Geometry | None = None) -> bool:
    """True if ``b`` (top of a page) carries on the last paragraph of ``a`` (bottom of the page before).

    000's "There is room for improvement still here and" | "following the appointment ...";
    002's "... Equalities and Corporate Policy" | "Officer": the next word would not have fitted
    on the last line, so the line wrapped and the paragraph carries on.
    """
    if not a.items or not b.items or b.bullets[0]:
        return False
    last, first = a.items[-1], b.items[0]
    geom = geom or {}
    wrapped = False
    if a in geom and b in geom and not last.endswith(TERMINAL):
        room, head = geom[a][0], geom[b][1]
        # Clearly too long for the room left, not just about the same (a list of names).
        wrapped = head > room + CELL_PADDING_SLACK_PT and head > 2 * room
    return (wrapped or first[:1].islower() or last.endswith(JOINING)
            or last.rsplit(" ", 1)[-1].lower() in JOINING_WORDS)


def join_items(a: Cell, b: Cell, geom: Geometry | None = None) -> Cell:
    """Merge a cell split by a page break: the paragraph cut at the break becomes one item again."""
    page_end = b.page_end or b.page
    if b.is_empty:
        return replace(a, fill=a.fill or b.fill, struck_chars=a.struck_chars + b.struck_chars, page_end=page_end)
    if a.is_empty:
        return replace(b, page=a.page, bbox=a.bbox, fill=a.fill or b.fill, struck_chars=a.struck_chars + b.struck_chars,
                       page_end=page_end)
    items, bullets = list(a.items), list(a.bullets)
    b_items, b_bullets = list(b.items), list(b.bullets)
    if continues_paragraph(a, b, geom):
        items[-1] = f"{items[-1]} {b_items[0]}"
        b_items, b_bullets = b_items[1:], b_bullets[1:]
    items += b_items
    bullets += b_bullets
    joined = replace(a, text="\n".join(items), items=tuple(items), bullets=tuple(bullets),
                     bold=a.bold and b.bold, struck_chars=a.struck_chars + b.struck_chars,
                     fill=a.fill or b.fill, page_end=page_end)
    if geom is not None and a in geom and b in geom:
        geom[joined] = (geom[b][0], geom[a][1])  # a row running over three pages
    return joined


def is_continuation(prev_row: Sequence[Cell | None], row: Sequence[Cell | None], title_col: int,
                    geom: Geometry | None = None) -> bool:
    """A row carried over from the previous page: its title cell is empty, or it starts mid-sentence.

    A full-width row (one cell) continues a full-width row only mid-paragraph (003's progress rows).
    """
    if len(row) != len(prev_row):
        return False
    if sum(c is not None for c in row) < 2 or sum(c is not None for c in prev_row) < 2:
        full = [c for c in row if c is not None]
        prev_full = [c for c in prev_row if c is not None]
        return (len(full) == len(prev_full) == 1 and row[0] is not None and prev_row[0] is not None
                and continues_paragraph(prev_row[0], row[0], geom))
    title = row[title_col]
    if title is None or title.is_empty:
        # Text carried over, or only struck-through text carried over (004's decoy at a page top).
        return any(c is not None and (not c.is_empty or c.struck_chars) for c in row)
    prev_title = prev_row[title_col]
    return (
        title.text[:1].islower()
        and prev_title is not None
        and not prev_title.is_empty
        and not prev_title.items[-1].endswith(TERMINAL)
    )


def stitch(prev: Table, nxt: Table, geom: Geometry | None = None) -> Table:
    """Join ``nxt`` (top of the next page) onto ``prev``: drop its repeated header rows, merge a
    row split by the page break."""
    rows = list(nxt.rows)
    head = {row_texts(r) for r in prev.rows[:4] if any(row_texts(r))}
    while rows and row_texts(rows[0]) in head:
        rows.pop(0)
    out = list(prev.rows)
    if rows and out:
        tc = title_column(prev)
        if is_continuation(out[-1], rows[0], tc, geom):
            a, b = out[-1], rows.pop(0)
            merged = tuple(
                (x if y is None else y) if x is None else (x if y is None else join_items(x, y, geom))
                for x, y in zip(a, b)
            )
            out[-1] = merged
    return Table(rows=tuple(out + rows), page=prev.page, bbox=prev.bbox, ruled=prev.ruled)


def same_columns(a: tuple[float, ...] | None, b: tuple[float, ...] | None) -> bool:
    if not a or not b or len(a) != len(b):
        return False
    return all(abs(x - y) <= 8 for x, y in zip(a, b))


def pages_to_blocks(pages: list[PageOut]) -> tuple[list[Block], list[str]]:
    keys = furniture_keys(pages)
    removed: Counter[str] = Counter()
    seen_body: set[str] = set()
    sequence: list[tuple[Block, tuple[float, ...] | None]] = []
    warnings: list[str] = []
    for p in pages:
        drop = set()
        for idx, key in p.furniture:
            text = p.blocks[idx][1].text  # type: ignore[union-attr]
            if key.startswith("M"):
                furniture = key in keys or is_page_number(text)
            else:  # a repeated body block: keep its first occurrence (a title), drop the repeats
                furniture = key in keys and key in seen_body
                seen_body.add(key)
            if furniture:
                drop.add(idx)
                removed[re.sub(r"\d+", "#", text)] += 1
        order = sorted((top, i) for i, (top, _) in enumerate(p.blocks) if i not in drop)
        for _, i in order:
            sequence.append((p.blocks[i][1], p.table_cols.get(i)))
        warnings.extend(p.warnings)
        if p.struck_chars:
            warnings.append(W102.format(page=p.number, n=p.struck_chars))
    for text, n in removed.most_common():
        warnings.append(W103.format(n=n, text=text))

    geom: Geometry = {}
    for p in pages:
        geom.update(p.geom)
    blocks: list[Block] = []
    last_cols: tuple[float, ...] | None = None
    tail_page = 0  # page of the last piece of the last table (a merged row keeps its first page)
    for block, cols in sequence:
        prev = blocks[-1] if blocks else None
        follows = isinstance(block, Table) and isinstance(prev, Table) and block.page == tail_page + 1
        if isinstance(block, Table):
            tail_page = block.page
        if follows and same_columns(last_cols, cols):
            blocks[-1] = stitch(prev, block, geom)  # type: ignore[arg-type]
            last_cols = cols
            continue
        if isinstance(block, Table) and block.n_cols == 1:
            if follows and same_width(prev, block):  # type: ignore[arg-type]
                # A page that is all one full-width row (003's 42-item Customer services progress).
                pad = (None,) * (prev.n_cols - 1)  # type: ignore[union-attr]
                widened = replace(block, rows=tuple(tuple(r) + pad for r in block.rows))
                blocks[-1] = stitch(prev, widened, geom)  # type: ignore[arg-type]
                continue
            # A one-column box is a call-out, not a table (race disparity audit): its items are text.
            blocks.extend(box_to_texts(block))
            last_cols = None
            continue
        blocks.append(block)
        last_cols = cols if isinstance(block, Table) else None
    return blocks, warnings


def same_width(a: Table, b: Table) -> bool:
    if a.bbox is None or b.bbox is None:
        return False
    return abs(a.bbox[0] - b.bbox[0]) <= 8 and abs((a.bbox[2] - a.bbox[0]) - (b.bbox[2] - b.bbox[0])) <= 4


def box_to_texts(t: Table) -> list[Text]:
    out = []
    for row in t.rows:
        for c in row:
            if c is None:
                continue
            for item, bullet in zip(c.items, c.bullets):
                out.append(Text(text=item, page=c.page, bold=c.bold, list_item=bullet, bbox=c.bbox))
    return out


# ---------------------------------------------------------------------------------------------
# Opening the file


def open_pdf(path: Path) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as e:
        inner = e.args[0] if e.args else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower() \
                or "encrypt" in str(inner).lower():
            raise EncryptedFile(
                f"{path.name}: the PDF is password-protected or uses unsupported encryption; "
                "save an unprotected copy (e.g. print to PDF) and run again"
            ) from e
        what = "the file is cut short (an interrupted download?)" if type(inner).__name__ == "PSEOF" \
            else f"not a readable PDF ({type(inner).__name__}: {inner})"
        raise DamagedFile(f"{path.name}: {what}; re-download or re-export the file") from e
    except Exception as e:  # noqa: BLE001 - pdfminer raises many types for broken files
        raise DamagedFile(f"{path.name}: not a readable PDF ({type(e).__name__}: {e}); "
                          "re-download or re-export the file") from e
    # pdfminer keeps every object it parsed, decoded content streams included, so memory would
    # grow with the file; the fonts it needs again are cached by the resource manager anyway.
    pdf.doc.caching = False
    return pdf


def ends_in_table(po: PageOut) -> bool:
    """True if the last body block of the page (margin lines aside) is a table."""
    furniture = {i for i, key in po.furniture if key.startswith("M")}
    body = [(top, b) for i, (top, b) in enumerate(po.blocks) if i not in furniture]
    return bool(body) and isinstance(max(body, key=lambda tb: tb[0])[1], Table)


def pdf_to_layout(path: Path, settings: Settings) -> Layout:
    """Extract one PDF into a Layout (see module docstring)."""
    if path.stat().st_size == 0:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes); nothing to extract")
    pdf = open_pdf(path)
    pages: list[PageOut] = []
    warnings: list[str] = []
    meta: list[tuple[str, str]] = []
    try:
        try:
            plist = pdf.pages
        except Exception as e:  # noqa: BLE001
            raise DamagedFile(f"{path.name}: the page tree cannot be read ({type(e).__name__}: {e}); "
                              "re-download or re-export the file") from e
        if len(plist) > settings.max_pages:
            raise FileTooLarge(f"{path.name}: {len(plist)} pages is over the {settings.max_pages}-page limit; "
                               "split the file or raise max_pages")
        title = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
        if isinstance(title, str) and title.strip():
            meta.append(("title", title.strip()))
        failed = 0
        prev_bounds: tuple[float, ...] | None = None  # columns of the last unruled table
        for i, page in enumerate(plist, start=1):
            try:
                po = page_to_out(page, i, settings, prev_bounds)
                pages.append(po)
                unruled = [po.table_cols[k] for k, (_, b) in enumerate(po.blocks)
                           if isinstance(b, Table) and not b.ruled and k in po.table_cols]
                # Columns carry over only to the next page, and only from a page that ends in an
                # unruled table (003: a page of progress paragraphs continuing the table).
                prev_bounds = unruled[-1] if unruled and ends_in_table(po) else None
            except Exception as e:  # noqa: BLE001 - a damaged page is reported, the rest is kept
                failed += 1
                warnings.append(W104.format(page=i, error=f"{type(e).__name__}: {e}"))
                pages.append(PageOut(i, float(getattr(page, "height", 0) or 0)))
            finally:
                page.close()
            plist[i - 1] = None  # type: ignore[call-overload]  # let the page object go
        n_pages = len(plist)
    finally:
        # Not pdf.close(): it forgets the page list, rebuilds every page and closes it again.
        if not pdf.stream_is_external:
            pdf.stream.close()
    if n_pages == 0:
        raise DamagedFile(f"{path.name}: the PDF has no pages; re-download or re-export the file")
    if failed == n_pages:
        raise DamagedFile(f"{path.name}: none of its {n_pages} pages could be read ({warnings[0]}); "
                          "re-download or re-export the file")
    if sum(p.n_words for p in pages) == 0:
        raise NoTextLayer(
            f"{path.name}: no text layer on any of its {n_pages} pages (a scan?); "
            "run OCR first (e.g. `ocrmypdf in.pdf out.pdf`) and extract the OCR'd copy"
        )
    blocks, page_warnings = pages_to_blocks(pages)
    return Layout(
        source=path,
        format="pdf",
        blocks=tuple(blocks),
        pages=n_pages,
        warnings=tuple(warnings + page_warnings),
        meta=tuple(meta),
    )


class PdfExtractor:
    format: ClassVar[str] = "pdf"

    def sniff(self, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def extract(self, path: Path, settings: Settings) -> Layout:
        return pdf_to_layout(Path(path), Settings.resolve(settings))

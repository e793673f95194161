"""A table cell from the words inside it: paragraphs and bullets, bold, struck characters, RAG fill.

Shared by the ruled and unruled flavours (and by the text reader for paragraphs outside tables).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extractors.base import BBox, Cell, rgb_to_rag
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import (
    Line,
    Word,
    fix_spacing,
    is_glyph,
    strip_bullet,
    words_to_lines,
)

TERMINAL = tuple(".:;!?")
WHITE_MIN = 0.95  # an RGB fill with every channel above this is the paper, not shading
# A line of a cell ended a sentence and the next word would have fitted after it, with this share
# of that word's font size to spare: the author broke the line on purpose (a new paragraph).
FORCED_BREAK_SIZE_SHARE = 0.5
WORD_SPACE_SIZE_SHARE = 0.3  # the space before a word, as a share of its font size

# Geometry of a cell's text that the Cell itself does not keep, by cell (frozen, hashed by value, so a
# cell freed during stitching can never lend its entry to a new one, as id() could): room left after its
# last line and width of its first word, both in pt.  Read when a row split by a page break is
# joined, to tell a wrapped paragraph (join) from a new one (keep apart).
Geometry = dict[Cell, tuple[float, float]]


@dataclass(slots=True)
class Item:
    """A paragraph or bullet: its text so far and its bbox in pt."""

    text: str
    bullet: bool
    bold: bool
    x0: float
    x1: float
    top: float
    bottom: float
    struck: int = 0


@dataclass(frozen=True, slots=True)
class Shade:
    """A filled rectangle that is not a rule: cell shading, a row band, a highlight or a RAG colour."""

    bbox: BBox
    rgb: tuple[float, float, float] | None
    rag: str | None               # "green" | "amber" | "red" if the colour is a RAG colour

    @property
    def is_paper(self) -> bool:
        """White (or unknown colour): the page itself, not shading."""
        return self.rgb is None or min(self.rgb) > WHITE_MIN


def lines_to_items(lines: Sequence[Line], right_edge: float, para_gap_pt: float, settings: PdfSettings) -> list[Item]:
    """Split a cell's lines into paragraphs and bullets.

    A new item starts at a bullet glyph, after a vertical gap wider than ``para_gap_pt``, when
    a line falls back out of a bullet's hanging indent, or when the previous line ended a
    sentence even though the next line's first word would have fitted after it (a forced break:
    Word documents with no paragraph spacing, e.g. Maidstone's 2017/18 action plan), or when a line in
    bold type follows a regular line that ended a sentence (a bold pledge heading right under an aim
    paragraph with no space between them: tests/data/context/housing-plan-pdf-objective-aim-pledge-bold-type.pdf).
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
            if not new and last.bullet and text_x0 < hang_x - settings.hanging_indent_slack_x_pt:
                new = True
            if not new and last.text.endswith(TERMINAL):
                new = _breaks_after_sentence(prev, ln, text, right_edge)
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


def _breaks_after_sentence(prev: Line, ln: Line, text: str, right_edge: float) -> bool:
    """``ln`` starts a new paragraph although it follows the line before with no gap, that line ending a
    sentence: a line in bold type under regular type (a heading, not more of the paragraph), or a forced
    break (its first word would have fitted after the sentence)."""
    if ln.bold and not prev.bold:
        return True
    first_w = ln.words[0]
    room = right_edge - prev.x1
    return first_w.x1 - first_w.x0 + FORCED_BREAK_SIZE_SHARE * first_w.size < room and text[:1].isupper()


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


def is_rule_rect(rect: dict, settings: PdfSettings) -> bool:
    """A rect thin enough in one direction to be a drawn rule (Word draws borders as thin filled rects)."""
    thick = settings.rule_max_thickness_pt
    return rect["width"] <= thick or rect["height"] <= thick


def page_shades(page: Any, settings: PdfSettings) -> list[Shade]:
    """Filled rects that are not rules, with their colour and RAG name, in pt."""
    out = []
    size = settings.fill_min_size_pt
    for r in page.rects:
        if not r.get("fill") or r["width"] < size or r["height"] < size or is_rule_rect(r, settings):
            continue
        rgb = color_to_rgb(r.get("non_stroking_color"))
        out.append(Shade((r["x0"], r["top"], r["x1"], r["bottom"]), rgb, rgb_to_rag(rgb)))
    return out


def fill_for(bbox: BBox, shades: Sequence[Shade], settings: PdfSettings) -> str | None:
    """The RAG colour of the shading that covers most of the cell ``bbox``, if any.

    A highlight behind a few words (control-pdf-highlighted-words-in-cell) covers too little of
    its cell to be the cell's colour.
    """
    x0, top, x1, bottom = bbox
    area = max((x1 - x0) * (bottom - top), 1e-6)
    for shade in shades:
        if shade.rag is None:
            continue
        fx0, ftop, fx1, fbottom = shade.bbox
        w = min(x1, fx1) - max(x0, fx0)
        h = min(bottom, fbottom) - max(top, ftop)
        if w > 0 and h > 0 and w * h / area >= settings.fill_cover_min_share:
            return shade.rag
    return None


def make_cell(words: list[Word], bbox: BBox, page_no: int, shades: Sequence[Shade], para_gap_pt: float,
              settings: PdfSettings, geom: Geometry | None = None) -> Cell:
    """Build a Cell from the words inside ``bbox`` (pt): items, bullets, bold, struck count, fill."""
    lines = words_to_lines((w for w in words if w.text or w.struck), settings)
    text_lines = [ln for ln in lines if any(w.text for w in ln.words)]
    left_pad = min((ln.x0 for ln in text_lines), default=bbox[0]) - bbox[0]
    right_edge = bbox[2] - min(max(left_pad, 0.0), settings.cell_inner_pad_max_x_pt)
    items = lines_to_items(lines, right_edge, para_gap_pt, settings)
    struck = sum(w.struck for w in words)
    kept = [i for i in items if fix_spacing(i.text)]
    texts = tuple(fix_spacing(i.text) for i in kept)
    cell = Cell(
        text="\n".join(texts),
        page=page_no,
        bbox=round_box(bbox),
        bold=bool(kept) and all(i.bold for i in kept),
        struck=bool(struck) and not texts,
        items=texts,
        bullets=tuple(i.bullet for i in kept),
        struck_chars=struck,
        fill=fill_for(bbox, shades, settings),
    )
    if geom is not None:
        _note_geometry(geom, cell, text_lines, right_edge)
    return cell


def _note_geometry(geom: Geometry, cell: Cell, text_lines: list[Line], right_edge: float) -> None:
    """Record for stitching (``geom[cell]``) the room left on the cell's last line (pt, to ``right_edge``)
    and the width its first word needs (with a space), if the cell has a word that is not a glyph."""
    first = next((w for w in text_lines[0].words if w.text and not is_glyph(w)), None) if text_lines else None
    if first is not None:
        geom[cell] = (right_edge - text_lines[-1].x1, first.x1 - first.x0 + WORD_SPACE_SIZE_SHARE * first.size)


def round_box(bbox: Sequence[float]) -> BBox:
    """A bbox rounded to 0.01 pt (what a Cell or Table keeps)."""
    x0, top, x1, bottom = (round(v, 2) for v in bbox)
    return (x0, top, x1, bottom)

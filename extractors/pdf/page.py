"""One page -> blocks: the page turned upright, its words and shading read once, then the table
flavours in turn (ruled, then unruled), then text blocks from the words no table used.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from extractors.base import Block, Settings, Table
from extractors.pdf.cells import Geometry, page_shades
from extractors.pdf.content import Flavour, FoundTable, PageContent
from extractors.pdf.furniture import text_lines_to_blocks, typical_para_gap
from extractors.pdf.ruled import ruled_flavour
from extractors.pdf.settings import PdfSettings
from extractors.pdf.unruled import unruled_flavour
from extractors.pdf.words import body_font_size, page_to_words, words_to_lines

ROTATED_MIN_SHARE = 0.6   # a page is turned when this share of its characters run in one other direction


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
    failed: bool = False      # the page, or a table on it, could not be read (see warnings)

    def ends_in_table(self) -> bool:
        """True if the last body block of the page (margin lines aside) is a table."""
        furniture = {i for i, key in self.furniture if key.startswith("M")}
        body = [(top, b) for i, (top, b) in enumerate(self.blocks) if i not in furniture]
        return bool(body) and isinstance(max(body, key=lambda tb: tb[0])[1], Table)

    def last_unruled_columns(self) -> tuple[float, ...] | None:
        """Column starts of the page's last unruled table, if the page ends in it (to carry to the next page)."""
        unruled = [self.table_cols[k] for k, (_, b) in enumerate(self.blocks)
                   if isinstance(b, Table) and not b.ruled and k in self.table_cols]
        return unruled[-1] if unruled and self.ends_in_table() else None


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
    rx0, rtop, rx1, rbottom = (round(v, 4) for v in box)
    return (rx0, rtop, rx1, rbottom)


def rotate_point(x: float, top: float, rotation: int, w: float, h: float) -> tuple[float, float]:
    return rotate_box(x, top, x, top, rotation, w, h)[:2]


def reading_angle(chars: list[dict]) -> int:
    """The direction most glyphs run in, in degrees counter-clockwise (0, 90, 180 or 270).

    0 unless at least ROTATED_MIN_SHARE of the characters agree on another direction.
    """
    if not chars:
        return 0
    # An angle must hold ROTATED_MIN_SHARE (over half) of the characters to win; with too few glyphs
    # off upright (matrix b == 0, a > 0, as nearly every glyph is) none can, and the answer is 0.
    turned = sum(1 for c in chars if (m := c.get("matrix")) and not (m[1] == 0 and m[0] > 0))
    if turned < ROTATED_MIN_SHARE * len(chars):
        return 0
    angles: Counter[int] = Counter()
    for c in chars:
        m = c.get("matrix")
        if m and m[1] == 0 and m[0] > 0:  # upright, as nearly every glyph is: atan2 gives 0
            angles[0] += 1
        elif m:
            angles[round(math.degrees(math.atan2(m[1], m[0])) / 90) % 4 * 90] += 1
    if not angles:
        return 0
    angle, n = angles.most_common(1)[0]
    return angle if n >= ROTATED_MIN_SHARE * len(chars) else 0


def upright_view(page: Any) -> Any:
    """The page turned so that its text reads left to right, top to bottom.

    pdfminer already applies the page's /Rotate, so the page's own rotation says nothing: a page
    stored with /Rotate 180 whose content was drawn to display upright reads upright as it is
    (min-pdf-rotate180-upright-display), while a landscape table stored on a portrait /Rotate 90
    page reads bottom to top (pdfplumber's nics-...-rotated.pdf) and one on a /Rotate 0 page may
    too (camelot's anticlockwise_table_2.pdf).  The glyphs' own direction decides.
    """
    angle = reading_angle(page.chars)
    return page if angle == 0 else turned_page(page, (360 - angle) % 360)


def turned_page(page: Any, rotation: int) -> Any:
    """A view of ``page`` with every object turned by ``rotation`` degrees (90, 180 or 270)."""
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

    if hasattr(page, "turned"):  # a page of another backend (backend_pdfium.PageView) turns itself
        return page.turned(turn, new_w, new_h)

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


def flavours_for(strategy: str) -> tuple[Flavour, ...]:
    """The table flavours a ``pdf_table_strategy`` runs, in order ("auto": ruled, then unruled on the words left)."""
    return {"lines": (ruled_flavour,), "text": (unruled_flavour,)}.get(strategy, (ruled_flavour, unruled_flavour))


def read_page(page: Any, page_no: int, settings: PdfSettings, carried_columns: tuple[float, ...] | None) -> PageContent:
    """Words, lines and shading of a page (already upright), read once for every flavour."""
    words = page_to_words(page, settings)
    body_size = body_font_size(words)
    lines = words_to_lines((w for w in words if w.text or w.struck), settings)
    return PageContent(
        number=page_no, page=page, width=float(page.width), height=float(page.height), words=words,
        body_size=body_size, para_gap_pt=typical_para_gap(lines, body_size, settings),
        shades=page_shades(page, settings), settings=settings, carried_columns=carried_columns,
    )


def page_to_out(page: Any, page_no: int, settings: Settings, prev_bounds: tuple[float, ...] | None = None,
                pdf: PdfSettings | None = None) -> PageOut:
    """Read one pdfplumber page: ruled tables, else unruled tables, then the text around them.

    ``prev_bounds`` are the columns of an unruled table the previous page ended in.
    >>> import pdfplumber                                                       # doctest: +SKIP
    >>> with pdfplumber.open("tests/data/pdf/seed-002-ruled.pdf") as pdf:       # doctest: +SKIP
    ...     [type(b).__name__ for _, b in page_to_out(pdf.pages[0], 1, Settings()).blocks][:3]
    ['Table', 'Table', 'Text']
    """
    from extractors.pdf.settings import pdf_settings_of

    pdf = pdf or pdf_settings_of(settings)
    # nics-background-checks-2015-11-rotated.pdf: a landscape table stored as a /Rotate 90 page.
    page = upright_view(page)
    content = read_page(page, page_no, pdf, prev_bounds)
    po = PageOut(page_no, content.height, geom=content.geom)
    po.n_words = len(content.words)
    po.struck_chars = sum(w.struck for w in content.words)
    if not content.words:
        return po
    rest = content.words
    for flavour in flavours_for(settings.pdf_table_strategy):
        result = flavour(content, rest)
        rest = result.rest
        for found in result.tables:
            add_table(po, found)
    po.warnings.extend(content.warnings)
    po.failed = content.failed
    lines = words_to_lines((w for w in rest if w.text or w.struck), pdf)
    for top, text, key in text_lines_to_blocks(lines, page_no, content.body_size, content.para_gap_pt,
                                               content.height, pdf):
        if key is not None:
            po.furniture.append((len(po.blocks), key))
        po.blocks.append((top, text))
    return po


def add_table(po: PageOut, found: FoundTable) -> None:
    table = found.table
    po.table_cols[len(po.blocks)] = found.columns
    po.blocks.append((table.bbox[1] if table.bbox else 0.0, table))

"""Reading a Word document's body (``word/document.xml``) into blocks: styles, paragraphs, tables.

:class:`BodyReader` walks the body in order.  A ``w:p`` becomes one :class:`~extractors.para_lines.ParaLine`
per visible line (soft line breaks split it), styled through the paragraph and character styles'
``basedOn`` chains (:class:`Styles`); a ``w:tbl`` becomes a :class:`~extractors.base.Table` with
Word's grid kept, merged cells copied into every slot they cover.  The rules are the ones the
:mod:`extractors.docx` docstring states; that module checks the package and builds the Layout.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator

from lxml import etree

from extractors.base import Block, Cell, Dropped, Table, rag_fill_name
from extractors.docx_styles import MC_NS, WVAL, Styles, flag, outline_level, resolve_run_flag, w
from extractors.para_lines import ParaLine, Part, parts_to_line

# Subtrees whose text is never part of the paragraph: tracked deletions, moved-away text, text boxes
# (their own story), the fallback copy of alternate content, and property blocks.
_SKIP = frozenset({w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC_NS}}}Fallback", w("pPr"), w("rPr"),
                   w("instrText"), w("delText"), w("commentReference"), w("footnoteReference")})
_CONTAINERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")})


def has_rendered_breaks(body: etree._Element) -> bool:
    """True if Word recorded where its pages ended (``w:lastRenderedPageBreak``): those then count pages."""
    return next(body.iter(w("lastRenderedPageBreak")), None) is not None


# ---------------------------------------------------------------------------------------------------
# Reading the body

@dataclass(frozen=True, slots=True)
class _ParaStyle:
    """What a paragraph's properties (``w:pPr``, through its style) say about every line in it."""

    heading_level: int | None
    list_item: bool
    list_level: int
    bold: bool | None      # the paragraph style's run default (None: no style sets it)
    struck: bool | None


@dataclass(slots=True)
class _LineParts:
    """The paragraph being read: the parts of its current line, the page that line starts on, and the
    lines finished so far (a soft line break ends a line)."""

    style: _ParaStyle
    start_page: int
    parts: list[Part] = field(default_factory=list)
    lines: list[ParaLine] = field(default_factory=list)

    def add(self, text: str, bold: bool, struck: bool) -> None:
        self.parts.append((text, bold, struck))

    def has_text(self) -> bool:
        return any(t.strip() for t, _, _ in self.parts)

    def end_line(self, next_page: int) -> None:
        """Finish the current line; the next one starts on ``next_page``."""
        s = self.style
        self.lines.append(parts_to_line(self.parts, s.heading_level, s.list_item, s.list_level or 0, self.start_page))
        self.parts = []
        self.start_page = next_page


# Run children that stand for one character of text.
_RUN_CHARS = {w("tab"): " ", w("ptab"): " ", w("noBreakHyphen"): "-"}


@dataclass(slots=True)
class BodyReader:
    """Reads the body in document order, counting pages, struck characters, tables and entities."""

    styles: Styles
    rendered_breaks: bool
    page: int = 1
    struck_chars: int = 0
    tables: int = 0               # body tables read so far (Cell.index numbers them in document order)
    dropped: list[Dropped] = field(default_factory=list)   # body paragraphs struck out entirely
    entities: dict[str, int] = field(default_factory=dict)   # unexpanded entity references met (W107)

    def t_text(self, t: etree._Element) -> str:
        """The text of a w:t element.  Entity references are never expanded (python-docx's parser
        does not resolve them, so no external file is read); the text after one sits in its tail and
        is kept, and the reference is counted for W107."""
        parts = [t.text or ""]
        for child in t:
            if isinstance(child, etree._Entity):
                self.entities[child.name] = self.entities.get(child.name, 0) + 1
            parts.append(child.tail or "")
        return "".join(parts)

    def body_to_blocks(self, body: etree._Element) -> Iterator[Block]:
        for child in body:
            if child.tag == w("p"):
                for line in self.paragraph_lines(child):
                    if line.text:
                        yield line.to_text()
                    else:
                        self.dropped.extend(line.dropped())
            elif child.tag == w("tbl"):
                table = self.table_to_block(child)
                if table is not None:
                    yield table
            elif child.tag in _CONTAINERS:
                yield from self.body_to_blocks(_content_of(child))

    # -- paragraphs ------------------------------------------------------------------------------
    def paragraph_lines(self, p: etree._Element) -> list[ParaLine]:
        """The visible lines of a ``w:p``: its runs read in order, split at soft line breaks."""
        style = self.paragraph_style(p.find(w("pPr")))
        reading = _LineParts(style, self.page)
        for run in _runs(p):
            self.read_run(run, style, reading)
        reading.end_line(self.page)
        for line in reading.lines:
            self.struck_chars += line.struck_chars
        return reading.lines

    def paragraph_style(self, ppr: etree._Element | None) -> _ParaStyle:
        """Heading level, list membership and run defaults of a paragraph from its ``w:pPr`` and style.

        A ``w:pageBreakBefore`` advances the page (unless Word's rendered breaks are counted instead).
        """
        style_id = num_id = ilvl = outline = None
        if ppr is not None:
            style_id = _val(ppr.find(w("pStyle")))
            num_id, ilvl = _numbering(ppr.find(w("numPr")))
            if not self.rendered_breaks and flag(ppr.find(w("pageBreakBefore"))):
                self.page += 1
            outline = outline_level(ppr.find(w("outlineLvl")))
        numbered = num_id != "0" if num_id is not None else self.styles.numbered(style_id)
        return _ParaStyle(
            heading_level=outline or self.styles.heading_level(style_id),
            list_item=numbered,
            list_level=ilvl if ilvl is not None else _level_from_style_name(self.styles.name(style_id)),
            bold=self.styles.run_flag(style_id, "b"),
            struck=self.styles.run_flag(style_id, "strike"),
        )

    def read_run(self, run: etree._Element, style: _ParaStyle, reading: _LineParts) -> None:
        """Add one ``w:r``'s text to the paragraph; hidden runs add nothing, breaks end lines or pages."""
        rpr = run.find(w("rPr"))
        if rpr is not None and (flag(rpr.find(w("vanish"))) or flag(rpr.find(w("webHidden")))):
            return
        rstyle_id = _val(rpr.find(w("rStyle"))) if rpr is not None else None
        bold = bool(resolve_run_flag(rpr, "b", rstyle_id, style.bold, self.styles))
        struck = bool(resolve_run_flag(rpr, "strike", rstyle_id, style.struck, self.styles) or bool(
            resolve_run_flag(rpr, "dstrike", rstyle_id, None, self.styles)))
        for node in run:
            tag = node.tag
            if tag == w("t"):
                reading.add(self.t_text(node), bold, struck)
            elif tag in _RUN_CHARS:
                reading.add(_RUN_CHARS[tag], bold, struck)
            elif tag == w("lastRenderedPageBreak"):
                self.rendered_page_break(reading)
            elif tag in (w("br"), w("cr")):
                self.line_break(node.get(w("type")), reading)

    def rendered_page_break(self, reading: _LineParts) -> None:
        """Word's record of where a page ended when it last laid the file out."""
        if self.rendered_breaks:
            self.page += 1
            if not reading.has_text():   # the line starts on the new page
                reading.start_page = self.page

    def line_break(self, kind: str | None, reading: _LineParts) -> None:
        """A ``w:br``/``w:cr``: a page break or a text wrap ends the line; a column break does not."""
        if kind == "page":
            if not self.rendered_breaks:
                self.page += 1
            reading.end_line(self.page)
        elif kind != "column":
            reading.end_line(self.page)

    # -- tables ----------------------------------------------------------------------------------
    def table_to_block(self, tbl: etree._Element) -> Table | None:
        """A body table with Word's grid kept (see the module docstring).

        Cells get ``index`` (table, row, column): the table's number among the body's tables in
        document order (tables nested in a cell are part of that cell), the ``w:tr``'s number in the
        table and the grid column; a merged cell's copies keep the index of the cell they copy.
        """
        grid: list[list[Cell | None]] = []
        page = self.page
        number = self.tables
        self.tables += 1
        for r, tr in enumerate(_children(tbl, w("tr"))):
            grid.append(self.row_slots(tr, (number, r), grid[-1] if grid else None))
        return _grid_to_table(grid, number, page)

    def row_slots(self, tr: etree._Element, row_index: tuple[int, int], above: list[Cell | None] | None) -> list[Cell | None]:
        """One ``w:tr`` as grid slots: empty cells for ``w:gridBefore``, then each cell over its span."""
        number, r = row_index
        trpr = tr.find(w("trPr"))
        before = _int_val(trpr.find(w("gridBefore")) if trpr is not None else None, 0)
        slots: list[Cell | None] = [Cell(text="", page=self.page, index=(number, r, k)) for k in range(before)]
        for tc in _children(tr, w("tc")):
            slots.extend(self.cell_slots(tc, row_index, slots, above))
        return slots

    def cell_slots(self, tc: etree._Element, row_index: tuple[int, int], slots: list[Cell | None],
                   above: list[Cell | None] | None) -> list[Cell | None]:
        """The slots one ``w:tc`` fills (``w:gridSpan`` of them), placed after ``slots``.

        A vertically merged continuation copies the cell above it (``above``: the previous row), a
        horizontally merged one the cell to its left; either way its own text is read (so pages keep
        counting) and ignored.
        """
        number, r = row_index
        tcpr = tc.find(w("tcPr"))
        span = max(1, _int_val(tcpr.find(w("gridSpan")) if tcpr is not None else None, 1))
        col = len(slots)
        if _continues_merge(tcpr, "vMerge") and above is not None:
            over = above[col] if col < len(above) else None
            self.cell_to_items(tc)
            cell = replace(over, spanned=True) if over is not None else Cell(text="", page=self.page, index=(number, r, col))
            return [cell for _ in range(span)]
        if _continues_merge(tcpr, "hMerge") and slots:
            self.cell_to_items(tc)
            left = slots[-1]
            return [replace(left, spanned=True) for _ in range(span)]   # type: ignore[type-var]
        cell = replace(self.cell_to_items(tc), index=(number, r, col))
        return [cell, *(replace(cell, spanned=True) for _ in range(span - 1))]

    def cell_to_items(self, tc: etree._Element) -> Cell:
        """A ``w:tc`` as one cell: each visible line of its paragraphs (nested tables' too) is an item."""
        lines: list[ParaLine] = []
        page = self.page
        for p in _cell_paragraphs(tc):
            lines.extend(self.paragraph_lines(p))
        shown = [ln for ln in lines if ln.text]
        items = tuple(ln.text for ln in shown)
        struck_chars = sum(ln.struck_chars for ln in lines)
        return Cell(
            text="\n".join(items), page=shown[0].page if shown else page, bold=bool(shown) and all(ln.bold for ln in shown),
            struck=not items and struck_chars > 0, items=items, bullets=tuple(ln.list_item for ln in shown),
            struck_chars=struck_chars, fill=_cell_fill(tc, items), struck_text=tuple(t for ln in lines for t in ln.struck_text),
        )


_DOT_GLYPHS = frozenset("●⬤■◼◆•")


def _cell_fill(tc: etree._Element, items: tuple[str, ...]) -> str | None:
    """RAG colour of a cell: its shading, else the font colour of a lone traffic-light dot."""
    tcpr = tc.find(w("tcPr"))
    shd = tcpr.find(w("shd")) if tcpr is not None else None
    fill = rag_fill_name("#" + shd.get(w("fill"), "")) if shd is not None else None
    if fill is None and (not items or "".join(items).strip() in _DOT_GLYPHS):
        fill = _dot_colour(tc)   # a lone "●" is read as a bullet glyph and leaves no item
    return fill


def _dot_colour(tc: etree._Element) -> str | None:
    """RAG of a cell holding only a traffic-light dot typed in a coloured font (no shading)."""
    for r in tc.iter(w("r")):
        text = "".join(t.xpath("string()") for t in r.iter(w("t"))).strip()
        color = r.find(f"{w('rPr')}/{w('color')}")
        if text and text in _DOT_GLYPHS and color is not None:
            return rag_fill_name("#" + (color.get(WVAL) or ""))
    return None


def _grid_to_table(grid: list[list[Cell | None]], number: int, page: int) -> Table | None:
    """The table's rows padded to its widest row; rows with no text are left out (None if none is left)."""
    width = max((len(s) for s in grid), default=0)
    rows = tuple(
        tuple(s) + tuple(Cell(text="", page=page, index=(number, r, k)) for k in range(len(s), width))
        for r, s in enumerate(grid) if any(c is not None and not c.is_empty for c in s)
    )
    return Table(rows=rows, page=rows[0][0].page if rows and rows[0][0] else page) if rows else None


def _continues_merge(tcpr: etree._Element | None, tag: str) -> bool:
    """True if the cell properties mark the cell as continuing a ``w:vMerge``/``w:hMerge`` merge."""
    node = tcpr.find(w(tag)) if tcpr is not None else None
    return node is not None and (node.get(WVAL) or "continue") == "continue"


def _numbering(num: etree._Element | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) of a paragraph's ``w:numPr``; None for what it does not state."""
    if num is None:
        return None, None
    num_node, lvl_node = num.find(w("numId")), num.find(w("ilvl"))
    return (num_node.get(WVAL) if num_node is not None else None,
            _int_val(lvl_node, 0) if lvl_node is not None else None)


def _val(node: etree._Element | None) -> str | None:
    """The ``w:val`` of an optional element."""
    return node.get(WVAL) if node is not None else None


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's w:r elements in order, inside hyperlinks/insertions/fields, skipping _SKIP subtrees."""
    for child in p:
        if child.tag in _SKIP:
            continue
        if child.tag == w("r"):
            yield child
        elif child.tag == w("p") or child.tag == w("tbl"):
            continue
        else:
            yield from _runs(child)


def _cell_paragraphs(node: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs of a cell in order, including those of nested tables (flattened into the cell)."""
    for child in node:
        if child.tag == w("p"):
            yield child
        elif child.tag in (w("tbl"), w("tr"), w("tc")) or child.tag in _CONTAINERS:
            yield from _cell_paragraphs(child)


def _children(node: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _content_of(container: etree._Element) -> etree._Element:
    content = container.find(w("sdtContent"))
    return content if content is not None else container


def _int_val(node: etree._Element | None, default: int) -> int:
    if node is None:
        return default
    try:
        return int(node.get(WVAL) or default)
    except ValueError:
        return default


def _level_from_style_name(name: str) -> int:
    match = re.search(r"\b(\d)$", name)
    return int(match.group(1)) - 1 if match and name.lower().startswith("list") else 0



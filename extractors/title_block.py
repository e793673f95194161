"""Title hints: which lines of a document's title block are its title, by their type size.

A plan's name is often a plain paragraph typed large (22 pt, no Title style, not bold) above numbered
Heading 1 sections.  Read as body text, the first section heading became ``documents.title`` and the rows
under it lost their section.  The extractors mark such lines as headings (level 1), as Word's Title
style already is, so the reader takes the largest line of the title block as the title and every
heading after it as a section.

The title block is the paragraphs before the first table and the first styled heading; a line in it is
a title line when its largest run is at least ``TITLE_SIZE_RATIO`` times the body size and at least
``TITLE_MIN_PT`` points.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from lxml import etree

from extractors.base import Block, Table, Text, collapse_ws

TITLE_SIZE_RATIO = 1.5   # as PdfSettings.title_size_ratio: a title line's type against the body's
TITLE_MIN_PT = 14.0
WORD_DEFAULT_PT = 10.0   # Word's size when neither the styles nor docDefaults set one (w:sz absent)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _half_points(node: etree._Element | None) -> float | None:
    """The size a ``w:rPr`` sets, in points (``w:sz`` is in half-points), or None."""
    if node is None:
        return None
    sz = node.find(f"{_W}sz")
    value = sz.get(f"{_W}val") if sz is not None else None
    return int(value) / 2 if value and value.isdigit() else None


class WordSizes:
    """Type sizes of a Word document: the body's, and each paragraph's largest run, in points."""

    def __init__(self, styles: etree._Element) -> None:
        self.by_id = {s.get(f"{_W}styleId", ""): s for s in styles.iter(f"{_W}style")}
        default = _half_points(styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
        self.body = self.style_size(self.default_paragraph_style()) or default or WORD_DEFAULT_PT
        self.default = default or WORD_DEFAULT_PT

    def default_paragraph_style(self) -> str | None:
        return next((sid for sid, s in self.by_id.items()
                     if s.get(f"{_W}type") == "paragraph" and s.get(f"{_W}default") in ("1", "true")), None)

    def style_size(self, style_id: str | None) -> float | None:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            if (size := _half_points(style.find(f"{_W}rPr"))) is not None:
                return size
            based = style.find(f"{_W}basedOn")
            style_id = based.get(f"{_W}val") if based is not None else None
        return None

    def paragraph_size(self, p: etree._Element) -> float:
        """The largest type of a paragraph's text runs, in points."""
        pstyle = p.find(f"{_W}pPr/{_W}pStyle")
        style_id = pstyle.get(f"{_W}val") if pstyle is not None else self.default_paragraph_style()
        para = self.style_size(style_id) or self.default
        sizes = [_half_points(r.find(f"{_W}rPr")) or para for r in p.iter(f"{_W}r")
                 if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
        return max(sizes, default=para)

    def is_title_size(self, size: float) -> bool:
        return size >= max(TITLE_MIN_PT, TITLE_SIZE_RATIO * self.body)


def docx_title_lines(body: etree._Element, styles: etree._Element) -> set[str]:
    """The texts (whitespace collapsed) of the title block's paragraphs typed at title size.

    The block ends at the first table or at the first paragraph with a heading style or outline level."""
    sizes = WordSizes(styles)
    found: set[str] = set()
    for child in body:
        if child.tag == f"{_W}tbl":
            break
        if child.tag != f"{_W}p":
            continue
        ppr = child.find(f"{_W}pPr")
        if ppr is not None and (ppr.find(f"{_W}outlineLvl") is not None or _styled_heading(ppr, sizes)):
            break
        text = collapse_ws("".join(t.text or "" for t in child.iter(f"{_W}t")))
        if text and sizes.is_title_size(sizes.paragraph_size(child)):
            found.add(text)
    return found


def _styled_heading(ppr: etree._Element, sizes: WordSizes) -> bool:
    pstyle = ppr.find(f"{_W}pStyle")
    style = sizes.by_id.get(pstyle.get(f"{_W}val", "")) if pstyle is not None else None
    name = style.find(f"{_W}name") if style is not None else None
    return name is not None and (name.get(f"{_W}val") or "").lower().startswith("heading")


def mark_title_lines(blocks: Iterable[Block], titles: set[str]) -> Iterator[Block]:
    """``blocks`` with the title block's paragraphs whose text is in ``titles`` made level-1 headings."""
    in_block = True
    for block in blocks:
        if isinstance(block, Table) or (isinstance(block, Text) and block.heading_level):
            in_block = False
        if in_block and isinstance(block, Text) and block.text in titles:
            block = replace(block, heading_level=1)
        yield block

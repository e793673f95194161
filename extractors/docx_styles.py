"""Word styles: what a paragraph or character style says about bold, strike, numbering and headings.

Word stores formatting on the run (``w:rPr``), the paragraph (``w:pPr``) and in named styles that
inherit through ``w:basedOn``.  :class:`Styles` answers through that chain; :func:`resolve_run_flag`
applies the precedence run > character style > paragraph style.
"""
from __future__ import annotations

import re
from typing import Iterator

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """``tag`` in the WordprocessingML namespace, as lxml names it."""
    return f"{{{W_NS}}}{tag}"


WVAL = w("val")
_FALSE = {"0", "false", "off", "none"}


class Styles:
    """The document's styles by id, answering what a style says through its ``basedOn`` chain."""

    def __init__(self, styles_element: etree._Element) -> None:
        self.by_id: dict[str, etree._Element] = {}
        for style in styles_element.iter(w("style")):
            self.by_id[style.get(w("styleId"), "")] = style
        self._memo: dict[tuple[str, str], object] = {}

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(w("basedOn"))
            style_id = based.get(WVAL) if based is not None else None

    def run_flag(self, style_id: str | None, tag: str) -> bool | None:
        """The nearest style in the chain that sets rPr/<tag> decides (None: no style sets it)."""
        key = (style_id or "", tag)
        if key not in self._memo:
            value = None
            for style in self.chain(style_id):
                found = flag(style.find(f"{w('rPr')}/{w(tag)}"))
                if found is not None:
                    value = found
                    break
            self._memo[key] = value
        return self._memo[key]  # type: ignore[return-value]

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        node = style.find(w("name")) if style is not None else None
        return (node.get(WVAL) or "") if node is not None else ""

    def numbered(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                return num.get(WVAL) != "0"
        return False

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name = self.name(style.get(w("styleId"))).lower()
            match = re.fullmatch(r"heading\s*(\d)", name)
            if match:
                return int(match.group(1))
            if name == "title":
                return 1
            outline = outline_level(style.find(f"{w('pPr')}/{w('outlineLvl')}"))
            if outline is not None:
                return outline
        return None


def flag(node: etree._Element | None) -> bool | None:
    """An on/off property: None if absent, else False only for ``w:val`` 0/false/off/none."""
    if node is None:
        return None
    return (node.get(WVAL) or "true").lower() not in _FALSE


def outline_level(node: etree._Element | None) -> int | None:
    """Heading level (1-9) of a ``w:outlineLvl`` (0-8; 9 means body text), else None."""
    value = (node.get(WVAL) or "9") if node is not None else "9"
    return int(value) + 1 if value.isdigit() and int(value) < 9 else None


def resolve_run_flag(rpr: etree._Element | None, tag: str, rstyle_id: str | None, para_value: bool | None,
                     styles: Styles) -> bool:
    """Whether a run has the on/off property ``tag``: set on the run, else by its character style,
    else the paragraph style's value."""
    direct = flag(rpr.find(w(tag))) if rpr is not None else None
    if direct is not None:
        return direct
    from_char_style = styles.run_flag(rstyle_id, tag) if rstyle_id else None
    if from_char_style is not None:
        return from_char_style
    return bool(para_value)

"""An HTML element's content as a flow: finished paragraphs and (unread) table tags, in document order.

:func:`read_flow` walks a subtree once, without recursion.  Block tags (``<p>``, ``<li>``, ``<h2>``,
table parts, ...) start and end paragraphs, ``<br>`` starts a new line of the same paragraph, inline
styles carry bold and strike-through down to the text, hidden and non-text elements are skipped, and
CSS page breaks (Word's "save as web page") advance the page.  Tables are left as tags for
:mod:`extractors.html_tables` to read, unless the flow is told to read them as text (too deeply nested).

>>> from bs4 import BeautifulSoup
>>> root = BeautifulSoup("<ul><li>One <b>two</b></li></ul><table></table><p><s>gone</s></p>", "lxml").body
>>> [(type(i).__name__, getattr(i, "text", ""), getattr(i, "list_item", None)) for i in read_flow(root, Style()).out]
[('ParaLine', 'One two', True), ('TableAt', '', None), ('ParaLine', '', False)]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from bs4 import NavigableString, Tag

from extractors.para_lines import ParaLine, Part, parts_to_line

# Tags whose content is never document text.
_SKIP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed svg canvas math head title meta link "
    "button input select option textarea map area audio video source track base".split()
)
# Tags that end the current paragraph and start a new one.
_BLOCK_TAGS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 blockquote pre address section article main aside header "
    "footer nav figure figcaption caption center form fieldset legend hr details summary body html".split()
)
_TABLE_PARTS = frozenset({"table", "td", "th", "tr", "tbody", "thead", "tfoot"})
_LIST_TAGS = frozenset({"ul", "ol", "dl"})
_STRUCK_TAGS = frozenset({"s", "strike", "del"})
_BOLD_TAGS = frozenset({"b", "strong", "th"})
_HEADING = re.compile(r"h[1-6]")
SHORT_TEXT_NODES = 64    # nodes looked at to decide a cell holds just one glyph (a RAG dot)
_LIST_ONLY_GLYPHS = "-–*o§Øü"               # stripped only when the paragraph is known to be a list item
_SYMBOL_FONT = re.compile(r"font-family:['\"]?(symbol|wingdings)", re.I)
_MSO_LIST_LEVEL = re.compile(r"mso-list:\s*l\d+\s+level(\d+)", re.I)


@dataclass(frozen=True, slots=True)
class Style:
    """What an element passes down to its content."""

    bold: bool = False
    struck: bool = False
    list_depth: int = 0
    in_list_item: int | None = None   # level of the enclosing <li>, so a <p> inside it stays a list item


@dataclass(slots=True)
class _Para:
    """The paragraph being collected."""

    parts: list[Part] = field(default_factory=list)   # (text, bold, struck)
    has_text: bool = False                              # any part not whitespace
    heading_level: int | None = None
    list_item: bool = False
    list_level: int = 0

    def finish(self, page: int) -> ParaLine:
        return parts_to_line(self.parts, self.heading_level, self.list_item, self.list_level, page,
                             list_only_glyphs=_LIST_ONLY_GLYPHS)


@dataclass(frozen=True, slots=True)
class TableAt:
    """A table met in the flow, and the page it starts on."""

    tag: Tag
    page: int


FlowItem = ParaLine | TableAt


class Flow:
    """Walks a subtree and collects finished paragraphs and table tags in order."""

    def __init__(self, page: int = 1, read_tables: bool = True) -> None:
        self.out: list[FlowItem] = []
        self.para = _Para()
        self.page = page
        self.read_tables = read_tables   # False past MAX_TABLE_DEPTH: tables are read as text
        self.tables_flattened = 0

    def close(self) -> None:
        if self.para.parts:
            self.out.append(self.para.finish(self.page))
        self.para = _Para()

    def open(self, heading_level: int | None = None, list_item: bool = False, list_level: int = 0) -> None:
        self.close()
        self.para = _Para(heading_level=heading_level, list_item=list_item, list_level=list_level)

    def walk(self, root: Tag, style: Style) -> None:
        """Read ``root``'s content.  Iterative, so a page nested thousands of tags deep cannot overflow
        Python's stack; a callable on the stack runs when the content pushed above it is done."""
        stack: list[tuple[object, Style] | Callable[[], None]] = [(c, style) for c in reversed(root.contents)]
        while stack:
            item = stack.pop()
            if callable(item):
                item()
                continue
            node, node_style = item
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:   # not a Comment, CData, Doctype or declaration
                    self.para.parts.append((str(node), node_style.bold, node_style.struck))
                    self.para.has_text |= not node.isspace()
            elif isinstance(node, Tag):
                self.enter(node, node_style, stack)

    def enter(self, tag: Tag, style: Style, stack: list) -> None:
        """Start reading one element: push its content (and what must run after it) onto ``stack``."""
        name = tag.name
        css = css_of(tag)
        compact = css.replace(" ", "")
        if name in _SKIP_TAGS or tag.has_attr("hidden") or _hidden(css):
            return
        self.page_breaks(compact, stack)
        if self.marks_bullet(tag, compact):
            return
        if name == "br":
            self.open(self.para.heading_level, self.para.list_item, self.para.list_level)
            return
        if name == "table" and self.take_table(tag):
            return
        style = _inner_style(name, css, style)
        if name in _BLOCK_TAGS or name in _TABLE_PARTS:
            style = self.open_block(tag, css, style)
            stack.append(self.close)
        stack.extend((child, style) for child in reversed(tag.contents))

    def page_breaks(self, compact_css: str, stack: list) -> None:
        """CSS page breaks: ``page-break-before`` turns the page now, ``-after`` once the content is read."""
        if "page-break-before:always" in compact_css:
            self.close()
            self.page += 1
        if "page-break-after:always" in compact_css:
            stack.append(self.break_page)     # runs after this tag's content

    def marks_bullet(self, tag: Tag, compact_css: str) -> bool:
        """True if ``tag`` is a generated bullet glyph: the paragraph becomes a list item, the glyph is dropped."""
        if "mso-list:ignore" in compact_css:
            # Word's generated bullet glyph / number ("·" in Symbol font): mark the paragraph, drop the glyph.
            self.para.list_item = True
            return True
        if _SYMBOL_FONT.search(compact_css) and not self.para.has_text and len(short_text(tag) or "xx") == 1:
            # Older Word exports: a bare "·" (Symbol) or "§" (Wingdings) glyph span starts the bullet.
            self.para.list_item = True
            return True
        return False

    def take_table(self, tag: Tag) -> bool:
        """Keep a ``<table>`` for the table reader (True), or, past the depth limit, count it and read
        its cells as paragraphs of the enclosing cell (False)."""
        if self.read_tables:
            self.close()
            self.out.append(TableAt(tag, self.page))
            return True
        self.tables_flattened += 1
        return False

    def open_block(self, tag: Tag, css: str, style: Style) -> Style:
        """Start the paragraph a block element opens, as a heading or list item where it is one;
        return the style its content inherits (inside an ``<li>``, the list level)."""
        name = tag.name
        heading = int(name[1]) if _HEADING.fullmatch(name) else None
        list_item = name in {"li", "dd"} and style.list_depth > 0
        level = max(style.list_depth - 1, 0) if list_item else 0
        if list_item:
            style = replace(style, in_list_item=level)
        elif style.in_list_item is not None and name in {"p", "div"}:
            list_item, level = True, style.in_list_item
        if name == "p" and (word_level := _word_list_level(tag, css)) is not None:
            list_item, level = True, word_level
        self.open(heading, list_item, level)
        return style

    def break_page(self) -> None:
        self.close()
        self.page += 1


def read_flow(node: Tag, style: Style, page: int = 1, read_tables: bool = True) -> Flow:
    """Walk ``node``'s content from ``page``; the flow's ``out`` holds its paragraphs and tables."""
    flow = Flow(page, read_tables)
    flow.walk(node, style)
    flow.close()
    return flow


def _inner_style(name: str, css: str, outer: Style) -> Style:
    """The style an element's content inherits: bold/strike from its tag and CSS, list nesting."""
    return Style(
        bold=bold_of(name, css, outer.bold),
        struck=outer.struck or name in _STRUCK_TAGS or "line-through" in css,
        list_depth=outer.list_depth + (1 if name in _LIST_TAGS else 0),
        in_list_item=None if name in _LIST_TAGS else outer.in_list_item,
    )


def _word_list_level(p: Tag, css: str) -> int | None:
    """List level (0-based) of a Word export's list paragraph (``mso-list: l0 level2``, class
    ``MsoListParagraph``/``MsoListBullet``), else None."""
    classes = " ".join(p.get("class") or [])
    mso = _MSO_LIST_LEVEL.search(css)
    if mso or classes.startswith("MsoListParagraph") or classes.startswith("MsoListBullet"):
        return int(mso.group(1)) - 1 if mso else 0
    return None


# ---------------------------------------------------------------------------------------------------
# Small helpers shared by the HTML modules

def css_of(tag: Tag) -> str:
    """The element's inline ``style``, lower-cased."""
    return str(tag.get("style", "") or "").lower()


def _hidden(css: str) -> bool:
    compact = css.replace(" ", "")
    return "display:none" in compact or "visibility:hidden" in compact or "mso-hide:all" in compact


def bold_of(name: str, css: str, inherited: bool) -> bool:
    """Whether an element's text is bold: its CSS ``font-weight`` decides, else its tag or its parent."""
    match = re.search(r"font-weight\s*:\s*(\w+)", css)
    if match:
        weight = match.group(1)
        return weight in {"bold", "bolder"} or (weight.isdigit() and int(weight) >= 600)
    return inherited or name in _BOLD_TAGS or bool(_HEADING.fullmatch(name))


def child_tags(tag: Tag) -> list[Tag]:
    """The element's child elements (not its text)."""
    return [c for c in tag.contents if isinstance(c, Tag)]


def short_text(tag: Tag) -> str | None:
    """The stripped text of ``tag`` if its subtree has at most SHORT_TEXT_NODES nodes, else None."""
    parts = []
    for n, node in enumerate(tag.descendants):
        if n >= SHORT_TEXT_NODES:
            return None
        if isinstance(node, NavigableString):
            parts.append(str(node))
    return "".join(parts).strip()

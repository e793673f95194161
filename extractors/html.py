"""HTML extractor (beautifulsoup4 + lxml): council web pages and Word "save as web page" exports.

The page is decoded in the encoding it declares (BOM, ``<meta charset>``, XML declaration), else
UTF-8, else windows-1252 (the browsers' fallback for English pages; warning W105).  Site furniture
(cookie banners, navigation, breadcrumbs, headers, footers, sidebars) is removed before reading.
Nothing is executed or fetched: scripts, styles, iframes and forms' controls are skipped, and lxml
never loads external resources.

Pages: a web page is one page, except that Word exports keep the document's page breaks as
``<br style='page-break-before:always'>``; those (and ``page-break-after``) advance the page number.

Tables: ``rowspan``/``colspan`` are expanded so every covered slot holds a copy of the spanning
cell with ``spanned=True``.  A table nested inside a cell is emitted as its own :class:`Table`
right after the outer rows read so far, and the outer table continues as a new :class:`Table`
after it; a wrapper table whose only content is other tables disappears.  This keeps the Oxford
City Council form page (a 1x1 wrapper round a label/value form whose cells hold an Output/Action
table and a Resource/Cost table) as five tables in reading order: form rows, Output/Action, more
form rows, Resource/Cost, the funding totals.

>>> from extractors.html import html_to_layout
>>> layout = html_to_layout(b"<html><body><h1>Plan</h1><table><tr><th>Action</th></tr>"
...                         b"<tr><td>Do it<s> not this</s></td></tr></table></body></html>")
>>> [type(b).__name__ for b in layout.blocks], layout.tables()[0].rows[1][0].text
(['Text', 'Table'], 'Do it')
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, ClassVar, Iterator

from bs4 import BeautifulSoup, NavigableString, Tag

from extractors.base import (
    W102, W105, Block, Cell, DamagedFile, Dropped, Layout, Settings, Table, Text, collapse_ws, number_paragraphs, rag_fill_name,
    struck_runs,
)

_HTML_HEAD = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*"
    rb"<(!doctype\s+html|html|head|body|meta|title|table|div|main|article|section|style|link|script)\b",
    re.I | re.S,
)

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
_LIST_TAGS = frozenset({"ul", "ol", "dl"})
_STRUCK_TAGS = frozenset({"s", "strike", "del"})
_BOLD_TAGS = frozenset({"b", "strong", "th"})

# Site furniture found by element name/role/id/class.  Names come from the council site templates the
# renderings copy (cookie banner, "Your Councillors" navigation, breadcrumbs, "Our A-Z" footer).
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
_FURNITURE_NAME = re.compile(
    r"cookie|consent|gdpr|breadcrumb|skip-?(link|to)|site-?(header|footer|nav)|global-?(header|footer|nav)|"
    r"masthead|navbar|nav-?bar|^nav$|^menu|-menu$|sidebar|social|share-?(this|page)|back-?to-?top|"
    r"feedback|newsletter|a-?z-?(list|links)",
    re.I,
)

# Browsers allow colspan=1000; no council table is a tenth as wide, and a cap keeps a hostile page from
# expanding a few kB of <td colspan=1000> into millions of cells.
MAX_COLSPAN = 100
_BULLET_GLYPHS = "•·○◦▪■●▫□➢►✓"          # unambiguous: stripped from any paragraph start
_LIST_ONLY_GLYPHS = "-–*o§Øü"               # stripped only when the paragraph is known to be a list item
_SYMBOL_FONT = re.compile(r"font-family:['\"]?(symbol|wingdings)", re.I)
_MSO_LIST_LEVEL = re.compile(r"mso-list:\s*l\d+\s+level(\d+)", re.I)
_CHARSET_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_CHARSET_XML = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)


class HtmlExtractor:
    format: ClassVar[str] = "html"

    def sniff(self, head: bytes) -> bool:
        """Return True if ``head`` starts like an HTML page (not merely text containing tags).

        >>> HtmlExtractor().sniff(b"<!DOCTYPE html><html>"), HtmlExtractor().sniff(b"As a Leader\\t<p>x</p>")
        (True, False)
        """
        for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
            if head.startswith(bom):
                head = head[len(bom):].decode(codec, errors="ignore").encode("ascii", errors="ignore")
        return bool(_HTML_HEAD.match(head.lstrip(b"\xef\xbb\xbf")))

    def extract(self, path: Path, settings: Settings) -> Layout:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise DamagedFile(f"{path.name}: could not be read ({e}); check the file exists and is readable") from e
        return html_to_layout(data, source=path, settings=settings)


def html_to_layout(data: bytes, source: Path = Path("<html>"), settings: Settings = Settings()) -> Layout:
    """Turn the bytes of an HTML page into a Layout (see the module docstring for the rules)."""
    text, warnings = decode_html(data, settings.encoding)
    soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find("title")
    title = collapse_ws(title_tag.get_text()) if title_tag else ""
    tally = _Tally(class_fills=class_fills(soup))
    root = _content_root(soup)
    _remove_furniture(root)
    flow = _flow(root, _Style())
    try:
        blocks = number_paragraphs(_flow_to_blocks(flow, tally))
    except RecursionError as e:
        # Tables nested hundreds deep: no council page does this; refuse rather than crash the batch.
        raise DamagedFile(f"{source.name}: tables nested too deeply to read ({e}); is this really a web page?") from e
    pages = max((item.page for item in flow), default=1)
    if tally.struck_chars:
        warnings.append(W102.format(page="1" if pages == 1 else f"1-{pages}", n=tally.struck_chars))
    return Layout(
        source=source, format="html", blocks=blocks, pages=pages, warnings=tuple(warnings),
        meta=(("title", title),) if title else (), dropped=tuple(tally.dropped),
    )


def decode_html(data: bytes, forced: str | None = None) -> tuple[str, list[str]]:
    """Return (text, warnings): ``data`` decoded as declared, else UTF-8, else windows-1252.

    >>> decode_html(b'<meta charset="windows-1252"><p>caf\\xe9 \\x96 bar</p>')[0][-14:]
    'café – bar</p>'
    """
    if forced:
        return data.decode(forced, errors="replace"), []
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), []
    declared = _declared_encoding(data[:4096])
    if declared:
        try:
            return data.decode(declared), []
        except UnicodeDecodeError:
            return data.decode(declared, errors="replace"), [
                f"W105 text declared as {declared} but has bytes invalid in it; they became \ufffd"
            ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        # No declared charset and not UTF-8: browsers fall back to windows-1252 for English pages.
        return data.decode("cp1252", errors="replace"), [W105.format(encoding="windows-1252")]


def _declared_encoding(head: bytes) -> str | None:
    match = _CHARSET_XML.match(head) or _CHARSET_META.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii", errors="ignore")).name
    except LookupError:
        return None
    # WHATWG: pages labelled latin-1/ascii are decoded as windows-1252, and a UTF-16 label on a page
    # that parsed as ASCII-compatible bytes means UTF-8.
    if name in {"latin-1", "iso8859-1", "ascii"}:
        return "cp1252"
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return name


def _content_root(soup: BeautifulSoup) -> Tag:
    """The page's <main> (or role=main) if it holds every table outside the furniture, else <body>."""
    body = soup.body or soup
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if not isinstance(main, Tag) or not collapse_ws(main.get_text()):
        return body
    for table in body.find_all("table"):
        outside = main not in table.parents
        if outside and not any(_is_furniture(parent) for parent in table.parents if isinstance(parent, Tag)):
            return body      # a CMS that puts the plan's table beside <main>: read the whole body
    return main


def _remove_furniture(root: Tag) -> None:
    doomed = []
    for tag in root.find_all(True):
        if tag.name in {"main", "article", "body", "html", "table", "tr", "td", "th"}:
            continue
        if _is_furniture(tag) and not tag.find(["main", "article"]) and not _has_content_table(tag):
            doomed.append(tag)
    for tag in doomed:
        if not tag.decomposed:
            tag.decompose()


def _is_furniture(tag: Tag) -> bool:
    if tag.name in _FURNITURE_TAGS:
        return True
    if tag.name == "header" and not tag.find_parent(["article", "section", "main"]):
        return True
    if str(tag.get("role", "")).lower() in _FURNITURE_ROLES:
        return True
    names = [str(tag.get("id", ""))] + list(tag.get("class", []) or [])
    return any(_FURNITURE_NAME.search(n) for n in names if n and not n.startswith("Mso"))


def _has_content_table(tag: Tag) -> bool:
    return any(len(t.find_all("tr")) >= 3 for t in tag.find_all("table"))


# ---------------------------------------------------------------------------------------------------
# Flow: a container's content as paragraphs and (unprocessed) table tags, in document order.

@dataclass(frozen=True, slots=True)
class _Style:
    bold: bool = False
    struck: bool = False
    list_depth: int = 0
    in_list_item: int | None = None   # level of the enclosing <li>, so a <p> inside it stays a list item


@dataclass(slots=True)
class _Para:
    parts: list[tuple[str, bool, bool]] = field(default_factory=list)   # (text, bold, struck)
    heading_level: int | None = None
    list_item: bool = False
    list_level: int = 0

    def finish(self, page: int) -> "_Finished":
        visible = "".join(t for t, _, s in self.parts if not s)
        struck = collapse_ws("".join(t for t, _, s in self.parts if s))
        text = collapse_ws(visible)
        list_item = self.list_item
        if text and text[0] in _BULLET_GLYPHS:
            text, list_item = text[1:].lstrip(), True
        elif list_item and len(text) > 1 and text[0] in _LIST_ONLY_GLYPHS and text[1] == " ":
            text = text[2:]
        bold = bool(text) and all(b for t, b, s in self.parts if not s and t.strip())
        return _Finished(text, bold, len(struck), self.heading_level, list_item, self.list_level, page,
                         struck_runs((t, st) for t, _, st in self.parts))


@dataclass(frozen=True, slots=True)
class _Finished:
    text: str
    bold: bool
    struck_chars: int
    heading_level: int | None
    list_item: bool
    list_level: int
    page: int
    struck_text: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _TableAt:
    """A table met in the flow, and the page it starts on."""

    tag: Tag
    page: int


class _Flow:
    """Walks a subtree and collects finished paragraphs and table tags in order."""

    def __init__(self, page: int = 1) -> None:
        self.out: list[_Finished | _TableAt] = []
        self.para = _Para()
        self.page = page

    def close(self) -> None:
        if self.para.parts:
            self.out.append(self.para.finish(self.page))
        self.para = _Para()

    def open(self, heading_level: int | None = None, list_item: bool = False, list_level: int = 0) -> None:
        self.close()
        self.para = _Para(heading_level=heading_level, list_item=list_item, list_level=list_level)

    def walk(self, root: Tag, style: _Style) -> None:
        """Read ``root``'s content.  Iterative, so a page nested thousands of tags deep cannot overflow
        Python's stack; a callable on the stack runs when the content pushed above it is done."""
        stack: list[tuple[object, _Style] | Callable[[], None]] = [(c, style) for c in reversed(root.contents)]
        while stack:
            item = stack.pop()
            if callable(item):
                item()
                continue
            node, node_style = item
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:   # not a Comment, CData, Doctype or declaration
                    self.para.parts.append((str(node), node_style.bold, node_style.struck))
            elif isinstance(node, Tag):
                self.enter(node, node_style, stack)

    def enter(self, tag: Tag, style: _Style, stack: list) -> None:
        name = tag.name
        css = _css(tag)
        compact = css.replace(" ", "")
        if name in _SKIP_TAGS or tag.has_attr("hidden") or _hidden(css):
            return
        if "page-break-before:always" in compact:
            self.close()
            self.page += 1
        if "page-break-after:always" in compact:
            stack.append(self.break_page)     # runs after this tag's content
        if "mso-list:ignore" in compact:
            # Word's generated bullet glyph / number ("·" in Symbol font): mark the paragraph, drop the glyph.
            self.para.list_item = True
            return
        if _SYMBOL_FONT.search(compact) and len(tag.get_text().strip()) == 1 and not collapse_ws(
                "".join(t for t, _, _ in self.para.parts)):
            # Older Word exports: a bare "·" (Symbol) or "§" (Wingdings) glyph span starts the bullet.
            self.para.list_item = True
            return
        if name == "br":
            self.open(self.para.heading_level, self.para.list_item, self.para.list_level)
            return
        if name == "table":
            self.close()
            self.out.append(_TableAt(tag, self.page))
            return
        style = _Style(
            bold=_bold(name, css, style.bold),
            struck=style.struck or name in _STRUCK_TAGS or "line-through" in css,
            list_depth=style.list_depth + (1 if name in _LIST_TAGS else 0),
            in_list_item=None if name in _LIST_TAGS else style.in_list_item,
        )
        if name in _BLOCK_TAGS or name in {"td", "th", "tr", "tbody", "thead", "tfoot"}:
            heading = int(name[1]) if re.fullmatch(r"h[1-6]", name) else None
            list_item = name in {"li", "dd"} and style.list_depth > 0
            level = max(style.list_depth - 1, 0) if list_item else 0
            if list_item:
                style = replace(style, in_list_item=level)
            elif style.in_list_item is not None and name in {"p", "div"}:
                list_item, level = True, style.in_list_item
            classes = " ".join(tag.get("class", []) or [])
            mso = _MSO_LIST_LEVEL.search(css)
            if name == "p" and (mso or classes.startswith("MsoListParagraph") or classes.startswith("MsoListBullet")):
                list_item, level = True, (int(mso.group(1)) - 1 if mso else 0)
            self.open(heading, list_item, level)
            stack.append(self.close)
        stack.extend((child, style) for child in reversed(tag.contents))

    def break_page(self) -> None:
        self.close()
        self.page += 1


def _flow(node: Tag, style: _Style, page: int = 1) -> list[_Finished | _TableAt]:
    flow = _Flow(page)
    flow.walk(node, style)
    flow.close()
    return flow.out


@dataclass(slots=True)
class _Tally:
    """Counts struck characters dropped anywhere in the page, including paragraphs struck out entirely,
    carries the page's class -> RAG colour rules, and numbers tables in document order (``Cell.index``)."""

    struck_chars: int = 0
    class_fills: dict[str, str] = field(default_factory=dict)
    tables: int = 0
    dropped: list[Dropped] = field(default_factory=list)   # paragraphs struck out entirely


def _flow_to_blocks(flow: list[_Finished | _TableAt], tally: _Tally) -> Iterator[Block]:
    for item in flow:
        if isinstance(item, _TableAt):
            yield from _table_to_blocks(item.tag, tally, item.page)
            continue
        tally.struck_chars += item.struck_chars
        if not item.text and item.struck_text:
            tally.dropped.extend(Dropped("struck", t, item.page) for t in item.struck_text)
        if item.text:
            yield Text(
                text=item.text, page=item.page, heading_level=item.heading_level, bold=item.bold,
                list_item=item.list_item, list_level=item.list_level, struck_chars=item.struck_chars,
                struck_text=item.struck_text,
            )


# ---------------------------------------------------------------------------------------------------
# Tables

def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _table_to_blocks(table: Tag, tally: _Tally, page: int) -> list[Block]:
    """Expand spans and split the table around nested tables (see the module docstring).

    Cells get ``index`` (table, row, column): the table's number among the page's tables in document
    order (a nested table numbered after the one holding it), the ``<tr>``'s number in its table and
    the grid column after spans are expanded; a spanned copy keeps the index of the cell it copies.
    """
    number = tally.tables
    tally.tables += 1
    rows = _own_rows(table)
    grid: list[list[Cell | None]] = [[] for _ in rows]
    nested: list[list[Block]] = [[] for _ in rows]
    for r, tr in enumerate(rows):
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while col < len(grid[r]) and grid[r][col] is not None:
                col += 1
            cell, inner = _cell_from_tag(td, tally, page)
            cell = replace(cell, index=(number, r, col))
            nested[r].extend(inner)
            rowspan = _span(td.get("rowspan"), len(rows) - r)
            colspan = _span(td.get("colspan"), MAX_COLSPAN)
            for dr in range(rowspan):
                for dc in range(colspan):
                    slots = grid[r + dr]
                    while len(slots) <= col + dc:
                        slots.append(None)
                    if slots[col + dc] is None:
                        slots[col + dc] = cell if (dr, dc) == (0, 0) else replace(cell, spanned=True)
            col += colspan
    width = max((len(g) for g in grid), default=0)
    blocks: list[Block] = []
    caption = table.find("caption", recursive=False)
    if isinstance(caption, Tag):
        blocks.extend(_flow_to_blocks(_flow(caption, _Style(), page), tally))
    segment: list[tuple[Cell | None, ...]] = []
    for r, slots in enumerate(grid):
        row = tuple(c if c is not None else Cell(text="", page=page, index=(number, r, k))
                    for k, c in enumerate(slots + [None] * (width - len(slots))))
        if row and any(not c.is_empty for c in row):
            segment.append(row)
        if nested[r]:
            if segment:
                blocks.append(Table(rows=tuple(segment), page=page))
            blocks.extend(nested[r])
            segment = []
    if segment:
        blocks.append(Table(rows=tuple(segment), page=page))
    return blocks


def _cell_from_tag(td: Tag, tally: _Tally, page: int) -> tuple[Cell, list[Block]]:
    flow = _flow(td, _Style(bold=_bold(td.name, _css(td), False), struck="line-through" in _css(td)), page)
    paras = [p for p in flow if isinstance(p, _Finished)]
    inner = [b for t in flow if isinstance(t, _TableAt) for b in _table_to_blocks(t.tag, tally, t.page)]
    shown = [p for p in paras if p.text]
    items = tuple(p.text for p in shown)
    struck_chars = sum(p.struck_chars for p in paras)
    tally.struck_chars += struck_chars
    cell = Cell(
        text="\n".join(items), page=page, bold=bool(shown) and all(p.bold for p in shown),
        struck=not items and struck_chars > 0, items=items, bullets=tuple(p.list_item for p in shown),
        struck_chars=struck_chars, fill=_fill_name(td, tally.class_fills),
        struck_text=tuple(t for p in paras for t in p.struck_text),
    )
    return cell, inner


def _span(value: object, limit: int) -> int:
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    if n == 0:          # HTML: rowspan=0 spans to the end of the table section
        return max(limit, 1)
    return max(1, min(n, limit))


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.I)
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([^;]+)", re.I)
_RAG_CLASS = re.compile(r"(?:^|[-_])(green|amber|red)(?:$|[-_])", re.I)
_DOT_GLYPHS = frozenset("●⬤■◼◆♦•")


def class_fills(soup: BeautifulSoup) -> dict[str, str]:
    """Map class names to a RAG colour from the page's own ``<style>`` rules (``.rag-green{background:#00B050}``)."""
    out: dict[str, str] = {}
    for style in soup.find_all("style"):
        for selectors, body in _CSS_RULE.findall(style.get_text()):
            m = _BACKGROUND.search(body)
            name = rag_fill_name(m.group(1)) if m else None
            if name is None:
                continue
            for cls in re.findall(r"\.([\w-]+)\s*(?:,|$)", selectors.strip()):
                out[cls] = name
    return out


def _fill_name(td: Tag, fills_by_class: dict[str, str]) -> str | None:
    """RAG colour of a cell: inline background, bgcolor, a class styled in the page's <style> or named
    after its colour ("rag rag-green"), or a lone traffic-light dot in a coloured font."""
    match = _BACKGROUND.search(_css(td))
    if name := rag_fill_name(match.group(1) if match else str(td.get("bgcolor", ""))):
        return name
    for cls in td.get("class") or ():
        if name := fills_by_class.get(cls):
            return name
        if m := _RAG_CLASS.search(cls):
            return m.group(1).lower()
    if td.get_text(strip=True) in _DOT_GLYPHS:
        for tag in [td, *td.find_all(True)]:
            if (m := _COLOUR.search(_css(tag))) and (name := rag_fill_name(m.group(1))):
                return name
    return None


# ---------------------------------------------------------------------------------------------------
# Small helpers

def _css(tag: Tag) -> str:
    return str(tag.get("style", "") or "").lower()


def _hidden(css: str) -> bool:
    compact = css.replace(" ", "")
    return "display:none" in compact or "visibility:hidden" in compact or "mso-hide:all" in compact


def _bold(name: str, css: str, inherited: bool) -> bool:
    match = re.search(r"font-weight\s*:\s*(\w+)", css)
    if match:
        weight = match.group(1)
        return weight in {"bold", "bolder"} or (weight.isdigit() and int(weight) >= 600)
    return inherited or name in _BOLD_TAGS or bool(re.fullmatch(r"h[1-6]", name))



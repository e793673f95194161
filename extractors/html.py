"""HTML extractor (beautifulsoup4 + lxml): council web pages and Word "save as web page" exports.

The page is decoded in the encoding it declares (BOM, ``<meta charset>``, XML declaration), else
UTF-8, else windows-1252 (the browsers' fallback for English pages; warning W105).  Site furniture
(cookie banners, navigation, breadcrumbs, headers, footers, sidebars) is removed before reading.
Nothing is executed or fetched: scripts, styles, iframes and forms' controls are skipped, and lxml
never loads external resources.

Pages: a web page is one page, except that Word exports keep the document's page breaks as
``<br style='page-break-before:always'>``; those (and ``page-break-after``) advance the page number.

Tables: ``rowspan``/``colspan`` are expanded so every covered slot holds a copy of the spanning
cell with ``spanned=True``.  A table nested in a cell that has text of its own, in a row of two or
more cells, stays in that cell's text, one item per nested row.  Any other table nested inside a cell
is emitted as its own :class:`Table`
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
    W102,
    W105,
    W106,
    W108,
    Block,
    Cell,
    DamagedFile,
    Dropped,
    FileTooLarge,
    Layout,
    Settings,
    Table,
    Text,
    UnreadableFile,
    collapse_ws,
    number_paragraphs,
    rag_fill_name,
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

# Work bounded by the input (a hostile page must not turn kilobytes into minutes or gigabytes).
# Browsers allow colspan=1000; no council table is a tenth as wide.  A table is at most SPAN_SLACK times
# as wide as its widest row's own cells: rowspan="0" on every row (span to the end of the row group)
# otherwise builds a staircase as wide as the table is long (2,000 rows -> 4 million slots).
MAX_TABLE_COLUMNS = 100
SPAN_SLACK = 2
# Slots a table's spans may fill: this many per cell written in the page, and at least SPAN_SLOTS_MIN.
SPAN_SLOTS_PER_CELL = 100
SPAN_SLOTS_MIN = 200_000
# Tables nested deeper than this inside cells are read as the cell's text (Oxford City Council's form page
# nests 3 deep; 100,000 nested tables took 407 s before this limit).
MAX_TABLE_DEPTH = 10
# Memory a BeautifulSoup tree needs (measured with lxml: ~1 kB per element) and per byte of page
# (the bytes, the decoded text, text nodes).  A parse may use PARSE_MEMORY_SHARE of the ceiling.
TREE_BYTES_PER_TAG = 1000
TREE_BYTES_PER_INPUT_BYTE = 4
PARSE_MEMORY_SHARE = 0.5
SHORT_TEXT_NODES = 64    # nodes looked at to decide a cell holds just one glyph (a RAG dot)
# Elements nested deeper than this are refused before parsing: BeautifulSoup's tree building slows with
# depth (30,000 nested tables: 16 s to parse, 3,000: 1 s); real pages nest a few dozen deep.
MAX_NESTING = 500
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
# Void elements and those whose end tag may be left out (<p>, <li>, <td>, ...) do not count as nesting.
_NO_NESTING = frozenset(
    b"area base br col embed hr img input link meta source track wbr p li dt dd tr td th thead tbody tfoot "
    b"option optgroup colgroup caption rb rt rp html head body".split()
)
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
            raise UnreadableFile(f"{path.name}: cannot be read ({e.strerror}); check that it still exists and is readable") from e
        return html_to_layout(data, source=path, settings=settings)


def html_to_layout(data: bytes, source: Path = Path("<html>"), settings: Settings = Settings()) -> Layout:
    """Turn the bytes of an HTML page into a Layout (see the module docstring for the rules).

    Raises FileTooLarge (E106) before parsing if the tree would need more than its share of
    ``settings.max_memory_mb`` (:func:`parse_memory_mb`).
    """
    refuse_big_parse(data, source.name, settings)
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
    page_range = "1" if pages == 1 else f"1-{pages}"
    if tally.struck_chars:
        warnings.append(W102.format(page=page_range, n=tally.struck_chars))
    if tally.spans_cut or tally.cells_dropped:
        warnings.append(W106.format(page=page_range, spans=tally.spans_cut, dropped=tally.cells_dropped))
    if tally.tables_flattened:
        warnings.append(W108.format(page=page_range, n=tally.tables_flattened, limit=MAX_TABLE_DEPTH))
    return Layout(
        source=source, format="html", blocks=blocks, pages=pages, warnings=tuple(warnings),
        meta=(("title", title),) if title else (), dropped=tuple(tally.dropped),
    )


def parse_memory_mb(data: bytes) -> float:
    """Estimate the MB a BeautifulSoup tree of ``data`` needs: a cost per element and per byte.

    Counting ``<`` minus ``</`` over-counts comments and stray ``<``, which errs on the safe side.

    >>> round(parse_memory_mb(b"<p>x</p>" * 100_000))
    98
    """
    elements = data.count(b"<") - data.count(b"</")
    return (elements * TREE_BYTES_PER_TAG + len(data) * TREE_BYTES_PER_INPUT_BYTE) / 2**20


def nesting_depth(data: bytes) -> int:
    """Return how deep elements with a required end tag nest in ``data`` (one linear scan, no parse).

    >>> nesting_depth(b"<div><table><tr><td><table><tr><td>x</td></tr></table></td></tr></table></div><p>a<p>b")
    3
    """
    depth = deepest = 0
    for m in _TAG.finditer(data):
        closing, name, self_closing = m.groups()
        if self_closing or name.lower() in _NO_NESTING:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def refuse_big_parse(data: bytes, name: str, settings: Settings) -> None:
    """Raise FileTooLarge unless the parse of ``data`` fits in its share of the memory ceiling
    and its elements nest at most MAX_NESTING deep.

    A 199 MB page passed the 200 MB file-size limit and was still parsing at 6.8 GB after 15 minutes.
    """
    need = parse_memory_mb(data)
    allowed = settings.max_memory_mb * PARSE_MEMORY_SHARE
    if need > allowed:
        raise FileTooLarge(
            f"{name}: reading this page would need about {need:.0f} MB ({len(data) / 1e6:.0f} MB of HTML), "
            f"more than the {allowed:.0f} MB a parse may use under the {settings.max_memory_mb:g} MB memory "
            "ceiling; split the page or raise --max-memory-mb"
        )
    depth = nesting_depth(data)
    if depth > MAX_NESTING:
        raise FileTooLarge(
            f"{name}: elements nested {depth} deep, over the {MAX_NESTING} levels a page is read to; "
            "not parsed (no report page nests this deep: is it generated or damaged?)"
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
    """The page's <main> (or role=main) if it holds every table outside the furniture, else <body>.

    One walk of the page (not one walk of the parents per table: pages nest tables thousands deep).
    """
    body = soup.body or soup
    main = soup.find("main") or soup.select_one("[role=main]")
    if not isinstance(main, Tag) or not collapse_ws(main.get_text()):
        return body
    stack: list[tuple[Tag, bool, bool]] = [(c, False, False) for c in _child_tags(body)]
    while stack:
        tag, in_furniture, in_landmark = stack.pop()
        if tag is main:
            continue
        if tag.name == "table":
            if not in_furniture:
                return body      # a CMS that puts the plan's table beside <main>: read the whole body
            continue
        furniture = in_furniture or _is_furniture(tag, in_landmark)
        landmark = in_landmark or tag.name in _LANDMARKS
        stack.extend((c, furniture, landmark) for c in _child_tags(tag))
    return main


_LANDMARKS = frozenset({"article", "section", "main"})   # a <header> inside one is the content's own header
_NEVER_FURNITURE = frozenset({"main", "article", "body", "html", "table", "tr", "td", "th"})


@dataclass(slots=True)
class _Holds:
    """What a subtree holds that keeps furniture-looking markup: <main>/<article>, or a content table."""

    landmark: bool = False
    rows: int = 0          # <tr> elements
    content_table: bool = False


def _remove_furniture(root: Tag) -> None:
    """Remove site furniture that holds no <main>/<article> and no table of 3+ rows; two linear walks."""
    order = _descendant_tags(root)
    holds: dict[int, _Holds] = {}
    for tag in reversed(order):             # children before their parents
        h = _Holds(landmark=tag.name in ("main", "article"), rows=1 if tag.name == "tr" else 0)
        for child in _child_tags(tag):
            c = holds[id(child)]
            h.landmark |= c.landmark
            h.rows += c.rows
            h.content_table |= c.content_table
        h.content_table |= tag.name == "table" and h.rows >= 3
        holds[id(tag)] = h
    in_landmark = root.name in _LANDMARKS or root.find_parent(list(_LANDMARKS)) is not None
    stack = [(c, in_landmark) for c in _child_tags(root)]
    while stack:
        tag, landmark = stack.pop()
        h = holds[id(tag)]
        if tag.name not in _NEVER_FURNITURE and _is_furniture(tag, landmark) and not (h.landmark or h.content_table):
            tag.decompose()
            continue
        stack.extend((c, landmark or tag.name in _LANDMARKS) for c in _child_tags(tag))


def _is_furniture(tag: Tag, in_landmark: bool) -> bool:
    if tag.name in _FURNITURE_TAGS:
        return True
    if tag.name == "header" and not in_landmark:
        return True
    if str(tag.get("role", "")).lower() in _FURNITURE_ROLES:
        return True
    names = [str(tag.get("id", ""))] + list(tag.get("class") or [])
    return any(_FURNITURE_NAME.search(n) for n in names if n and not n.startswith("Mso"))


def _child_tags(tag: Tag) -> list[Tag]:
    return [c for c in tag.contents if isinstance(c, Tag)]


def _descendant_tags(root: Tag) -> list[Tag]:
    """Every tag under ``root`` in document order (parents before children), without recursion."""
    out: list[Tag] = []
    stack = list(reversed(_child_tags(root)))
    while stack:
        tag = stack.pop()
        out.append(tag)
        stack.extend(reversed(_child_tags(tag)))
    return out


def _short_text(tag: Tag) -> str | None:
    """The stripped text of ``tag`` if its subtree has at most SHORT_TEXT_NODES nodes, else None."""
    parts = []
    for n, node in enumerate(tag.descendants):
        if n >= SHORT_TEXT_NODES:
            return None
        if isinstance(node, NavigableString):
            parts.append(str(node))
    return "".join(parts).strip()


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
    has_text: bool = False                                               # any part not whitespace
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

    def __init__(self, page: int = 1, read_tables: bool = True) -> None:
        self.out: list[_Finished | _TableAt] = []
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
                    self.para.has_text |= not node.isspace()
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
        if _SYMBOL_FONT.search(compact) and not self.para.has_text and len(_short_text(tag) or "xx") == 1:
            # Older Word exports: a bare "·" (Symbol) or "§" (Wingdings) glyph span starts the bullet.
            self.para.list_item = True
            return
        if name == "br":
            self.open(self.para.heading_level, self.para.list_item, self.para.list_level)
            return
        if name == "table":
            if self.read_tables:
                self.close()
                self.out.append(_TableAt(tag, self.page))
                return
            self.tables_flattened += 1     # too deep: its cells become paragraphs of the enclosing cell
        style = _Style(
            bold=_bold(name, css, style.bold),
            struck=style.struck or name in _STRUCK_TAGS or "line-through" in css,
            list_depth=style.list_depth + (1 if name in _LIST_TAGS else 0),
            in_list_item=None if name in _LIST_TAGS else style.in_list_item,
        )
        if name in _BLOCK_TAGS or name in {"table", "td", "th", "tr", "tbody", "thead", "tfoot"}:
            heading = int(name[1]) if re.fullmatch(r"h[1-6]", name) else None
            list_item = name in {"li", "dd"} and style.list_depth > 0
            level = max(style.list_depth - 1, 0) if list_item else 0
            if list_item:
                style = replace(style, in_list_item=level)
            elif style.in_list_item is not None and name in {"p", "div"}:
                list_item, level = True, style.in_list_item
            classes = " ".join(tag.get("class") or [])
            mso = _MSO_LIST_LEVEL.search(css)
            if name == "p" and (mso or classes.startswith("MsoListParagraph") or classes.startswith("MsoListBullet")):
                list_item, level = True, (int(mso.group(1)) - 1 if mso else 0)
            self.open(heading, list_item, level)
            stack.append(self.close)
        stack.extend((child, style) for child in reversed(tag.contents))

    def break_page(self) -> None:
        self.close()
        self.page += 1


def _flow(node: Tag, style: _Style, page: int = 1, tally: _Tally | None = None,
          read_tables: bool = True) -> list[_Finished | _TableAt]:
    flow = _Flow(page, read_tables)
    flow.walk(node, style)
    flow.close()
    if tally is not None:
        tally.tables_flattened += flow.tables_flattened
    return flow.out


@dataclass(slots=True)
class _Tally:
    """Counts struck characters dropped anywhere in the page, including paragraphs struck out entirely,
    carries the page's class -> RAG colour rules, and numbers tables in document order (``Cell.index``)."""

    struck_chars: int = 0
    class_fills: dict[str, str] = field(default_factory=dict)
    spans_cut: int = 0          # cells whose row/column span was shortened (W106)
    cells_dropped: int = 0      # cells pushed past a table's last column (W106)
    tables_flattened: int = 0   # tables nested past MAX_TABLE_DEPTH, read as text (W108)
    tables: int = 0
    dropped: list[Dropped] = field(default_factory=list)   # paragraphs struck out entirely


def _flow_to_blocks(flow: list[_Finished | _TableAt], tally: _Tally, depth: int = 0) -> Iterator[Block]:
    for item in flow:
        if isinstance(item, _TableAt):
            yield from _table_to_blocks(item.tag, tally, item.page, depth + 1)
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

_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


def _own_rows(table: Tag) -> list[tuple[Tag, int]]:
    """The table's own rows (not those of tables in its cells), each with the end of its row group.

    The end (one past the group's last row) is where ``rowspan="0"`` stops; rows outside any
    thead/tbody/tfoot form one group.  Walks only the table's structure, never its cells' content.
    """
    rows: list[tuple[Tag, int]] = []
    stack: list[tuple[Tag, int]] = [(c, 0) for c in reversed(_child_tags(table))]
    while stack:
        tag, group = stack.pop()
        if tag.name == "tr":
            rows.append((tag, group))
        elif tag.name not in ("table", "td", "th"):   # row groups, and wrappers of malformed pages (<form>)
            inner = id(tag) if tag.name in _ROW_GROUPS else group
            stack.extend((c, inner) for c in reversed(_child_tags(tag)))
    group_end = {group: i + 1 for i, (_, group) in enumerate(rows)}
    return [(tr, group_end[group]) for tr, group in rows]


def _table_to_blocks(table: Tag, tally: _Tally, page: int, depth: int = 1) -> list[Block]:
    """Expand spans and split the table around nested tables (see the module docstring).

    Spans are bounded by the table: a row span stops at the end of its row group, the table is at
    most SPAN_SLACK times as wide as its widest row's own cells (and MAX_TABLE_COLUMNS), and the
    slots spans fill are budgeted by the table's size; what is cut is counted for W106.

    Cells get ``index`` (table, row, column): the table's number among the page's tables in document
    order (a nested table numbered after the one holding it), the ``<tr>``'s number in its table and
    the grid column after spans are expanded; a spanned copy keeps the index of the cell it copies.
    """
    number = tally.tables
    tally.tables += 1
    rows = _own_rows(table)
    cells = [tr.find_all(["td", "th"], recursive=False) for tr, _ in rows]
    own_width = max((sum(_span(td.get("colspan"), MAX_TABLE_COLUMNS) for td in tds) for tds in cells), default=0)
    width_cap = min(MAX_TABLE_COLUMNS, SPAN_SLACK * max(own_width, 1))
    budget = max(SPAN_SLOTS_MIN, SPAN_SLOTS_PER_CELL * sum(map(len, cells)))
    grid: list[list[Cell | None]] = [[] for _ in rows]
    nested: list[list[Block]] = [[] for _ in rows]
    for r, (tr, group_end) in enumerate(rows):
        col = 0
        for td in cells[r]:
            slots = grid[r]
            while col < len(slots) and slots[col] is not None:
                col += 1
            if col >= width_cap:
                tally.cells_dropped += 1
                continue
            cell, inner = _cell_from_tag(td, tally, page, depth, in_data_row=len(cells[r]) >= 2)
            cell = replace(cell, index=(number, r, col))
            nested[r].extend(inner)
            rowspan = _span(td.get("rowspan"), group_end - r, zero_to_end=True)
            colspan = min(_span(td.get("colspan"), MAX_TABLE_COLUMNS), width_cap - col)
            if rowspan * colspan > max(budget, 1):
                rowspan, colspan = 1, 1
                tally.spans_cut += 1
            budget -= rowspan * colspan
            copy = replace(cell, spanned=True) if rowspan * colspan > 1 else cell   # one copy, shared
            for dr in range(rowspan):
                row_slots = grid[r + dr]
                if len(row_slots) < col + colspan:
                    row_slots.extend([None] * (col + colspan - len(row_slots)))
                for dc in range(colspan):
                    if row_slots[col + dc] is None:
                        row_slots[col + dc] = cell if dr == dc == 0 else copy
            col += colspan
    width = max((len(g) for g in grid), default=0)
    blocks: list[Block] = []
    caption = table.find("caption", recursive=False)
    if isinstance(caption, Tag):
        blocks.extend(_flow_to_blocks(_flow(caption, _Style(), page), tally, depth))
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


def _cell_from_tag(td: Tag, tally: _Tally, page: int, depth: int,
                   in_data_row: bool = False) -> tuple[Cell, list[Block]]:
    """One cell, and the tables nested in it.

    In a row of two or more cells, a table nested in a cell that also has text of its own stays in
    the cell's text, one item per nested row ("Q1 | 412"): a small table inside a progress cell is part
    of that progress, not a table of the page (../shared/bugcases/min-html-nested-table-*).  Otherwise
    (a layout wrapper, a form cell holding only a table) the nested tables are returned as blocks.
    """
    style = _Style(bold=_bold(td.name, _css(td), False), struck="line-through" in _css(td))
    flow = _flow(td, style, page, tally, read_tables=depth < MAX_TABLE_DEPTH)
    paras = [p for p in flow if isinstance(p, _Finished)]
    own_text = any(p.text for p in paras)
    entries: list[tuple[str, bool, bool]] = []   # (text, bold, list item) in the cell's order
    inner: list[Block] = []
    for part in flow:
        if isinstance(part, _Finished):
            if part.text:
                entries.append((part.text, part.bold, part.list_item))
        elif isinstance(part, _TableAt):
            blocks = _table_to_blocks(part.tag, tally, part.page, depth + 1)
            if in_data_row and own_text:
                entries.extend((line, False, False) for block in blocks for line in _block_lines(block))
            else:
                inner.extend(blocks)
    items = tuple(t for t, _, _ in entries)
    struck_chars = sum(p.struck_chars for p in paras)
    tally.struck_chars += struck_chars
    cell = Cell(
        text="\n".join(items), page=page, bold=bool(entries) and all(b for _, b, _ in entries),
        struck=not items and struck_chars > 0, items=items, bullets=tuple(li for _, _, li in entries),
        struck_chars=struck_chars, fill=_fill_name(td, tally.class_fills),
        struck_text=tuple(t for p in paras for t in p.struck_text),
    )
    return cell, inner


def _block_lines(block: Block) -> list[str]:
    """A nested block as lines of cell text: a table row's distinct cells joined with " | "."""
    if isinstance(block, Text):
        return [block.text] if block.text else []
    lines = []
    for row in block.rows:
        texts: list[str] = []
        for c in row:
            if c is not None and c.text and (not texts or texts[-1] != c.text):
                texts.append(collapse_ws(c.text))
        if texts:
            lines.append(" | ".join(texts))
    return lines


def _span(value: object, limit: int, zero_to_end: bool = False) -> int:
    """A row/column span as a count in 1..limit; ``rowspan="0"`` (``zero_to_end``) spans to ``limit``.

    >>> _span("0", 7, zero_to_end=True), _span("0", 7), _span("1000", 7), _span("x", 7)
    (7, 1, 7, 1)
    """
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    if n == 0 and zero_to_end:   # HTML: rowspan=0 spans to the end of the row group; colspan=0 means 1
        return max(limit, 1)
    return max(1, min(n, limit))


_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.I)
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([^;]+)", re.I)
_RAG_CLASS = re.compile(r"(?:^|[-_])(green|amber|red)(?:$|[-_])", re.I)
_DOT_GLYPHS = frozenset("●⬤■◼◆♦•")


def class_fills(soup: BeautifulSoup) -> dict[str, str]:
    """Map class names to a RAG colour from the page's own ``<style>`` rules (``.rag-green{background:#00B050}``)."""
    out: dict[str, str] = {}
    for style in soup.find_all("style"):
        for rule in style.get_text().split("}"):    # not a regex over the sheet: linear in its length
            selectors, brace, body = rule.rpartition("{")
            if not brace:
                continue
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
    if _short_text(td) in _DOT_GLYPHS:        # a few nodes at most, so the search below is short
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



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

The reading is in three modules: :mod:`extractors.html_furniture` (what is site furniture),
:mod:`extractors.html_flow` (an element's content as paragraphs and table tags) and
:mod:`extractors.html_tables` (spans, nested tables, RAG fills).

>>> from extractors.html import html_to_layout
>>> layout = html_to_layout(b"<html><body><h1>Plan</h1><table><tr><th>Action</th></tr>"
...                         b"<tr><td>Do it<s> not this</s></td></tr></table></body></html>")
>>> [type(b).__name__ for b in layout.blocks], layout.tables()[0].rows[1][0].text
(['Text', 'Table'], 'Do it')
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import ClassVar

from bs4 import BeautifulSoup

from extractors.base import (
    W102,
    W105,
    W106,
    W108,
    DamagedFile,
    FileTooLarge,
    Layout,
    Settings,
    UnreadableFile,
    collapse_ws,
    number_paragraphs,
)
from extractors.html_flow import Style, read_flow
from extractors.html_furniture import content_root, remove_furniture
from extractors.html_tables import MAX_TABLE_COLUMNS, MAX_TABLE_DEPTH, SPAN_SLACK, Tally, class_fills, flow_to_blocks

__all__ = ["MAX_TABLE_COLUMNS", "MAX_TABLE_DEPTH", "SPAN_SLACK", "HtmlExtractor", "decode_html", "html_to_layout",
           "nesting_depth", "parse_memory_mb", "refuse_big_parse"]

_HTML_HEAD = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*"
    rb"<(!doctype\s+html|html|head|body|meta|title|table|div|main|article|section|style|link|script)\b",
    re.I | re.S,
)

# Work bounded by the input (a hostile page must not turn kilobytes into minutes or gigabytes); the
# table limits are in extractors/html_tables.py.
# Memory a BeautifulSoup tree needs (measured with lxml: ~1 kB per element) and per byte of page
# (the bytes, the decoded text, text nodes).  A parse may use PARSE_MEMORY_SHARE of the ceiling.
TREE_BYTES_PER_TAG = 1000
TREE_BYTES_PER_INPUT_BYTE = 4
PARSE_MEMORY_SHARE = 0.5
# Elements nested deeper than this are refused before parsing: BeautifulSoup's tree building slows with
# depth (30,000 nested tables: 16 s to parse, 3,000: 1 s); real pages nest a few dozen deep.
MAX_NESTING = 500
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^<>]*?(/?)>")
# Void elements and those whose end tag may be left out (<p>, <li>, <td>, ...) do not count as nesting.
_NO_NESTING = frozenset(
    b"area base br col embed hr img input link meta source track wbr p li dt dd tr td th thead tbody tfoot "
    b"option optgroup colgroup caption rb rt rp html head body".split()
)
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
    tally = Tally(class_fills=class_fills(soup))
    root = content_root(soup)
    remove_furniture(root)
    flow = read_flow(root, Style()).out
    try:
        blocks = number_paragraphs(flow_to_blocks(flow, tally))
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

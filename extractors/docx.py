"""Word (.docx) extractor (python-docx): council action plans and appendices saved as Word documents.

The zip directory is checked before python-docx opens anything: a truncated or corrupt container,
a zip that is not a Word document, or an entry that would inflate to an absurd size (a zip bomb)
raises :class:`~extractors.base.DamagedFile` / :class:`~extractors.base.FileTooLarge` naming the file.

Body paragraphs become :class:`Text` blocks (``Heading N``/``Title`` styles or an outline level give
``heading_level``; a numbering reference, direct or through the style as in ``List Bullet``, gives
``list_item``).  Tables keep Word's grid: a horizontally merged cell (``w:gridSpan``) and a vertically
merged cell (``w:vMerge``) are copied into every slot they cover with ``spanned=True`` on the copies,
so a commitment merged down five rows applies to all five.  Struck runs (``w:strike``/``w:dstrike``)
and tracked deletions never become text; hidden runs (``w:vanish``) are skipped.  A table nested in a
cell is flattened: its paragraphs become further items of the outer cell, in order.  Headers, footers,
text boxes and comments are page furniture and are not read.  Page numbers follow the page breaks Word
recorded when it last saved the file (``w:lastRenderedPageBreak``), else explicit page breaks.

>>> from docx import Document
>>> import io
>>> d = Document(); t = d.add_table(rows=2, cols=1)
>>> t.cell(0, 0).text = "Action"; t.cell(1, 0).add_paragraph("Do it", style="List Bullet") and None
>>> buf = io.BytesIO(); d.save(buf)
>>> layout = docx_bytes_to_layout(buf.getvalue())
>>> cell = layout.tables()[0].rows[1][0]
>>> cell.items, cell.bullets
(('Do it',), (True,))
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, ClassVar, Iterator

from lxml import etree

from extractors.base import (
    W102,
    W107,
    Block,
    Cell,
    DamagedFile,
    Dropped,
    EncryptedFile,
    FileTooLarge,
    Layout,
    Settings,
    Table,
    Text,
    UnreadableFile,
    UnsupportedFormat,
    collapse_ws,
    number_paragraphs,
    rag_fill_name,
    struck_runs,
)
from extractors.title_block import docx_title_lines, mark_title_lines

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_WVAL = _w("val")
# Subtrees whose text is never part of the paragraph: tracked deletions, moved-away text, text boxes
# (their own story), the fallback copy of alternate content, and property blocks.
_SKIP = frozenset({_w("del"), _w("moveFrom"), _w("txbxContent"), f"{{{_MC}}}Fallback", _w("pPr"), _w("rPr"),
                   _w("instrText"), _w("delText"), _w("commentReference"), _w("footnoteReference")})
_CONTAINERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")})
_FALSE = {"0", "false", "off", "none"}

# Zip-bomb limits.  A real council .docx inflates its XML about 10:1 and its images not at all.
MAX_UNCOMPRESSED_MB = 1000.0      # whole package
MAX_ENTRY_RATIO = 200.0           # per entry over 20 MB: inflated / compressed size
# Memory to read a package: python-docx holds every part it loads, and an lxml tree of Word XML takes
# 6-12 times the XML's size (measured on styles.xml and document.xml).  A package may use
# PARSE_MEMORY_SHARE of the memory ceiling; a bomb split into many 20 MB headers (each under the per-entry
# check) inflated 937 MB of XML and passed 5.7 GB in 15 s before this total was checked.
XML_TREE_BYTES_PER_BYTE = 12
PARSE_MEMORY_SHARE = 0.5
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_BULLET_GLYPHS = "•·○◦▪■●▫□➢►✓"
_MARKS = ("✓", "□")   # bullet glyphs that, alone, are a status mark (pipeline/patterns/states.jsonl "marks")


class DocxExtractor:
    format: ClassVar[str] = "docx"

    def sniff(self, head: bytes) -> bool:
        """Return True for a zip whose first entries belong to a Word document.

        >>> DocxExtractor().sniff(b"PK\\x03\\x04" + b"\\0" * 26 + b"word/document.xml"), DocxExtractor().sniff(b"%PDF-1.7")
        (True, False)
        """
        return head.startswith(b"PK\x03\x04") and (b"word/" in head or b"[Content_Types].xml" in head)

    def extract(self, path: Path, settings: Settings) -> Layout:
        try:
            f = path.open("rb")
        except OSError as e:
            raise UnreadableFile(
                f"{path.name}: cannot be read ({e.strerror}); check that it still exists and is readable"
            ) from e
        with f:
            _refuse_non_zip(path.name, f.read(8), path)
            return docx_bytes_to_layout(f, source=path, settings=settings)


def docx_bytes_to_layout(data: bytes | IO[bytes], source: Path = Path("<docx>"), settings: Settings = Settings()) -> Layout:
    """Turn a .docx (bytes or a binary file object) into a Layout; see the module docstring."""
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    name = source.name
    check_docx_zip(stream, name, settings)
    import docx  # python-docx; imported here so sniffing never pays for it

    stream.seek(0)
    try:
        document = docx.Document(stream)
    except Exception as e:  # zipfile/zlib/lxml/python-docx all raise their own types for a damaged package
        raise DamagedFile(f"{name}: Word document is damaged ({type(e).__name__}: {e}); open and re-save it in Word") from e
    reader = _Reader(_Styles(document.styles.element), _has_rendered_breaks(document.element.body))
    titles = docx_title_lines(document.element.body, document.styles.element)   # large type over the sections
    blocks = number_paragraphs(mark_title_lines(reader.body_to_blocks(document.element.body), titles))
    pages = f"1-{reader.page}" if reader.page > 1 else "1"
    warnings: tuple[str, ...] = (W102.format(page=pages, n=reader.struck_chars),) if reader.struck_chars else ()
    if reader.entities:
        names = ", ".join(f"&{n};" for n in sorted(reader.entities))
        warnings += (W107.format(n=sum(reader.entities.values()), names=names),)
    title = (document.core_properties.title or "").strip()
    return Layout(
        source=source, format="docx", blocks=blocks, pages=reader.page, warnings=warnings,
        meta=(("title", title),) if title else (), dropped=tuple(reader.dropped),
    )


def _refuse_non_zip(name: str, head: bytes, path: Path | None = None) -> None:
    if head.startswith(b"%PDF-"):
        raise UnsupportedFormat(f"{name}: is a PDF, not a Word document (despite its name); rename it to .pdf")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        data = path.read_bytes()[:1_000_000] if path else b""
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedFile(f"{name}: Word document is password-protected; save an unprotected copy and retry")
        raise UnsupportedFormat(f"{name}: is an old binary Word .doc, not .docx; open it in Word and save as .docx")
    if not head.startswith(b"PK"):
        raise UnsupportedFormat(f"{name}: is not a Word .docx (starts {head[:8]!r}); save it as .docx first")


def check_docx_zip(stream: IO[bytes], name: str, settings: Settings = Settings()) -> None:
    """Refuse a package that is not a readable zip, not a Word document, or a zip bomb.

    Sizes come from the zip's central directory, so nothing is inflated to find out (zipfile never
    inflates an entry past its stated size).  Refused as too large (E106): a package inflating past
    MAX_UNCOMPRESSED_MB, one whose parts would need more than its share of ``settings.max_memory_mb``
    to read (:func:`package_memory_mb`), or an entry over 20 MB inflating more than MAX_ENTRY_RATIO:1.
    """
    stream.seek(0)
    _refuse_non_zip(name, stream.read(8))
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise DamagedFile(
            f"{name}: Word document is truncated or corrupt (its zip container cannot be read: {e}); "
            "download it again or re-save it in Word"
        ) from e
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        kind = "an Excel workbook" if "xl/workbook.xml" in names else (
            "a PowerPoint file" if "ppt/presentation.xml" in names else "a zip archive")
        raise UnsupportedFormat(f"{name}: is {kind}, not a Word document (no word/document.xml); save it as .docx")
    total_mb = sum(i.file_size for i in infos) / 1e6
    if total_mb > MAX_UNCOMPRESSED_MB:
        raise FileTooLarge(
            f"{name}: would inflate to {total_mb:.0f} MB (limit {MAX_UNCOMPRESSED_MB:.0f} MB); "
            "this looks like a zip bomb, not a council document; not opened"
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 20e6 and ratio > MAX_ENTRY_RATIO:
            raise FileTooLarge(
                f"{name}: entry {info.filename} would inflate from {info.compress_size / 1e3:.0f} kB to "
                f"{info.file_size / 1e6:.0f} MB (ratio {ratio:.0f}:1); this looks like a zip bomb; not opened"
            )
    need_mb = package_memory_mb(infos)
    allowed_mb = settings.max_memory_mb * PARSE_MEMORY_SHARE
    if need_mb > allowed_mb:
        raise FileTooLarge(
            f"{name}: would inflate to {total_mb:.0f} MB and need about {need_mb:.0f} MB to read, more than the "
            f"{allowed_mb:.0f} MB a document may use under the {settings.max_memory_mb:g} MB memory ceiling; "
            "if this is a real council document, raise --max-memory-mb; not opened"
        )


def package_memory_mb(infos: list[zipfile.ZipInfo]) -> float:
    """Estimate the MB reading a package needs: every part's bytes, plus an lxml tree per XML part.

    >>> round(package_memory_mb([zipfile.ZipInfo("word/document.xml"), zipfile.ZipInfo("word/media/a.png")]))
    0
    """
    total = sum(i.file_size for i in infos)
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith(_XML_SUFFIXES))
    return (total + xml * XML_TREE_BYTES_PER_BYTE) / 2**20


def _has_rendered_breaks(body: etree._Element) -> bool:
    return next(body.iter(_w("lastRenderedPageBreak")), None) is not None


# ---------------------------------------------------------------------------------------------------
# Styles: bold/strike/numbering/heading level through the basedOn chain.

class _Styles:
    def __init__(self, styles_element: etree._Element) -> None:
        self.by_id: dict[str, etree._Element] = {}
        for style in styles_element.iter(_w("style")):
            self.by_id[style.get(_w("styleId"), "")] = style
        self._memo: dict[tuple[str, str], object] = {}

    def chain(self, style_id: str | None) -> Iterator[etree._Element]:
        seen: set[str] = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(_w("basedOn"))
            style_id = based.get(_WVAL) if based is not None else None

    def run_flag(self, style_id: str | None, tag: str) -> bool | None:
        """The nearest style in the chain that sets rPr/<tag> decides (None: no style sets it)."""
        key = (style_id or "", tag)
        if key not in self._memo:
            value = None
            for style in self.chain(style_id):
                flag = _flag(style.find(f"{_w('rPr')}/{_w(tag)}"))
                if flag is not None:
                    value = flag
                    break
            self._memo[key] = value
        return self._memo[key]  # type: ignore[return-value]

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        node = style.find(_w("name")) if style is not None else None
        return (node.get(_WVAL) or "") if node is not None else ""

    def numbered(self, style_id: str | None) -> bool:
        for style in self.chain(style_id):
            num = style.find(f"{_w('pPr')}/{_w('numPr')}/{_w('numId')}")
            if num is not None:
                return num.get(_WVAL) != "0"
        return False

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            name = self.name(style.get(_w("styleId"))).lower()
            match = re.fullmatch(r"heading\s*(\d)", name)
            if match:
                return int(match.group(1))
            if name == "title":
                return 1
            outline = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
            if outline is not None and (outline.get(_WVAL) or "9").isdigit() and int(outline.get(_WVAL)) < 9:
                return int(outline.get(_WVAL)) + 1
        return None


def _flag(node: etree._Element | None) -> bool | None:
    if node is None:
        return None
    return (node.get(_WVAL) or "true").lower() not in _FALSE


# ---------------------------------------------------------------------------------------------------
# Reading the body

@dataclass(frozen=True, slots=True)
class _Line:
    """One visible line of a paragraph (paragraphs split at soft line breaks)."""

    text: str
    bold: bool
    struck_chars: int
    heading_level: int | None
    list_item: bool
    list_level: int
    page: int
    struck_text: tuple[str, ...] = ()


@dataclass(slots=True)
class _Reader:
    styles: _Styles
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
            if child.tag == _w("p"):
                for line in self.paragraph_lines(child):
                    if line.text:
                        yield Text(
                            text=line.text, page=line.page, heading_level=line.heading_level, bold=line.bold,
                            list_item=line.list_item, list_level=line.list_level, struck_chars=line.struck_chars,
                            struck_text=line.struck_text,
                        )
                    else:
                        self.dropped.extend(Dropped("struck", t, line.page) for t in line.struck_text)
            elif child.tag == _w("tbl"):
                table = self.table_to_block(child)
                if table is not None:
                    yield table
            elif child.tag in _CONTAINERS:
                yield from self.body_to_blocks(_content_of(child))

    # -- paragraphs ------------------------------------------------------------------------------
    def paragraph_lines(self, p: etree._Element) -> list[_Line]:
        ppr = p.find(_w("pPr"))
        style_id = None
        num_id = ilvl = None
        outline = None
        if ppr is not None:
            pstyle = ppr.find(_w("pStyle"))
            style_id = pstyle.get(_WVAL) if pstyle is not None else None
            num = ppr.find(_w("numPr"))
            if num is not None:
                num_node, lvl_node = num.find(_w("numId")), num.find(_w("ilvl"))
                num_id = num_node.get(_WVAL) if num_node is not None else None
                ilvl = _int_val(lvl_node, 0) if lvl_node is not None else None
            if not self.rendered_breaks and _flag(ppr.find(_w("pageBreakBefore"))):
                self.page += 1
            out = ppr.find(_w("outlineLvl"))
            if out is not None and (out.get(_WVAL) or "9").isdigit() and int(out.get(_WVAL)) < 9:
                outline = int(out.get(_WVAL)) + 1
        heading = outline or self.styles.heading_level(style_id)
        list_item = (num_id is not None and num_id != "0") or (num_id is None and self.styles.numbered(style_id))
        level = ilvl if ilvl is not None else _level_from_style_name(self.styles.name(style_id))
        para_bold = self.styles.run_flag(style_id, "b")
        para_strike = self.styles.run_flag(style_id, "strike")

        lines: list[_Line] = []
        parts: list[tuple[str, bool, bool]] = []
        start_page = self.page

        def flush() -> None:
            nonlocal parts, start_page
            lines.append(_finish_line(parts, heading, list_item, level or 0, start_page))
            parts = []
            start_page = self.page

        for run in _runs(p):
            rpr = run.find(_w("rPr"))
            rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
            rstyle_id = rstyle.get(_WVAL) if rstyle is not None else None
            if rpr is not None and (_flag(rpr.find(_w("vanish"))) or _flag(rpr.find(_w("webHidden")))):
                continue
            bold = _resolve(rpr, "b", rstyle_id, para_bold, self.styles)
            struck = _resolve(rpr, "strike", rstyle_id, para_strike, self.styles) or bool(
                _resolve(rpr, "dstrike", rstyle_id, None, self.styles))
            for node in run:
                tag = node.tag
                if tag == _w("t"):
                    parts.append((self.t_text(node), bool(bold), bool(struck)))
                elif tag in (_w("tab"), _w("ptab")):
                    parts.append((" ", bool(bold), bool(struck)))
                elif tag == _w("noBreakHyphen"):
                    parts.append(("-", bool(bold), bool(struck)))
                elif tag == _w("lastRenderedPageBreak"):
                    if self.rendered_breaks:
                        self.page += 1
                        if not any(t.strip() for t, _, _ in parts):   # the line starts on the new page
                            start_page = self.page
                elif tag in (_w("br"), _w("cr")):
                    if node.get(_w("type")) == "page":
                        if not self.rendered_breaks:
                            self.page += 1
                        flush()
                    elif node.get(_w("type")) != "column":
                        flush()
        flush()
        for line in lines:
            self.struck_chars += line.struck_chars
        return lines

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
        for r, tr in enumerate(_children(tbl, _w("tr"))):
            slots: list[Cell | None] = []
            trpr = tr.find(_w("trPr"))
            before = _int_val(trpr.find(_w("gridBefore")) if trpr is not None else None, 0)
            slots.extend(Cell(text="", page=self.page, index=(number, r, k)) for k in range(before))
            for tc in _children(tr, _w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = max(1, _int_val(tcpr.find(_w("gridSpan")) if tcpr is not None else None, 1))
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                hmerge = tcpr.find(_w("hMerge")) if tcpr is not None else None
                col = len(slots)
                if vmerge is not None and (vmerge.get(_WVAL) or "continue") == "continue" and grid:
                    above = grid[-1][col] if col < len(grid[-1]) else None
                    self.cell_to_items(tc)   # keeps page counting right; a continued cell's own text is ignored
                    cell = (replace(above, spanned=True) if above is not None
                            else Cell(text="", page=self.page, index=(number, r, col)))
                    slots.extend(cell for _ in range(span))
                    continue
                if hmerge is not None and (hmerge.get(_WVAL) or "continue") == "continue" and slots:
                    self.cell_to_items(tc)
                    slots.extend(replace(slots[-1], spanned=True) for _ in range(span))   # type: ignore[arg-type,type-var]
                    continue
                cell = replace(self.cell_to_items(tc), index=(number, r, col))
                slots.append(cell)
                slots.extend(replace(cell, spanned=True) for _ in range(span - 1))
            grid.append(slots)
        width = max((len(s) for s in grid), default=0)
        rows = tuple(
            tuple(s) + tuple(Cell(text="", page=page, index=(number, r, k)) for k in range(len(s), width))
            for r, s in enumerate(grid) if any(c is not None and not c.is_empty for c in s)
        )
        return Table(rows=rows, page=rows[0][0].page if rows and rows[0][0] else page) if rows else None

    def cell_to_items(self, tc: etree._Element) -> Cell:
        lines: list[_Line] = []
        page = self.page
        for p in _cell_paragraphs(tc):
            lines.extend(self.paragraph_lines(p))
        shown = [ln for ln in lines if ln.text]
        items = tuple(ln.text for ln in shown)
        struck_chars = sum(ln.struck_chars for ln in lines)
        tcpr = tc.find(_w("tcPr"))
        shd = tcpr.find(_w("shd")) if tcpr is not None else None
        fill = rag_fill_name("#" + shd.get(_w("fill"), "")) if shd is not None else None
        if fill is None and (not items or "".join(items).strip() in _DOT_GLYPHS):
            fill = _dot_colour(tc)   # a lone "●" is read as a bullet glyph and leaves no item
        return Cell(
            text="\n".join(items), page=shown[0].page if shown else page, bold=bool(shown) and all(ln.bold for ln in shown),
            struck=not items and struck_chars > 0, items=items, bullets=tuple(ln.list_item for ln in shown),
            struck_chars=struck_chars, fill=fill, struck_text=tuple(t for ln in lines for t in ln.struck_text),
        )


_DOT_GLYPHS = frozenset("●⬤■◼◆•")


def _dot_colour(tc: etree._Element) -> str | None:
    """RAG of a cell holding only a traffic-light dot typed in a coloured font (no shading)."""
    for r in tc.iter(_w("r")):
        text = "".join(t.xpath("string()") for t in r.iter(_w("t"))).strip()
        color = r.find(f"{_w('rPr')}/{_w('color')}")
        if text and text in _DOT_GLYPHS and color is not None:
            return rag_fill_name("#" + (color.get(_WVAL) or ""))
    return None


def _finish_line(parts: list[tuple[str, bool, bool]], heading: int | None, list_item: bool, level: int, page: int) -> _Line:
    visible = collapse_ws("".join(t for t, _, s in parts if not s))
    struck = collapse_ws("".join(t for t, _, s in parts if s))
    if visible and visible[0] in _BULLET_GLYPHS and visible not in _MARKS:   # a typed bullet glyph, not a Word list
        # (a tick or a box alone is a mark, kept as the cell's text: "✓" in a status cell)
        visible, list_item = visible[1:].lstrip(), True
    bold = bool(visible) and all(b for t, b, s in parts if not s and t.strip())
    return _Line(visible, bold, len(struck), heading, list_item, level, page, struck_runs((t, s) for t, _, s in parts))


def _resolve(rpr: etree._Element | None, tag: str, rstyle_id: str | None, para_value: bool | None, styles: _Styles) -> bool:
    direct = _flag(rpr.find(_w(tag))) if rpr is not None else None
    if direct is not None:
        return direct
    from_char_style = styles.run_flag(rstyle_id, tag) if rstyle_id else None
    if from_char_style is not None:
        return from_char_style
    return bool(para_value)


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """The paragraph's w:r elements in order, inside hyperlinks/insertions/fields, skipping _SKIP subtrees."""
    for child in p:
        if child.tag in _SKIP:
            continue
        if child.tag == _w("r"):
            yield child
        elif child.tag == _w("p") or child.tag == _w("tbl"):
            continue
        else:
            yield from _runs(child)


def _cell_paragraphs(node: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs of a cell in order, including those of nested tables (flattened into the cell)."""
    for child in node:
        if child.tag == _w("p"):
            yield child
        elif child.tag in (_w("tbl"), _w("tr"), _w("tc")) or child.tag in _CONTAINERS:
            yield from _cell_paragraphs(child)


def _children(node: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def _content_of(container: etree._Element) -> etree._Element:
    content = container.find(_w("sdtContent"))
    return content if content is not None else container


def _int_val(node: etree._Element | None, default: int) -> int:
    if node is None:
        return default
    try:
        return int(node.get(_WVAL) or default)
    except ValueError:
        return default


def _level_from_style_name(name: str) -> int:
    match = re.search(r"\b(\d)$", name)
    return int(match.group(1)) - 1 if match and name.lower().startswith("list") else 0



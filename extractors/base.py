"""The layout model every extractor produces, and the errors an extractor may raise.

An extractor turns one file into a :class:`Layout`: an ordered tuple of blocks (headings,
paragraphs, tables) in reading order.  Every block and cell keeps its 1-based page number;
PDF cells also keep a bounding box.  Nothing here knows about councils: that is ``pipeline/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:  # extractors.pdf imports this module: the type only, no import at run time
    from extractors.pdf.settings import PdfSettings

BBox = tuple[float, float, float, float]  # (x0, top, x1, bottom) in PDF points, origin top-left (pdfplumber)


@dataclass(frozen=True, slots=True)
class Cell:
    """One table cell.

    ``items`` are the cell's paragraphs and bullets in order, struck-through text already
    removed; ``text`` is the same content joined with newlines.  A cell covered by another
    cell's row/column span appears as ``None`` in its row, unless the extractor expanded the
    span (HTML/DOCX copy a spanning cell into every slot it covers and set ``spanned=True``
    on the copies).
    """

    text: str
    page: int
    bbox: BBox | None = None
    bold: bool = False            # the whole visible text is bold (section rows, RAG words)
    struck: bool = False          # the whole cell was struck through (its text is then "")
    items: tuple[str, ...] = ()   # paragraphs / bullets inside the cell, in order
    bullets: tuple[bool, ...] = ()  # per item: was it a list item / bullet
    struck_chars: int = 0         # characters of struck text dropped from this cell
    fill: str | None = None       # background colour name if recognised ("green", "amber", "red")
    spanned: bool = False         # a copy of a row/col-spanning cell
    page_end: int | None = None   # PDF: last page of a cell joined over a page break (None = ``page``)
    lines: tuple[int, int] | None = None  # text renderings: first and last source line (1-based)
    index: tuple[int, int, int] | None = None  # HTML/DOCX: (table, row, column), 0-based in document order
    struck_text: tuple[str, ...] = ()  # the struck-through pieces dropped from this cell, in order

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


Row = tuple[Cell | None, ...]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    page: int                     # page of the first row
    bbox: BBox | None = None
    ruled: bool | None = None     # PDF: found from ruling lines (True) or text alignment (False)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, heading or list item outside any table."""

    text: str
    page: int
    heading_level: int | None = None  # None = paragraph; 1..6 = heading
    bold: bool = False                # the whole paragraph is bold
    list_item: bool = False           # a bullet / list item
    list_level: int = 0               # nesting depth of a list item (0 = top)
    bbox: BBox | None = None
    struck_chars: int = 0
    blank_lines_before: int = 0       # text renderings: empty lines above this paragraph (a cell/row boundary cue)
    line: int | None = None           # text renderings: 1-based source line of the paragraph
    gap_at: int | None = None         # offset in ``text`` of the first wide gap (2+ spaces/tab) in the source line
    index: int | None = None          # HTML/DOCX: 0-based number of the paragraph in document order
    struck_text: tuple[str, ...] = ()  # the struck-through pieces dropped from this paragraph, in order


Block = Text | Table


def number_paragraphs(blocks: Iterable[Block]) -> tuple[Block, ...]:
    """The blocks with every paragraph's ``index`` set to its 0-based number among the paragraphs
    (``Text`` blocks), in reading order: how HTML and DOCX locate a paragraph.

    >>> [b.index for b in number_paragraphs([Text("a", 1), Table((), 1), Text("b", 1)]) if isinstance(b, Text)]
    [0, 1]
    """
    out: list[Block] = []
    n = 0
    for block in blocks:
        if isinstance(block, Text):
            block = replace(block, index=n)
            n += 1
        out.append(block)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Dropped:
    """Text the extractor removed and no block keeps: page furniture (``kind="furniture"``: running
    headers and footers, page numbers, site navigation; W103) or a paragraph struck through entirely
    (``kind="struck"``; W102).  Struck text inside a kept cell or paragraph is on that block
    (``struck_text``).  ``line`` is the 1-based source line (text renderings), else None."""

    kind: str
    text: str
    page: int
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    source: Path
    format: str                       # "pdf" | "html" | "docx" | "text"
    blocks: tuple[Block, ...]         # in reading order
    pages: int = 1
    warnings: tuple[str, ...] = ()    # coded, see W-constants below
    meta: tuple[tuple[str, str], ...] = ()  # e.g. (("title", "…"),) from the file's own metadata
    failed_pages: tuple[int, ...] = ()  # pages (1-based) that, or a table on which, could not be read (W104)
    dropped: tuple[Dropped, ...] = ()  # text removed with no block to keep it (furniture, struck paragraphs)
    # OCR'd pages (scans): (page, x0, top, x1, bottom, confidence 0..1) of every word, in points
    word_confidence: tuple[tuple[int, float, float, float, float, float], ...] = ()

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def texts(self) -> list[str]:
        """Every paragraph's and every cell's text, in reading order (for searching what was kept)."""
        out: list[str] = []
        for block in self.blocks:
            if isinstance(block, Text):
                out.append(block.text)
            else:
                out.extend(c.text for row in block.rows for c in row if c is not None)
        return out


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs shared by every extractor.  Build with :meth:`resolve`."""

    max_file_mb: float = 200.0        # larger files are refused (ask the user to split them)
    max_pages: int = 2000
    max_seconds: float = 120.0        # per-document deadline of a batch run (E107 past it)
    max_memory_mb: float = 2048.0     # per-document resident-memory ceiling (E108 past it; E106 if a
                                      # parse is estimated to need more before it starts)
    encoding: str | None = None       # force a text/HTML encoding instead of sniffing it
    pdf_table_strategy: str = "auto"  # "auto" | "lines" | "text"
    pdf: PdfSettings | None = None    # the PDF reader's tolerances (extractors/pdf/settings.py); None: defaults
    headers: Path | None = None       # a user's headers file (--headers): more header and label words
    metadata_file: str | None = None  # analyst's CSV path,council,period (pipeline.docmeta.read_metadata_file)
    ocr: str = "auto"                 # scanned PDF pages: "auto" (pages with no text layer) | "never" | "always"

    def __post_init__(self) -> None:
        if self.max_file_mb <= 0:
            raise ValueError("max_file_mb must be positive")
        if self.max_pages <= 0:
            raise ValueError("max_pages must be positive")
        if self.max_seconds <= 0:
            raise ValueError("max_seconds must be positive")
        if self.max_memory_mb <= 0:
            raise ValueError("max_memory_mb must be positive")
        if self.ocr not in {"auto", "never", "always"}:
            raise ValueError("ocr must be 'auto', 'never' or 'always'")
        if self.pdf_table_strategy not in {"auto", "lines", "text"}:
            raise ValueError("pdf_table_strategy must be 'auto', 'lines' or 'text'")

    @classmethod
    def resolve(cls, value: "Settings | dict[str, Any] | None" = None) -> "Settings":
        if value is None:
            return cls()
        if isinstance(value, Settings):
            return value
        return cls(**value)


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\xad"))  # zero-width marks, soft hyphen


def collapse_ws(text: str) -> str:
    """Collapse whitespace (incl. non-breaking spaces) to single spaces, drop invisible characters, strip.

    The one whitespace rule for every extractor and for the pipeline's joins.

    >>> collapse_ws("  a\\u00a0 b\\u200b\\n c ")
    'a b c'
    """
    return " ".join(text.translate(_INVISIBLE).split())


def rgb_to_rag(rgb: tuple[float, float, float] | None) -> str | None:
    """Name a RAG shading from RGB in 0..1: 'green', 'amber' (incl. Word's yellow) or 'red'; else None.

    One classifier for every format (PDF rect fills, HTML/CSS colours, Word shading and font colours).

    >>> rgb_to_rag((0.0, 0.69, 0.31)), rgb_to_rag((1.0, 0.75, 0.0)), rgb_to_rag((0.85, 0.85, 0.85))
    ('green', 'amber', None)
    """
    if rgb is None:
        return None
    r, g, b = rgb
    if max(r, g, b) - min(r, g, b) < 0.25:  # grey/white/black: header shading, not RAG
        return None
    if r >= 0.7 and g <= 0.45 and b <= 0.45:
        return "red"
    if r >= 0.8 and 0.45 < g <= 1.0 and b <= 0.5:
        return "amber"
    if g >= 0.45 and r <= 0.65 and b <= 0.6 and g > r + 0.15:
        return "green"
    return None


def struck_runs(parts: Iterable[tuple[str, bool]]) -> tuple[str, ...]:
    """The struck-through runs of a paragraph given as (text, struck) parts: each run of adjacent
    struck parts is one piece, whitespace collapsed (HTML ``<s>``/``<del>``, Word ``w:strike`` runs).

    >>> struck_runs([("Keep ", False), ("old", True), (" text", True), (" new", False), ("x", True)])
    ('old text', 'x')
    """
    pieces: list[str] = []
    run: list[str] = []
    for text, struck in [*parts, ("", False)]:
        if struck or (run and text and not text.strip()):  # spaces between struck parts stay in the run
            run.append(text)
            continue
        if piece := collapse_ws("".join(run)):
            pieces.append(piece)
        run = []
    return tuple(pieces)


_RAG_NAMES = {"green": "green", "red": "red", "amber": "amber", "orange": "amber", "yellow": "amber"}


def rag_fill_name(value: str) -> str | None:
    """RAG name of a CSS colour name or ``#rrggbb`` value (HTML styles, Word ``w:fill``/``w:color``).

    >>> rag_fill_name("#00B050"), rag_fill_name("#FFC000"), rag_fill_name("#FFD966"), rag_fill_name("#EAF2FA")
    ('green', 'amber', 'amber', None)
    """
    value = value.strip().lower()
    if value in _RAG_NAMES:
        return _RAG_NAMES[value]
    hexm = re.search(r"#([0-9a-f]{6})\b", value)
    if not hexm:
        return None
    return rgb_to_rag(tuple(int(hexm.group(1)[i:i + 2], 16) / 255 for i in (0, 2, 4)))  # type: ignore[arg-type]


class ExtractError(Exception):
    """A file could not be turned into a Layout.  The message names the file and what to do."""

    code: ClassVar[str] = "E100"


class UnsupportedFormat(ExtractError):
    code = "E101"


class DamagedFile(ExtractError):
    code = "E102"


class EncryptedFile(ExtractError):
    code = "E103"


class NoTextLayer(ExtractError):
    """A scanned PDF: pages are images, there is no text to extract."""

    code = "E104"


class EmptyFile(ExtractError):
    code = "E105"


class FileTooLarge(ExtractError):
    """Over a size limit before or while opening: file size, pages, zip contents, parse memory."""

    code = "E106"


class TimedOut(ExtractError):
    """A batch stopped the document at ``Settings.max_seconds`` (never raised by an extractor)."""

    code = "E107"


class OverMemoryCeiling(ExtractError):
    """A batch stopped the document at ``Settings.max_memory_mb`` resident (never raised by an extractor)."""

    code = "E108"


class UnreadableFile(ExtractError):
    """The file could not be read: permission denied, vanished, or an I/O error."""

    code = "E109"


class Extractor(Protocol):
    format: ClassVar[str]

    def sniff(self, head: bytes) -> bool:
        """Return True if ``head`` (the first 2 KiB of a file) looks like this format."""
        ...

    def extract(self, path: Path, settings: Settings) -> Layout:
        ...


# Warning codes (spaCy errors.py style): what happened to the content, never silent.
W101 = "W101 page {page}: {n} table rows with no header row above them were not read as records"
W102 = "W102 page {page}: {n} characters of struck-through text dropped"
W103 = "W103 {n} running header/footer lines removed ({text!r})"
W104 = "W104 page {page}: table could not be read: {error}"
W113 = "W113 page {page} could not be read and was skipped, its text is missing from the records: {error}"
W105 = "W105 text decoded as {encoding} (not UTF-8); check accented characters"
W109 = ("W109 page {page}: {n} rows of a {kind} had one cell fewer than the widest row; "
        "an empty cell was added (row numbers {rows})")
W106 = ("W106 page {page}: tables' row/column spans cut to fit: {spans} cells' spans shortened, {dropped} cells "
        "pushed past a table's last column dropped")
W107 = ("W107 {n} entity references ({names}) in the Word XML were not expanded (external content is "
        "never read); the text around them is kept")
W108 = "W108 page {page}: {n} tables nested more than {limit} deep read as cell text, not as tables"
# Written by pipeline/run.py: what a parsing library reported (logging or Python warnings) while reading.
W120 = "W120 {n} messages from {library} while reading the file, e.g. {example!r}"
# Written by pipeline/reading/ (what the reader set aside), listed here with the extractors' codes.
W110 = "W110 {n} paragraphs outside any table or section were not used"   # retired: see pipeline/account.py
W111 = ("W111 {n} rows or paragraphs with no action of their own and none open above them "
        "(after a new section or table) were dropped")


# --- the code registry: what every code means and what to do about it ---------------------------------------
# `council-extract codes`, docs/codes.md and reports read these (with pipeline/codes.py adding the pipeline's).


@dataclass(frozen=True, slots=True)
class Code:
    """One error (E) or warning (W) code: what it means and what the user can do."""

    code: str       # "E101", "W103"
    meaning: str    # what happened, in one sentence
    action: str     # what to do about it


EXTRACTOR_CODES: tuple[Code, ...] = (
    Code("E100", "The file could not be read (no more specific reason known).",
         "Check that the file exists and is readable; the message names the cause."),
    Code(UnsupportedFormat.code, "The file is not PDF, DOCX, XLSX/XLSM, ODS, HTML or text, or not what its name "
         "says (an old .doc or .xls, a zip with no document in it, a binary file).",
         "Save or export the report as PDF, .docx, .xlsx, .ods, HTML or text and run it again."),
    Code(DamagedFile.code, "The file is damaged or truncated and its content could not be parsed.",
         "Download or export the file again; open and re-save it in Word or a PDF viewer."),
    Code(EncryptedFile.code, "The file is password-protected.",
         "Save an unprotected copy and run that."),
    Code(NoTextLayer.code, "A scanned PDF whose pages could not be read by OCR: Tesseract is not installed, or "
         "--ocr never was given.",
         "Install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng) and run again "
         "with --ocr auto (the default)."),
    Code(EmptyFile.code, "The file is empty or holds no text.",
         "Nothing to extract; check that the right file was saved."),
    Code(TimedOut.code, "Reading the file took longer than the per-document deadline (--max-seconds).",
         "It is not retried while unchanged; raise --max-seconds and run with --retry-failed, or split the file."),
    Code(OverMemoryCeiling.code, "Reading the file needed more memory than the per-document ceiling (--max-memory-mb).",
         "It is not retried while unchanged; raise --max-memory-mb and run with --retry-failed, or split the file."),
    Code(UnreadableFile.code, "The file could not be opened (permissions, or it vanished during the run).",
         "Check its permissions (chmod a+r) and run again."),
    Code(FileTooLarge.code, "The file is over a size limit: file size, page count, characters on a page, or "
         "the memory its parse would need (the message names which).",
         "Split the file, or raise that limit (run --max-file-mb, --max-pages, --max-chars-per-page or "
         "--max-memory-mb) and run again with --retry-failed."),
    Code("W101", "Table rows with no header row above them were not read as records.",
         "Check the page named: if those rows are actions, their header words may be missing from "
         "pipeline/patterns (docs/patterns.md)."),
    Code("W102", "Struck-through text was dropped (a deleted action or word, as the report marks it).",
         "Nothing, unless the strike-through was formatting rather than deletion; records say where "
         "(flags struck_text_dropped:N)."),
    Code("W103", "Running headers/footers (page furniture, site navigation) were removed.",
         "Nothing; the message quotes the text removed."),
    Code("W104", "One table could not be read; the rest of the page was.",
         "Check the page named; re-export the PDF if a table there is missing from the records."),
    Code("W113", "A whole page could not be read and was skipped (documents.failed_pages, status partial).",
         "Check that page in the file; re-export the PDF if its text is needed."),
    Code("W105", "The text was not UTF-8 and was decoded with a fallback encoding.",
         "Check accented characters and £ signs; force the encoding with Settings.encoding if wrong."),
    Code("W106", "Row or column spans that ran past their table were cut to fit (rowspan=\"0\", huge colspans).",
         "Check the table named; the cells kept are as the page lays them out."),
    Code("W107", "Entity references in Word XML were not expanded (external content is never read).",
         "Nothing; the text around them is kept.  Re-save the document in Word if text is missing."),
    Code("W108", "Tables nested deeper than the limit were read as the text of their cell.",
         "Nothing, unless a nested table held the actions; then save that table on its own."),
    Code("W109", "Rows of a table spelled out in plain text had one cell fewer than the others; an empty cell "
         "was added (at the end, or at the start of an indented row).",
         "Check those rows' fields against the file; the pipeline re-reads the cells by their content."),
    Code("W110", "Paragraphs outside any table or section were not used (no longer written: it was on every "
         "document; the account, documents.chars_prose and W130-W133, says where text went).",
         "Nothing; datasets written before the account may still carry it."),
    Code("W111", "Rows or paragraphs with no action of their own and none open above them were dropped.",
         "Check the document's first rows after a new section or table: a title column may be empty."),
    # Workbooks (extractors/xlsx.py) and scanned pages (extractors/pdf/ocr.py).
    Code("W150", "Hidden sheets of a workbook were skipped (the message names them).",
         "Nothing, unless a hidden sheet holds actions: unhide it in Excel or LibreOffice and run again."),
    Code("W151", "Hidden rows or columns of a sheet were skipped.",
         "Nothing, unless they hold actions: unhide them and run again."),
    Code("W152", "A sheet has more rows than are read from one sheet; the rows after the limit were not read.",
         "Split the sheet, or delete the empty rows that stretch it, and run again."),
    Code("W153", "A workbook's cell colours, bold and hidden rows could not be read (too large or unreadable "
         "for openpyxl); values were read without them.",
         "Check RAG statuses shown only as cell colour; save a smaller workbook if they matter."),
    Code("W154", "Pages without a text layer (scans) were read by OCR; records' confidence carries the OCR "
         "words' confidence.",
         "Check the records with low confidence (`order by confidence`) against the page pictures (review)."),
    Code("W155", "Pages without a text layer were not read because Tesseract is not installed.",
         "Install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng) and run again "
         "with --retry-failed or --force."),
)

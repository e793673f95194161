"""PDF extractor (pdfplumber): one PDF -> :class:`~extractors.base.Layout`.

Council appendices are mostly Word exports: landscape tables with ruling lines, a header row
repeated on every page, rows that run over a page break, bullets inside cells, bold full-width
section rows, RAG shown as cell shading, struck-through text, running headers and "Page X of Y"
footers.  Some are unruled (columns by whitespace only).  The package reads them in stages, each
its own module:

- ``objects``: the page's objects as pdfplumber builds them, with less work per object;
- ``words``: words (with fonts) and lines, struck-through characters dropped, bullets recognised;
- ``cells``: a cell from its words (paragraphs, bullets, bold, RAG fill), shading read from the page;
- ``ruled`` and ``unruled``: the table flavours, each a ``page -> tables`` function (``content``);
- ``page``: one page -> blocks (the page turned upright, the flavours in turn, text around them);
- ``furniture``: text blocks, headings, running headers/footers and page numbers;
- ``stitch``: tables joined over pages (repeated headers dropped, split rows merged);
- ``settings``: every tolerance, named with axis and unit, in a frozen :class:`PdfSettings`.

Each page is closed after use, so memory does not grow with the page count.

>>> layout = PdfExtractor().extract(Path("tests/data/pdf/seed-001-ruled.pdf"), Settings())  # doctest: +SKIP
>>> layout.tables()[0].rows[0][0].text                                                     # doctest: +SKIP
'As a Community Leader'
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from extractors.base import (
    W102,
    W103,
    W113,
    Block,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    FileTooLarge,
    Layout,
    NoTextLayer,
    Settings,
    rgb_to_rag,
)
from extractors.pdf.cells import Geometry, color_to_rgb
from extractors.pdf.furniture import furniture_keys, is_page_number
from extractors.pdf.objects import fast_objects
from extractors.pdf.ocr import INSTALL_HINT, OcrRun, deadline_of, ocr_page_out, should_ocr
from extractors.pdf.page import PageOut, page_to_out
from extractors.pdf.settings import PdfSettings, pdf_settings_of, with_pdf_settings
from extractors.pdf.stitch import stitch_blocks

DIGITS_RE = re.compile(r"\d+")


def pages_to_blocks(pages: list[PageOut], settings: PdfSettings) -> tuple[list[Block], list[str]]:
    """Pages -> the document's blocks: furniture removed (W103), tables joined over pages."""
    keys = furniture_keys([{key for _, key in p.furniture} for p in pages], settings)
    removed: Counter[str] = Counter()
    seen_body: set[str] = set()
    sequence: list[tuple[Block, tuple[float, ...] | None]] = []
    warnings: list[str] = []
    for p in pages:
        drop = set()
        for idx, key in p.furniture:
            text = p.blocks[idx][1].text  # type: ignore[union-attr]
            if key.startswith("M"):
                furniture = key in keys or is_page_number(text)
            else:  # a repeated body block: keep its first occurrence (a title), drop the repeats
                furniture = key in keys and key in seen_body
                seen_body.add(key)
            if furniture:
                drop.add(idx)
                removed[DIGITS_RE.sub("#", text)] += 1
        order = sorted((top, i) for i, (top, _) in enumerate(p.blocks) if i not in drop)
        for _, i in order:
            sequence.append((p.blocks[i][1], p.table_cols.get(i)))
        warnings.extend(p.warnings)
        if p.struck_chars:
            warnings.append(W102.format(page=p.number, n=p.struck_chars))
    for text, n in removed.most_common():
        warnings.append(W103.format(n=n, text=text))
    geom: Geometry = {}
    for p in pages:
        geom.update(p.geom)
    return stitch_blocks(sequence, settings, geom), warnings


class PageTooDense(Exception):
    """A page with more characters than ``PdfSettings.max_chars_per_page`` (`run --max-chars-per-page`)."""


@dataclass(slots=True)
class DensityCheck:
    """Counts a page's characters (with pdfium, in C: 0.3 s for 269k characters) before pdfplumber reads
    it (20 s and more), for pages with much drawing code only."""

    path: Path
    settings: PdfSettings
    _pdfium: Any = None

    def check(self, page: Any, index: int) -> None:
        """Raise PageTooDense if the page (0-based ``index``) has too many characters to read."""
        if stream_bytes(page) < self.settings.char_count_min_stream_kb * 1024:
            return
        try:
            if self._pdfium is None:
                import pypdfium2

                self._pdfium = pypdfium2.PdfDocument(str(self.path))
            pdfium_page = self._pdfium[index]
            textpage = pdfium_page.get_textpage()
            n = textpage.count_chars()
            textpage.close()
            pdfium_page.close()
        except Exception:  # noqa: BLE001 - no count: pdfplumber reads the page as it would anyway
            return
        if n > self.settings.max_chars_per_page:
            raise PageTooDense(f"{n:,} characters on one page is over the limit of "
                               f"{self.settings.max_chars_per_page:,} (--max-chars-per-page); "
                               "the page was not read")

    def close(self) -> None:
        if self._pdfium is not None:
            self._pdfium.close()


def stream_bytes(page: Any) -> int:
    """Bytes of the page's content streams as stored (compressed), without decoding them."""
    from pdfminer.pdftypes import resolve1

    total = 0
    for stream in getattr(page.page_obj, "contents", None) or ():
        total += len(getattr(resolve1(stream), "rawdata", None) or b"")
    return total


def open_pdf(path: Path) -> Any:
    """Open a PDF with pdfplumber, turning its errors into ours (encrypted, cut short, not a PDF)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(path)
    except PdfminerException as e:
        inner = e.args[0] if e.args else e
        if isinstance(inner, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(inner).lower() \
                or "encrypt" in str(inner).lower():
            raise EncryptedFile(
                f"{path.name}: the PDF is password-protected or uses unsupported encryption; "
                "save an unprotected copy (e.g. print to PDF) and run again"
            ) from e
        what = "the file is cut short (an interrupted download?)" if type(inner).__name__ == "PSEOF" \
            else f"not a readable PDF ({type(inner).__name__}: {inner})"
        raise DamagedFile(f"{path.name}: {what}; re-download or re-export the file") from e
    except Exception as e:
        raise DamagedFile(f"{path.name}: not a readable PDF ({type(e).__name__}: {e}); "
                          "re-download or re-export the file") from e
    # pdfminer keeps every object it parsed, decoded content streams included, so memory would
    # grow with the file; the fonts it needs again are cached by the resource manager anyway.
    pdf.doc.caching = False
    return pdf


@dataclass(slots=True)
class PagesRead:
    """What reading every page of a PDF gave: the pages, document warnings, why pages failed."""

    pages: list[PageOut]
    warnings: list[str]
    failures: list[str]           # one per page that could not be read ("" = damaged, else too dense)
    meta: list[tuple[str, str]]
    ocr: OcrRun | None = None     # pages read by OCR (scans), their word confidences


def read_pages(pdf: Any, path: Path, settings: Settings, pdf_settings: PdfSettings) -> PagesRead:
    """Read each page in turn, closing it after use; a page that fails is reported (W104) and skipped."""
    try:
        plist = pdf.pages
    except Exception as e:
        raise DamagedFile(f"{path.name}: the page tree cannot be read ({type(e).__name__}: {e}); "
                          "re-download or re-export the file") from e
    if len(plist) > settings.max_pages:
        raise FileTooLarge(f"{path.name}: {len(plist)} pages is over the {settings.max_pages}-page limit; "
                           "split the file or raise --max-pages")
    out = PagesRead([], [], [], [], OcrRun(deadline_of(settings, time.monotonic())))
    title = pdf.metadata.get("Title") if isinstance(pdf.metadata, dict) else None
    if isinstance(title, str) and title.strip():
        out.meta.append(("title", title.strip()))
    density = DensityCheck(path, pdf_settings)
    carried: tuple[float, ...] | None = None  # columns of the last unruled table
    try:
        for i, page in enumerate(plist, start=1):
            try:
                fast_objects(page)  # the same objects as pdfplumber's, for about half its work (objects.py)
                density.check(page, i - 1)
                po = page_to_out(page, i, settings, carried, pdf_settings)
                if out.ocr is not None and should_ocr(po.n_words, settings):  # a scan (extractors/pdf/ocr.py)
                    po = ocr_page_out(path, page, i, settings, carried, pdf_settings, out.ocr) or po
                out.pages.append(po)
                # Columns carry over only to the next page, and only from a page that ends in an
                # unruled table (003: a page of progress paragraphs continuing the table).
                carried = po.last_unruled_columns()
            except Exception as e:  # noqa: BLE001 - a damaged page is reported, the rest is kept
                dense = isinstance(e, PageTooDense)
                out.failures.append(str(e) if dense else "")
                out.warnings.append(W113.format(page=i, error=e if dense else f"{type(e).__name__}: {e}"))
                out.pages.append(PageOut(i, float(getattr(page, "height", 0) or 0), failed=True))
                carried = None
            finally:
                page.close()
            plist[i - 1] = None  # let the page object go
    finally:
        density.close()
    return out


def content_streams_damaged(path: Path, max_pages: int = 50) -> bool:
    """True if the first pages' content streams whose first filter is Flate do not inflate.

    pdfminer turns an undecodable stream into empty data without a word, so a PDF whose streams are
    damaged looks like a scan (no text); inflating the raw bytes here tells the two apart.
    """
    import zlib

    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    try:
        with path.open("rb") as f:
            doc = PDFDocument(PDFParser(f))
            for n, page in enumerate(PDFPage.create_pages(doc)):
                if n >= max_pages:
                    break
                contents = resolve1(page.attrs.get("Contents"))
                for stream in contents if isinstance(contents, list) else [contents]:
                    stream = resolve1(stream)
                    filters: list[tuple[object, object]] = getattr(stream, "get_filters", list)()
                    # only a stream whose raw bytes are Flate data: [/ASCII85Decode /FlateDecode] is text first
                    if filters and "FlateDecode" in str(filters[0][0]):
                        try:
                            zlib.decompress(stream.rawdata)
                        except zlib.error:
                            return True
    except Exception:  # noqa: BLE001 - a file this check cannot parse was already read above
        return False
    return False


def no_text_advice(ocr: OcrRun | None) -> str:
    """What to do about a PDF with no words at all, by what OCR did (extractors/pdf/ocr.py)."""
    if ocr is not None and ocr.missing:
        return INSTALL_HINT
    if ocr is not None and ocr.read:
        return "OCR (Tesseract) found no legible words on its pages either; check the file shows text"
    return "run with --ocr auto (the default) to read it by OCR"


def pdf_to_layout(path: Path, settings: Settings) -> Layout:
    """Extract one PDF into a Layout (see module docstring)."""
    if path.stat().st_size == 0:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes); nothing to extract")
    pdf_settings = pdf_settings_of(settings)
    if pdf_settings.backend == "pdfium":
        from extractors.pdf.backend_pdfium import read_pages_pdfium

        read = read_pages_pdfium(path, settings, pdf_settings)
    else:
        pdf = open_pdf(path)
        try:
            read = read_pages(pdf, path, settings, pdf_settings)
        finally:
            # Not pdf.close(): it forgets the page list, rebuilds every page and closes it again.
            if not pdf.stream_is_external:
                pdf.stream.close()
    n_pages = len(read.pages)
    if n_pages == 0:
        raise DamagedFile(f"{path.name}: the PDF has no pages; re-download or re-export the file")
    if len(read.failures) == n_pages and all(read.failures):
        raise FileTooLarge(f"{path.name}: {read.failures[0]}; split the file's pages or raise that limit")
    if len(read.failures) == n_pages:
        raise DamagedFile(f"{path.name}: none of its {n_pages} pages could be read ({read.warnings[0]}); "
                          "re-download or re-export the file")
    if sum(p.n_words for p in read.pages) == 0:
        if content_streams_damaged(path):
            raise DamagedFile(
                f"{path.name}: the pages' content streams are damaged (they do not decompress), so no text "
                "can be read; re-download or re-export the file"
            )
        raise NoTextLayer(
            f"{path.name}: no text layer on any of its {n_pages} pages (a scan?); "
            + no_text_advice(read.ocr)
        )
    blocks, page_warnings = pages_to_blocks(read.pages, pdf_settings)
    return Layout(
        source=path,
        format="pdf",
        blocks=tuple(blocks),
        pages=n_pages,
        warnings=tuple(read.warnings + page_warnings + (read.ocr.warnings() if read.ocr else [])),
        meta=tuple(read.meta),
        failed_pages=tuple(p.number for p in read.pages if p.failed),
        word_confidence=tuple(read.ocr.words) if read.ocr else (),
    )


class PdfExtractor:
    format: ClassVar[str] = "pdf"

    def sniff(self, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def extract(self, path: Path, settings: Settings) -> Layout:
        return pdf_to_layout(Path(path), Settings.resolve(settings))


__all__ = [
    "PdfExtractor", "PdfSettings", "color_to_rgb", "is_page_number", "page_to_out", "pdf_settings_of",
    "pdf_to_layout", "rgb_to_rag", "with_pdf_settings",
]

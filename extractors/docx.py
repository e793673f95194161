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
import zipfile
from pathlib import Path
from typing import IO, ClassVar

from extractors.base import (
    W102,
    W107,
    DamagedFile,
    EncryptedFile,
    FileTooLarge,
    Layout,
    Settings,
    UnreadableFile,
    UnsupportedFormat,
    number_paragraphs,
)
from extractors.docx_body import BodyReader, has_rendered_breaks
from extractors.docx_styles import Styles
from extractors.title_block import docx_title_lines, mark_title_lines

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
    reader = BodyReader(Styles(document.styles.element), has_rendered_breaks(document.element.body))
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

"""File formats -> :class:`~extractors.base.Layout`.  One module per format; chosen by content.

>>> from extractors import extractor_for
>>> extractor_for(Path("report.pdf")).format      # doctest: +SKIP
'pdf'
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from extractors.base import (
    Cell,
    DamagedFile,
    EmptyFile,
    EncryptedFile,
    ExtractError,
    Extractor,
    FileTooLarge,
    Layout,
    NoTextLayer,
    OverMemoryCeiling,
    Settings,
    Table,
    Text,
    TimedOut,
    UnreadableFile,
    UnsupportedFormat,
)
from extractors.docx import DocxExtractor
from extractors.entities import EntityExpansion, refuse_entity_expansion
from extractors.html import HtmlExtractor
from extractors.pdf import PdfExtractor
from extractors.text import DATA_FILE_START, TextExtractor
from extractors.xlsx import OdsExtractor, XlsxExtractor, is_workbook_zip

# Sniff order matters: binary formats first, text last (it accepts anything that decodes).
# Workbooks before Word: both are zip packages with a [Content_Types].xml.
EXTRACTORS: tuple[Extractor, ...] = (PdfExtractor(), XlsxExtractor(), OdsExtractor(), DocxExtractor(), HtmlExtractor(),
                                     TextExtractor())
FORMATS: tuple[str, ...] = tuple(e.format for e in EXTRACTORS)
SNIFF_BYTES = 2048
# A name that promises one of the formats, for the message when the content is none of them.
SUFFIX_FORMATS = {".pdf": "a PDF", ".docx": "a Word document", ".xlsx": "an Excel workbook",
                  ".ods": "an OpenDocument spreadsheet", ".html": "a web page", ".htm": "a web page"}
# Bytes a text file does not hold (tab, line feed, vertical tab, form feed and carriage return are text).
_CONTROL_BYTE = re.compile(rb"[\x00-\x08\x0e-\x1f]")


def not_text_reason(head: bytes) -> str:
    """Why the text extractor refuses ``head`` (a file's first bytes): which byte, at which offset.

    >>> not_text_reason(b"Equality Action Plan\x00 2024"), not_text_reason(b'{"records": []}')
    ('byte 0x00 at offset 20 is a control character, not text (1 such bytes in the first 2048)', 'it starts like JSON or XML data, not a report')
    """
    if DATA_FILE_START.match(head):
        return "it starts like JSON or XML data, not a report"
    controls = list(_CONTROL_BYTE.finditer(head))
    if controls:
        first = controls[0].start()
        return (f"byte 0x{head[first]:02x} at offset {first} is a control character, not text "
                f"({len(controls)} such bytes in the first {SNIFF_BYTES})")
    return "no format's signature matched"


def extractor_for(path: Path) -> Extractor:
    """Return the extractor for ``path``, chosen from its first bytes (the suffix is only a hint)."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes); nothing to extract")
    if head.startswith(b"PK\x03\x04") and b"word/" not in head and is_workbook_zip(path):  # xl/ past the head
        return EXTRACTORS[2] if b"mimetype" in head[:40] else EXTRACTORS[1]
    for extractor in EXTRACTORS:
        if extractor.sniff(head):
            return extractor
    named = SUFFIX_FORMATS.get(path.suffix.lower())
    if named:
        raise UnsupportedFormat(
            f"{path.name}: named {path.suffix} but its content is not {named}: the file is damaged, or another "
            "kind of file saved under that name; open it to check, or get the report again from its source"
        )
    raise UnsupportedFormat(
        f"{path.name}: not {', '.join(f.upper() for f in FORMATS[:-1])} or text ({not_text_reason(head)}; "
        f"it starts {head[:8]!r}); convert it to one of these formats first"
    )


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder"),
)


def special_file_kind(mode: int) -> str | None:
    """Name what a non-regular file is (from ``os.stat().st_mode``), or None for a regular file.

    Such files are never opened: reading a FIFO blocks until someone writes to it, a device never ends.

    >>> import os; special_file_kind(os.stat("/dev/null").st_mode), special_file_kind(os.stat(__file__).st_mode)
    ('a character device', None)
    """
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a regular file")


def extract(path: Path, settings: Settings | None = None) -> Layout:
    """Turn one file into a Layout, refusing special files and files over ``settings.max_file_mb``.

    Raises :class:`UnreadableFile` (E109) if the file cannot be read, :class:`UnsupportedFormat`
    for a FIFO, socket or device (never opened), :class:`EntityExpansion` (E112) for XML entities
    built from entities (:mod:`extractors.entities`), and the extractors' own errors.
    """
    settings = Settings.resolve(settings)
    try:
        st = path.stat()
    except OSError as e:
        raise UnreadableFile(
            f"{path.name}: cannot be read ({e.strerror}); check that it still exists and is readable"
        ) from e
    kind = special_file_kind(st.st_mode)
    if kind:
        raise UnsupportedFormat(f"{path.name}: is {kind}, not a regular file; not opened")
    size_mb = st.st_size / 1e6
    if size_mb > settings.max_file_mb:
        raise FileTooLarge(
            f"{path.name}: {size_mb:.0f} MB is over the {settings.max_file_mb:.0f} MB limit; "
            "split the file or raise --max-file-mb"
        )
    try:
        extractor = extractor_for(path)
    except OSError as e:
        raise UnreadableFile(f"{path.name}: cannot be read ({e.strerror}); check its permissions") from e
    refuse_entity_expansion(path, extractor.format)
    return extractor.extract(path, settings)


__all__ = [
    "EXTRACTORS",
    "FORMATS",
    "Cell",
    "DamagedFile",
    "EmptyFile",
    "EncryptedFile",
    "EntityExpansion",
    "ExtractError",
    "Extractor",
    "FileTooLarge",
    "Layout",
    "NoTextLayer",
    "OverMemoryCeiling",
    "Settings",
    "Table",
    "Text",
    "TimedOut",
    "UnreadableFile",
    "UnsupportedFormat",
    "extract",
    "extractor_for",
    "not_text_reason",
    "special_file_kind",
]

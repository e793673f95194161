"""File formats -> :class:`~extractors.base.Layout`.  One module per format; chosen by content.

>>> from extractors import extractor_for
>>> extractor_for(Path("report.pdf")).format      # doctest: +SKIP
'pdf'
"""

from __future__ import annotations

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
    Settings,
    Table,
    Text,
    UnsupportedFormat,
)
from extractors.docx import DocxExtractor
from extractors.html import HtmlExtractor
from extractors.pdf import PdfExtractor
from extractors.text import TextExtractor

# Sniff order matters: binary formats first, text last (it accepts anything that decodes).
EXTRACTORS: tuple[Extractor, ...] = (PdfExtractor(), DocxExtractor(), HtmlExtractor(), TextExtractor())
FORMATS: tuple[str, ...] = tuple(e.format for e in EXTRACTORS)
SNIFF_BYTES = 2048


def extractor_for(path: Path) -> Extractor:
    """Return the extractor for ``path``, chosen from its first bytes (the suffix is only a hint)."""
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    if not head:
        raise EmptyFile(f"{path.name}: the file is empty (0 bytes); nothing to extract")
    for extractor in EXTRACTORS:
        if extractor.sniff(head):
            return extractor
    raise UnsupportedFormat(
        f"{path.name}: not {', '.join(f.upper() for f in FORMATS[:-1])} or text "
        f"(starts {head[:8]!r}); convert it to one of these formats first"
    )


def extract(path: Path, settings: Settings | None = None) -> Layout:
    """Turn one file into a Layout, refusing files over ``settings.max_file_mb``."""
    settings = Settings.resolve(settings)
    size_mb = path.stat().st_size / 1e6
    if size_mb > settings.max_file_mb:
        raise FileTooLarge(
            f"{path.name}: {size_mb:.0f} MB is over the {settings.max_file_mb:.0f} MB limit; "
            "split the file or raise --max-file-mb"
        )
    return extractor_for(path).extract(path, settings)


__all__ = [
    "Cell", "DamagedFile", "EXTRACTORS", "EmptyFile", "EncryptedFile", "ExtractError", "Extractor",
    "FORMATS", "FileTooLarge", "Layout", "NoTextLayer", "Settings", "Table", "Text", "UnsupportedFormat",
    "extract", "extractor_for",
]

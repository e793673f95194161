"""PDF extractor (pdfplumber).  Being built under issue #3: sniffing works, extraction refuses."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from extractors.base import Layout, Settings, UnsupportedFormat


class PdfExtractor:
    format: ClassVar[str] = "pdf"

    def sniff(self, head: bytes) -> bool:
        return b"%PDF-" in head[:1024]

    def extract(self, path: Path, settings: Settings) -> Layout:
        raise UnsupportedFormat(f"{path.name}: PDF extraction is not available in this build")

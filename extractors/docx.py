"""Word (.docx) extractor (python-docx).  Being built under issue #4: sniffing works, extraction refuses."""
from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from extractors.base import Layout, Settings, UnsupportedFormat


class DocxExtractor:
    format: ClassVar[str] = "docx"

    def sniff(self, head: bytes) -> bool:
        return head.startswith(b"PK\x03\x04") and (b"word/" in head or b"[Content_Types].xml" in head)

    def extract(self, path: Path, settings: Settings) -> Layout:
        raise UnsupportedFormat(f"{path.name}: DOCX extraction is not available in this build")

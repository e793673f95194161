"""HTML extractor (beautifulsoup4 + lxml).  Being built under issue #4: sniffing works, extraction refuses."""
from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from extractors.base import Layout, Settings, UnsupportedFormat

_HTML_HEAD = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)


class HtmlExtractor:
    format: ClassVar[str] = "html"

    def sniff(self, head: bytes) -> bool:
        return bool(_HTML_HEAD.match(head.lstrip(b"\xef\xbb\xbf")))

    def extract(self, path: Path, settings: Settings) -> Layout:
        raise UnsupportedFormat(f"{path.name}: HTML extraction is not available in this build")

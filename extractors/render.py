"""Pictures of a source file's pages, for showing a record beside where it was read (``council-extract review``).

PDF pages are rendered with pypdfium2 (Google's PDFium, the renderer Chrome uses; pdfplumber already
depends on it).  Nothing here knows about records: the caller outlines cells on the picture by their
bounding boxes, which are in PDF points from the page's top-left corner (as pdfplumber gives them),
so a box at ``(x0, top, x1, bottom)`` sits at ``x0 / width_pt`` of the picture's width, and so on.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from extractors.base import DamagedFile

PAGE_WIDTH_PX = 1000      # width of a rendered page picture; a landscape A4 page is then ~1.2 px per point
JPEG_QUALITY = 80         # page pictures are photographs of text: JPEG at this quality stays legible


@dataclass(frozen=True, slots=True)
class PagePicture:
    """One rendered page: the picture's bytes and MIME type, and the page's size in PDF points."""

    page: int                 # 1-based
    data: bytes
    mime: str                 # "image/jpeg"
    width_pt: float
    height_pt: float


def render_pdf_pages(path: Path, pages: Iterable[int], width_px: int = PAGE_WIDTH_PX) -> dict[int, PagePicture]:
    """Render the given 1-based pages of a PDF to JPEG pictures ``width_px`` wide; pages past the end are skipped.

    >>> pics = render_pdf_pages(Path("tests/data/pdf/seed-004-ruled.pdf"), [1, 99])
    >>> sorted(pics), pics[1].mime, round(pics[1].width_pt), round(pics[1].height_pt)
    ([1], 'image/jpeg', 842, 595)
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as e:
        raise DamagedFile(f"{path.name}: its pages could not be rendered ({e})") from e
    out: dict[int, PagePicture] = {}
    try:
        for number in sorted(set(pages)):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            width_pt, height_pt = page.get_size()
            image = page.render(scale=width_px / width_pt).to_pil().convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
            out[number] = PagePicture(number, buffer.getvalue(), "image/jpeg", width_pt, height_pt)
            page.close()
    finally:
        pdf.close()
    return out

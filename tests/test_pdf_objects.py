"""extractors/pdf/objects.py builds the same page objects as pdfplumber's own ``Page.process_object``.

Every page of the in-repo test PDFs (ruled and unruled grids, shading, rotated pages, struck text) is
parsed once and its layout objects turned into dicts both ways: the dicts must be equal, in the same
order, with the same keys in the same order.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import DATA
from pdfplumber.page import Page

from extractors.pdf.objects import MIRRORED_VERSIONS, fast_objects

PDFS = sorted((DATA / "pdf").glob("*.pdf"))


def keyed(objects: dict[str, list[dict]]) -> list[tuple[str, list[list[str]]]]:
    return [(kind, [list(o) for o in objs]) for kind, objs in objects.items()]


@pytest.mark.skipif(pdfplumber.__version__ not in MIRRORED_VERSIONS, reason="pdfplumber's own method is used")
@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_objects_equal_pdfplumbers(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            theirs = Page.parse_objects(page)     # pdfplumber's process_object (the page's layout is cached)
            ours = fast_objects(page).parse_objects()
            assert "process_object" in vars(page)  # the page really uses objects.process_object
            assert ours == theirs, f"page {page.page_number}"
            assert keyed(ours) == keyed(theirs), f"page {page.page_number}"
            assert sum(map(len, ours.values())) > 0


def test_objects_of_a_ruled_page() -> None:
    """The first page of seed-001-ruled.pdf: its title's first character and its rules."""
    with pdfplumber.open(DATA / "pdf" / "seed-001-ruled.pdf") as pdf:
        page = fast_objects(pdf.pages[0])
        first = page.chars[0]
        assert "".join(c["text"] for c in page.chars[:26]) == "Equalities Actions UpdateA"
        assert (first["object_type"], first["fontname"], first["size"], first["upright"]) == \
            ("char", "AAAAAA+BitstreamVeraSans-Bold", 15.0, True)
        assert (first["ncs"], first["non_stroking_color"]) == ("DeviceRGB", (0.0, 0.0, 0.0))
        assert (len(page.rects), len(page.lines)) == (1, 21)

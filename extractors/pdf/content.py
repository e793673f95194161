"""What every table flavour reads from one page, and what it gives back (the ``page -> blocks`` interface).

A flavour is a function ``(PageContent, words) -> FlavourResult``: it takes the page and the words no
earlier flavour has used, and returns the tables it found plus the words it left.  The page reader
(``extractors/pdf/page.py``) runs the flavours in turn (ruled, then unruled) and makes text blocks of
what is left; ``extractors/pdf/stitch.py`` then joins tables over pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from extractors.base import Table
from extractors.pdf.cells import Geometry, Shade
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import Word


@dataclass(slots=True)
class PageContent:
    """One page as the flavours see it (coordinates in pt, origin top left as displayed)."""

    number: int                     # 1-based page number
    page: Any                       # the pdfplumber page (upright), for its drawing objects
    width: float
    height: float
    words: list[Word]
    body_size: float                # most common font size, pt
    para_gap_pt: float              # vertical gap above which two lines are separate paragraphs
    shades: list[Shade]             # filled rects that are not rules
    settings: PdfSettings
    carried_columns: tuple[float, ...] | None = None  # column starts of an unruled table the previous page ended in
    geom: Geometry = field(default_factory=dict)      # text geometry of the cells built (for stitching)
    warnings: list[str] = field(default_factory=list)
    failed: bool = False            # something on the page could not be read (a W104 warning says what)

    def in_body(self, top: float, bottom: float) -> bool:
        """True if a line from ``top`` to ``bottom`` lies outside the top and bottom page margins."""
        margin = self.height * self.settings.margin_y_share
        return margin <= top and bottom <= self.height - margin


@dataclass(frozen=True, slots=True)
class FoundTable:
    """A table a flavour found, with the x (pt) where each of its columns starts (to match pages)."""

    table: Table
    columns: tuple[float, ...]


@dataclass(slots=True)
class FlavourResult:
    tables: list[FoundTable]
    rest: list[Word]                # words not in any table


Flavour = Callable[[PageContent, list[Word]], FlavourResult]

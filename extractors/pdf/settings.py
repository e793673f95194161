"""The PDF reader's tolerances, named with their axis and unit, in one frozen object a user can override.

Units: ``_pt`` is PDF points (1/72 inch), ``_share`` a fraction (0..1) of what the name says, ``_ratio`` a
multiple.  Axes: ``x`` is across the page, ``y`` down it.  Every default below was set by a document
kind named in its comment.

Override through the shared :class:`~extractors.base.Settings` (so a batch can pickle and hash it):

>>> from extractors.base import Settings
>>> settings = with_pdf_settings(Settings(), gutter_min_x_pt=5.0)
>>> pdf_settings_of(settings).gutter_min_x_pt
5.0
>>> hash(settings) == hash(with_pdf_settings(Settings(), gutter_min_x_pt=5.0))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

BACKENDS = ("pdfplumber", "pdfium")  # PdfSettings.backend: what reads a PDF's pages


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """Tolerances of the PDF reader.  Build with :meth:`resolve`; every value must be positive."""

    # Words and lines -------------------------------------------------------------------------
    word_x_tolerance_pt: float = 1.5      # characters closer than this are one word (pdfplumber's x_tolerance)
    word_y_tolerance_pt: float = 2.5      # ... when their tops differ by less than this
    line_y_size_share: float = 0.45       # words share a line when tops or bottoms differ by < this share of the font size
    strike_max_thickness_pt: float = 1.5  # a stroke or filled rect thinner than this may strike text through (Word: 0.6-1 pt)
    strike_top_share: float = 0.3         # a strike crosses a glyph below this share of its height from the top ...
    strike_bottom_share: float = 0.2      # ... and above this share from the bottom (underlines sit lower)

    # Ruling lines and ruled tables -----------------------------------------------------------
    snap_x_tolerance_pt: float = 3.0          # vertical rules this close are one rule (pdfplumber's snap_x_tolerance)
    snap_y_tolerance_pt: float = 3.0
    join_x_tolerance_pt: float = 3.0          # collinear horizontal rule pieces this close are one rule
    join_y_tolerance_pt: float = 3.0
    intersection_x_tolerance_pt: float = 3.0  # a vertical rule this close to a horizontal rule's end meets it
    intersection_y_tolerance_pt: float = 3.0
    rule_min_length_pt: float = 3.0           # shorter strokes are not rules
    rule_max_thickness_pt: float = 2.0        # a filled rect thicker than this both ways shades, it is not a rule
    open_end_min_height_pt: float = 10.0      # vertical rules at least this long may end a table left open at a page break
    max_grid_points: int = 250_000            # more rule crossings on one page than this: the page's rules are not read
    # A page with more characters than this is skipped (W113): reading it would take minutes.  The
    # densest real page in the test corpora has 9,880 (a Federal Register page); the hostile
    # 200 x 200 grid with 40k words has 269k.
    max_chars_per_page: int = 100_000
    char_count_min_stream_kb: float = 16.0    # pages with less drawing code than this are not counted first

    # Cells -------------------------------------------------------------------------------------
    fill_min_size_pt: float = 3.0             # smaller filled rects are marks, not shading
    fill_cover_min_share: float = 0.5         # a fill is a cell's colour when it covers at least this share of the cell
    cell_inner_pad_max_x_pt: float = 12.0     # most left padding taken as the cell's right padding too
    # The right edge of a cell's text is known only up to the cell's inner padding (Word: 5.4 pt), so
    # "the next word would not have fitted" must hold by this much (004's "Comms and Events" | "Museums"
    # is two list lines; 002's "... Corporate Policy" | "Officer" is one wrapped name).
    cell_padding_slack_x_pt: float = 6.0
    hanging_indent_slack_x_pt: float = 2.0    # a line this far left of a bullet's text falls out of the bullet
    list_indent_x_pt: float = 14.0            # indent of one list level (Word: 18 pt; some templates less)

    # Unruled tables ----------------------------------------------------------------------------
    gutter_min_x_pt: float = 7.0              # whitespace between two columns of an unruled table
    gutter_min_size_share: float = 0.8        # ... and at least this share of the font size
    column_start_slack_x_pt: float = 2.0      # a run starting this far left of a column still starts in it
    gutter_noise_share: float = 0.1           # a gutter may be crossed by up to this share of the table's lines
    column_min_lines: int = 3                 # lines with two or more runs needed to find columns on a page
    band_min_width_share: float = 0.5         # a shaded band this wide (share of the table) marks a row
    row_gap_para_ratio: float = 1.6           # rows are apart by at least this many paragraph gaps ...
    row_gap_size_share: float = 0.9           # ... or this share of the body font size
    table_reach_rows: float = 4.0             # unaligned lines this many row gaps away may still join a table ...
    table_reach_size_ratio: float = 6.0       # ... or this many body font sizes
    table_row_max_size_ratio: float = 1.4     # a line this much larger than body text (a title) is never a row

    # Page furniture and text -------------------------------------------------------------------
    margin_y_share: float = 0.075             # lines this close to the top/bottom edge may be running headers/footers
    furniture_page_share: float = 0.5         # ... and are removed when repeated on at least this share of pages
    title_size_ratio: float = 1.5             # a line this much larger than body text is a title (heading level 1)
    heading_size_ratio: float = 1.15          # ... and this much larger a heading (level 2)
    heading_max_chars: int = 200              # longer text is never a heading
    para_gap_size_share: float = 0.33         # a paragraph gap exceeds the common line gap by this share of the font size

    # Tables over pages ---------------------------------------------------------------------------
    same_column_x_pt: float = 8.0             # column starts this close on two pages are the same column
    same_width_x_pt: float = 4.0              # a one-column page continues a table this close in width

    # Backend -------------------------------------------------------------------------------------
    # What reads the pages: "pdfplumber" (pdfminer, the reference) or "pdfium" (PDFium through pypdfium2,
    # extractors/pdf/backend_pdfium.py: faster; differences listed by tests/test_pdf_backends.py).
    backend: str = "pdfplumber"

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"PdfSettings.backend must be one of {', '.join(BACKENDS)}, not {self.backend!r}")
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "backend":
                continue
            if not isinstance(value, (int, float)) or value <= 0:
                raise ValueError(f"PdfSettings.{f.name} must be a positive number, not {value!r}")

    @classmethod
    def resolve(cls, value: PdfSettings | Mapping[str, Any] | tuple[tuple[str, Any], ...] | None) -> PdfSettings:
        """A PdfSettings from None (the defaults), a PdfSettings, a mapping or (name, value) pairs of overrides."""
        if value is None:
            return cls()
        if isinstance(value, PdfSettings):
            return value
        overrides = dict(value)
        unknown = sorted(set(overrides) - {f.name for f in fields(cls)})
        if unknown:
            raise ValueError(f"unknown PDF settings {unknown}; see extractors/pdf/settings.py for the names")
        return cls(**overrides)


def pdf_settings_of(settings: Any) -> PdfSettings:
    """The PdfSettings carried in ``settings.pdf`` (the defaults if there are none)."""
    return PdfSettings.resolve(getattr(settings, "pdf", None))


def with_pdf_settings(settings: Any, pdf: PdfSettings | None = None, **overrides: Any) -> Any:
    """A copy of ``settings`` (an :class:`~extractors.base.Settings`) carrying PDF tolerances.

    ``pdf`` replaces the carried PdfSettings; keyword ``overrides`` change single tolerances of it.
    """
    current = pdf if pdf is not None else pdf_settings_of(settings)
    if overrides:
        current = replace(current, **overrides)
    return replace(settings, pdf=current)

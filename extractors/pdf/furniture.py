"""Text outside tables, and page furniture: running headers/footers and page numbers.

Lines outside tables become Text blocks (headings by size and boldness, list items by bullet and
indent), each with a key saying where it sits; over the whole document, keys repeated on most pages
are furniture and are removed (W103).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from extractors.base import Text
from extractors.pdf.cells import lines_to_items, round_box
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import Line, fix_spacing

PAGE_NUMBER_RE = re.compile(r"^\s*(page\s+\d+(\s*(of|/)\s*\d+)?|\d+\s*(of|/)\s*\d+|-?\s*\d{1,4}\s*-?)\s*$", re.IGNORECASE)
YEAR_RE = re.compile(r"(19|20)\d\d")
DIGITS_RE = re.compile(r"\d+")
BODY_KEY_Y_PT = 4.0          # body paragraphs repeat "at the same place" when their tops round alike at this step
MAX_LIST_LEVEL = 5
LIST_LEVEL_SLACK_X_PT = 4.0  # an indent this short of a full level still counts as the level
PARA_GAP_BASE_QUANTILE = 0.2  # the common gap between lines of one paragraph: this quantile of the gaps
PARA_GAP_MAX_SIZE_RATIO = 2.0  # gaps wider than this many font sizes are not between lines of a paragraph
PARA_GAP_DEFAULT_SIZE_SHARE = 0.4  # the paragraph gap of a page with no line gaps to measure
LINE_Y_SLACK_PT = 0.1        # a line belongs to an item whose top and bottom it lies within, by this much
TEXT_RIGHT_PAD_PT = 1.0      # right edge of a run of text lines: beyond its longest line by this much


def typical_para_gap(lines: Sequence[Line], body_size: float, settings: PdfSettings) -> float:
    """Vertical gap (pt) above which two lines are separate paragraphs.

    The common gap between wrapped lines of one paragraph plus a third of the body size.
    """
    gaps = sorted(b.top - a.bottom for a, b in pairwise(lines)
                  if 0 <= b.top - a.bottom < body_size * PARA_GAP_MAX_SIZE_RATIO)
    if not gaps:
        return PARA_GAP_DEFAULT_SIZE_SHARE * body_size
    base = gaps[int(len(gaps) * PARA_GAP_BASE_QUANTILE)]
    return max(base, 0.0) + settings.para_gap_size_share * body_size


def heading_level(text: str, size: float, bold: bool, body_size: float, settings: PdfSettings) -> int | None:
    """1 for a title (1.5x body size), 2 for a larger heading, 3 for a short bold paragraph.

    >>> heading_level("EDI Action Plan 2023-24", 15, True, 8.5, PdfSettings()), \\
    ...     heading_level("Progress", 8.5, False, 8.5, PdfSettings())
    (1, None)
    """
    if len(text) >= settings.heading_max_chars:
        return None
    if size >= body_size * settings.title_size_ratio:
        return 1
    if size >= body_size * settings.heading_size_ratio:
        return 2
    return 3 if bold else None


def in_margin(line: Line, page_height: float, settings: PdfSettings) -> bool:
    margin = page_height * settings.margin_y_share
    return line.top < margin or line.bottom > page_height - margin


def text_lines_to_blocks(lines: list[Line], page_no: int, body_size: float, para_gap_pt: float,
                         page_height: float, settings: PdfSettings) -> list[tuple[float, Text, str | None]]:
    """Lines outside tables -> Text blocks (top, Text, furniture key).

    Keys: "M..." for a line in the top/bottom margin, "P<top>|..." for a body paragraph (York's
    SOPN repeats its title block above the table on every page).
    """
    out: list[tuple[float, Text, str | None]] = []
    run: list[Line] = []

    def flush() -> None:
        if not run:
            return
        right = max(ln.x1 for ln in run) + TEXT_RIGHT_PAD_PT
        for it in lines_to_items(run, right, para_gap_pt, settings):
            text = fix_spacing(it.text)
            if not text:
                continue
            size = max(ln.size for ln in run
                       if ln.top >= it.top - LINE_Y_SLACK_PT and ln.bottom <= it.bottom + LINE_Y_SLACK_PT)
            level = heading_level(text, size, it.bold and not it.bullet, body_size, settings)
            out.append((it.top, Text(text=text, page=page_no, heading_level=level, bold=it.bold,
                                     list_item=it.bullet, bbox=round_box((it.x0, it.top, it.x1, it.bottom)),
                                     struck_chars=it.struck),
                        f"P{round(it.top / BODY_KEY_Y_PT)}|" + DIGITS_RE.sub("#", text.lower())))
        run.clear()

    for ln in lines:
        if in_margin(ln, page_height, settings):
            flush()
            text = fix_spacing(ln.text)
            if text:
                key = ("MT|" if ln.top < page_height / 2 else "MB|") + DIGITS_RE.sub("#", text.lower())
                out.append((ln.top, Text(text=text, page=page_no, bold=ln.bold,
                                         heading_level=heading_level(text, ln.size, ln.bold, body_size, settings),
                                         bbox=round_box((ln.x0, ln.top, ln.x1, ln.bottom))), key))
            continue
        if run and (ln.size > run[-1].size * settings.heading_size_ratio
                    or run[-1].size > ln.size * settings.heading_size_ratio):
            flush()  # a heading never runs into the paragraph below it
        run.append(ln)
    flush()
    return with_list_levels(out, settings)


def with_list_levels(out: list[tuple[float, Text, str | None]], settings: PdfSettings
                     ) -> list[tuple[float, Text, str | None]]:
    """Nesting of list items from their indent: Word indents each level by 0.63 cm (18 pt)."""
    bullet_x = [t.bbox[0] for _, t, _ in out if t.list_item and t.bbox]
    if not bullet_x:
        return out
    left = min(bullet_x)

    def level(t: Text) -> int:
        assert t.bbox is not None
        return min(MAX_LIST_LEVEL, int((t.bbox[0] - left + LIST_LEVEL_SLACK_X_PT) // settings.list_indent_x_pt))

    return [(top, replace(t, list_level=level(t)) if t.list_item and t.bbox else t, key) for top, t, key in out]


def is_page_number(text: str) -> bool:
    """True for a page number line ("Page 3 of 9", "12", "- 4 -"), not for a year.

    >>> is_page_number("Page 3 of 9"), is_page_number("- 4 -"), is_page_number("2023")
    (True, True, False)
    """
    t = text.strip()
    if YEAR_RE.fullmatch(t):
        return False
    return bool(PAGE_NUMBER_RE.match(t))


def furniture_keys(page_keys: Sequence[set[str]], settings: PdfSettings) -> set[str]:
    """Keys of lines and paragraphs repeated at the same place on most pages (running headers/footers)."""
    n = len(page_keys)
    if n < 2:
        return set()
    seen = Counter(k for keys in page_keys for k in keys)
    need = max(2, settings.furniture_page_share * n)
    return {k for k, c in seen.items() if c >= need}

"""Words and lines of a page: struck-through characters dropped, bold faces known, bullets recognised.

Everything the table flavours and the text reader build on.  Coordinates are pdfplumber's: PDF points,
origin at the top left of the page as displayed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

from extractors.pdf.settings import PdfSettings
from extractors.pdf.wordgroup import group_words

# Bullet glyphs Word and friends put in front of list items ("o" and "-" are left alone: too
# often real text).  U+F0B7 is Word's Symbol-font bullet as it comes out of many exports.
BULLET_GLYPHS = frozenset("\u2022\u00b7\u25aa\u25cf\u25cb\u25e6\u2023\u2043\u25a0\u25a1\uf0b7\uf0a7\uf0d8\u27a2")
# One-character list markers that are not bullet glyphs: "o" in Courier New for a level-2 Word list, dashes.
TABBED_MARKERS = frozenset({"o", "-", "\u2013", "*", "\u2192", "\u2713"})
TABBED_MARKER_GAP_SIZE_SHARE = 0.8  # a tab after such a marker is wider than this share of its font size
CID_RE = re.compile(r"\(cid:\d+\)")
BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b", re.IGNORECASE)
LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                           "\ufb05": "st", "\ufb06": "st", "\u00ad": None})
SIZE_DECIMALS = 1  # font sizes are compared after rounding to 0.1 pt
STRIKE_MIN_LENGTH_PT = 1.0  # a shorter stroke is a dot or a glyph part, never a strike
_TOP_X0, _X0 = attrgetter("top", "x0"), attrgetter("x0")


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float               # font size in pt
    bold: bool
    struck: int = 0           # characters of this word dropped as struck through


@dataclass(slots=True)
class Line:
    """Words on one baseline band, left to right; bbox in pt; ``size`` the line's main font size."""

    words: list[Word]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words)


@lru_cache(maxsize=4096)   # a page asks it for every word's characters; a document has a few fonts
def is_bold_font(fontname: str) -> bool:
    """True for bold faces ("ABCDEF+Arial-BoldMT", "Helvetica-Bold", "Calibri,Bold").

    >>> is_bold_font("ABCDEF+Arial-BoldMT"), is_bold_font("TimesNewRomanPSMT")
    (True, False)
    """
    return bool(BOLD_RE.search(fontname or ""))


def strike_segments(page: Any, settings: PdfSettings) -> list[tuple[float, float, float]]:
    """Return thin horizontal strokes on the page as (y, x0, x1) in pt, sorted by y.

    Strike-through is drawn as a line (reportlab, LibreOffice) or a thin filled rect (Word).
    """
    thin = settings.strike_max_thickness_pt
    segs = []
    for ln in page.lines:
        if abs(ln["bottom"] - ln["top"]) < thin and ln["x1"] - ln["x0"] > STRIKE_MIN_LENGTH_PT:
            segs.append(((ln["top"] + ln["bottom"]) / 2, ln["x0"], ln["x1"]))
    for r in page.rects:
        if r["height"] <= thin and r["width"] > STRIKE_MIN_LENGTH_PT:
            segs.append(((r["top"] + r["bottom"]) / 2, r["x0"], r["x1"]))
    segs.sort()
    return segs


def page_to_words(page: Any, settings: PdfSettings) -> list[Word]:
    """Return the page's words in reading order with struck-through characters removed.

    A character is struck when a thin horizontal stroke crosses the middle band of its glyph
    (underlines sit at the baseline and are ignored).
    """
    segs = strike_segments(page, settings)
    seg_ys = [s[0] for s in segs]
    words: list[Word] = []
    for text, x0, x1, top, bottom, size, chars in group_words(page, settings.word_x_tolerance_pt,
                                                               settings.word_y_tolerance_pt):
        h = bottom - top
        lo = bisect.bisect_left(seg_ys, top + settings.strike_top_share * h)
        hi = bisect.bisect_right(seg_ys, bottom - settings.strike_bottom_share * h)
        struck = 0
        if lo < hi:
            crossing = [s for s in segs[lo:hi] if s[1] < x1 and s[2] > x0]
            if crossing:
                text, struck = _unstruck(chars, crossing)
        bold = all(is_bold_font(c["fontname"]) for c in chars if not c["text"].isspace())
        words.append(Word(text, x0, x1, top, bottom, round(size, SIZE_DECIMALS), bold, struck))
    return words


def _unstruck(chars: list[dict], crossing: list[tuple[float, float, float]]) -> tuple[str, int]:
    """The text of ``chars`` without those whose middle a strike in ``crossing`` covers, and how many those were."""
    kept, struck = [], 0
    for c in chars:
        mid = (c["x0"] + c["x1"]) / 2
        if any(s[1] <= mid <= s[2] for s in crossing):
            struck += 1
        else:
            kept.append(c["text"])
    return "".join(kept), struck


def is_glyph(w: Word) -> bool:
    """A bullet glyph standing alone (often a bigger size than the text after it)."""
    return len(w.text) == 1 and w.text in BULLET_GLYPHS


def is_tabbed_marker(first: Word, second: Word) -> bool:
    """A one-character list marker that is not a bullet glyph ("o" in Courier New for a level-2
    Word list, "-"), followed by a tab-wide gap rather than a space."""
    return first.text in TABBED_MARKERS and second.x0 - first.x1 > TABBED_MARKER_GAP_SIZE_SHARE * first.size


def is_marker(w: Word, nxt: Word | None) -> bool:
    """A list marker of any kind before ``nxt``: a bullet glyph, an unmapped Symbol-font glyph, "o" + tab."""
    if is_glyph(w):
        return True
    return nxt is not None and bool(CID_RE.fullmatch(w.text) or is_tabbed_marker(w, nxt))


def words_to_lines(words: Iterable[Word], settings: PdfSettings) -> list[Line]:
    """Group words into lines (same baseline band), top to bottom, left to right."""
    ws = sorted(words, key=_TOP_X0)
    lines: list[Line] = []
    for w in ws:
        if lines:
            ln = lines[-1]
            tol = settings.line_y_size_share * min(ln.size, w.size)
            if abs(w.top - ln.top) <= tol or abs(w.bottom - ln.bottom) <= tol:
                ln.words.append(w)
                ln.x0, ln.x1 = min(ln.x0, w.x0), max(ln.x1, w.x1)
                ln.bottom = max(ln.bottom, w.bottom)
                if not is_glyph(w):
                    ln.size = max(ln.size, w.size) if not is_glyph(ln.words[0]) or len(ln.words) > 2 else w.size
                continue
        lines.append(Line([w], w.x0, w.x1, w.top, w.bottom, w.size))
    for ln in lines:
        ln.words.sort(key=_X0)
    return lines


def strip_bullet(line: Line) -> tuple[str, bool, float]:
    """Return (text without a leading bullet glyph, was it a bullet, x0 of the text after it)."""
    words = [w for w in line.words if w.text]
    if not words:
        return "", False, line.x0
    first = words[0].text
    if len(words) > 1 and (CID_RE.fullmatch(first) or is_tabbed_marker(words[0], words[1])):
        # An unmapped Symbol-font bullet, or Word's "o" / "-" list marker followed by a tab.
        return " ".join(w.text for w in words[1:]), True, words[1].x0
    if first[0] in BULLET_GLYPHS:
        rest = first[1:].lstrip()
        if rest:
            return " ".join([rest] + [w.text for w in words[1:]]), True, words[0].x0
        tail = words[1:]
        return " ".join(w.text for w in tail), True, tail[0].x0 if tail else line.x1
    return " ".join(w.text for w in words), False, words[0].x0


def fix_spacing(text: str) -> str:
    """Whitespace runs -> one space; Calibri ligatures spelt out; soft hyphens and unmapped glyphs
    ("(cid:127)") dropped.

    >>> fix_spacing(" Financial  \\ufb01nance(cid:3) ")
    'Financial finance'
    """
    return re.sub(r"\s+", " ", CID_RE.sub("", text.translate(LIGATURES))).strip()


def body_font_size(words: Iterable[Word], default_pt: float = 10.0) -> float:
    """The most common font size of the page's text, in pt."""
    sizes: dict[float, int] = {}
    for w in words:
        if w.text:
            sizes[w.size] = sizes.get(w.size, 0) + 1
    return max(sizes, key=lambda s: sizes[s]) if sizes else default_pt

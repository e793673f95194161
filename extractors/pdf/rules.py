"""Rules drawn on a PDF page, as pdfplumber edges: strokes and rule-thin rects, snapped and joined.

The first step of reading ruled tables (:mod:`extractors.pdf.ruled`): a filled rectangle that only
shades is never a rule, a rule drawn in pieces is one rule, and rows left open at a page break, or
drawn with vertical rules only, get the horizontal rules that close them (:func:`open_ends`).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pdfplumber.table import merge_edges

from extractors.pdf.cells import is_rule_rect
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import Word

BUCKET_PT = 24.0                 # side of the square buckets that index cells and rules by position
STRADDLE_MIN_HEIGHT_SHARE = 0.1  # a rule runs through a word when it is this share of its height inside it


def page_rules(page: Any, words: list[Word], settings: PdfSettings) -> list[dict]:
    """Rule edges drawn on the page, snapped and joined: strokes, rule-thin rects, the sides of stroked
    rects, and the sides of filled rects framed by those rules.

    A filled rect that is not framed by rules (its sides off every rule) only shades: a header
    shading inset in each cell would otherwise split every column in two
    (min-pdf-inset-header-shading), zebra bands would become grids.  A filled rect framed by rules
    (an Excel export's cell colours between thin rules: pdfplumber's NICS report) keeps its sides.
    """
    from pdfplumber.utils import (
        curve_to_edges,
        filter_edges,
        line_to_edge,
        rect_to_edges,
    )

    edges = [line_to_edge(ln) for ln in page.lines]
    shading = []
    for r in page.rects:
        if r.get("fill") and not r.get("stroke") and not is_rule_rect(r, settings):
            shading.append(r)
        else:
            edges.extend(rect_to_edges(r))
    for c in page.curves:
        edges.extend(curve_to_edges(c))
    edges = [e for e in filter_edges(edges, min_length=1) if e["orientation"] in ("v", "h")]  # not diagonals
    framed = framed_by(shading, edges, settings)
    edges += [e for r in shading if framed(r) for e in rect_to_edges(r)]
    edges += open_ends(edges, words, settings)
    edges = merge_edges(edges, settings.snap_x_tolerance_pt, settings.snap_y_tolerance_pt,
                        settings.join_x_tolerance_pt, settings.join_y_tolerance_pt)
    return filter_edges(edges, min_length=settings.rule_min_length_pt)


def framed_by(rects: list[dict], edges: list[dict], settings: PdfSettings) -> Callable[[dict], bool]:
    """A test: does a rect have at least two of its sides on ``edges`` (within the snap tolerances)?"""
    v = sorted((e["x0"], e["top"], e["bottom"]) for e in edges if e["orientation"] == "v")
    h = sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")
    vx, hy = [e[0] for e in v], [e[0] for e in h]

    def on_rule(at: float, lo: float, hi: float, rules: list[tuple[float, float, float]], keys: list[float],
                tol: float) -> bool:
        i, j = bisect.bisect_left(keys, at - tol), bisect.bisect_right(keys, at + tol)
        return any(a < hi and b > lo for _, a, b in rules[i:j])

    def framed(r: dict) -> bool:
        xt, yt = settings.snap_x_tolerance_pt, settings.snap_y_tolerance_pt
        sides = (on_rule(r["x0"], r["top"], r["bottom"], v, vx, xt), on_rule(r["x1"], r["top"], r["bottom"], v, vx, xt),
                 on_rule(r["top"], r["x0"], r["x1"], h, hy, yt), on_rule(r["bottom"], r["x0"], r["x1"], h, hy, yt))
        return sum(sides) >= 2

    return framed


def open_ends(edges: list[dict], words: list[Word], settings: PdfSettings) -> list[dict]:
    """Horizontal rules to add where two or more vertical rules end at the same height with no rule across.

    reportlab and some Word exports leave a row split by a page break open at the page bottom, and its
    continuation open at the next page's top; some exports draw only vertical rules, one piece per
    row (camelot's budget.pdf), or leave a label column's rules out (district_health.pdf).  A rule is
    added over each stretch no rule covers, unless a word there straddles the height: text runs on
    through a cell merged down several rows, whose borders Word still draws one piece per row
    (min-pdf-merged-commitment-cell-word-borders).
    """
    tol = settings.snap_y_tolerance_pt
    v_edges = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > settings.open_end_min_height_pt]
    h_rules = sorted((e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h")
    h_ys = [h[0] for h in h_rules]
    word_index = _words_by_height_bucket(words)
    extra = []
    for group in _rule_ends_by_height(v_edges).values():
        if len(group) >= 2:
            extra.extend(_rules_across(group, h_rules, h_ys, word_index, tol))
    return extra


def _rule_ends_by_height(v_edges: list[dict]) -> dict[int, list[tuple[float, dict]]]:
    """Vertical rules by the (rounded) heights where they end, top and bottom: (exact height, rule)."""
    ends: dict[int, list[tuple[float, dict]]] = defaultdict(list)
    for e in v_edges:
        ends[round(e["bottom"])].append((e["bottom"], e))
        ends[round(e["top"])].append((e["top"], e))
    return ends


def _words_by_height_bucket(words: list[Word]) -> dict[int, list[Word]]:
    """Words indexed by the BUCKET_PT-high bands of the page they reach into."""
    word_index: dict[int, list[Word]] = defaultdict(list)
    for w in words:
        for b in range(int(w.top // BUCKET_PT), int(w.bottom // BUCKET_PT) + 1):
            word_index[b].append(w)
    return word_index


def _rules_across(group: list[tuple[float, dict]], h_rules: list[tuple[float, float, float]], h_ys: list[float],
                  word_index: dict[int, list[Word]], tol: float) -> list[dict]:
    """Horizontal rule edges closing vertical rules that end at one height (``group``): one over each
    stretch between the leftmost and rightmost of them that no horizontal rule (``h_rules``: sorted
    (y, x0, x1); ``h_ys`` their heights) covers and no word straddles."""
    y = sorted(at for at, _ in group)[len(group) // 2]
    lo, hi = bisect.bisect_left(h_ys, y - tol), bisect.bisect_right(h_ys, y + tol)
    covered = [(hx0, hx1) for _, hx0, hx1 in h_rules[lo:hi]]
    crossing = [(w.x0, w.x1) for w in word_index.get(int(y // BUCKET_PT), ()) if straddles(w, y)]
    left, right = min(e["x0"] for _, e in group), max(e["x1"] for _, e in group)
    return [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
             "orientation": "h", "object_type": "line"}
            for x0, x1 in uncovered(left, right, covered, tol)
            if not any(wx0 < x1 and wx1 > x0 for wx0, wx1 in crossing)]


def straddles(w: Word, y: float) -> bool:
    """True if the height ``y`` runs through the word's glyphs (not only through its line spacing)."""
    inset = STRADDLE_MIN_HEIGHT_SHARE * (w.bottom - w.top)
    return w.top + inset < y < w.bottom - inset


def uncovered(x0: float, x1: float, covered: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Stretches of [x0, x1] longer than ``tol`` that none of the ``covered`` ranges reaches.

    >>> uncovered(40, 760, [(210, 470), (470, 760)], 3)
    [(40, 210)]
    """
    out = []
    at = x0
    for cx0, cx1 in sorted(covered):
        if cx0 > at + tol:
            out.append((at, min(cx0, x1)))
        at = max(at, cx1)
    if x1 > at + tol:
        out.append((at, x1))
    return [(a, b) for a, b in out if b - a > tol]

"""Item headings: the lines that head one item each on a page whose items are headings over their label
lines (:func:`item_heads`), read off the whole run before the walk (:func:`~.drafts.parse_items`).

An "Our commitments" page gives every commitment an h3 (a Word Heading 3, a bold paragraph, a plain-text
title line), then "Lead:" / "Status:" / "Due:" lines and a description above or below them; the
heading is the item's action and nothing is carried across it.
"""

from __future__ import annotations

import re

from pipeline.reading.evidence import text_features
from pipeline.reading.readers.items.lines import Line, LineKind


def is_bare_date(text: str) -> bool:
    """A few words that are only a date ("April 2025:"), heading the paragraph of a dated log."""
    f = text_features(text.rstrip(":"))
    return f.words <= 4 and f.timescale >= 0.8 and f.has_date


MAX_ITEM_TITLE_WORDS = 16


def is_heading_block(ln: Line) -> bool:
    """A plain paragraph the document marks as a heading: a heading level, or bold throughout."""
    return (ln.kind == LineKind.PLAIN and not ln.bullet and ln.block is not None
            and (ln.block.heading_level is not None or ln.block.bold))


def outranks(ln: Line, rank: int | None) -> bool:
    """A heading of a higher level than the item headings' (``rank``; bold items: any heading level)."""
    level = ln.block.heading_level if ln.block is not None else None
    return level is not None and (rank is None or level < rank)


def _head_key(ln: Line, prev: Line | None) -> tuple[str, int] | None:
    """What kind of item heading ``ln`` could be: ("h", level), ("b", 0) for a bold paragraph, ("t", 0)
    for a short line that ends no sentence (a title line of a plain-text rendering), else None.  The
    line right under a label with no value is that label's value, never a heading."""
    if ln.kind != LineKind.PLAIN or ln.bullet or ln.block is None:
        return None
    if prev is not None and prev.kind == LineKind.LABEL and not prev.value:
        return None
    if ln.block.heading_level is not None:
        return ("h", ln.block.heading_level)
    if ln.block.bold:
        return ("b", 0)
    if is_title_line(ln.text) and not is_bare_date(ln.text):
        return ("t", 0)
    return None


def is_title_line(text: str) -> bool:
    """A short line that starts in upper case and ends no sentence: an item's title in plain text."""
    return (0 < len(text.split()) <= MAX_ITEM_TITLE_WORDS and text[:1].isupper()
            and not re.search(r"[.!?;:,]$", text))


def _heads_items(lines: list[Line], at: list[int], kind: str) -> bool:
    """The lines at ``at`` each head one item: the first label between one and the next does not come
    again (it would open a second item: several items under one heading are a theme; a later label may
    repeat, "Update:" twice), and they head labels at least twice (a heading level or bold: once).  Title
    lines of plain text must each have labels under them, none repeated, the same label first."""
    labelled = 0
    firsts = set()
    for a, b in zip(at, [*at[1:], len(lines)]):
        keys = [ln.label.lower() for ln in lines[a + 1:b] if ln.kind == LineKind.LABEL]
        if keys.count(keys[0] if keys else "") > 1 or (kind == "t" and len(keys) != len(set(keys))):
            return False
        if keys:
            labelled += 1
            firsts.add(keys[0])
        elif kind == "t":
            return False
    if kind == "t" and len(firsts) > 1:
        return False   # title lines of plain text: every item's labels open with the same one
    return labelled >= (2 if kind == "t" else 1)


def item_heads(lines: list[Line]) -> tuple[set[int], int | None]:
    """Positions of the lines that head items, and their heading level: an "Our commitments" page whose
    every item is an h3 (or a Word Heading 3, a bold line, a plain-text title line) over its "Lead:",
    "Status:", "Due:" lines and a description paragraph above or below them.  Each heading starts an
    item, so a description is never glued onto the next item's title.  None (an empty set) when markers,
    enumerated or rated titles or label headings introduce the items, or no kind of line heads them all.

    Of the kinds that head items, heading levels and bold come before plain title lines; the deepest
    heading level that does wins (h2 themes over h3 items).

    >>> from extractors.base import Text
    >>> from pipeline.reading.model import Unit
    >>> from pipeline.reading.readers.items.lines import classify_line
    >>> def line(s, **kw): return classify_line(Unit(text=Text(s, 1, **kw)))
    >>> lines = [line("Open a café", heading_level=3), line("Lead: Libraries"), line("We will convert a room."),
    ...          line("Renew playgrounds", heading_level=3), line("Lead: Parks")]
    >>> item_heads(lines)
    ({0, 3}, 3)
    """
    if any(ln.kind in (LineKind.MARKER, LineKind.TITLE, LineKind.RATED) for ln in lines):
        return set(), None
    if sum(1 for ln in lines if ln.kind == LineKind.LABEL and ln.block is not None and ln.block.heading_level) >= 2:
        return set(), None   # labels that are headings themselves (tracker cards): their own reading
    by_key: dict[tuple[str, int], list[int]] = {}
    for n, ln in enumerate(lines):
        if (key := _head_key(ln, lines[n - 1] if n else None)) is not None:
            by_key.setdefault(key, []).append(n)
    marked = sorted((k for k in by_key if k[0] != "t"), key=lambda k: (k[0] != "h", -k[1]))
    for key in [*marked, *([("t", 0)] if not marked and ("t", 0) in by_key else [])]:
        if _heads_items(lines, by_key[key], key[0]):
            return set(by_key[key]), key[1] if key[0] == "h" else None
    return set(), None


MAX_HEADING_WORDS = 10


def heading_like(ln: Line) -> bool:
    """A short line that ends no sentence (a colon may end it): "Open Items From the 2023 Action Plan:"."""
    return (not ln.bullet and 0 < len(ln.text.split()) <= MAX_HEADING_WORDS and ln.text[:1].isupper()
            and not re.search(r"[.!?;,]$", ln.text))


def heads_labels(ln: Line, nxt: Line | None) -> bool:
    """A label heading directly above a label of a lower heading level: a heading over labels."""
    level = ln.block.heading_level if ln.block is not None else None
    nxt_level = nxt.block.heading_level if nxt is not None and nxt.block is not None else None
    return (level is not None and nxt is not None and nxt.kind == LineKind.LABEL and nxt_level is not None
            and nxt_level > level)


def split_at_heading(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(comment, title, description) of the paragraphs since an item's last value when a label of it comes
    again: with a heading among them (a heading level, or bold throughout), the paragraphs above it are
    the open item's comment, the heading alone the next item's title and the paragraphs under it its
    description; no heading: all of them title the next item, as before.  Text is never glued across
    a heading.

    >>> from extractors.base import Text
    >>> def line(s, **kw): return Line(LineKind.PLAIN, s, 1, block=Text(s, 1, **kw))
    >>> [[ln.text for ln in part] for part in split_at_heading([line("Done."), line("Next", heading_level=3)])]
    [['Done.'], ['Next'], []]
    """
    at = next((k for k, ln in enumerate(lines) if is_heading_block(ln)), None)
    if at is None:
        return [], lines, []
    return lines[:at], [lines[at]], lines[at + 1:]

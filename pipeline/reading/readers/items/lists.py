"""Lists with no labels: numbered titles each with prose under it, or short headings each with bullets,
under a heading that names actions or priorities (:func:`read_unlabelled_list`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from extractors.base import Text
from pipeline.reading.evidence import text_features
from pipeline.reading.model import ReadState, Unit, make_row, source_of
from pipeline.reading.readers.items.lines import Line, LineKind, caption_like
from pipeline.reading.shared import (
    is_context_line,
    strip_enumerator,
)
from pipeline.vocab import Kind, Role, label_tokens, match_label, vocabulary

MIN_LIST_ITEMS = 3           # a list of actions has at least this many items ...
LIST_CUE_WINDOW = 3          # ... under a heading this close above it that names actions or priorities
MAX_LIST_TITLE_WORDS = 14
LIST_CONFIDENCE = 0.4        # placed by layout alone: no label names any field
CUE_ROLES = frozenset({Role.ACTION, Role.COMMITMENT, Role.OBJECTIVE, Role.SECTION})
SINGLE_LEVEL_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s")


class ListItem(NamedTuple):
    """One item of a list with no labels."""

    heading: str | None     # the short heading above it (the section), if any
    title: Text             # the numbered title or the bullet
    prose: list[Text]       # the paragraphs under a numbered title


def _cue_words() -> frozenset[str]:
    """One-word header phrases that name actions, commitments, objectives or priorities ("actions",
    "priorities", "recommendations"), from the headers vocabulary."""
    return frozenset(p.tokens[0] for p in vocabulary()
                     if len(p.tokens) == 1 and p.role in CUE_ROLES and p.kind is None)  # not "programme", "project"


def _has_list_cue(units: list[Unit], i: int) -> bool:
    """A heading or title above ``i`` says the list holds actions ("Improvement areas and actions",
    "10 priorities for the first 18 months")."""
    cues = _cue_words()
    for u in units[max(0, i - LIST_CUE_WINDOW):i + 1]:
        if u.is_row or u.text is None or len(u.para.split()) > 12:
            continue
        if set(label_tokens(u.para, keep_parenthesis=True)) & cues:
            return True
    return False


def _list_items(units: list[Unit], i: int) -> tuple[list[ListItem], int]:
    """(section heading, item paragraph, paragraphs under it) from ``i``: numbered titles with prose
    under each ("1. Improving the council" / narrative), or short headings with bullets under each
    (each bullet an item)."""
    items: list[ListItem] = []
    heading: str | None = None
    k = i
    while k < len(units):
        u = units[k]
        if u.is_row or u.text is None or is_context_line(u.para):
            break
        t = u.text
        if t.list_item and len(t.text.split()) >= 4 and heading is not None and not t.text[:1].isdigit():
            items.append(ListItem(heading, t, []))   # a bullet under a short heading (not a count: "64 are complete")
        elif SINGLE_LEVEL_NUMBER.match(t.text) and strip_enumerator(t.text) != t.text \
                and len(t.text.split()) <= MAX_LIST_TITLE_WORDS and not re.search(r"[.!?:]$", t.text):
            # "1. Improving the council"; "5.2. Continuing education" numbers a report's own sections
            items.append(ListItem(heading, t, []))
        elif caption_like(Line(LineKind.PLAIN, t.text, t.page)) and not t.list_item:
            heading = t.text
        elif items and not t.list_item and text_features(t.text).prose:
            items[-1].prose.append(t)
        else:
            break
        k += 1
    return items, k


def _is_action_list(units: list[Unit], i: int, items: list[ListItem]) -> bool:
    """Enough items, under a heading that names actions or priorities; numbered items each with prose
    under it; and no item that is a committee report's own section ("Purpose", "Background")."""
    if len(items) < MIN_LIST_ITEMS or not _has_list_cue(units, i):
        return False
    numbered = [it for it in items if not it.title.list_item]
    if numbered and (len(numbered) < MIN_LIST_ITEMS or any(not it.prose for it in numbered)):
        return False
    return not any((m := match_label(strip_enumerator(t.text))) is not None and m.role == Role.NONE
                   for _, t, _ in items)


def read_unlabelled_list(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A list of actions or priorities with no labels: numbered titles each with prose under it, or short
    headings each with bullets.  Read only under a heading that names actions or priorities, and never
    a committee report's own numbered sections ("1. Purpose", "2. Background": words with no field)."""
    u = units[i]
    if u.is_row or u.text is None:
        return None
    items, end = _list_items(units, i)
    if not _is_action_list(units, i, items):
        return None
    state.table.columns = None
    state.table.mode = None
    for heading, title, prose in items:
        if heading and heading != state.ctx.section:
            state.new_section(heading)
        parts: list[tuple[Role, tuple[str, ...]]] = [(Role.ACTION, (strip_enumerator(title.text),))]
        if prose:
            parts.append((Role.PROGRESS, tuple(p.text for p in prose)))
        sources = [source_of(Role.ACTION, title)] + [source_of(Role.PROGRESS, p) for p in prose]
        state.open_row = False
        state.emit(make_row(Kind.ACTION, parts, state.ctx, title.page, (prose[-1] if prose else title).page,
                            confidence=LIST_CONFIDENCE, rejoin=False, sources=sources))
    return end

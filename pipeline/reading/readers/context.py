"""The context reader: section headings, objective lines and the document title (paragraphs only).

What it reads is carried down onto the items below (:class:`pipeline.reading.model.Context`); the
other readers apply a heading they meet inside their shape with :func:`pipeline.reading.shared.heading`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.base import collapse_ws
from pipeline.cues import Cue
from pipeline.docmeta import is_council_name
from pipeline.reading.model import ReadState, Unit
from pipeline.reading.shared import (
    NUMBERED_OBJECTIVE,
    apply_heading,
    heading_text,
    is_status_word,
    objective_line,
    section_heading,
    title_and_period,
)
from pipeline.vocab import match_label

# "Theme 2:" / "Objective 2.1:" alone on a line, its text on the next (tables copied out of PDFs).  The
# words are data (pipeline/patterns/cues.jsonl); the number's shape is code.
NUMBERED_HEADING_ALONE = Cue(
    r"^(?:(?:{objective_modifier})\s+)?(?:{theme_word}|{objective_word})\s*"
    r"(?:\d{1,2}(?:\.\d{1,2})?[a-z]?|{number_word})\s*[:\-–—.]?$", re.I)
# The line under such a heading states its aim ("To make sure every tenant ..."), not its title.
AIM = Cue(r"^(?:{aim_opening})\b")
HEADING_END = " :.-–—"   # stripped off a heading alone on its line before it is joined to its text


def read_context(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Section headings, objective lines and the document title (paragraphs only).

    Tried in turn: a heading on its own line; a numbered heading alone with its text on the next line;
    an objective line (or the sentence an "Objective:" line left pending); the document's title.  Returns
    the index after what was read, or None when the paragraph is none of these.

    >>> from pipeline.reading.model import layout_units_of
    >>> state = ReadState()
    >>> read_context(layout_units_of("Priority three\nTo make sure every tenant has a warm home"), 0, state)
    2
    >>> state.ctx.section, state.ctx.objective
    ('Priority three', 'To make sure every tenant has a warm home')
    """
    u = units[i]
    if u.is_row:
        return None
    t = u.text
    assert t is not None
    if not t.list_item and apply_heading(state, u.para):
        return i + 1
    nxt = _next_paragraph(units, i)
    if nxt is not None and (end := _heading_over_its_text(u.para, nxt, state)):
        return i + end
    if _objective(u.para, state, units[i - 1] if i else None):
        return i + 1
    if _title(units, i, nxt, state):
        return i + 1
    return None


def _next_paragraph(units: list[Unit], i: int) -> Unit | None:
    """The unit after ``i`` when it is a paragraph (not a table row), else None."""
    nxt = units[i + 1] if i + 1 < len(units) else None
    return nxt if nxt is not None and not nxt.is_row else None


def _heading_over_its_text(text: str, nxt: Unit, state: ReadState) -> int:
    """A numbered heading alone on its line ("Theme 2:") read with the paragraph under it: 2 (both
    read), or 0 when ``text`` is no such heading or the pair is neither a heading nor an objective."""
    if not NUMBERED_HEADING_ALONE.match(text):
        return 0
    heading = text.rstrip(HEADING_END)
    if AIM.match(nxt.para) and not NUMBERED_OBJECTIVE.match(f"{heading}: x"):
        # "Priority three" / "To make sure every tenant ...": the heading names the section, the line
        # under it is its objective (private rented housing strategy, community safety plans).
        state.new_section(heading, collapse_ws(nxt.para))
        return 2
    joined = f"{heading}: {nxt.para}"
    if apply_heading(state, joined):
        return 2
    if (objective := objective_line(joined)) is not None:
        state.ctx = replace(state.ctx, objective=objective or None)
        return 2
    return 0


def _objective(text: str, state: ReadState, prev: Unit | None = None) -> bool:
    """An objective: the sentence a bare "Objective:" line left pending, or an objective line (a bare
    one leaves its sentence pending).  True when ``text`` was read as one.

    Right under a numbered objective heading ("Objective 1: Accessible and inclusive services", then
    "What we want to achieve: Everyone can reach ..."), the labelled line states the objective and the
    heading's words name the section: the number alone names nothing (equality plans on council web
    pages, equality-plan-commitment-heading-above-action-tables.html).
    """
    if state.pending_objective:
        state.ctx = replace(state.ctx, objective=text)
        state.pending_objective = False
        return True
    objective = objective_line(text)
    if objective == "":
        state.pending_objective = True
        return True
    if objective:
        if (named := _numbered_objective_name(prev, state)) is not None:
            state.new_section(named, objective)
        else:
            state.ctx = replace(state.ctx, objective=objective)
        return True
    return False


def _numbered_objective_name(prev: Unit | None, state: ReadState) -> str | None:
    """The words of the numbered objective heading ``prev`` when it set the context now open (section
    "Objective 1", objective its words), else None."""
    if prev is None or prev.is_row or not (m := NUMBERED_OBJECTIVE.match(prev.para)):
        return None
    found = section_heading(prev.para)
    if found is None or found != (state.ctx.section, state.ctx.objective) or not found[1] or state.theme:
        return None
    return heading_text(m.group(2).strip())


def _title(units: list[Unit], i: int, nxt: Unit | None, state: ReadState) -> bool:
    """The document's title: a bold line or heading before any section or table (seed 003 "**Corporate
    Improvement Plan…**"), not a council's name alone, not a numbered heading and not a project over its
    RAG word.  True when ``units[i]`` was read (a council's name is read and left to pipeline.docmeta)."""
    u = units[i]
    t = u.text
    assert t is not None
    if state.title is not None or state.ctx.section is not None or state.rows or state.table.columns is not None:
        return False
    if not (t.bold or t.heading_level) or heading_text(u.para) != u.para:
        return False  # a numbered heading ("1. Flood risk and drainage") heads a section, not the report
    if is_council_name(u.para):
        # Only a council's name: the publisher above the title (a web page's bold site name over its
        # <h1>, a cover's council line), read by pipeline.docmeta into documents.council.
        return True
    if nxt is not None and is_status_word(nxt.para):
        return False
    if _heads_a_card(units, i):
        return False
    state.title, state.period = title_and_period(u.para)
    return True


CARD_HEAD_LINES = 3   # a card's lines between its title heading and its first label heading
MAX_CARD_HEAD_UNITS = 12   # units looked at for them (list items skipped)


def _heads_a_card(units: list[Unit], i: int) -> bool:
    """A heading with a label heading of a lower level a few paragraphs below it ("Progress", h3, under
    an h1 action name): the title of the first card of a tracker's print view, not the document's
    (climate-tracker-action-cards-print-view.html)."""
    t = units[i].text
    level = t.heading_level if t is not None else None
    if level is None:
        return False
    # (the card's breadcrumb trail, listed item by item, is not counted)
    seen = 0
    for u in units[i + 1:i + 1 + MAX_CARD_HEAD_UNITS]:
        if u.text is None or seen > CARD_HEAD_LINES:
            return False   # a table row: the heading is over a table, not a card
        if u.text.list_item:
            continue
        seen += 1
        below = u.text.heading_level
        if below is not None and below > level and (m := match_label(u.para.strip(" :?"))) is not None and m.exact:
            return True
    return False

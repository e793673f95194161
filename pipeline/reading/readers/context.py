"""The context reader: section headings, objective lines and the document title (paragraphs only).

What it reads is carried down onto the items below (:class:`pipeline.reading.model.Context`); the
other readers apply a heading they meet inside their shape with :func:`pipeline.reading.shared.heading`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.base import collapse_ws
from pipeline.docmeta import is_council_name
from pipeline.reading.model import ReadState, Unit
from pipeline.reading.shared import (
    NUMBERED_OBJECTIVE,
    apply_heading,
    is_status_word,
    objective_line,
    title_and_period,
)

# "Theme 2:" / "Objective 2.1:" alone on a line, its text on the next (tables copied out of PDFs).
NUMBERED_HEADING_ALONE = re.compile(
    r"^(?:(?:Equality|Corporate|Strategic|Council)\s+)?(?:Priority|Theme|Ambition|Outcome|Aim|Objective)\s*"
    r"(?:\d{1,2}(?:\.\d{1,2})?[a-z]?|one|two|three|four|five|six|seven|eight|nine|ten)\s*[:\-–—.]?$", re.I)
# The line under such a heading states its aim ("To make sure every tenant ..."), not its title.
AIM = re.compile(r"^(?:To|We will|Our aim)\b")


def read_context(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Section headings, objective lines and the document title (paragraphs only).

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
    text = u.para
    if not t.list_item and apply_heading(state, text):
        return i + 1
    nxt = units[i + 1] if i + 1 < len(units) else None
    if NUMBERED_HEADING_ALONE.match(text) and nxt is not None and not nxt.is_row:
        if AIM.match(nxt.para) and not NUMBERED_OBJECTIVE.match(f"{text.rstrip(' :.-–—')}: x"):
            # "Priority three" / "To make sure every tenant ...": the heading names the section, the line
            # under it is its objective (private rented housing strategy, community safety plans).
            state.new_section(text.rstrip(" :.-–—"), collapse_ws(nxt.para))
            return i + 2
        joined = f"{text.rstrip(' :.-–—')}: {nxt.para}"
        if apply_heading(state, joined):
            return i + 2
        if (objective := objective_line(joined)) is not None:
            state.ctx = replace(state.ctx, objective=objective or None)
            return i + 2
    if state.pending_objective:
        state.ctx = replace(state.ctx, objective=text)
        state.pending_objective = False
        return i + 1
    objective = objective_line(text)
    if objective == "":
        state.pending_objective = True
        return i + 1
    if objective:
        state.ctx = replace(state.ctx, objective=objective)
        return i + 1
    # Title: a bold line or heading before any section or table (seed 003 "**Corporate Improvement Plan…**").
    if state.title is None and state.ctx.section is None and not state.rows and state.table.columns is None and (
        t.bold or t.heading_level
    ):
        if is_council_name(text):
            # Only a council's name: the publisher above the title (a web page's bold site name over its
            # <h1>, a cover's council line), read by pipeline.docmeta into documents.council.
            return i + 1
        nxt = units[i + 1] if i + 1 < len(units) else None
        if not (nxt is not None and not nxt.is_row and is_status_word(nxt.para)):
            state.title, state.period = title_and_period(text)
            return i + 1
    return None

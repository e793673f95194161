"""Headings and captions around a table or item list, read the same in every format (layer 2½: over
:mod:`pipeline.reading.shared`, under the readers).

- :func:`apply_caption_above`: the heading right above a table or item list is the commitment of its
  rows when it is a pledge ("We will ...": :func:`commitment_heading`), else their section
  (:func:`caption_above`);
- :func:`is_part_reference`: a line that only names a part of the papers ("Appendix 3", "OPEN ITEM 8")
  is no caption, section or item marker;
- :func:`run_on_heading`: the numbered heading and its aim in a page run into one paragraph, before the
  header embedded in it.

A heading is what every extractor marks the same way (``Text.heading_level`` or ``Text.bold``: a Word
heading style or bold run, an HTML h1-h6 or ``<strong>``, a PDF line in larger or bold type, a text
``####`` or ``**bold**`` line), so one rule serves every format.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.base import collapse_ws
from pipeline.cues import Cue
from pipeline.reading.evidence import is_pledge
from pipeline.reading.model import FOOTNOTE_MARK, ReadState, Unit, source_of
from pipeline.reading.shared import heading_text, is_context_line, is_title_like
from pipeline.vocab import Role, match_label

CAPTION_MAX_WORDS = 8
HEADING_ROLES = frozenset({Role.ACTION, Role.COMMITMENT, Role.OBJECTIVE, Role.SECTION})
# "Appendix 3", "OPEN ITEM 8", "Annex B", "Agenda item 5": a line that only refers to a part of the papers
# (a qualifier word may lead it).  The words are data (cue ``document_part_word``).
PART_REFERENCE = Cue(r"^(?:[A-Za-z]+\s+)?(?:{document_part_word})\s+(?:\d{1,3}[a-z]?|[A-Za-z]|[ivxlIVXL]{1,5})[.:]?$",
                     re.I)


def is_part_reference(text: str) -> bool:
    """A line that only refers to a part of the committee papers ("Appendix 3", "OPEN ITEM 8"): it names
    no theme, so it is never a caption or a section (grouped-column-cells.txt's "Appendix 3" above its
    table, committee-report-label-pairs-and-summary-row.txt's agenda item line above its report).

    >>> is_part_reference("Appendix 3"), is_part_reference("OPEN ITEM 8"), is_part_reference("Priority 2")
    (True, True, False)
    """
    return bool(PART_REFERENCE.match(text.strip()))


MAX_COMMITMENT_HEADING_WORDS = 30


def commitment_heading(u: Unit) -> str | None:
    """A heading (h1-h6, a bold paragraph, a bold caption line) whose words are a pledge ("We will make
    our recruitment fairer."): the commitment the rows of the table or list under it serve, else None.

    Equality and corporate plans publish each commitment as a heading above its own table of actions
    (equality-plan-commitment-heading-above-action-tables.html: h3 or bold paragraph); read as a
    caption, the pledge became the section and the objective above it was lost.
    """
    t = u.text
    if t is None or u.is_row or t.list_item or not (t.heading_level or t.bold):
        return None
    text = collapse_ws(u.para)
    if not 3 <= len(text.split()) <= MAX_COMMITMENT_HEADING_WORDS or is_context_line(text):
        return None
    return text if is_pledge(text) else None


def apply_caption_above(units: list[Unit], i: int, state: ReadState) -> None:
    """The heading right above a table or item list at ``i``: a pledge heading is the commitment of the
    rows below (:func:`commitment_heading`), a caption their section (:func:`caption_above`)."""
    if i > 0 and (commitment := commitment_heading(units[i - 1])) is not None:
        if commitment != state.ctx.commitment:
            state.ctx = replace(state.ctx, commitment=commitment)
            state.open_row = False
        _withdraw_set_aside(state, units[i - 1])
        return
    if caption := caption_above(units, i, state):
        state.new_section(caption)
        _withdraw_set_aside(state, units[i - 1])


def _withdraw_set_aside(state: ReadState, u: Unit) -> None:
    """A paragraph set aside as unused (no reader took it) and then read as the heading of what follows
    it: no longer among ``state.unused`` (records.dropped)."""
    t = u.text
    if t is None or not state.unused:
        return
    if state.unused[-1] == source_of("unused", t):
        state.unused.pop()
        state.tally["unused"] -= 1


def caption_above(units: list[Unit], i: int, state: ReadState) -> str | None:
    """A short title-like paragraph right above ``i`` (a table's or item list's caption), else None.

    gold/SPEC.md: "a table caption or theme heading above the rows is the section".
    """
    if i == 0 or units[i - 1].is_row or units[i - 1].text is None:
        return None
    prev = units[i - 1].text
    line = FOOTNOTE_MARK.sub("", units[i - 1].para) or units[i - 1].para   # "Housing[3]": the marker is no part of it
    if prev is None or prev.list_item or len(line.split()) > CAPTION_MAX_WORDS or not is_title_like(line):
        return None
    text = heading_text(line)   # "1. Flood risk and drainage" above the table: section "Flood risk and drainage"
    if state.title in (line, text) or text == state.ctx.section or is_context_line(text) or is_part_reference(text):
        return None
    if re.search(r"\d{3,}|https?:|www\.|@", text):
        return None
    label = match_label(text)
    if label is not None and label.score >= 0.66 and label.role not in HEADING_ROLES:
        return None  # a field label ("Lead officer"), not a caption; "Our commitments" heads the items
    return text


# "... Community Safety Partnership Plan: Priority 2 Reduce antisocial behaviour in town centres This will
# be delivered through: ...": a numbered theme or objective heading and its aim, run into the text before
# a header embedded in one paragraph.  The words are data (cues theme_word, objective_word, number_word).
RUN_ON_HEADING = Cue(
    r"(?<!\S)(?P<heading>(?:(?:{theme_modifier}|{objective_modifier})\s+)?(?:{theme_word}|{objective_word})\s+"
    r"(?:\d{1,2}(?:\.\d{1,2})?[a-z]?|{number_word}))\s*[:\-–—.]?\s+(?=[A-Z])")
MAX_RUN_ON_AIM_WORDS = 16


def run_on_heading(preamble: str) -> tuple[str, str | None] | None:
    """(section, objective) of the last numbered heading in a run-on paragraph's text before its table:
    the heading ("Priority 2") is the section, as when it stands alone on its line, and the words after it
    up to where the next sentence starts (a capitalised word after a lower-case one, a colon, a full stop)
    its aim; None when the text has no such heading.

    >>> run_on_heading("PART 1 Council-led actions Plan: Priority 2 Reduce antisocial behaviour This will be: - a")
    ('Priority 2', 'Reduce antisocial behaviour')
    """
    found = None
    for found in RUN_ON_HEADING.finditer(preamble):
        pass
    if found is None:
        return None
    aim: list[str] = []
    for word in preamble[found.end():].split():
        if aim and word[:1].isupper() and aim[-1][:1].islower() and aim[-1][-1:].isalpha() or word in "-–•":
            break
        aim.append(word.rstrip(".:"))
        if word.endswith((".", ":")) or len(aim) > MAX_RUN_ON_AIM_WORDS:
            break
    if len(aim) > MAX_RUN_ON_AIM_WORDS:
        return found.group("heading"), None
    return found.group("heading"), " ".join(aim) or None

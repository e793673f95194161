"""The reading loop: offer each unit of a Layout to the readers in turn and keep the first reading.

:func:`layout_to_rows` walks the Layout's units (table rows and paragraphs, in reading order,
:func:`pipeline.reading.model.layout_units`) and at each position asks the readers
(:mod:`pipeline.reading.readers`), most specific first; a reader that recognises its shape consumes
the units it covers and emits rows with roles into the :class:`~pipeline.reading.model.ReadState`.  A
unit no reader takes is set aside (the account, pipeline/account.py, says where it went).  Councils
lay the same content out in many ways; the readers find *items* (one action, project or measure each) in each of them:

1. **table rows** — a Layout table (:mod:`~pipeline.reading.readers.tables`), or a table rebuilt
   from paragraphs: one cell per paragraph under a header run
   (:mod:`~pipeline.reading.readers.paragraph_tables`), or rows on single lines under a one-line
   header (:mod:`~pipeline.reading.readers.line_tables`);
2. **context** — section headings ("Priority 1: ...", "As a Community Leader"), objectives and the
   document title, carried down onto the items below them (:mod:`~pipeline.reading.readers.context`);
3. **column groups** — a group's cells listed column by column (:mod:`~pipeline.reading.readers.column_groups`);
4. **item blocks** — a title followed by labelled lines ("Lead:", "Status: Green", "Due date: ...",
   "Our progress") (:mod:`~pipeline.reading.readers.items`).

Column and label roles come from header words (``pipeline/patterns/headers.jsonl``) and content
evidence (:mod:`pipeline.reading.columns`).  pipeline/records.py then folds continuation rows into
records.  A new layout kind is a new module in ``readers/`` (importing the model, shared and below
only) with a function ``read_x(units, i, state) -> int | None``, placed in :func:`readers`.
"""

from __future__ import annotations

from typing import Callable

from extractors.base import W101, W111, Layout
from pipeline.reading.model import DocRows, ReadState, Unit, layout_units
from pipeline.reading.readers.column_groups import read_column_groups
from pipeline.reading.readers.context import read_context
from pipeline.reading.readers.items import read_inline_labels, read_item_run, read_project, read_unlabelled_list
from pipeline.reading.readers.line_tables import read_line_table
from pipeline.reading.readers.paragraph_tables import read_paragraph_table
from pipeline.reading.readers.tables import read_table, read_table_paragraph
from pipeline.reading.shared import title_and_period

Reader = Callable[[list[Unit], int, ReadState], int | None]


def read_unused(units: list[Unit], i: int, state: ReadState) -> int:
    """A paragraph no stage could place: kept, and counted by the account (pipeline/account.py)."""
    u = units[i]
    if u.text is not None:
        state.set_aside(u.text)
    else:
        state.tally["unused"] += 1
    return i + 1


def readers() -> tuple[Reader, ...]:
    """The readers, most specific first: the first that reads a unit takes it."""
    return (read_table, read_paragraph_table, read_table_paragraph, read_line_table, read_context,
            read_project, read_column_groups, read_item_run, read_unlabelled_list,
            read_inline_labels)


def layout_to_rows(layout: Layout) -> DocRows:
    """Read a Layout into rows with roles, section and objective carried down.

    >>> from pathlib import Path; from extractors import extract
    >>> doc = layout_to_rows(extract(Path("data/raw/004_59fe58fd6413823e.txt")))
    >>> doc.title, len([r for r in doc.rows if not r.continuation]), doc.rows[0].section
    ('EDI Action Plan', 21, 'Community Leader')
    """
    units = layout_units(layout)
    state = ReadState()
    for key, value in layout.meta:
        if key == "running_header" and value:
            state.title, state.period = title_and_period(value)
    stages = readers()
    i = 0
    while i < len(units):
        for read in stages:
            j = read(units, i, state)
            if j is not None:
                assert j > i, f"{read.__name__} did not advance at unit {i}"
                i = j
                break
        else:
            i = read_unused(units, i, state)
    unplaced = tuple(k[len("unplaced:"):] for k in state.tally if k.startswith("unplaced:"))
    return DocRows(tuple(state.rows), state.title, state.period, tuple(_warnings(state)), unplaced,
                   tuple(state.unused), tuple(state.notes))


def text_rows(text: str) -> list[tuple[str, ...]]:
    r"""(action, role: text ...) of each record a text rendering gives: a short way to show a stage at work.

    >>> text_rows("Action\tLead\tDue\nPublish the plan\tPolicy Team\tMarch 2026")
    [('Publish the plan', 'responsible: Policy Team', 'timescale: March 2026')]
    """
    from pathlib import Path

    from extractors.text import text_to_layout

    doc = layout_to_rows(text_to_layout(text, Path("example.txt")))
    out = []
    for row in doc.rows:
        if row.continuation:
            continue
        title = " ".join(row.items("action"))
        out.append((title, *(f"{r}: {' / '.join(items)}" for r, items in row.parts if r != "action")))
    return out


def _warnings(state: ReadState) -> list[str]:
    out = []
    if state.tally["headerless"]:
        out.append(W101.format(page=state.headerless_page, n=state.tally["headerless"]))
    if state.tally["untitled"]:
        out.append(W111.format(n=state.tally["untitled"]))
    unplaced = [k[len("unplaced:"):] for k in state.tally if k.startswith("unplaced:")]
    if unplaced:
        out.append(W112.format(cells="; ".join(repr(c) for c in unplaced)))
    return out


W112 = ("W112 header cells that name no known role, their columns read by content or not at all: {cells}; "
        "add the words to a headers file (docs/patterns.md) if they name a field")

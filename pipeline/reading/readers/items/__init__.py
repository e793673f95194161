r"""Item blocks: reports that list each action as a title followed by labelled lines.

Many progress reports are not tables: each action, objective or measure is a block::

    Action 3:                                  3.01.04 Replace the council's diesel vans
    We will introduce a text relay ...         Directorate: Resources
      • Lead service: Customer Services        Due date: 31 December 2025
      • Target date: September 2025            Status: Red
                                               Comments:
                                               Delivery of the first twelve vans ...

:func:`~.lines.classify_line` reads what each paragraph is (a label with or without its value, an item
marker such as "Promise 12" or "1. Appoint ...", a rated title "Households prevented (Green)", context,
or plain text); :func:`~.drafts.parse_items` walks the lines into items; :func:`~.runs.read_item_run`
turns them into rows; where every item is a heading (an h3, a Word heading or bold line, a plain-text
title line) over its labels, :func:`~.headings.item_heads` finds those headings first, so a description
above or below the labels stays with its own item.  :func:`~.lists.read_unlabelled_list` reads lists with
no labels at all.
Label words come from the same vocabulary as column headers (``pipeline/patterns/headers.jsonl``).
A status word is a RAG only when it is Green, Amber or Red; "Complete", "On track" or an emoji stay
in progress (gold/SPEC.md).

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Promise 12\nPlant 5,000 trees\nLead: Parks\nStatus: Green")
    [('Plant 5,000 trees', 'responsible: Parks')]
"""

from __future__ import annotations

from pipeline.reading.readers.items.drafts import ItemDraft, parse_items
from pipeline.reading.readers.items.inline import read_inline_labels
from pipeline.reading.readers.items.lines import Line, LineKind, classify_line
from pipeline.reading.readers.items.lists import read_unlabelled_list
from pipeline.reading.readers.items.runs import read_item_run, read_project

__all__ = ["ItemDraft", "Line", "LineKind", "classify_line", "parse_items", "read_inline_labels", "read_item_run", "read_project",
           "read_unlabelled_list"]

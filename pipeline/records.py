"""Rows with roles -> :class:`schemas.ActionRecord`: fold continuation rows, join split sentences.

A record starts at a row with an action and takes in every following ``continuation`` row:
its text items are appended (an item that starts mid-sentence is joined to the one before it,
which is how a cell split by a page break is put back together), its responsible services are
unioned, its timescales and deadlines extended.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterable, Sequence

from extractors.base import collapse_ws
from pipeline.dates import due_date_of, parse_timescale
from pipeline.reading.columns import header_match
from pipeline.reading.model import DocRows, RoleRow
from pipeline.reading.shared import TERMINAL
from pipeline.services import canonical_services, split_responsible
from pipeline.state import state_of
from schemas import ActionRecord

LIST_FIELDS = ("progress", "issues", "measures")
# Words a sentence cannot end on: an item ending with one carries on in the next item (seed 003 "… with the").
# Not after a slash: "n/a" ends a KPI value ("2023/24 outturn: n/a"), not on the article "a".
OPEN_ENDINGS = re.compile(
    r"(?<!/)\b(the|a|an|of|to|with|for|in|on|at|by|from|between|within|as|that|this|is|are|be|our|their|its|"
    r"but|via|into|than|which|who|will|have|has|been|was|were|any|all|these|those|such|both|including)$",
    re.I,
)
SENTENCE_END = re.compile(r"[.!?:]\s*[)\"”’']?\s*$")
DUPLICATE_RATIO = 0.85
LONG_SENTENCE_CHARS = 60


def continues(prev: str, nxt: str, *, across_rows: bool = True, page_break: bool = False) -> bool:
    """True if ``nxt`` carries on the sentence ``prev`` left open.

    Inside one cell only a lower-case start joins (items there are separated on purpose); across a row
    or page break an item ending on a word no sentence ends with also joins the next, and at a page
    break a long sentence left without its full stop joins whatever comes next (seed 001 p9).

    >>> continues("Museum collections have been appraised and work undertaken", "with donors to …")
    True
    >>> continues("Report taken and agreed by Committee (January 2020).", "Compassionate Maidstone Awards")
    False
    """
    prev = prev.rstrip()
    if not prev or not nxt:
        return False
    if nxt[:1].islower() and not SENTENCE_END.search(prev):
        return True
    if page_break and len(prev) > LONG_SENTENCE_CHARS and not TERMINAL.search(prev):
        return True
    if not OPEN_ENDINGS.search(prev) or TERMINAL.search(prev):
        return False
    # Inside a cell a line wrapped after "from" may go on with a number: "… up from" + "12% to 17%."
    return across_rows or nxt[:1].isdigit()


def is_echo(prev: str, nxt: str) -> bool:
    """True if ``nxt`` repeats the end of ``prev`` (text a scan or a re-flow printed twice, seed 000)."""
    if len(nxt) < 20:
        return False
    tail = prev[-(len(nxt) + 10):]
    return SequenceMatcher(None, tail, nxt, autojunk=False).ratio() >= DUPLICATE_RATIO


def append_items(items: list[str], new: Iterable[str], flags: list[str], *, page_break: bool = False,
                 rejoin: bool = True) -> None:
    """Append one cell's items to ``items`` in place, joining fragments and dropping echoes.

    ``rejoin=False`` keeps every item as given (rows whose paragraph boundaries are already right:
    item blocks and tables rebuilt from paragraphs, where a lower-case bullet is still its own item).
    """
    for n, item in enumerate(new):
        item = collapse_ws(item)
        if not item:
            continue
        if items and item[:1].islower() and is_echo(items[-1], item):
            flags.append("duplicate_text_dropped")
            continue
        if rejoin and items and continues(items[-1], item, across_rows=n == 0, page_break=page_break and n == 0):
            items[-1] = f"{items[-1]} {item}"
        else:
            items.append(item)


class _Draft:
    def __init__(self, row: RoleRow) -> None:
        self.first = row
        self.action: list[str] = []
        self.detail: list[str] = []
        self.commitment = row.commitment
        self.lists: dict[str, list[str]] = {f: [] for f in LIST_FIELDS}
        self.responsible_items: list[str] = []
        self.timescales: list[str] = []
        self.status = row.status
        self.page_start = row.page_start
        self.page_end = row.page_end
        self.flags: list[str] = list(row.flags)
        self.sources: list = []
        self.dropped: list[str] = []   # struck-through text the rows' cells dropped
        self.add(row, first=True)

    def add(self, row: RoleRow, first: bool = False) -> None:
        page_break = row.page_start > self.page_end
        self.sources.extend(row.sources)
        self.dropped.extend(row.dropped)
        if not first:
            if "merged_continuation_row" not in self.flags:
                self.flags.append("merged_continuation_row")
            self.flags.extend(row.flags)
            self.page_end = max(self.page_end, row.page_end)
            self.status = self.status or row.status
        for role, items in row.parts:
            if role == "action":
                self.add_action(items)
            elif role == "detail":
                append_items(self.detail, items, self.flags, page_break=page_break, rejoin=row.rejoin)
            elif role in LIST_FIELDS:
                append_items(self.lists[role], items, self.flags, page_break=page_break, rejoin=row.rejoin)
            elif role == "responsible":
                append_items(self.responsible_items, items, self.flags, page_break=page_break, rejoin=row.rejoin)
            elif role == "timescale":
                # One deadline per paragraph: "<p>Due July 2025</p> <p>July 2024</p>" (seed 004).
                append_items(self.timescales, items, self.flags, page_break=page_break, rejoin=row.rejoin)

    def add_action(self, items: Sequence[str]) -> None:
        text = collapse_ws(" ".join(items))
        if not text:
            return
        if self.action and TERMINAL.search(self.action[-1]) and len(text.split()) == 1 and text[:1].islower():
            # "uieiii.": one mangled word under a finished title is scan debris, not title text (seed 000).
            self.flags.append("noise_dropped")
            return
        self.action.append(text)

    def to_record(self, doc_id: str, source_file: str, seq: int) -> ActionRecord:
        responsible: list[str] = []
        for item in self.responsible_items:
            for name in split_responsible(item):
                if name not in responsible:
                    responsible.append(name)
        start: str | None = None
        due: list[str] = []
        for ts in self.timescales:
            s, d = parse_timescale(ts)
            start = start or s
            due.extend(d)
        row = self.first
        progress = tuple(self.lists["progress"])
        return ActionRecord(
            record_id=f"{doc_id}:{seq:04d}",
            doc_id=doc_id,
            source_file=source_file,
            seq=seq,
            kind=row.kind,
            action=" ".join(self.action),
            section=row.section,
            section_status=row.section_status,
            objective=row.objective,
            commitment=self.commitment,
            detail=" ".join(self.detail) or None,
            progress=progress,
            issues=tuple(self.lists["issues"]),
            measures=tuple(self.lists["measures"]),
            responsible=tuple(responsible),
            services=canonical_services(responsible),
            timescale="; ".join(self.timescales) or None,
            start=start,
            due=tuple(due),
            due_date=due_date_of(tuple(due)),
            status=self.status,
            page_start=self.page_start,
            page_end=self.page_end,
            flags=tuple(dict.fromkeys(self.flags)),
            confidence=round(action_doubt(" ".join(self.action), row.confidence), 2),
            sources=tuple(self.sources),
            dropped=tuple(self.dropped),
            state=state_of([s.text for s in self.sources if s.role == "status"], progress, self.status),
        )


DOUBTFUL_ACTION_CONFIDENCE = 0.3    # a header cell, a row number or a code where the title should be
JOINED_CELLS_CONFIDENCE = 0.5       # pipe characters left in the title: cells joined into one


def action_doubt(action: str, confidence: float) -> float:
    """A record's confidence lowered when its title does not look like one, so that
    ``order by confidence`` shows it first: a header cell ("Lead officer"), a number or code ("7",
    "CL3"), or cells still joined by pipes.  Real pages read after the layouts set gave all three when a
    table's form was misread (a KPI appendix whose cells end in " |").

    >>> action_doubt("Lead officer", 0.8), action_doubt("1.2", 0.8), action_doubt("Audit | May", 0.8)
    (0.3, 0.3, 0.5)
    >>> action_doubt("Review the allocations policy", 0.8)
    0.8
    """
    text = action.strip()
    words = re.findall(r"[A-Za-z]{2,}", text)
    if not words or re.fullmatch(r"[A-Z]{0,3}\d[\d.]*[a-z]?", text):
        return min(confidence, DOUBTFUL_ACTION_CONFIDENCE)
    if len(words) <= 4 and (m := header_match(text)) is not None and m.exact:
        return min(confidence, DOUBTFUL_ACTION_CONFIDENCE)
    if "|" in text:
        return min(confidence, JOINED_CELLS_CONFIDENCE)
    return confidence


def rows_to_records(doc: DocRows, *, doc_id: str, source_file: str) -> list[ActionRecord]:
    """Fold rows into records: a row with an action opens a record, continuation rows join it."""
    drafts: list[_Draft] = []
    for row in doc.rows:
        if row.continuation and drafts:
            drafts[-1].add(row)
        else:
            drafts.append(_Draft(row))
    records: list[ActionRecord] = []
    for draft in drafts:
        if not draft.action:
            continue  # text with no title above it: counted in the document's warnings
        records.append(draft.to_record(doc_id, source_file, len(records)))
    return records

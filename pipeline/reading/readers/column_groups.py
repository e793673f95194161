"""Tables copied out column by column: a group's cells listed one column after another.

Some equality scheme timetables and action plans, copied from a PDF or a web page, come out with the
cells of a group of rows in column order — all the group's actions, then all their leads, then all their
dates — one paragraph each (Mid and East Antrim's equality scheme timetable)::

    Formulation of draft action plan          <- actions
    Finalised action plan published
    Policy Officer                            <- leads
    Policy Officer
    April 2023 – June 2023                    <- dates
    July 2023

Nothing but the content says where a column ends, so a group is found as consecutive *runs* of one kind
of content (titles, services or posts, timescales) of the same length; the k-th paragraph of each run
makes up row k.  A run of one after the others is shared by every row of the group (one date for all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.base import Text
from pipeline.reading.columns import header_match
from pipeline.reading.evidence import text_features
from pipeline.reading.headings import apply_caption_above
from pipeline.reading.model import ReadState, Unit, make_row, source_of
from pipeline.reading.shared import LIST_END, OPEN_END, is_context_line, strip_enumerator
from pipeline.vocab import Kind, Role, match_label

MIN_GROUP_ROWS = 2        # a group has at least this many rows ...
MAX_SCAN = 120            # ... and the scan for groups looks this far
GROUP_CONFIDENCE = 0.5    # cells paired by position only
KIND_ROLE = {"T": Role.ACTION, "S": Role.RESPONSIBLE, "D": Role.TIMESCALE}


@dataclass(frozen=True, slots=True)
class Run:
    kind: str             # "T" title or sentence, "S" service or post, "D" timescale
    texts: tuple[str, ...]
    page: int
    blocks: tuple[Text, ...] = ()


def content_kind(text: str) -> str:
    """What one paragraph of a column holds: "D" timescale, "S" service/post, "T" title, "G" a group's
    short heading, "X" other.

    >>> [content_kind(t) for t in ("April 2023 – June 2023", "Policy Officer", "Publish the action plan",
    ...                            "Screening", "12")]
    ['D', 'S', 'T', 'G', 'X']
    """
    f = text_features(text)
    if f.timescale >= 0.8 and f.words <= 8:
        return "D"
    if 3 <= f.words <= 6 and (m := match_label(text)) is not None and m.score >= 0.5 and not re.search(r"[.!?]$", text):
        return "X"  # "Directorate and service area", "Responsible manager": a form's labels, not cells
    if f.service and f.words <= 10:
        return "S"
    if f.words >= 3 and not f.is_id and not f.value:
        return "T"
    if 1 <= f.words <= 2 and f.title_like and not f.is_id and not f.value:
        return "G"
    return "X"


def _paragraphs(units: list[Unit], i: int) -> tuple[list[Text], int]:
    """Plain paragraphs from ``i`` (stops at a table row, a list item, a heading or a context line), with a
    cell's wrapped lines joined ("Annual progress report to the" / "Equality Commission [2.6]")."""
    out: list[Text] = []
    k = i
    while k < min(len(units), i + MAX_SCAN):
        u = units[k]
        if u.is_row or u.text is None or u.text.list_item or u.text.heading_level or is_context_line(u.para):
            break
        if out and OPEN_END.search(out[-1].text) and not LIST_END.search(out[-1].text):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {u.para}")
        else:
            out.append(u.text)
        k += 1
    return out, k


def _runs(paras: list[Text]) -> list[Run]:
    """Runs of same-kind paragraphs; a repeated one-cell header ("Lead responsibility") is a run "H" of its
    own, a group's short heading ("Screening") a run "G"; stops at content of no kind."""
    runs: list[Run] = []
    for t in paras:
        m = header_match(t.text)
        if m is not None and m.exact and m.role != Role.VALUE and len(t.text.split()) <= 4:
            runs.append(Run("H", (t.text,), t.page, (t,)))
            continue
        kind = content_kind(t.text)
        if kind == "X":
            break
        if runs and runs[-1].kind == kind and kind != "G":
            runs[-1] = Run(kind, runs[-1].texts + (t.text,), runs[-1].page, runs[-1].blocks + (t,))
        else:
            runs.append(Run(kind, (t.text,), t.page, (t,)))
    return runs


def groups_of(runs: list[Run]) -> list[tuple[int, list[Run]]]:
    """Column-major groups among the runs: (index of the first run, its runs), each a title run of n then
    runs of n (or one, shared) of other kinds.  Groups of one row count only beside a group of two or
    more (a table whose cells come column by column; a lone title/name/date is any row).

    >>> runs = [Run("T", ("a b c", "d e f"), 1), Run("S", ("HR", "IT"), 1), Run("D", ("May 2025",), 1)]
    >>> [(k, [r.kind for r in g]) for k, g in groups_of(runs)]
    [(0, ['T', 'S', 'D'])]
    """
    out: list[tuple[int, list[Run]]] = []
    k = 0
    while k < len(runs):
        first = runs[k]
        n = len(first.texts)
        if first.kind != "T":
            k += 1
            continue
        group = [first]
        seen = {"T"}
        j = k + 1
        while j < len(runs) and runs[j].kind not in seen and runs[j].kind in KIND_ROLE and (
                len(runs[j].texts) == n or (len(runs[j].texts) == 1 and len(group) >= 2)):
            group.append(runs[j])
            seen.add(runs[j].kind)
            j += 1
        if len(group) >= 2 and "S" in seen:
            out.append((k, group))
            k = j
        else:
            k += 1
    if not any(len(g[0].texts) >= MIN_GROUP_ROWS for _, g in out):
        return []
    return out


def read_column_groups(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Column-major groups from ``i``: one row per title, its lead and date paired by position; a group's
    short heading ("Screening", "Action plan") is its section.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Draft the action plan\n\nPublish the action plan\n\nPolicy Officer\n\nHead of Policy\n\n"
    ...           "June 2025\n\nSeptember 2025")
    [('Draft the action plan', 'responsible: Policy Officer', 'timescale: June 2025'), ('Publish the action plan', 'responsible: Head of Policy', 'timescale: September 2025')]
    """
    u = units[i]
    if u.is_row or u.text is None:
        return None
    paras, _ = _paragraphs(units, i)
    runs = _runs(paras)
    groups = groups_of(runs)
    if not groups or groups[0][0] > 2:
        return None
    apply_caption_above(units, i, state)
    state.table.columns = None
    state.table.mode = None
    at = 0
    for k, group in groups:
        for run in runs[at:k]:
            if run.kind == "G":
                state.new_section(run.texts[0])
        n = len(group[0].texts)
        for row in range(n):
            parts = []
            sources = []
            for run in group:
                m = row if len(run.texts) == n else 0
                text = run.texts[m]
                sources.append(source_of(KIND_ROLE[run.kind], run.blocks[m], text))
                parts.append((KIND_ROLE[run.kind], (strip_enumerator(text) if run.kind == "T" else text,)))
            state.open_row = False
            state.emit(make_row(Kind.ACTION, parts, state.ctx, group[0].page, group[-1].page,
                                confidence=GROUP_CONFIDENCE, rejoin=False, sources=sources))
        at = k + len(group)
    # Everything up to the end of the last group is read; what follows is for the other stages.
    last = runs[at - 1].blocks[-1]
    end = i
    while end < len(units) and units[end].text is not last:
        end += 1
    return end + 1

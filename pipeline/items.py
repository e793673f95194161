"""Item blocks: reports that list each action as a title followed by labelled lines.

(Filled in below: project headings with a RAG line, seed 003.)
"""

from __future__ import annotations

from pipeline.structure import ReadState, Unit


def read_project(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A bold heading with a RAG word on the next line opens a project or workstream (seed 003)."""
    from pipeline.tables import opens_project, start_project_or_workstream

    u = units[i]
    if u.is_row or u.text is None:
        return None
    nxt = units[i + 1] if i + 1 < len(units) else None
    if nxt is None or nxt.is_row:
        return None
    if opens_project(state, u.para, nxt.para, u.text.bold or bool(u.text.heading_level)):
        start_project_or_workstream(state, u.para, nxt.para, u.text.page)
        return i + 2
    return None


def read_item_run(units: list[Unit], i: int, state: ReadState) -> int | None:
    return None

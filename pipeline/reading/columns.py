"""Column roles: which field each column of a table holds, from header words and column content.

:func:`header_score` says whether a row of texts reads as a header row; :func:`assign_roles` turns a
header (and, when there is one, the body under it) into :class:`Columns`.  Header words come from
``pipeline/patterns/headers.jsonl`` (:mod:`pipeline.vocab`); a column the words do not name, or name
ambiguously, is decided by its content (:mod:`pipeline.reading.evidence`).
"""

from __future__ import annotations

import re
from typing import Sequence

from extractors.base import collapse_ws
from pipeline.reading.evidence import RAG_WORD, ColumnEvidence, column_evidence
from pipeline.reading.model import Columns
from pipeline.vocab import Kind, LabelMatch, Role, is_period_header, label_tokens, match_label

MAX_HEADER_WORDS = 10          # a header cell longer than this is content
MIN_HEADER_SHARE = 0.6         # of the non-empty cells of a header row, this share must name a role
MIN_CELL_SCORE = 0.3           # a header cell names a role if a phrase covers this share of its words
STRONG_EVIDENCE = 0.6          # a column's content decides its role at this share of fitting cells
ID_EVIDENCE = 0.8              # a column this full of IDs ("1.2", "CL3") is an ID column whatever its header
GROUPING_DISTINCT = 0.5        # a title-like column with fewer distinct values than this share groups rows
CONTEXT_ROLES = frozenset({Role.OBJECTIVE, Role.COMMITMENT, Role.SECTION})


def header_match(text: str) -> LabelMatch | None:
    """The role a header cell names (None for long text, a RAG word or no known words).

    A phrase must cover half the cell, or be its head noun ("Five Year Aim"); a name joining two
    things ("Revenues & Benefits") is not named by its last word.

    >>> header_match("Five Year Aim").role.value, header_match("Revenues & Benefits"), header_match("GREEN")
    ('action', None, None)
    """
    text = collapse_ws(text)
    if not text or len(text.split()) > MAX_HEADER_WORDS or RAG_WORD.match(text):
        return None
    if is_period_header(text):
        return LabelMatch(Role.VALUE, 1.0, Kind.MEASURE)
    if re.search(r"\b(?:19|20)\d\d\b", text):
        return _dated_header(text)
    if (slashed := _slashed_action(text)) is not None:
        return slashed
    m = match_label(text)
    if m is None or m.score < MIN_CELL_SCORE:
        return None
    if m.score < 0.5 and not (m.head and not re.search(r"&| and ", text)):
        return None
    if m.score < 0.66 and not m.head:
        return None  # "Progress Report": a phrase that is not the cell's head noun does not name it
    return m


def _dated_header(text: str) -> LabelMatch | None:
    """A header cell with a year: "2024/25 result", "2025/26 target" is a value for one period (KPI
    tables); any other cell with its years ("Delivery Program 2025 - 2029") is a title, not a header."""
    rest = match_label(text)
    if rest is not None and rest.exact and rest.role in (Role.VALUE, Role.PROGRESS) and \
            len(label_tokens(text)) <= 3:
        return LabelMatch(Role.VALUE, 1.0, Kind.MEASURE)
    return None


def _slashed_action(text: str) -> LabelMatch | None:
    """"Action/Target": a column headed by two names holds the row's title when one of them is the
    title (the exact action match); otherwise None, and the names agree ("Issues/Risks") or the whole
    reads as one phrase."""
    if "/" not in text:
        return None
    parts = [p for p in re.split(r"\s*/\s*", text) if p.strip()]
    if len(parts) < 2:
        return None
    for part in parts:
        pm = match_label(part)
        if pm is not None and pm.exact and pm.role == Role.ACTION:
            return pm
    return None


def header_score(texts: Sequence[str]) -> float:
    """Share (0-1) of a row's non-empty cells that name a role, or 0 if the row cannot be a header.

    A header names at least two roles other than period/value columns (a statistics table's
    "2022 | 2023 | 2024" is no action table: ICDAR eu-007, tabula spanning_cells).

    >>> header_score(["Ref", "Action", "Lead officer(s)", "Target date", "RAG"])
    1.0
    >>> header_score(["Total", "2022", "2023"]), header_score(["We will review the policy", "March 2026"])
    (0.0, 0.0)
    """
    filled = [collapse_ws(t) for t in texts if t and t.strip()]
    if len(filled) < 2:
        return 0.0
    matches = [header_match(t) for t in filled]
    named = [m for m in matches if m is not None]
    core = {m.role for m in named if m.role not in (Role.VALUE, Role.ID, Role.NONE)}
    values = sum(1 for m in named if m.role == Role.VALUE)
    # At least two roles, or a KPI header: a title column and two or more period/value columns.
    if len(core) < 2 and not (core == {Role.ACTION} and values >= 2):
        return 0.0
    share = len(named) / len(filled)
    return share if share >= MIN_HEADER_SHARE else 0.0


MIN_GROUPING_CELLS = 3


def groups_rows(evidence: ColumnEvidence) -> bool:
    """The column's cells are titles that repeat down the table (a merged cell expanded, or the same
    heading written on each row): they group the rows rather than describe each one."""
    return (evidence.n >= MIN_GROUPING_CELLS and evidence.distinct <= GROUPING_DISTINCT
            and evidence.title + evidence.prose >= STRONG_EVIDENCE)


def _initial_role(match: LabelMatch | None, evidence: ColumnEvidence | None) -> Role | None:
    """A column's role from its header words, corrected by strong content evidence."""
    role = match.role if match is not None else None
    if evidence is None or evidence.n < 2:
        return role
    if match is not None and match.grouping is not None and groups_rows(evidence):
        return match.grouping   # "Outcome" over "Outcome 1: ..." repeated down its rows: an objective
    if evidence.id >= ID_EVIDENCE and role not in (Role.TIMESCALE, Role.VALUE) and (
            role is None or evidence.code >= ID_EVIDENCE):
        return Role.ID  # "Council Plan Strategy" holding only codes (2.1.1) is a reference column
    if role is None:
        for candidate in (Role.STATUS, Role.TIMESCALE, Role.RESPONSIBLE, Role.VALUE):
            if evidence.score(candidate) >= STRONG_EVIDENCE:
                return candidate
    return role


def _resolve_actions(roles: list[Role | None], matches: list[LabelMatch | None]) -> None:
    """Keep one action column: the first named without an alternative; the others take their alt role.

    "Action Title | Actions" (seed 004): the second is the description; "Action | Measure": the measure
    column holds success measures.
    """
    actions = [i for i, r in enumerate(roles) if r == Role.ACTION]
    if len(actions) <= 1:
        return
    keep = next((i for i in actions if matches[i] is None or matches[i].alt is None), actions[0])  # type: ignore[union-attr]
    for i in actions:
        if i != keep:
            m = matches[i]
            roles[i] = m.alt if m is not None and m.alt is not None else Role.DETAIL


def _choose_action(roles: list[Role | None], texts: Sequence[str], matches: list[LabelMatch | None],
                   evidence: list[ColumnEvidence | None]) -> int | None:
    """The column that holds the action when no header names one.

    A description column first (seed 002's "Ref | Description | Lead"), then a column the words do not
    name, then an objective/commitment column that does not group rows ("Objective | How we will measure
    success": each objective is a row's title), each preferred when its cells look like titles.
    """
    priority = {Role.DETAIL: 3.0, None: 2.0, Role.OBJECTIVE: 1.0, Role.COMMITMENT: 1.0, Role.ISSUES: 0.5}
    best: tuple[float, int] | None = None
    for i, role in enumerate(roles):
        if i == 0 and role in (Role.PROGRESS, Role.MEASURES) and evidence[i] is not None:
            role = None  # "Summary | Sub actions | Deadline | Status": the first column lists the items
        if role not in priority or (role is None and not texts[i].strip() and evidence[i] is None):
            continue
        ev = evidence[i]
        if ev is not None and ev.n:
            fit = ev.score(Role.ACTION)
            if fit < 0.3 or (role in CONTEXT_ROLES and ev.distinct < GROUPING_DISTINCT):
                continue
        else:
            fit = 0.5
        if role == Role.ISSUES and (matches[i] is None or matches[i].exact):  # type: ignore[union-attr]
            continue  # a column headed just "Issues" is issues; "Governance issue" may be the title
        score = priority[role] + fit - 0.01 * i
        if best is None or score > best[0]:
            best = (score, i)
    return best[1] if best else None


def _prose_to_progress(roles: list[Role | None], texts: Sequence[str], evidence: list[ColumnEvidence | None]) -> None:
    """A headed column whose words name no role and whose cells are prose holds progress ("Where we
    are" beside the action: a web page printed to PDF lost that column in every record).  Decided after
    the action column, so an unknown header over titles stays the action."""
    for i, role in enumerate(roles):
        ev = evidence[i]
        if role is None and texts[i] and ev is not None and ev.n >= 2 and ev.score(Role.PROGRESS) >= STRONG_EVIDENCE:
            roles[i] = Role.PROGRESS


def assign_roles(header: Sequence[str], body: Sequence[Sequence[str]] | None = None) -> Columns | None:
    """Column roles of a table from its header cells and (optionally) its body's cell texts by column.

    Returns None when no column can hold an action title (not an action, measure or project table).

    >>> cols = assign_roles(["Ref", "Action", "Lead officer(s)", "Target date", "RAG Rating"])
    >>> [r.value if r else None for r in cols.roles], cols.kind.value
    (['id', 'action', 'responsible', 'timescale', 'status'], 'action')
    >>> cols = assign_roles(["Indicator", "Q1", "Q2", "Target"])
    >>> [r.value for r in cols.roles], cols.kind.value, sorted(cols.value_cols)
    (['action', 'value', 'value', 'value'], 'measure', [1, 2, 3])
    """
    texts = [collapse_ws(t) for t in header]
    matches = [header_match(t) for t in texts]
    roles = _column_roles(texts, matches, body)
    if roles is None:
        return None
    kind = _table_kind(roles, matches)
    if kind != Kind.MEASURE:
        # "Target" beside an action is its success measure; in a KPI table a value.
        roles = [m.alt if (r == Role.VALUE and m is not None and m.alt is not None) else r
                 for r, m in zip(roles, matches)]
    value_cols = frozenset(i for i, r in enumerate(roles) if r == Role.VALUE)
    unplaced = tuple(t for t, m in zip(texts, matches) if t and m is None)  # read by content or not at all
    return Columns(tuple(roles), kind, tuple(texts), value_cols, _words_confidence(texts, matches), unplaced)


def _column_roles(texts: list[str], matches: list[LabelMatch | None],
                  body: Sequence[Sequence[str]] | None) -> list[Role | None] | None:
    """Each column's role: its header words corrected by its content, one action column (chosen by
    content when no header names one), unnamed prose columns as progress.  None without an action."""
    n = len(texts)
    evidence: list[ColumnEvidence | None] = [None] * n
    if body:
        evidence = [column_evidence(col) for col in (list(body) + [[]] * n)[:n]]
    roles = [_initial_role(m, e) for m, e in zip(matches, evidence)]
    _resolve_actions(roles, matches)
    if Role.ACTION not in roles:
        i = _choose_action(roles, texts, matches, evidence)
        if i is None:
            return None
        roles[i] = Role.ACTION
    _prose_to_progress(roles, texts, evidence)
    return roles


def _table_kind(roles: list[Role | None], matches: list[LabelMatch | None]) -> Kind:
    """What the table's rows are: the kind its action column's header names ("Indicator": measures),
    and measures whenever two value columns and no timescale column stand beside the title."""
    action_match = matches[roles.index(Role.ACTION)]
    kind = action_match.kind if action_match is not None and action_match.kind is not None else Kind.ACTION
    if kind == Kind.ACTION and sum(r == Role.VALUE for r in roles) >= 2 and Role.TIMESCALE not in roles:
        kind = Kind.MEASURE  # "Indicator | Q1 | Q2 | Target": a KPI table whatever its title column says
    return kind


def _words_confidence(texts: list[str], matches: list[LabelMatch | None]) -> float:
    """0.4 plus 0.6 times the share of filled header cells named exactly by header words."""
    named = sum(1 for m, t in zip(matches, texts) if t and m is not None and m.exact)
    filled = sum(1 for t in texts if t)
    return round(0.4 + 0.6 * named / filled, 2) if filled else 0.4

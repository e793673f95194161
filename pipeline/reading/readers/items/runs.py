"""Finding a run of item blocks and reading it into rows (:func:`read_item_run`); a bold project heading
over its RAG word (:func:`read_project`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace

from pipeline.cues import Cue
from pipeline.reading.evidence import text_features, title_deadline
from pipeline.reading.headings import apply_caption_above
from pipeline.reading.model import UNUSED_ITEM, ReadState, Unit, make_row
from pipeline.reading.readers.items.drafts import (
    MAX_TITLE_PARAGRAPHS,
    ItemDraft,
    item_roles,
    parse_items,
)
from pipeline.reading.readers.items.headings import is_title_line, item_heads
from pipeline.reading.readers.items.lines import Line, LineKind, classify_line, label_of
from pipeline.reading.readers.items.lists import LIST_CONFIDENCE, LIST_CUE_WINDOW
from pipeline.reading.shared import (
    apply_heading,
    objective_line,
    opens_project,
    split_header_line,
    start_project_or_workstream,
    strip_enumerator,
    table_header_run,
)
from pipeline.vocab import Kind, Role, label_tokens

MAX_RUN_SCAN = 400           # paragraphs looked at for one run (bounds the work per start)
CARD_HEAD_LINES = 3          # a card's unlabelled lines (breadcrumb, code) between its title and its labels
# KPI names ("Number of ...", "Percentage of ...") make measure items.  ("%" and "No." never match before a
# space: the word boundary after the words wants a letter there; kept as it was when the words were code.)
MEASURE_NAME = Cue(r"^(?:{measure_name_opening})\b", re.I)
ITEM_CONFIDENCE = 0.8            # an item whose fields are named by two or more labels
ITEM_CONFIDENCE_ONE_LABEL = 0.6  # one label (or a rating) only: the rest is placed by position


@dataclass
class _Classified:
    """One document's paragraphs as :func:`_run_lines` sees them, each worked out once: its classified
    line and whether a table header run opens there.  A run is looked for at every paragraph and reads up
    to MAX_RUN_SCAN paragraphs ahead, so without this the same paragraph was classified many times (read
    item runs were 3.2 of 15.9 profiler s on 40 public PDFs)."""

    units: list[Unit]                                   # the document's units (kept: identity is the key)
    lines: dict[int, Line] = field(default_factory=dict)
    opens_header: dict[int, bool] = field(default_factory=dict)

    def line(self, k: int) -> Line:
        if k not in self.lines:
            self.lines[k] = classify_line(self.units[k])
        return self.lines[k]

    def header_at(self, k: int) -> bool:
        if k not in self.opens_header:
            self.opens_header[k] = (table_header_run(self.units, k) is not None
                                    or split_header_line(self.units[k].para) is not None)
        return self.opens_header[k]


_memo = threading.local()   # the _Classified of the document last read in this thread


def _classified(units: list[Unit]) -> _Classified:
    memo: _Classified | None = getattr(_memo, "doc", None)
    if memo is None or memo.units is not units:
        memo = _Classified(units)
        _memo.doc = memo
    return memo


def _run_lines(units: list[Unit], i: int, limit: int = MAX_RUN_SCAN) -> list[Line]:
    """Classified paragraphs from ``i`` up to a table row, a header run or ``limit`` paragraphs."""

    doc = _classified(units)
    lines: list[Line] = []
    for k in range(i, min(len(units), i + limit)):
        u = units[k]
        if u.is_row or u.text is None:
            break
        if k > i and doc.header_at(k):
            break
        lines.append(doc.line(k))
    return lines


def _is_item_start(lines: list[Line]) -> bool:
    """The run can start here: an item cue now, or a title with a label right after it (a card's
    breadcrumb trail above its title is part of the card)."""
    crumbs = next((k for k, ln in enumerate(lines) if not ln.is_crumb), len(lines))
    if crumbs and lines[0].kind == LineKind.CONTEXT:
        return crumbs < len(lines) and _is_item_start(lines[crumbs:])
    first = lines[0]
    if first.kind in (LineKind.MARKER, LineKind.LABEL, LineKind.TITLE, LineKind.RATED):
        return True
    if first.kind != LineKind.PLAIN:
        return False
    if len(lines) > 1 and lines[1].kind == LineKind.LABEL:
        return True
    if _heads_label_headings(lines):
        return True   # a card's title heading over its label headings (an HTML tracker's print view)
    if _heads_described_labels(lines, marked=True):
        return True   # an item heading, its description, then its labels (an "Our commitments" page)
    # A card: after a blank line, its title line, a few unlabelled lines (breadcrumb, code), then its
    # labels, with no blank line among them.
    if first.block is None or not first.block.blank_lines_before:
        return False
    for ln in lines[1:CARD_HEAD_LINES + 1]:
        if ln.block is not None and ln.block.blank_lines_before:
            return False
        if ln.kind == LineKind.LABEL:
            return True
    return False


def _heads_described_labels(lines: list[Line], marked: bool, limit: int = CARD_HEAD_LINES) -> bool:
    """The first line is a heading (``marked``: a heading level or bold; else a plain-text title line)
    and one to ``limit`` - 1 paragraphs of prose, no heading among them, lie between it and a label: an
    item's title and description above its "Lead:" / "Status:" lines."""
    first = lines[0]
    if first.bullet or first.block is None or first.kind != LineKind.PLAIN:
        return False
    if marked != (first.block.heading_level is not None or first.block.bold):
        return False
    if not marked and not is_title_line(first.text):
        return False
    for n, ln in enumerate(lines[1:limit], start=1):
        if ln.kind == LineKind.LABEL:
            return n > 1
        if not _is_description(ln):
            return False
    return False


def _is_description(ln: Line) -> bool:
    """A plain paragraph of prose (it ends a sentence; no heading, bold or bullet): part of an item's
    description between its heading and its labels."""
    block = ln.block
    return (ln.kind == LineKind.PLAIN and not ln.bullet and block is not None and block.heading_level is None
            and not block.bold and re.search(r"[.!?]$", ln.text) is not None)


def _heads_long_description(units: list[Unit], i: int, head: list[Line]) -> bool:
    """A heading (a heading level, bold or a plain-text title line) over a description of more paragraphs
    than the head holds, then labels, starts a run only when such headings head every item of it
    (:func:`~.drafts.item_heads`): "Plant 5,000 street trees" (h3) over two paragraphs and its "Lead:" /
    "Status:" / "Due:" lines (issue 18; the run began at the second paragraph, the action)."""
    first = head[0]
    marked = first.block is not None and (first.block.heading_level is not None or first.block.bold)
    if (len(head) <= CARD_HEAD_LINES or first.kind != LineKind.PLAIN or first.bullet
            or not (marked or is_title_line(first.text))
            or not all(_is_description(ln) for ln in head[1:CARD_HEAD_LINES])):
        return False   # looked at first: most paragraphs head nothing, and the whole run is 400 lines
    lines = _run_lines(units, i)
    if not _heads_described_labels(lines, marked, limit=len(lines)):
        return False
    return 0 in item_heads(_trim(lines))[0]


def _heads_label_headings(lines: list[Line]) -> bool:
    """The first line is a heading with a label heading of a lower level a few paragraphs below it (list
    items, such as the card's breadcrumb trail, not counted): an HTML tracker card's title."""
    level = lines[0].block.heading_level if lines[0].block is not None else None
    if level is None:
        return False
    below = [ln for ln in lines[1:] if not ln.bullet][:CARD_HEAD_LINES + 1]
    return any(ln.kind == LineKind.LABEL and ln.block is not None and (ln.block.heading_level or 0) > level
               for ln in below)


def _trim(lines: list[Line]) -> list[Line]:
    """Cut the run after its last labelled or rated line, keeping the unlabelled prose that follows it
    until the next heading-like line (a comment under the last item, not page furniture after it), the
    lines right under a last marker (its title and cells), and a line the last value wraps onto (a
    lower-case start under a line that ends no sentence)."""
    last = max((k for k, ln in enumerate(lines) if ln.kind != LineKind.PLAIN), default=-1)
    end = last + 1
    while end < len(lines) and lines[end].kind == LineKind.PLAIN:
        f = text_features(lines[end].text)
        # The last marker's own lines are kept too: its title and cells, up to the first blank line.
        block = lines[end].block
        cell = (last >= 0 and lines[last].kind == LineKind.MARKER and end - last <= MAX_TITLE_PARAGRAPHS
                and block is not None and not block.blank_lines_before)
        # A line wrapped out of the last value ("... waiting for the City Manager's" / "approval.").
        wrapped = (block is not None and not block.blank_lines_before and lines[end].text[:1].islower()
                   and not re.search(r"[.!?:;]$", lines[end - 1].text))
        if not (f.prose and re.search(r"[.!]$", lines[end].text)) and not lines[end].bullet and not cell \
                and not wrapped:
            break
        end += 1
    return lines[:end]


def _is_item_run(items: list[ItemDraft]) -> bool:
    """Enough evidence that these are report items: labels of two different roles over two or more
    items, items cued by markers or rated titles with a label or rating each, or one item with two
    labelled roles.  A form that repeats one label ("Description (if any):" on a statement of persons
    nominated) is not a report."""
    real = [it for it in items if it.title]
    labelled = [it for it in real if item_roles(it)]
    roles = set().union(*(item_roles(it) for it in labelled)) if labelled else set()
    if len(labelled) >= 2 and (len(roles) >= 2 or all(it.cued for it in labelled)):
        return True
    return any(len(item_roles(it)) >= 2 for it in labelled)


MIN_MARKER_LIST_ITEMS = 3
TITLE_PARTS = re.compile(r"\s+[–—-]\s+")
MAX_SHARED_HEADING_WORDS = 5


def _drop_shared_heading(items: list[ItemDraft]) -> None:
    """Drop the heading every marker's title repeats before a dash: "KEY PROJECT 1 – Progress to date –
    Mobile Library Replacement", "KEY PROJECT 2 – Progress to date – Library Digital Hubs" (an annual
    report's key projects) are titled "Mobile Library Replacement" and "Library Digital Hubs".

    >>> def item(t): return ItemDraft(page=1, title=[t], cued=True, marker=("project", "1"))
    >>> its = [item("Progress to date – Open a hub"), item("Progress to date – Plant trees")]
    >>> _drop_shared_heading(its); [it.title for it in its]
    [['Open a hub'], ['Plant trees']]
    """
    titled = [it for it in items if it.marker is not None and it.title]
    if len(titled) < 2:
        return
    heads = {tuple(TITLE_PARTS.split(it.title[0], maxsplit=1)[:-1]) for it in titled}
    if len(heads) != 1 or not (head := heads.pop()) or len(head[0].split()) > MAX_SHARED_HEADING_WORDS:
        return
    for it in titled:
        it.title[0] = TITLE_PARTS.split(it.title[0], maxsplit=1)[1]


def _is_marker_list(items: list[ItemDraft]) -> bool:
    """Items that no label describes but that a run of markers numbers one after another
    ("Recommendation 1", "Recommendation 2", "Recommendation 3"): an inspectorate's recommendations or a
    plan's commitments copied out of a table whose header was lost.  The markers must share their label
    word, name items (the headers vocabulary calls the word an action or a commitment), and count up by
    one; a report's own numbered paragraphs are not markers.

    >>> def item(n): return ItemDraft(page=1, title=["Text"], cued=True, marker=("recommendation", str(n)))
    >>> _is_marker_list([item(1), item(2), item(3)]), _is_marker_list([item(1), item(3), item(4)])
    (True, False)
    """
    if len(items) < MIN_MARKER_LIST_ITEMS or any(it.marker is None or not it.title or item_roles(it) for it in items):
        return False
    words = {it.marker[0] for it in items if it.marker}
    label = label_of(next(iter(words))) if len(words) == 1 else None
    if label is None or label.role not in (Role.ACTION, Role.COMMITMENT):
        return False
    numbers = [int(re.sub(r"\D", "", it.marker[1])) for it in items if it.marker]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


# Words of a heading above rated titles that make them measures ("Performance scorecard", "KPIs"): the
# stems of label_tokens, each matched whole.
MEASURE_CUE_WORD = Cue(r"(?:{measure_cue_word})")


def _has_measure_cue(units: list[Unit], i: int) -> bool:
    """A heading or key above ``i`` says the rated titles are performance measures."""
    return any(not u.is_row and any(MEASURE_CUE_WORD.fullmatch(tok) for tok in label_tokens(u.para, keep_parenthesis=True))
               for u in units[max(0, i - LIST_CUE_WINDOW):i])


# A title of nothing but punctuation and the words of an empty value ("N/A", "--", "None.").
EMPTY_TITLE = Cue(r"[\W_]|\b(?:{empty_value_word})\b", re.I)


def _is_empty_title(text: str) -> bool:
    """"N/A", "--", "None.": a block left empty (level-measure blocks), not an item."""
    return not EMPTY_TITLE.sub("", text)


@dataclass
class _Run:
    """A run of item blocks found at one position, with what its items say about each other."""

    lines: list[Line]                  # the classified paragraphs the run covers
    parsed: list[ItemDraft | Line]     # items and context lines, in document order
    marker_list: bool                  # items numbered by markers only: the first paragraph is the title
    has_timescale: bool                # some item has a timescale field: titles' deadlines are not used
    measures_cued: bool                # a heading above says the rated titles are performance measures
    cued_with_labels: bool             # a numbered item has labels: numbered items without are items too


def _find_run(units: list[Unit], i: int) -> _Run | None:
    """The run of item blocks starting at ``i``, or None when the paragraphs there are no such run: no
    item cue at the start, fewer than two labelled, rated or marker lines, or too little evidence that
    the items are a report's (:func:`_is_item_run`, :func:`_is_marker_list`)."""
    # Whether a run starts here needs only its first lines: classify those first (most positions of a
    # page start no run, and scanning MAX_RUN_SCAN lines from each was most of the reader's PDF time).
    head = _run_lines(units, i, CARD_HEAD_LINES + 1)
    if not head:
        return None
    started = _is_item_start(head) or _titles_items(units, i, head) or _heads_long_description(units, i, head)
    if not started and not _head_of_crumbs(head):
        return None
    lines = _run_lines(units, i)
    if not started and not _is_item_start(lines):
        return None
    lines = _trim(lines)
    if sum(1 for ln in lines if ln.kind in (LineKind.LABEL, LineKind.RATED, LineKind.MARKER)) < 2:
        return None
    parsed = parse_items(lines)
    items = [p for p in parsed if isinstance(p, ItemDraft)]
    _drop_shared_heading(items)
    marker_list = _is_marker_list(items)
    if not marker_list and not _is_item_run(items):
        return None
    return _Run(lines, parsed, marker_list,
                has_timescale=any(r == Role.TIMESCALE for it in items for r, _ in it.fields),
                measures_cued=_has_measure_cue(units, i),
                cued_with_labels=any(it.cued and item_roles(it) - {Role.ACTION} for it in items))


def _head_of_crumbs(head: list[Line]) -> bool:
    """A breadcrumb trail or bulleted lines are skipped when looking for the card's labels, so a head
    made of them may end before the labels do: such a head is judged on the whole scan."""
    return len(head) > CARD_HEAD_LINES and any(ln.bullet or ln.is_crumb for ln in head)


def _titles_items(units: list[Unit], i: int, head: list[Line]) -> bool:
    """A plain-text title line over its description and labels starts a run only when such title lines
    head every item of it (:func:`~.drafts.item_heads`); else it is a caption ("Area for Improvement")."""
    if not _heads_described_labels(head, marked=False):
        return False
    return 0 in item_heads(_trim(_run_lines(units, i)))[0]


def read_item_run(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Item blocks from ``i``: one row per item, context lines applied in place.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Action 1:\nOpen a community hub\n  • Lead service: Communities\n  • Target date: March 2026")
    [('Open a community hub', 'responsible: Communities', 'timescale: March 2026')]
    """
    u = units[i]
    if u.is_row or u.text is None:
        return None
    run = _find_run(units, i)
    if run is None:
        return None
    apply_caption_above(units, i, state)
    state.table.columns = None
    state.table.mode = None
    for p in run.parsed:
        if isinstance(p, Line):
            _apply_context(state, p)
        else:
            _emit_item(state, p, run)
    return i + len(run.lines)


def _emit_item(state: ReadState, p: ItemDraft, run: _Run) -> None:
    """One item's row; an item with no title is counted, one that no label describes is set aside."""
    title = " ".join(p.title)
    if not title or _is_empty_title(title):
        state.tally["untitled"] += 1 if title == "" else 0
        return
    if run.marker_list:   # the first paragraph is the title, the rest what the table said about it
        p.fields[:0] = [(Role.PROGRESS, text) for text in p.title[1:]]
        p.title[1:] = []
    elif not item_roles(p) - {Role.ACTION} and not (p.cued and run.cued_with_labels):
        # No label names any of its fields but the title (a report's own numbered paragraph, or its
        # "Recommendation" section, between the items).  An item heading's block stays inside the run
        # for the account (UNUSED_ITEM: lost, not prose), a numbered paragraph is prose.
        for src in p.sources:
            state.unused.append(replace(src, role=UNUSED_ITEM if p.headed else "unused"))
        state.tally["unused"] += 1
        return
    kind = p.kind or _kind_of_untyped(p, title, run)
    parts: list[tuple[Role, tuple[str, ...]]] = [(Role.ACTION, (strip_enumerator(p.title[0]),) + tuple(p.title[1:]))]
    parts += [(role, (text,)) for role, text in p.fields]
    if not run.has_timescale and (deadline := title_deadline(title)):
        parts.append((Role.TIMESCALE, (deadline,)))
    state.open_row = False
    state.emit(make_row(kind, parts, state.ctx, p.page, p.page_end or p.page, status=p.status,
                        confidence=_confidence(p, run), rejoin=False, sources=p.sources))


def _kind_of_untyped(p: ItemDraft, title: str, run: _Run) -> Kind:
    """The kind of an item whose marker or label named none: a measure when its title names a KPI ("% of
    ...") and it has a status, or when it is rated under a heading of measures; else an action."""
    if (MEASURE_NAME.match(title) and p.status) or (p.rated and run.measures_cued):
        return Kind.MEASURE
    return Kind.ACTION


def _confidence(p: ItemDraft, run: _Run) -> float:
    """How surely the item's fields are placed: by two labels or more, by one, or by position alone."""
    if run.marker_list:
        return LIST_CONFIDENCE
    return ITEM_CONFIDENCE if len(item_roles(p)) >= 2 else ITEM_CONFIDENCE_ONE_LABEL


def _apply_context(state: ReadState, ln: Line) -> None:
    """A context line of the run, applied where it stands: a section, an objective, a heading."""
    text = ln.text
    if text.startswith("section:"):
        state.new_section(text[len("section:"):].strip())
    elif text.startswith("objective:"):
        state.ctx = replace(state.ctx, objective=text[len("objective:"):].strip() or None)
    elif text.startswith("commitment:"):
        state.ctx = replace(state.ctx, commitment=text[len("commitment:"):].strip() or None)
    elif apply_heading(state, text):
        pass
    elif (objective := objective_line(text)) is not None:
        if objective:
            state.ctx = replace(state.ctx, objective=objective)
        else:
            state.pending_objective = True


def read_project(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""A bold heading with a RAG word on the next line opens a project or workstream (seed 003).

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("**Town Hall refurbishment**\n**AMBER**\nWork starts in May.")
    [('Town Hall refurbishment',)]
    """
    u = units[i]
    if u.is_row or u.text is None:
        return None
    nxt = units[i + 1] if i + 1 < len(units) else None
    if nxt is None or nxt.is_row:
        return None
    if opens_project(state, u.para, nxt.para, u.text.bold or bool(u.text.heading_level)):
        start_project_or_workstream(state, u.para, nxt.para, u.text.page, u.text)
        return i + 2
    return None

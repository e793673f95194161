"""Item blocks: reports that list each action as a title followed by labelled lines.

Many progress reports are not tables: each action, objective or measure is a block::

    Action 3:                                  3.01.04 Replace the council's diesel vans
    We will introduce a text relay ...         Directorate: Resources
      • Lead service: Customer Services        Due date: 31 December 2025
      • Target date: September 2025            Status: Red
                                               Comments:
                                               Delivery of the first twelve vans ...

:func:`classify_line` reads what each paragraph is (a label with or without its value, an item marker
such as "Promise 12" or "1. Appoint ...", a rated title "Households prevented (Green)", context, or
plain text); :func:`parse_items` walks the lines into items; :func:`read_item_run` turns them into rows.
Label words come from the same vocabulary as column headers (``pipeline/patterns/headers.jsonl``).
A status word is a RAG only when it is Green, Amber or Red; "Complete", "On track" or an emoji stay
in progress (gold/SPEC.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from extractors.base import Text
from pipeline.reading.evidence import RAG_WORD, STATUS_WORD, text_features, title_deadline
from pipeline.reading.model import ReadState, Unit, make_row, source_of
from pipeline.reading.shared import (
    ENUMERATOR,
    apply_heading,
    caption_above,
    is_context_line,
    objective_line,
    opens_project,
    rag_of,
    split_header_line,
    start_project_or_workstream,
    strip_enumerator,
    table_header_run,
)
from pipeline.vocab import Kind, LabelMatch, Role, label_tokens, match_label, vocabulary
from schemas.records import SourceRef

MAX_LABEL_WORDS = 7
MIN_LABEL_SCORE = 0.66       # a label alone on its line: a phrase must cover two thirds of it
MAX_RUN_SCAN = 400           # paragraphs looked at for one run (bounds the work per start)
# "Action 1:", "Promise 12", "Equality Outcome 3", "Recommendation 4 - ...": a numbered item marker.
_MARKER_HEAD = r"^(?P<label>[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,2}) (?P<num>\d{1,3}[a-z]?)"
MARKER = re.compile(_MARKER_HEAD + r"\s*(?:[:.)\-–—]\s*(?P<rest>.*))?$", re.S)
# "Recommendation 2 By 1 October 2023, Chief Fire Officers should ...": a marker glued to its title by a
# space only (a converted table whose first cell held both); only for labels that name items.
GLUED_MARKER = re.compile(_MARKER_HEAD + r" (?P<rest>[A-Z\"“‘(].{19,})$", re.S)
MONTH = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
# "Households prevented from becoming homeless (Green)": a title rated in its last parenthesis.
RATED = re.compile(r"^(?P<title>.+?)\s*\((?P<rating>[^()]{2,30})\)\s*$")
ICONS = re.compile(r"^[^\w(]+")
# "Action - inspect ...", "outcome /measure - all reports inspected": a label and its value joined by a dash.
DASH_LABEL = re.compile(r"^(\S+(?: \S+){0,3}?)\s+[-–—]\s+(\S.*)$", re.S)
# KPI names ("% of ...", "Number of ...") make measure items.
MEASURE_NAME = re.compile(r"^(?:%|percentage|proportion|number|no\.|average|total|rate|amount|level|"
                          r"time taken|days|cost)\b", re.I)
ITEM_CONFIDENCE = 0.8            # an item whose fields are named by two or more labels
ITEM_CONFIDENCE_ONE_LABEL = 0.6  # one label (or a rating) only: the rest is placed by position
SINGLE_ROLES = frozenset({Role.TIMESCALE, Role.STATUS, Role.ACTION})


class LineKind(Enum):
    LABEL = "label"        # "Lead: Customer Services", "Due date:", "What happens next"
    MARKER = "marker"      # "Promise 12", "Action 3:" (a numbered item label)
    TITLE = "title"        # "1. Appoint an Accessibility Lead", "3.01.02 Plant 5,000 trees": an enumerated title
    RATED = "rated"        # "- % of council tax collected (Green)"
    CONTEXT = "context"    # a section heading or an objective line
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class Line:
    kind: LineKind
    text: str
    page: int
    bullet: bool = False
    role: Role | None = None
    label: str = ""
    value: str = ""                # inline value of a label, the title of a marker/title/rated line
    item_kind: Kind | None = None
    rating: str | None = None      # RATED: the word in the parenthesis
    number: str = ""               # MARKER: the item's number ("12" of "Promise 12")
    block: Text | None = None      # the paragraph (for the record's sources)


# "Promise 12 progress", "Action 3 update": an item's number inside a field label.
NUMBERED_LABEL = re.compile(r"^[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*)? \d{1,3}[a-z]? (?P<field>[A-Za-z].*)$")


def _label_of(text: str, *, alone: bool = False) -> LabelMatch | None:
    """The role a label names.  A label alone on its line must be (nearly) all label words: a heading
    such as "Objective details" is not the label "details"."""
    words = text.split()
    if not words or len(words) > MAX_LABEL_WORDS or re.search(r"[.!?]$", text.strip(" :")):
        return None
    if (n := NUMBERED_LABEL.match(text.strip(" :"))) and (inner := _label_of(n.group("field"), alone=alone)):
        return inner
    if "/" in text and (joined := _joined_label(text)) is not None:
        return joined
    m = match_label(text)
    if m is None or m.role == Role.VALUE:
        return None
    if m.score >= MIN_LABEL_SCORE:
        return m
    return m if (m.head and m.score >= 0.5 and not alone) else None


def classify_line(u: Unit) -> Line:
    """What one paragraph is inside a run of item blocks (with the paragraph kept for its source).

    >>> from extractors.base import Text
    >>> def line(s, **kw): return classify_line(Unit(text=Text(s, 1, **kw)))
    >>> l = line("Lead service: Customer Services"); (l.kind.value, l.role.value, l.value)
    ('label', 'responsible', 'Customer Services')
    >>> [line(s).kind.value for s in ("Promise 12", "What happens next", "1. Adopt a policy", "We met twice.")]
    ['marker', 'label', 'title', 'plain']
    """
    return replace(_classify(u), block=u.text)


def _classify(u: Unit) -> Line:
    t = u.text
    assert t is not None
    text = u.para
    page, bullet = t.page, t.list_item
    if is_context_line(text) and not bullet:
        return Line(LineKind.CONTEXT, text, page)
    if (m := MARKER.match(text)) and not MONTH.match(text) and not (m.group("rest") or "").strip()[:1].islower():
        label = _label_of(m.group("label"))
        if label is None or label.role in (Role.ACTION, Role.OBJECTIVE, Role.COMMITMENT, Role.MEASURES, Role.SECTION):
            return Line(LineKind.MARKER, text, page, bullet, Role.ACTION, m.group("label"),
                        (m.group("rest") or "").strip(), label.kind if label else None, number=m.group("num"))
    if (g := GLUED_MARKER.match(text)) and (label := _label_of(g.group("label"))) is not None and \
            label.role in (Role.ACTION, Role.COMMITMENT):
        return Line(LineKind.MARKER, text, page, bullet, Role.ACTION, g.group("label"), g.group("rest").strip(),
                    label.kind, number=g.group("num"))
    # "Label: value" / "Label:" / "Label<wide gap>value".
    split_at: int | None = None
    rest_at = 0
    if (colon := text.find(":")) > 0 and len(text[:colon].split()) <= MAX_LABEL_WORDS:
        split_at, rest_at = colon, colon + 1
    elif t.gap_at:
        split_at, rest_at = t.gap_at, t.gap_at
    splits = [(split_at, rest_at)] if split_at is not None else []
    if d := DASH_LABEL.match(text):
        splits.append((d.end(1), d.start(2)))   # "Action - inspect ...", "- timescale - ongoing"
    for split_at, rest_at in splits:
        label_text = text[:split_at].strip()
        if (lm := _label_of(label_text)) is not None:
            value = text[rest_at:].strip(" :\u00a0")
            return Line(LineKind.LABEL, text, page, bullet, lm.role, label_text, value, lm.kind)
    if not bullet and (lm := _label_of(text, alone=True)) is not None and len(text.split()) <= MAX_LABEL_WORDS:
        return Line(LineKind.LABEL, text, page, bullet, lm.role, text.strip(" :"), "", lm.kind)
    if (r := RATED.match(text)) and _rating(r.group("rating")) is not None:
        return Line(LineKind.RATED, text, page, bullet, value=r.group("title").strip(), rating=r.group("rating"))
    if ENUMERATOR.match(text) and strip_enumerator(text) != text:
        return Line(LineKind.TITLE, text, page, bullet, value=strip_enumerator(text))
    return Line(LineKind.PLAIN, text, page, bullet)


def _joined_label(text: str) -> LabelMatch | None:
    """A label joining two names with "/" ("Outcome / measure", "Lead / Owner"): the role both names can
    take (a measure can be the success measure), else None."""
    parts = [p for p in re.split(r"\s*/\s*", text.strip(" :")) if p]
    if len(parts) < 2:
        return None
    options = []
    for part in parts:
        m = match_label(part)
        if m is None or not m.exact:
            return None
        options.append({m.role} | ({m.alt} if m.alt else set()))
    common = set.intersection(*options)
    if len(common) != 1:
        return None
    return LabelMatch(common.pop(), 1.0, head=True, phrase=text)


def _rating(word: str) -> str | None:
    """The status a parenthesised rating gives: a RAG word or a status word (else None: not a rating)."""
    word = word.strip()
    if RAG_WORD.match(word) or STATUS_WORD.match(word):
        return word
    return None


# --- parsing lines into items ---------------------------------------------------------------------------


@dataclass
class ItemDraft:
    """An item under construction: its title paragraphs and (role, text) fields in document order."""

    page: int
    title: list[str] = field(default_factory=list)
    fields: list[tuple[Role, str]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    labelled: set[Role] = field(default_factory=set)   # roles given by a label (not by position)
    cued: bool = False              # started by a marker, an enumerated or a rated title
    marker: tuple[str, str] | None = None   # the marker's label (lower case) and number: ("promise", "12")
    rated: bool = False             # a rated title ("... (Green)", "... (Blue)")
    kind: Kind | None = None
    status: str | None = None
    page_end: int = 0
    sources: list[SourceRef] = field(default_factory=list)

    def add(self, role: Role, text: str, page: int, block: Text | None = None) -> None:
        text = text.strip()
        if not text:
            return
        self.page_end = max(self.page_end, page)
        if block is not None:
            self.sources.append(source_of(role, block, text))
        if role == Role.ACTION:
            self.title.append(text)
            return
        if role == Role.STATUS:
            word = ICONS.sub("", text).strip()
            rag = rag_of(word)
            if rag:
                self.status = rag
                return
            role, text = Role.PROGRESS, word
            if not text:
                return
        prev = self.fields[-1] if self.fields else None
        # A dated log: "April 2025:" then its paragraph is one item (inspection response logs).
        if prev and prev[0] == role and _is_bare_date(prev[1]):
            self.fields[-1] = (role, f"{prev[1]} {text}")
            return
        self.fields.append((role, text))


def _role_of_action_value(value: str) -> Role | None:
    """The role an "action" label's value takes in an item that already has its title: a status word is
    its status, a report of what was done (two sentences or more) its progress; else None (a new item)."""
    f = text_features(value)
    if f.rag or f.status_word:
        return Role.STATUS
    if f.words >= MIN_PROGRESS_WORDS and len(re.findall(r"[.!?](?:\s|$)", value)) >= 2:
        return Role.PROGRESS
    return None


def _is_bare_date(text: str) -> bool:
    f = text_features(text.rstrip(":"))
    return f.words <= 4 and f.timescale >= 0.8 and f.has_date


@dataclass
class Parsed:
    """Items and context changes, in document order."""

    events: list[ItemDraft | tuple[str, str]] = field(default_factory=list)


MAX_TITLE_PARAGRAPHS = 3
CARD_HEAD_LINES = 3
MIN_PROGRESS_WORDS = 12


def _caption_like(ln: Line) -> bool:
    """A short unpunctuated line that can head the items below it ("Services Outcomes"); not a cell's
    one letter or code ("Y", "N/A")."""
    words = ln.text.split()
    return (ln.kind == LineKind.PLAIN and not ln.bullet and 0 < len(words) <= 8 and ln.text[:1].isupper()
            and len(re.sub(r"\W", "", ln.text)) > 3
            and not re.search(r"[.!?:;,]$", ln.text))


def _section_line(text: str, page: int) -> Line:
    return Line(LineKind.CONTEXT, f"section:{text}", page)


@dataclass
class _ItemParse:
    """What :func:`parse_items` has read so far: its output, the item open and the lines after it."""

    out: list[ItemDraft | Line] = field(default_factory=list)
    cur: ItemDraft | None = None
    loose: list[Line] = field(default_factory=list)   # plain paragraphs after a complete value
    title_open: bool = False   # a marker without its title on the line: title paragraphs follow

    def close(self, next_starts: bool = False) -> None:
        """Finish the open item (a heading with no fields becomes a section line)."""
        caption = None
        if next_starts and self.loose and _caption_like(self.loose[-1]):
            caption = self.loose.pop()
        cur = self.cur
        if cur is not None:
            heading = cur.title and _caption_like(Line(LineKind.PLAIN, " ".join(cur.title), cur.page))
            if not cur.fields and not cur.status and not cur.labels and not cur.rated and heading:
                self.out.append(_section_line(" ".join(cur.title), cur.page))  # a heading, not an item
                caption = caption or (self.loose.pop() if self.loose and _caption_like(self.loose[-1]) else None)
            else:
                for ln in self.loose:
                    cur.add(Role.PROGRESS, ln.text, ln.page, ln.block)  # an unlabelled comment under the labels
                self.out.append(cur)
        if caption is not None:
            self.out.append(_section_line(caption.text, caption.page))
        self.cur, self.loose, self.title_open = None, [], False

    def start(self, page: int, title_lines: list[Line] | None = None) -> ItemDraft:
        """Close the open item and open a new one titled by ``title_lines``."""
        self.close(next_starts=True)
        cur = self.cur = ItemDraft(page=page, page_end=page)
        for ln in title_lines or ():
            cur.add(Role.ACTION, ln.text, ln.page, ln.block)
        return cur


def parse_items(lines: list[Line]) -> list[ItemDraft | Line]:
    """Walk classified lines into item drafts (context lines are passed through in place).

    Where an item starts: a marker ("Promise 12"), an enumerated or rated title, an action label, a
    label already used by the current item (the paragraphs since its last complete value are the new
    item's title), or, before any label, the paragraphs just above the first one.  An item that gets no
    field at all was a heading ("Part 2: Our equality outcomes"): it becomes the section, as does a
    caption line right above the next item.
    """
    run = _ItemParse()
    open_role: Role | None = None     # a label alone: its value is in the paragraphs below it
    pending: list[Line] = []          # plain paragraphs before the first item
    # When the items are introduced by enumerated titles ("3.01.02 Plant ..."), every enumerated line
    # starts one, even under a label whose value is still open ("Comments:").
    titled = next((ln.kind for ln in lines if ln.kind in (LineKind.MARKER, LineKind.TITLE, LineKind.LABEL)),
                  None) == LineKind.TITLE
    # Cards printed line by line with a blank line only between them (a tracker's print view): a blank
    # line then text starts the next card, whose first line is its title.
    gaps = sorted(ln.block.blank_lines_before for ln in lines if ln.block is not None)
    dense = bool(gaps) and gaps[len(gaps) // 2] == 0

    for n, ln in enumerate(lines):
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if (ln.kind == LineKind.LABEL and not ln.value and nxt is not None and nxt.kind == LineKind.MARKER
                and _caption_like(replace(ln, kind=LineKind.PLAIN))):
            # "Our commitments" right above "Commitment 4": a heading over the items, not a label whose
            # value would be the next item's marker.
            run.close()
            run.out.append(_section_line(ln.text, ln.page))
            open_role, pending = None, []
            continue
        if ln.kind == LineKind.CONTEXT:
            run.close()
            run.out.append(ln)
            open_role, pending = None, []
            continue
        if ln.kind == LineKind.MARKER:
            item = run.start(ln.page)
            item.kind = ln.item_kind
            item.cued = True
            item.marker = (ln.label.lower(), ln.number)
            run.title_open = not ln.value
            if ln.value:
                item.add(Role.ACTION, ln.value, ln.page, ln.block)
            open_role, pending = None, []
            continue
        if ln.kind in (LineKind.TITLE, LineKind.RATED) and (open_role is None or run.cur is None or titled):
            if run.cur is not None and run.title_open and not run.cur.title:
                item = run.cur
            else:
                item = run.start(ln.page)
            item.add(Role.ACTION, ln.value, ln.page, ln.block)
            item.cued = True
            if ln.kind == LineKind.RATED and ln.rating:
                # "(Green)" is the status; "(Blue)" a key's "for information" colour, not a field.
                if rag_of(ICONS.sub("", ln.rating)):
                    item.add(Role.STATUS, ln.rating, ln.page, ln.block)
                item.rated = True
            run.title_open, open_role, pending = False, None, []
            continue
        if ln.kind == LineKind.LABEL:
            role = ln.role
            assert role is not None
            key = ln.label.lower()
            run.title_open = False
            if role == Role.SECTION:
                run.close()
                run.out.append(_section_line(ln.value, ln.page))
                open_role, pending = None, []
                continue
            if role == Role.OBJECTIVE:
                run.close()
                run.out.append(replace(ln, kind=LineKind.CONTEXT, text=f"objective:{ln.value}"))
                open_role = None if ln.value else Role.OBJECTIVE
                continue
            if role == Role.ACTION and run.cur is not None and run.cur.title and key not in run.cur.labels:
                # A second "action" label in an item titled by its marker: its value says what it is
                # ("RBFRS action: We use EDI data ..." is what was done; "Action: Complete" a status).
                role = _role_of_action_value(ln.value) or role
            if run.cur is None:
                title_lines = pending if role != Role.ACTION else []
                if dense and len(title_lines) > 1:
                    title_lines = title_lines[:1]  # a card's first line; breadcrumbs and codes under it are not the title
                run.start(ln.page, title_lines)
                pending = []
            elif (role == Role.ACTION and run.cur.title) or key in run.cur.labels:
                title = run.loose if role != Role.ACTION else []
                run.loose = []
                run.start(ln.page, title)
            assert run.cur is not None
            run.cur.labels.add(key)
            run.cur.labelled.add(role)
            if ln.item_kind and role == Role.ACTION:
                run.cur.kind = ln.item_kind
            open_role = None
            if role in (Role.NONE, Role.ID):
                continue
            if ln.value:
                run.cur.add(role, ln.value, ln.page, ln.block)
            else:
                open_role = role
            continue
        # A plain paragraph.
        if dense and run.cur is not None and run.cur.labels and ln.block is not None and ln.block.blank_lines_before:
            run.close()
            open_role, pending = None, [ln]
            continue
        if open_role == Role.OBJECTIVE:
            run.out.append(replace(ln, kind=LineKind.CONTEXT, text=f"objective:{ln.text}"))
            open_role = None
        elif run.cur is None:
            pending.append(ln)
        elif open_role is not None:
            run.cur.add(open_role, ln.text, ln.page, ln.block)
        elif run.title_open and not run.cur.labels and len(run.cur.title) < MAX_TITLE_PARAGRAPHS:
            run.cur.add(Role.ACTION, ln.text, ln.page, ln.block)   # an item's title over several paragraphs
        elif run.cur.title and not run.cur.labels and not run.cur.fields and not run.loose and ln.text[:1].islower():
            run.cur.title[-1] = f"{run.cur.title[-1]} {ln.text}"       # "... so that members better" / "reflect the community."
        else:
            run.loose.append(ln)
    run.close()
    return run.out


# --- finding a run and reading it ------------------------------------------------------------------------


def _run_lines(units: list[Unit], i: int) -> list[Line]:
    """Classified paragraphs from ``i`` up to a table row, a header run or the scan limit."""

    lines: list[Line] = []
    for k in range(i, min(len(units), i + MAX_RUN_SCAN)):
        u = units[k]
        if u.is_row or u.text is None:
            break
        if k > i and (table_header_run(units, k) is not None or split_header_line(u.para) is not None):
            break
        lines.append(classify_line(u))
    return lines


def _is_item_start(lines: list[Line]) -> bool:
    """The run can start here: an item cue now, or a title with a label right after it."""
    first = lines[0]
    if first.kind in (LineKind.MARKER, LineKind.LABEL, LineKind.TITLE, LineKind.RATED):
        return True
    if first.kind != LineKind.PLAIN:
        return False
    if len(lines) > 1 and lines[1].kind == LineKind.LABEL:
        return True
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


def _trim(lines: list[Line]) -> list[Line]:
    """Cut the run after its last labelled or rated line, keeping the unlabelled prose that follows it
    until the next heading-like line (a comment under the last item, not page furniture after it), and
    the lines right under a last marker (its title and cells)."""
    last = max((k for k, ln in enumerate(lines) if ln.kind != LineKind.PLAIN), default=-1)
    end = last + 1
    while end < len(lines) and lines[end].kind == LineKind.PLAIN:
        f = text_features(lines[end].text)
        # The last marker's own lines are kept too: its title and cells, up to the first blank line.
        block = lines[end].block
        cell = (last >= 0 and lines[last].kind == LineKind.MARKER and end - last <= MAX_TITLE_PARAGRAPHS
                and block is not None and not block.blank_lines_before)
        if not (f.prose and re.search(r"[.!]$", lines[end].text)) and not lines[end].bullet and not cell:
            break
        end += 1
    return lines[:end]


def _item_roles(it: ItemDraft) -> set[Role]:
    return (it.labelled - {Role.NONE, Role.ID}) | ({Role.STATUS} if it.status or it.rated else set())


def _is_item_run(items: list[ItemDraft]) -> bool:
    """Enough evidence that these are report items: labels of two different roles over two or more
    items, items cued by markers or rated titles with a label or rating each, or one item with two
    labelled roles.  A form that repeats one label ("Description (if any):" on a statement of persons
    nominated) is not a report."""
    real = [it for it in items if it.title]
    labelled = [it for it in real if _item_roles(it)]
    roles = set().union(*(_item_roles(it) for it in labelled)) if labelled else set()
    if len(labelled) >= 2 and (len(roles) >= 2 or all(it.cued for it in labelled)):
        return True
    return any(len(_item_roles(it)) >= 2 for it in labelled)


MIN_MARKER_LIST_ITEMS = 3


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
    if len(items) < MIN_MARKER_LIST_ITEMS or any(it.marker is None or not it.title or _item_roles(it) for it in items):
        return False
    words = {it.marker[0] for it in items if it.marker}
    label = _label_of(next(iter(words))) if len(words) == 1 else None
    if label is None or label.role not in (Role.ACTION, Role.COMMITMENT):
        return False
    numbers = [int(re.sub(r"\D", "", it.marker[1])) for it in items if it.marker]
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:]))


# Words of a heading above rated titles that make them measures ("Performance scorecard", "KPIs").
MEASURE_CUES = frozenset({"performance", "scorecard", "indicator", "kpi", "pi", "measure", "target", "dashboard"})


def _has_measure_cue(units: list[Unit], i: int) -> bool:
    """A heading or key above ``i`` says the rated titles are performance measures."""
    return any(not u.is_row and set(label_tokens(u.para, keep_parenthesis=True)) & MEASURE_CUES
               for u in units[max(0, i - LIST_CUE_WINDOW):i])


def _is_empty_title(text: str) -> bool:
    """"N/A", "--", "None.": a block left empty (level-measure blocks), not an item."""
    return not re.sub(r"[\W_]|\bn/?a\b|\bnone\b|\bnil\b|\btbc\b", "", text, flags=re.I)


def read_item_run(units: list[Unit], i: int, state: ReadState) -> int | None:
    r"""Item blocks from ``i``: one row per item, context lines applied in place.

    >>> from pipeline.reading.loop import text_rows
    >>> text_rows("Action 1:\nOpen a community hub\n  • Lead service: Communities\n  • Target date: March 2026")
    [('Open a community hub', 'responsible: Communities', 'timescale: March 2026')]
    """
    u = units[i]
    if u.is_row or u.text is None:
        return None
    lines = _run_lines(units, i)
    if not lines or not _is_item_start(lines):
        return None
    lines = _trim(lines)
    if sum(1 for ln in lines if ln.kind in (LineKind.LABEL, LineKind.RATED, LineKind.MARKER)) < 2:
        return None
    parsed = parse_items(lines)
    items = [p for p in parsed if isinstance(p, ItemDraft)]
    marker_list = _is_marker_list(items)
    if not marker_list and not _is_item_run(items):
        return None
    has_timescale = any(r == Role.TIMESCALE for it in items for r, _ in it.fields)
    measures_cued = _has_measure_cue(units, i)
    # A numbered item with no label of its own is still an item among numbered items that have labels.
    cued_with_labels = any(it.cued and _item_roles(it) - {Role.ACTION} for it in items)
    if caption := caption_above(units, i, state):
        state.new_section(caption)
    state.table.columns = None
    state.table.mode = None
    for p in parsed:
        if isinstance(p, Line):
            _apply_context(state, p)
            continue
        title = " ".join(p.title)
        if not title or _is_empty_title(title):
            state.tally["untitled"] += 1 if title == "" else 0
            continue
        if marker_list:   # the first paragraph is the title, the rest what the table said about it
            p.fields[:0] = [(Role.PROGRESS, text) for text in p.title[1:]]
            p.title[1:] = []
        elif not _item_roles(p) - {Role.ACTION} and not (p.cued and cued_with_labels):
            # No label names any of its fields but the title (a report's own numbered paragraph, or its
            # "Recommendation" section, between the items).
            for src in p.sources:
                state.unused.append(replace(src, role="unused"))
            state.tally["unused"] += 1
            continue
        kind = p.kind or (Kind.MEASURE if (MEASURE_NAME.match(title) and p.status) or (p.rated and measures_cued)
                          else Kind.ACTION)
        parts: list[tuple[Role, tuple[str, ...]]] = [(Role.ACTION, (strip_enumerator(p.title[0]),) + tuple(p.title[1:]))]
        parts += [(role, (text,)) for role, text in p.fields]
        if not has_timescale and (deadline := title_deadline(title)):
            parts.append((Role.TIMESCALE, (deadline,)))
        state.open_row = False
        confidence = (LIST_CONFIDENCE if marker_list else
                      ITEM_CONFIDENCE if len(_item_roles(p)) >= 2 else ITEM_CONFIDENCE_ONE_LABEL)
        state.emit(make_row(kind, parts, state.ctx, p.page, p.page_end or p.page, status=p.status,
                            confidence=confidence, rejoin=False, sources=p.sources))
    return i + len(lines)


def _apply_context(state: ReadState, ln: Line) -> None:
    text = ln.text
    if text.startswith("section:"):
        state.new_section(text[len("section:"):].strip())
    elif text.startswith("objective:"):
        state.ctx = replace(state.ctx, objective=text[len("objective:"):].strip() or None)
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


# --- lists with no labels ----------------------------------------------------------------------------------

MIN_LIST_ITEMS = 3           # a list of actions has at least this many items ...
LIST_CUE_WINDOW = 3          # ... under a heading this close above it that names actions or priorities
MAX_LIST_TITLE_WORDS = 14
LIST_CONFIDENCE = 0.4        # placed by layout alone: no label names any field
CUE_ROLES = frozenset({Role.ACTION, Role.COMMITMENT, Role.OBJECTIVE, Role.SECTION})
SINGLE_LEVEL_NUMBER = re.compile(r"^\(?\d{1,2}[.)]\s")


def _cue_words() -> frozenset[str]:
    """One-word header phrases that name actions, commitments, objectives or priorities ("actions",
    "priorities", "recommendations"), from the headers vocabulary."""
    return frozenset(p.tokens[0] for p in vocabulary()
                     if len(p.tokens) == 1 and p.role in CUE_ROLES and p.kind is None)  # not "programme", "project"


def _has_list_cue(units: list[Unit], i: int) -> bool:
    """A heading or title above ``i`` says the list holds actions ("Improvement areas and actions",
    "10 priorities for the first 18 months")."""
    cues = _cue_words()
    for u in units[max(0, i - LIST_CUE_WINDOW):i + 1]:
        if u.is_row or u.text is None or len(u.para.split()) > 12:
            continue
        if set(label_tokens(u.para, keep_parenthesis=True)) & cues:
            return True
    return False


def _list_items(units: list[Unit], i: int) -> tuple[list[tuple[str | None, Text, list[Text]]], int]:
    """(section heading, item paragraph, paragraphs under it) from ``i``: numbered titles with prose
    under each ("1. Improving the council" / narrative), or short headings with bullets under each
    (each bullet an item)."""
    items: list[tuple[str | None, Text, list[Text]]] = []
    heading: str | None = None
    k = i
    while k < len(units):
        u = units[k]
        if u.is_row or u.text is None or is_context_line(u.para):
            break
        t = u.text
        if t.list_item and len(t.text.split()) >= 4 and heading is not None and not t.text[:1].isdigit():
            items.append((heading, t, []))   # a bullet under a short heading (not a count: "64 are complete")
        elif SINGLE_LEVEL_NUMBER.match(t.text) and strip_enumerator(t.text) != t.text \
                and len(t.text.split()) <= MAX_LIST_TITLE_WORDS and not re.search(r"[.!?:]$", t.text):
            # "1. Improving the council"; "5.2. Continuing education" numbers a report's own sections
            items.append((heading, t, []))
        elif _caption_like(Line(LineKind.PLAIN, t.text, t.page)) and not t.list_item:
            heading = t.text
        elif items and not t.list_item and text_features(t.text).prose:
            items[-1][2].append(t)
        else:
            break
        k += 1
    return items, k


def read_unlabelled_list(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A list of actions or priorities with no labels: numbered titles each with prose under it, or short
    headings each with bullets.  Read only under a heading that names actions or priorities, and never
    a committee report's own numbered sections ("1. Purpose", "2. Background": words with no field)."""
    u = units[i]
    if u.is_row or u.text is None:
        return None
    items, end = _list_items(units, i)
    numbered = [it for it in items if not it[1].list_item]
    if len(items) < MIN_LIST_ITEMS or not _has_list_cue(units, i):
        return None
    if numbered and (len(numbered) < MIN_LIST_ITEMS or any(not prose for _, _, prose in numbered)):
        return None
    if any((m := match_label(strip_enumerator(t.text))) is not None and m.role == Role.NONE for _, t, _ in items):
        return None
    state.table.columns = None
    state.table.mode = None
    for heading, title, prose in items:
        if heading and heading != state.ctx.section:
            state.new_section(heading)
        parts: list[tuple[Role, tuple[str, ...]]] = [(Role.ACTION, (strip_enumerator(title.text),))]
        if prose:
            parts.append((Role.PROGRESS, tuple(p.text for p in prose)))
        sources = [source_of(Role.ACTION, title)] + [source_of(Role.PROGRESS, p) for p in prose]
        state.open_row = False
        state.emit(make_row(Kind.ACTION, parts, state.ctx, title.page, (prose[-1] if prose else title).page,
                            confidence=LIST_CONFIDENCE, rejoin=False, sources=sources))
    return end

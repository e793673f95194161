"""Items under construction (:class:`ItemDraft`) and the walk that builds them from classified lines
(:func:`parse_items`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extractors.base import Text
from pipeline.reading.evidence import text_features
from pipeline.reading.model import source_of
from pipeline.reading.readers.items.headings import (
    heading_like,
    heads_labels,
    is_bare_date,
    item_heads,
    outranks,
    split_at_heading,
)
from pipeline.reading.readers.items.lines import CRUMB, ICONS, Line, LineKind, caption_like, section_line
from pipeline.reading.shared import (
    rag_of,
)
from pipeline.vocab import Kind, Role
from schemas.records import SourceRef


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
    listed_titles: bool = False     # the title paragraphs are the value of a title label ("Performance measure(s)")
    headed: bool = False            # titled by an item heading (:func:`item_heads`): its own lines are its own

    def add(self, role: Role, text: str, page: int, block: Text | None = None) -> None:
        """File ``text`` under ``role``: the title, the status (a RAG word; any other status word is
        progress), or a field (a bare date joins the paragraph after it)."""
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
        if prev and prev[0] == role and is_bare_date(prev[1]):
            self.fields[-1] = (role, f"{prev[1]} {text}")
            return
        self.fields.append((role, text))


def item_roles(it: ItemDraft) -> set[Role]:
    """The roles a label gave the item (not the ID or a column to skip), and its status when it has one."""
    return (it.labelled - {Role.NONE, Role.ID}) | ({Role.STATUS} if it.status or it.rated else set())


def _role_of_action_value(value: str) -> Role | None:
    """The role an "action" label's value takes in an item that already has its title: a status word is
    its status, a report of what was done (two sentences or more) its progress; else None (a new item)."""
    f = text_features(value)
    if f.rag or f.status_word:
        return Role.STATUS
    if f.words >= MIN_PROGRESS_WORDS and len(re.findall(r"[.!?](?:\s|$)", value)) >= 2:
        return Role.PROGRESS
    return None


MAX_TITLE_PARAGRAPHS = 3
MIN_PROGRESS_WORDS = 12


@dataclass
class _ItemParse:
    """What :func:`parse_items` has read so far: its output, the item open and the lines around it.

    ``titled`` and ``dense`` are read off the whole run before the walk (see :func:`parse_items`).
    """

    titled: bool = False       # items are introduced by enumerated titles: each one starts an item
    dense: bool = False        # cards with a blank line only between them: a blank line starts the next
    label_rank: int | None = None   # the labels are headings of this level (h3): a higher heading starts a card
    crumbs: list[Line] = field(default_factory=list)   # a breadcrumb trail waiting for the card it places
    out: list[ItemDraft | Line] = field(default_factory=list)
    cur: ItemDraft | None = None
    loose: list[Line] = field(default_factory=list)   # plain paragraphs after a complete value
    pending: list[Line] = field(default_factory=list)  # plain paragraphs before the first item
    open_role: Role | None = None   # a label alone: its value is in the paragraphs below it
    label_value_next: bool = False  # a no-field label alone: the next plain line is its value
    title_open: bool = False   # a marker without its title on the line: title paragraphs follow
    heads: set[int] = field(default_factory=set)   # positions of the item headings (:func:`item_heads`)
    head_rank: int | None = None   # their heading level (an h2 above h3 items is the section)

    def close(self, next_starts: bool = False) -> None:
        """Finish the open item (a heading with no fields becomes a section line)."""
        caption = None
        if next_starts and self.loose and caption_like(self.loose[-1]):
            caption = self.loose.pop()
        cur = self.cur
        if cur is not None:
            heading = cur.title and caption_like(Line(LineKind.PLAIN, " ".join(cur.title), cur.page))
            if not cur.fields and not cur.status and not cur.labels and not cur.rated and heading:
                self.out.append(section_line(" ".join(cur.title), cur.page))  # a heading, not an item
                caption = caption or (self.loose.pop() if self.loose and caption_like(self.loose[-1]) else None)
            else:
                headings = self._unlabelled_lines(cur)
                for ln in self.loose:
                    cur.add(Role.PROGRESS, ln.text, ln.page, ln.block)  # an unlabelled comment under the labels
                self.out.append(cur)
                self.out.extend(section_line(ln.text.rstrip(" :"), ln.page) for ln in headings)
        if caption is not None:
            self.out.append(section_line(caption.text, caption.page))
        self.cur, self.loose, self.title_open = None, [], False

    def _unlabelled_lines(self, cur: ItemDraft) -> list[Line]:
        """The loose lines of an enumerated item no label describes (a numbered list of actions, some
        with a "Status:" line): the lines of its own paragraph (no blank line above them) are the rest of its
        title ("4. Respond publicly ... City." / "This includes statements ..."); after a blank line, the
        heading-like lines ("Open Items From the 2023 Action Plan:") head the items below and are taken
        out of ``loose`` and returned (prose there stays loose).  An item with a label or field keeps
        its loose lines as they are."""
        if (cur.labels or cur.fields or cur.status or cur.rated or cur.marker is not None or not cur.cued
                or not cur.title or not self.loose):
            return []   # only an enumerated title's item ("4. Respond publicly ..."), not a rated measure
        k = 0
        while k < len(self.loose) and (b := self.loose[k].block) is not None and not b.blank_lines_before:
            k += 1
        for ln in self.loose[:k]:
            cur.add(Role.ACTION, ln.text, ln.page, ln.block)
        rest = self.loose[k:]
        headings = [ln for ln in rest if heading_like(ln)]
        self.loose = [ln for ln in rest if not heading_like(ln)]
        return headings

    def start(self, page: int, title_lines: list[Line] | None = None) -> ItemDraft:
        """Close the open item and open a new one titled by ``title_lines``."""
        self.close(next_starts=True)
        self._place_by_crumbs()
        cur = self.cur = ItemDraft(page=page, page_end=page)
        for ln in title_lines or ():
            cur.add(Role.ACTION, ln.text, ln.page, ln.block)
        return cur

    def read(self, ln: Line, nxt: Line | None, head: bool = False) -> None:
        """One classified line, by its kind (``head``: the line is an item heading, :func:`item_heads`)."""
        if self._read_heading(ln, nxt, head):
            pass
        elif ln.kind == LineKind.PLAIN and self._ranks_above_labels(ln):
            self.card_title(ln)
        elif ln.kind == LineKind.CONTEXT and ln.is_crumb:
            self.crumbs.append(ln)
        elif ln.kind == LineKind.CONTEXT:
            self.context(ln)
        elif ln.kind == LineKind.MARKER:
            self.marker(ln)
        elif ln.kind in (LineKind.TITLE, LineKind.RATED) and (self.open_role is None or self.cur is None or self.titled):
            self.title(ln)
        elif ln.kind == LineKind.LABEL:
            self.label(ln)
        else:
            self.plain(ln)

    def _read_heading(self, ln: Line, nxt: Line | None, head: bool) -> bool:
        """A heading read as such: an item heading starts its item; a heading above the item headings'
        level (an h2 theme between h3 items) is the section; a label word alone over a marker or over
        label headings heads them.  False for any other line."""
        if head:
            self.heading(ln)
        elif self.heads and ln.kind == LineKind.PLAIN and outranks(ln, self.head_rank):
            self.context(section_line(ln.text, ln.page))
        elif (ln.kind == LineKind.LABEL and not ln.value and nxt is not None and nxt.kind == LineKind.MARKER
                and caption_like(replace(ln, kind=LineKind.PLAIN))):
            # "Our commitments" right above "Commitment 4": a heading over the items, not a label whose
            # value would be the next item's marker.
            self.context(section_line(ln.text, ln.page))
        elif ln.kind == LineKind.LABEL and not ln.value and heads_labels(ln, nxt):
            # "Tasks" (h3) right above "What are we doing?" (h4): a heading over a card's labels, not a
            # field (climate-tracker-action-cards-print-view.html).
            self.title_open = False
        else:
            return False
        return True

    def heading(self, ln: Line) -> None:
        """An item heading: the open item ends (its loose lines are its comment) and the heading titles
        the next; nothing is carried across it."""
        self.close()
        item = self.start(ln.page, [ln])
        item.headed = True
        self.title_open, self.open_role, self.pending = False, None, []

    def feed(self, ln: Line, nxt: Line | None, head: bool = False) -> None:
        """One classified line: passed over when it is the value of a no-field label alone on the line
        above ("Contact officer:" / a name: no field, as after the label's colon), else :meth:`read`."""
        value_next, self.label_value_next = self.label_value_next, False
        if not (value_next and ln.kind == LineKind.PLAIN):
            self.read(ln, nxt, head=head)

    def _place_by_crumbs(self) -> None:
        """A card's breadcrumb trail ("component / goal / shift /") is its section, objective and
        commitment, in that order (a shorter trail leaves the rest empty; steps past the third are not
        read)."""
        roles = ("section", "objective", "commitment")
        for role, crumb in zip(roles, self.crumbs):
            self.out.append(replace(crumb, text=f"{role}:{crumb.text[len(CRUMB):]}"))
        self.crumbs = []

    def _ranks_above_labels(self, ln: Line) -> bool:
        """A heading of a higher level than the run's labels (an h2 over h3 labels): a card's title."""
        level = ln.block.heading_level if ln.block is not None else None
        return self.label_rank is not None and level is not None and level < self.label_rank

    def card_title(self, ln: Line) -> None:
        """A card's title heading: the open card ends; the title waits for the card's first label.  A
        second title heading before the labels (a card's short title under its full name) is kept
        among the lines above the label, where the card's first line is its title."""
        if self.cur is not None and (self.cur.labels or self.cur.fields):
            self.close()
            self.open_role, self.pending = None, []
        if self.cur is not None:
            self.plain(ln)
        elif any(p.block is not None and p.block.heading_level is not None for p in self.pending):
            self.pending.append(ln)
        else:
            self.pending = [ln]

    def context(self, ln: Line) -> None:
        """A context line: the open item ends and the line passes through in place."""
        self.close()
        self.out.append(ln)
        self.open_role, self.pending = None, []

    def marker(self, ln: Line) -> None:
        """"Promise 12" opens an item (its title on the line, or in the paragraphs below)."""
        item = self.start(ln.page)
        item.kind = ln.item_kind
        item.cued = True
        item.marker = (ln.label.lower(), ln.number)
        self.title_open = not ln.value
        if ln.value:
            item.add(Role.ACTION, ln.value, ln.page, ln.block)
        self.open_role, self.pending = None, []

    def title(self, ln: Line) -> None:
        """An enumerated or rated title: a new item (or the title a marker above was waiting for)."""
        if self.cur is not None and self.title_open and not self.cur.title:
            item = self.cur
        else:
            item = self.start(ln.page)
        item.add(Role.ACTION, ln.value, ln.page, ln.block)
        item.cued = True
        if ln.kind == LineKind.RATED and ln.rating:
            # "(Green)" is the status; "(Blue)" a key's "for information" colour, not a field.
            if rag_of(ICONS.sub("", ln.rating)):
                item.add(Role.STATUS, ln.rating, ln.page, ln.block)
            item.rated = True
        self.title_open, self.open_role, self.pending = False, None, []

    def label(self, ln: Line) -> None:
        """A label: a section or objective line, else a field of the item it opens or belongs to."""
        role = ln.role
        assert role is not None
        key = ln.label.lower()
        self.title_open = False
        if role == Role.SECTION:
            self.context(section_line(ln.value, ln.page))
            return
        if role == Role.OBJECTIVE:
            self.close()
            self.out.append(replace(ln, kind=LineKind.CONTEXT, text=f"objective:{ln.value}"))
            self.open_role = None if ln.value else Role.OBJECTIVE
            return
        if role == Role.ACTION and self.cur is not None and self.cur.title and key not in self.cur.labels:
            # A second "action" label in an item titled by its marker: its value says what it is
            # ("RBFRS action: We use EDI data ..." is what was done; "Action: Complete" a status).
            role = _role_of_action_value(ln.value) or role
        cur = self._item_for_label(role, key, ln.page)
        cur.labels.add(key)
        cur.labelled.add(role)
        if ln.item_kind and role == Role.ACTION:
            cur.kind = ln.item_kind
        self.open_role = None
        if role in (Role.NONE, Role.ID):
            # A label alone with no field ("Background Papers:", "Contact officer:"): the line under it is
            # its value, as after the colon of "Contact officer: Head of Licensing": no field, and never a
            # caption over the next item (committee-report-label-pairs-and-summary-row.txt).
            self.label_value_next = not ln.value
            return
        if ln.value:
            cur.add(role, ln.value, ln.page, ln.block)
        else:
            self.open_role = role

    def _item_for_label(self, role: Role, key: str, page: int) -> ItemDraft:
        """The item a label belongs to: the open one, or a new one when none is open (titled by the
        paragraphs above), when the label is an action label under a title, or when the open item
        already has this label (titled by the paragraphs since its last complete value)."""
        if self.cur is None:
            title_lines = self.pending if role != Role.ACTION else []
            if self.dense and len(title_lines) > 1:
                title_lines = title_lines[:1]  # a card's first line; breadcrumbs and codes under it are not the title
            self.start(page, title_lines)
            self.pending = []
        elif self.cur.headed and role != Role.ACTION:
            pass   # under an item heading a label again ("Update:" twice) is more of the same item
        elif (role == Role.ACTION and self.cur.title) or key in self.cur.labels:
            # Paragraphs since the last value title the new item, unless an action label titles it: then
            # they are the open item's comment (card blocks "Project: ... / RAG: Green / narrative").
            described: list[Line] = []
            if role != Role.ACTION:
                self.loose, title, described = split_at_heading(self.loose)
            else:
                title = []
            prev = self.cur
            shared = _shared_titles(prev) if not title and role != Role.ACTION else None
            self.start(page, title)
            if shared:
                self._take_titles(prev, shared)
            for ln in described:
                self.cur.add(Role.DETAIL, ln.text, ln.page, ln.block)
        assert self.cur is not None
        return self.cur

    def _take_titles(self, prev: ItemDraft, shared: tuple[list[str], list[SourceRef]]) -> None:
        """The new item is titled by the next of the names ``prev``'s title label listed (its kind too)."""
        cur = self.cur
        assert cur is not None
        cur.title, cur.listed_titles, cur.kind = shared[0], True, prev.kind
        cur.labelled |= prev.labelled & {Role.ACTION}
        cur.sources.extend(shared[1])

    def plain(self, ln: Line) -> None:
        """A plain paragraph: a card's next title, an objective's sentence, a title above the first
        label, an open label's value, more of an item's title, or a loose comment."""
        cur = self.cur
        if (self.dense and not self.heads and cur is not None and cur.labels and ln.block is not None
                and ln.block.blank_lines_before):
            self.close()
            self.open_role, self.pending = None, [ln]
        elif self.open_role == Role.OBJECTIVE:
            self.out.append(replace(ln, kind=LineKind.CONTEXT, text=f"objective:{ln.text}"))
            self.open_role = None
        elif cur is None:
            self.pending.append(ln)
        elif self.open_role is not None:
            cur.add(self.open_role, ln.text, ln.page, ln.block)
            cur.listed_titles = cur.listed_titles or self.open_role == Role.ACTION
        else:
            self._more_of_item(cur, ln)

    def _more_of_item(self, cur: ItemDraft, ln: Line) -> None:
        """A plain paragraph in an item with no label open: its title over several paragraphs, the rest
        of its title's sentence, or a comment under its labels (kept loose until the item closes).  Under
        an item heading, a paragraph above the item's labels describes the item (its detail)."""
        if cur.headed and not cur.labels and not (not cur.fields and _wraps_onto(cur.title[-1], ln)):
            cur.add(Role.DETAIL, ln.text, ln.page, ln.block)
        elif self.title_open and not cur.labels and len(cur.title) < MAX_TITLE_PARAGRAPHS:
            cur.add(Role.ACTION, ln.text, ln.page, ln.block)   # an item's title over several paragraphs
        elif cur.title and not cur.labels and not cur.fields and not self.loose and ln.text[:1].islower():
            cur.title[-1] = f"{cur.title[-1]} {ln.text}"       # "... so that members better" / "reflect the community."
        elif cur.fields and not self.loose and _wraps_onto(cur.fields[-1][1], ln):
            role, text = cur.fields[-1]                        # "Status: ... so this item is on" / "hold."
            cur.fields[-1] = (role, f"{text} {ln.text}")
            if ln.block is not None:
                cur.sources.append(source_of(role, ln.block, ln.text))
        else:
            self.loose.append(ln)


def _wraps_onto(text: str, ln: Line) -> bool:
    """``ln`` is the rest of a value cut at a line break: it starts in lower case, right under (no blank
    line) a value that ends no sentence (a web page saved as text with ``<br />`` every 80 characters)."""
    return (ln.block is not None and not ln.block.blank_lines_before and ln.text[:1].islower()
            and not ln.bullet and not re.search(r"[.!?:;]$", text))


def _shared_titles(prev: ItemDraft) -> tuple[list[str], list[SourceRef]] | None:
    """The names after the first that a title label listed for ``prev``, taken from it, with their sources.

    Several measures under one "Performance measure(s)" label, then one label block ("How this will be
    measured" / "What success will look like") per measure in the same order
    (tests/shared/corpus/layouts/objective-measure-label-blocks-multi-measure.txt): when a label repeats
    with no title paragraph before it, the item it opens is the next name listed, not an untitled item.
    """
    if not prev.listed_titles or len(prev.title) < 2:
        return None
    rest = prev.title[1:]
    del prev.title[1:]
    moved = [s for s in prev.sources if s.role == Role.ACTION.value and s.text in rest]
    prev.sources = [s for s in prev.sources if not any(s is m for m in moved)]
    return rest, moved


def parse_items(lines: list[Line]) -> list[ItemDraft | Line]:
    """Walk classified lines into item drafts (context lines are passed through in place).

    Where an item starts: a marker ("Promise 12"), an enumerated or rated title, an action label, a
    label already used by the current item (the paragraphs since its last complete value are the new
    item's title), or, before any label, the paragraphs just above the first one.  An item that gets no
    field at all was a heading ("Part 2: Our equality outcomes"): it becomes the section, as does a
    caption line right above the next item.

    >>> from extractors.base import Text
    >>> from pipeline.reading.model import Unit
    >>> from pipeline.reading.readers.items.lines import classify_line
    >>> lines = [classify_line(Unit(text=Text(s, 1))) for s in ("Promise 1", "Plant trees", "Status: Green",
    ...          "Promise 2", "Open a hub", "Lead: Parks")]
    >>> [(it.title, it.status, it.fields) for it in parse_items(lines) if isinstance(it, ItemDraft)]
    [(['Plant trees'], 'GREEN', []), (['Open a hub'], None, [(<Role.RESPONSIBLE: 'responsible'>, 'Parks')])]
    """
    # When the items are introduced by enumerated titles ("3.01.02 Plant ..."), every enumerated line
    # starts one, even under a label whose value is still open ("Comments:").
    titled = next((ln.kind for ln in lines if ln.kind in (LineKind.MARKER, LineKind.TITLE, LineKind.LABEL)),
                  None) == LineKind.TITLE
    # Cards printed line by line with a blank line only between them (a tracker's print view): a blank
    # line then text starts the next card, whose first line is its title.
    gaps = sorted(ln.block.blank_lines_before for ln in lines if ln.block is not None)
    # Cards whose labels are headings (h3 "Description", h4 "What has been done?"): a heading above that
    # level is a card's title (an HTML print view of tracker cards).
    ranks = [ln.block.heading_level for ln in lines
             if ln.kind == LineKind.LABEL and ln.block is not None and ln.block.heading_level]
    heads, head_rank = item_heads(lines)
    run = _ItemParse(titled=titled, dense=bool(gaps) and gaps[len(gaps) // 2] == 0,
                     label_rank=min(ranks) if len(ranks) >= 2 else None, heads=heads, head_rank=head_rank)
    for n, ln in enumerate(lines):
        run.feed(ln, lines[n + 1] if n + 1 < len(lines) else None, head=n in heads)
    run.close()
    return run.out

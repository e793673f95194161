r"""A page run into one paragraph whose fields are marked by inline labels (:func:`read_inline_labels`).

PDF-to-text and copy-paste often give a report page as ONE paragraph::

    ... LIBRARIES CONTRIBUTES BY Giving every resident ... KEY PROJECT 1 – Progress to date – Mobile
    Library Replacement What we set out to do in 2024/25 Mobile Library Replacement - Buy ... What we
    achieved in 2024/25 Specification agreed ... What comes next in 2025/26 Take delivery ... KEY
    PROJECT 2 – ...

The evidence is the repetition: the same two or more label phrases (header words, ``headers.jsonl``)
in the same order, two or more times.  The paragraph is cut at each label into the lines the item-block
reader (:func:`~.runs.read_item_run`) reads: a numbered marker ("KEY PROJECT 2", "Action 3") before a
cycle opens its item; without markers the first label's value names it.  "X CONTRIBUTES BY <sentence>"
(``contribution_lead`` in ``cues.jsonl``) gives the section X and its objective.

    >>> from pipeline.reading.loop import text_rows
    >>> rows = text_rows("Our parks this year, as members asked, in brief. Project 1 – Open the hub What we did "
    ...     "Opened in May with help from volunteers. What comes next A second hub. Project 2 – Plant trees "
    ...     "What we did Planted 500 trees. What comes next Plant 500 more.")
    >>> rows[1]
    ('Plant trees', 'progress: Planted 500 trees.', 'issues: Plant 500 more.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.base import Text
from pipeline.cues import Cue
from pipeline.reading.model import ReadState, Unit
from pipeline.reading.readers.items.lines import LABEL_PERIOD, label_of, without_period
from pipeline.reading.readers.items.runs import read_item_run
from pipeline.vocab import Role, match_label

ITEM_MARKER_ROLES = (Role.ACTION, Role.COMMITMENT, Role.MEASURES)   # "Project 2", not a group's "Aim 2"
MIN_CYCLE_SHARE = 0.6      # the labelled items are most of the paragraph (not a plan run in with them)
MIN_WORDS = 30             # a paragraph this long may be a page run into one paragraph
MIN_CYCLES = 2
MIN_CYCLE_LABELS = 2
MAX_LABEL_WORDS = 7
MAX_NAME_WORDS = 8         # "Mobile Library Replacement - Buy ...": a name before the dash, no marker
_WORD = re.compile(r"\S+")
# "KEY PROJECT 2 – ...", "Action 3: ...": a numbered marker inside running text.
MARKER_IN_TEXT = re.compile(r"(?<!\S)(?P<label>[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,2}) (?P<num>\d{1,3}[a-z]?)"
                            r"(?=\s*[:.)\-–—]|\s+[A-Z])")
MARKER_NUMBER = re.compile(r"\s+\d{1,3}[a-z]?(?=\s*[:.)\-–—]|\s+[A-Z])")   # the number after a marker's word
CONTRIBUTION = Cue(r"(?P<name>(?:\b[A-Z][A-Z’'&-]+\s+)+)(?i:{contribution_lead})\s+(?P<objective>[A-Z].*?[.!?])(?=\s|$)")
# ". 2 More detail on ... Community Services Group": a page or footnote number after the last sentence, then
# text that ends no sentence (a footnote and running footer run into the page).
FOOTER = re.compile(r"(?<=[.!?])\s+\d{1,3}\s+(?=[A-Z])(?P<rest>.*[^.!?\s])\s*$", re.S)
NAME_DASH = re.compile(r"^(?P<name>[A-Z][^.!?]*?)\s+[-–—]\s+\S")


@dataclass(frozen=True)
class _Label:
    key: str        # the label words, lower case, without the year
    role: Role
    start: int
    end: int        # after the label and its year


def _labels(text: str) -> list[_Label]:
    """Label phrases in running text: two or more capitalised words that are all label words (the
    longest at each place), with the year they report on; none right after a dash (a heading's part:
    "KEY PROJECT 1 – Progress to date – ...")."""
    words = list(_WORD.finditer(text))
    out: list[_Label] = []
    k = 0
    while k < len(words):
        w = words[k]
        if not w.group()[:1].isupper() or re.search(r"[–—-]\s*$", text[:w.start()]):
            k += 1
            continue
        found = None
        for n in range(min(MAX_LABEL_WORDS, len(words) - k), 1, -1):
            span = text[w.start():words[k + n - 1].end()]
            if re.search(r"[^\w\s’']|\d", span):   # label words only (its year is read after it)
                continue
            m = match_label(span)
            if m is not None and m.score == 1.0 and m.head and m.role not in (Role.VALUE, Role.NONE, Role.ID) \
                    and label_of(span, alone=True) is not None:
                found = (n, span, m.role)
                break
        if found is None:
            k += 1
            continue
        n, span, role = found
        end = words[k + n - 1].end()
        if MARKER_NUMBER.match(text, end):
            k += n        # "KEY PROJECT 2", "Action 3": a numbered marker, not a label
            continue
        if period := _period_after(text, end):
            end = period
        out.append(_Label(without_period(span).lower(), role, w.start(), end))
        k += n
        while k < len(words) and words[k].start() < end:
            k += 1
    return out


def _period_after(text: str, end: int) -> int | None:
    """The end of "in 2024/25" right after a label ending at ``end``, else None."""
    rest = text[end:]
    for m in _WORD.finditer(rest):
        if m.start() > 30:
            break
        tail = LABEL_PERIOD.search("x" + rest[:m.end()])
        if tail is not None and tail.start() == 1:
            return end + m.end()
    return None


def _cycle(labels: list[_Label]) -> list[_Label] | None:
    """The labels of the repeated cycle (the same labels in the same order, MIN_CYCLES times or more),
    others dropped; None when there is none.  A label that breaks the cycle is dropped and the rest tried."""
    keys = {lb.key for lb in labels}
    while len(keys) >= MIN_CYCLE_LABELS:
        seq = [lb for lb in labels if lb.key in keys]
        order = [lb.key for lb in seq]
        period = order.index(order[0], 1) if order.count(order[0]) > 1 else 0
        cycle = order[:period]
        if period >= MIN_CYCLE_LABELS and len(set(cycle)) == period and len(order) >= MIN_CYCLES * period \
                and all(key == cycle[n % period] for n, key in enumerate(order)) \
                and len({lb.role for lb in seq[:period]}) >= MIN_CYCLE_LABELS:
            return seq   # the labels name two fields or more
        counts = {key: order.count(key) for key in keys}
        keys.discard(min(keys, key=lambda key: (counts[key], key)))
    return None


def _markers(text: str, seq: list[_Label], period: int) -> list[re.Match[str]] | None:
    """The numbered marker opening each cycle (the last one in the text before its first label), all with
    the same label word naming an item; None when a cycle has none."""
    found = []
    prev_end = 0
    for n in range(0, len(seq), period):
        start = seq[n].start
        ms = [m for m in MARKER_IN_TEXT.finditer(text, prev_end, start)]
        if not ms:
            return None
        found.append(ms[-1])
        prev_end = seq[n + period - 1].end if n + period - 1 < len(seq) else start
    words = {m.group("label").lower() for m in found}
    if len(words) != 1:
        return None
    lm = label_of(found[0].group("label"))
    return found if lm is None or lm.role in ITEM_MARKER_ROLES else None


@dataclass
class _Pieces:
    """The paragraph cut into what the state is told in order: ("aside", text), ("section", name,
    objective) and ("line", text) pieces."""

    block: Text
    out: list[tuple[str, ...]]

    def before_item(self, text: str) -> None:
        """Text before an item's marker or first label: the last item's value, then section and prose."""
        m = None
        for m in CONTRIBUTION.finditer(text):
            pass
        if m is None:
            self.value(text)
            return
        name = " ".join(m.group("name").split())
        head = text[:m.start()]
        spelt = [h for h in re.finditer(re.escape(name), head, re.I) if h.group()[:1].isupper() and not h.group().isupper()]
        at = spelt[-1].start() if spelt else m.start()
        self.value(head[:at])
        if spelt:
            self.aside(head[spelt[-1].end():])
        self.out.append(("section", spelt[-1].group() if spelt else name.title(), m.group("objective")))
        self.aside(text[m.end():])

    def value(self, text: str) -> None:
        if self.out and self.out[-1][0] == "line":
            self.out[-1] = ("line", f"{self.out[-1][1]} {text.strip()}".strip())
        else:
            self.aside(text)

    def aside(self, text: str) -> None:
        if text.strip():
            self.out.append(("aside", text.strip()))

    def line(self, text: str) -> None:
        self.out.append(("line", " ".join(text.split())))


def _pieces(block: Text, text: str, seq: list[_Label], period: int) -> _Pieces:
    markers = _markers(text, seq, period)
    pieces = _Pieces(block, [])
    pos = 0
    for n, lb in enumerate(seq):
        first = n % period == 0
        if first and markers is not None:
            mk = markers[n // period]
            pieces.before_item(text[pos:mk.start()])
            pieces.line(text[mk.start():lb.start])
        elif first:
            pieces.before_item(text[pos:lb.start])
        else:
            pieces.value(text[pos:lb.start])
        value_end = seq[n + 1].start if n + 1 < len(seq) else len(text)
        value = text[lb.end:value_end].strip()
        pos = lb.end
        if first and markers is None and lb.role != Role.ACTION:
            # No marker: the first label's value names the item (the name before its dash, else all of it).
            name = NAME_DASH.match(value)
            if not (name and len(name.group("name").split()) <= MAX_NAME_WORDS):
                pieces.line(value)
                pos = value_end
                continue
            pieces.line(name.group("name"))
        pieces.line(f"{text[lb.start:lb.end]}:")
    tail = text[pos:]
    footer = FOOTER.search(tail)
    pieces.value(tail[:footer.start()] if footer else tail)
    if footer:
        pieces.aside(footer.group("rest"))
    return pieces


def read_inline_labels(units: list[Unit], i: int, state: ReadState) -> int | None:
    """A paragraph holding the same label phrases two or more times in the same order (an annual report's
    key-project page run into one paragraph): cut at each label into item-block lines and read by the
    item-block reader; None when the paragraph has no such cycle."""
    u = units[i]
    if u.is_row or u.text is None or len(u.para.split()) < MIN_WORDS:
        return None
    text = u.para
    seq = _cycle(_labels(text))
    if seq is None:
        return None
    period = len({lb.key for lb in seq})
    if len(text) - seq[0].start < MIN_CYCLE_SHARE * len(text):
        return None   # the cycle is a small part of the paragraph: a page of other content
    pieces = _pieces(u.text, text, seq, period)
    lines: list[Unit] = []
    for piece in pieces.out + [("end",)]:
        if piece[0] != "line" and lines:
            _read_lines(lines, state)
            lines = []
        if piece[0] == "line":
            lines.append(Unit(text=_sub_block(u.text, piece[1])))
        elif piece[0] == "aside":
            state.set_aside(u.text, piece[1])
        elif piece[0] == "section":
            state.new_section(piece[1], piece[2])
    return i + 1


def _sub_block(block: Text, text: str) -> Text:
    """One cut of the paragraph, located where the paragraph is (its sources name the paragraph)."""
    return replace(block, text=text, gap_at=None, heading_level=None, bold=False, list_item=False,
                   blank_lines_before=0, struck_text=())


def _read_lines(lines: list[Unit], state: ReadState) -> None:
    """The item-block reader over the cut lines; a line it does not take is set aside."""
    k = 0
    while k < len(lines):
        j = read_item_run(lines, k, state)
        if j is None:
            block = lines[k].text
            assert block is not None
            state.set_aside(block)
            j = k + 1
        k = j

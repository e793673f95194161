"""What each paragraph of a run of item blocks is: a label, a marker, a title, a rated title, context or
plain text (:func:`classify_line`).

Label words come from the same vocabulary as column headers (``pipeline/patterns/headers.jsonl``); a
marker is a numbered item label ("Promise 12", "Action 3:"); a rated title carries its status in its
last parenthesis ("Households prevented (Green)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

from extractors.base import Text
from pipeline.cues import Cue
from pipeline.reading.evidence import RAG_WORD, STATUS_WORD
from pipeline.reading.headings import is_part_reference
from pipeline.reading.model import Unit
from pipeline.reading.shared import (
    ENUMERATOR,
    is_context_line,
    strip_enumerator,
)
from pipeline.vocab import Kind, LabelMatch, Role, match_label

MAX_LABEL_WORDS = 7
MIN_LABEL_SCORE = 0.66       # a label alone on its line: a phrase must cover two thirds of it
# "Action 1:", "Promise 12", "Equality Outcome 3", "Recommendation 4 - ...": a numbered item marker.
_MARKER_HEAD = r"^(?P<label>[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*){0,2}) (?P<num>\d{1,3}[a-z]?)"
MARKER = re.compile(_MARKER_HEAD + r"\s*(?:[:.)\-–—]\s*(?P<rest>.*))?$", re.S)
# "Recommendation 2 By 1 October 2023, Chief Fire Officers should ...": a marker glued to its title by a
# space only (a converted table whose first cell held both); only for labels that name items.
GLUED_MARKER = re.compile(_MARKER_HEAD + r" (?P<rest>[A-Z\"“‘(].{19,})$", re.S)
MONTH = Cue(r"^(?:{month_abbreviation})", re.I)   # "May 2025" is a date, not the marker "May 2025"
# "Households prevented from becoming homeless (Green)": a title rated in its last parenthesis.
RATED = re.compile(r"^(?P<title>.+?)\s*\((?P<rating>[^()]{2,30})\)\s*$")
ICONS = re.compile(r"^[^\w(]+")
# "Action - inspect ...", "outcome /measure - all reports inspected": a label and its value joined by a dash.
DASH_LABEL = re.compile(r"^(\S+(?: \S+){0,3}?)\s+[-–—]\s+(\S.*)$", re.S)
# "What we achieved in 2024/25", "What comes next for 2025-26": the year a label reports on (not a label word).
LABEL_PERIOD = Cue(r"\s+(?:(?:{label_period_lead})\s+)?(?:19|20)\d\d(?:\s*[/-]\s*\d{2,4})?\s*:?\s*$", re.I)
# Roles of a marker's label word that name an item (or a group of items).
MARKER_ROLES = (Role.ACTION, Role.OBJECTIVE, Role.COMMITMENT, Role.MEASURES, Role.SECTION)


CRUMB = "crumb:"   # the prefix of a breadcrumb step's CONTEXT line

class LineKind(Enum):
    """What a paragraph is inside a run of item blocks."""

    LABEL = "label"        # "Lead: Customer Services", "Due date:", "What happens next"
    MARKER = "marker"      # "Promise 12", "Action 3:" (a numbered item label)
    TITLE = "title"        # "1. Appoint an Accessibility Lead", "3.01.02 Plant 5,000 trees": an enumerated title
    RATED = "rated"        # "- % of council tax collected (Green)"
    CONTEXT = "context"    # a section heading or an objective line
    PLAIN = "plain"


@dataclass(frozen=True, slots=True)
class Line:
    """One classified paragraph: its kind, and what the kind reads off it (a label's role and value, a
    marker's label and number, a rated title's rating)."""

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

    @property
    def is_crumb(self) -> bool:
        """One step of a card's breadcrumb trail (a CONTEXT line ``crumb:<step>``)."""
        return self.text.startswith(CRUMB)


# "2.1. Cut emissions from council buildings /", "EN2. Move the fleet ... /": one step of a breadcrumb
# trail listed item by item (its number or code dropped, the trailing separator too).
BREADCRUMB_STEP = re.compile(r"^(?:[A-Z]{0,3}\d{1,2}(?:\.\d{1,2})*\.?\s+)?(?P<step>\S.*?)\s+[/›>»]$", re.S)
# "Promise 12 progress", "Action 3 update": an item's number inside a field label.
NUMBERED_LABEL = re.compile(r"^[A-Z][\w’'-]*(?: [A-Za-z][\w’'-]*)? \d{1,3}[a-z]? (?P<field>[A-Za-z].*)$")


def without_period(text: str) -> str:
    """A label without the year it reports on: "What we achieved in 2024/25" -> "What we achieved"
    (annual-report key projects)."""
    period = LABEL_PERIOD.search(text)
    return text[:period.start()] if period and period.start() > 0 else text


def label_of(text: str, *, alone: bool = False) -> LabelMatch | None:
    """The role a label names.  A label alone on its line must be (nearly) all label words: a heading
    such as "Objective details" is not the label "details"."""
    text = without_period(text)
    words = text.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return None
    if re.search(r"[.!?]$", text.strip(" :")):
        # A question that is all label words ("What has been done?", a tracker card's heading) is a
        # label; any other sentence is not.
        m = match_label(text.strip(" :?")) if text.strip(" :").endswith("?") else None
        return m if m is not None and m.exact and m.role != Role.VALUE else None
    if (n := NUMBERED_LABEL.match(text.strip(" :"))) and (inner := label_of(n.group("field"), alone=alone)):
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

    Tried in turn: a context line; an item marker ("Promise 12", "Recommendation 2 By 1 October ...");
    a label with its value or alone; a rated title; an enumerated title; else plain text.

    >>> from extractors.base import Text
    >>> def line(s, **kw): return classify_line(Unit(text=Text(s, 1, **kw)))
    >>> l = line("Lead service: Customer Services"); (l.kind.value, l.role.value, l.value)
    ('label', 'responsible', 'Customer Services')
    >>> [line(s).kind.value for s in ("Promise 12", "What happens next", "1. Adopt a policy", "We met twice.")]
    ['marker', 'label', 'title', 'plain']
    """
    t = u.text
    assert t is not None
    text, page, bullet = u.para, t.page, t.list_item
    if bullet and (step := BREADCRUMB_STEP.match(text)):
        line = Line(LineKind.CONTEXT, f"{CRUMB}{step.group('step').strip()}", page, bullet)
    elif is_context_line(text) and not bullet:
        line = Line(LineKind.CONTEXT, text, page)
    else:
        line = _marker_line(text, page, bullet) or _label_line(t, text, bullet) or _titled_line(text, page, bullet)
    return replace(line, block=t)


def _marker_line(text: str, page: int, bullet: bool) -> Line | None:
    """A numbered item marker ("Action 3:", "Promise 12 Build ...") whose label word names an item (or
    no field at all); not a date ("May 2025"), a number inside a sentence, or a reference to a part of
    the papers ("Appendix 1", "Agenda Item 6": :func:`~pipeline.reading.headings.is_part_reference`)."""
    if is_part_reference(text):
        return None
    if (m := MARKER.match(text)) and not MONTH.match(text) and not (m.group("rest") or "").strip()[:1].islower():
        label = label_of(m.group("label"))
        if label is None or label.role in MARKER_ROLES:
            return Line(LineKind.MARKER, text, page, bullet, Role.ACTION, m.group("label"),
                        (m.group("rest") or "").strip(), label.kind if label else None, number=m.group("num"))
    if (g := GLUED_MARKER.match(text)) and (label := label_of(g.group("label"))) is not None and \
            label.role in (Role.ACTION, Role.COMMITMENT):
        return Line(LineKind.MARKER, text, page, bullet, Role.ACTION, g.group("label"), g.group("rest").strip(),
                    label.kind, number=g.group("num"))
    return None


def _label_splits(t: Text, text: str) -> list[tuple[int, int]]:
    """Where a label may end and its value start: at a colon ("Label: value"), at the extractor's wide
    gap ("Label<gap>value"), and at a dash ("Action - inspect ...", "- timescale - ongoing")."""
    splits: list[tuple[int, int]] = []
    if (colon := text.find(":")) > 0 and len(without_period(text[:colon]).split()) <= MAX_LABEL_WORDS:
        splits.append((colon, colon + 1))
    elif t.gap_at:
        splits.append((t.gap_at, t.gap_at))
    if d := DASH_LABEL.match(text):
        splits.append((d.end(1), d.start(2)))
    return splits


def _label_line(t: Text, text: str, bullet: bool) -> Line | None:
    """A label with its value ("Lead: Customer Services"), or a label alone on its line ("Due date:",
    "What happens next") whose value is in the paragraphs below."""
    for split_at, rest_at in _label_splits(t, text):
        label_text = text[:split_at].strip()
        if (lm := label_of(label_text)) is not None:
            value = text[rest_at:].strip(" :\u00a0")
            return Line(LineKind.LABEL, text, t.page, bullet, lm.role, label_text, value, lm.kind)
    if not bullet and (lm := label_of(text, alone=True)) is not None and len(without_period(text).split()) <= MAX_LABEL_WORDS:
        return Line(LineKind.LABEL, text, t.page, bullet, lm.role, text.strip(" :"), "", lm.kind)
    return None


def _titled_line(text: str, page: int, bullet: bool) -> Line:
    """A title rated in its last parenthesis, an enumerated title, or plain text."""
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


def caption_like(ln: Line) -> bool:
    """A short unpunctuated line that can head the items below it ("Services Outcomes"); not a cell's
    one letter or code ("Y", "N/A"), nor a reference to a part of the papers ("OPEN ITEM 8",
    :func:`~pipeline.reading.headings.is_part_reference`)."""
    words = ln.text.split()
    return (ln.kind == LineKind.PLAIN and not ln.bullet and 0 < len(words) <= 8 and ln.text[:1].isupper()
            and len(re.sub(r"\W", "", ln.text)) > 3
            and not re.search(r"[.!?:;,]$", ln.text) and not is_part_reference(ln.text))


def section_line(text: str, page: int) -> Line:
    """A context line that makes ``text`` the section (applied in place by the run's reader)."""
    return Line(LineKind.CONTEXT, f"section:{text}", page)

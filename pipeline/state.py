"""``records.state``: where an action stands, normalised, beside its RAG colour.

``status`` keeps the RAG colour (GREEN / AMBER / RED or null, gold convention); a status word that is not a
colour ("Complete", "Behind schedule", "Not started") stays the record's first ``progress`` item, as gold
has it.  ``state`` reads both into one of :data:`STATES`, from (first that gives an answer):

1. a status word or phrase, a tick or a box: the text of the record's status cell (``sources`` with role
   ``status``) or its first ``progress`` item, matched whole or as a lead phrase followed by punctuation
   ("Complete - March 2024", "Green – on track", "✓"); a leading RAG word is passed over;
2. a status word or phrase that ends a progress item as a sentence of its own ("Building handed over in
   February. Complete", HTML and Word progress cells that append the status to the update);
3. a percentage complete anywhere in the status or progress text ("100% complete" = complete, "0%
   complete" = not started, anything between = the RAG state, else ongoing);
4. the RAG colour: GREEN = on track, AMBER = at risk, RED = behind;
5. ``unknown``.

The words are data: ``pipeline/patterns/states.jsonl`` (one object per line, ``state`` and ``phrases``
— a status word, matched whole or followed by punctuation or a date, case-insensitively, dashes and
spaces normalised —, ``leads``, phrases that start a longer status text: "Superseded by action 4.2", or
``marks``, single characters such as ticks).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.services import PATTERNS_DIR, jsonl_rows
from schemas import STATES

RAG_STATES = {"GREEN": "on track", "AMBER": "at risk", "RED": "behind"}
LEADING_RAG = re.compile(r"^\W*(?:green|amber|red)\b\W*", re.I)
# A phrase must fill the text or be followed by punctuation: "Delayed (see note)" is behind; "Delivered the
# new website in May" is a progress sentence, not a status word.
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
AFTER_PHRASE = (r"(?:\s*$|\s*[-–—:;,.(/|]"    # or a bare date: "Completed 31/03/2024", "Complete March 2025"
                rf"|\s+(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?\d[\d/.-]*\s*$|\s+{_MONTH}\s+\d{{2,4}}\s*$)")
PERCENT_COMPLETE = re.compile(
    r"\b(\d{1,3}(?:\.\d+)?)\s?%\s*(?:complete|completed|done|delivered|achieved|implemented)\b"
    r"|\b(?:complete|completed|completion)\s*[:(-]?\s*(\d{1,3}(?:\.\d+)?)\s?%", re.I)
MAX_STATUS_WORDS = 12   # a longer first progress item is a sentence, not a status cell
MAX_TRAILING_WORDS = 4  # "... in February. Complete", "... Not yet started": a status, not a sentence
LAST_SENTENCE = re.compile(r"(?:[.!?;]\s+|\n\s*)(?P<tail>[^.!?;\n]+?)[.!?]?\s*$")


class StateVocabulary:
    """The phrases and marks of ``states.jsonl``: ``of(text)`` -> a state or None."""

    def __init__(self, rows: Iterable[dict], source: str = "states.jsonl") -> None:
        phrases: list[tuple[str, str]] = []   # (phrase, state)
        leads: list[tuple[str, str]] = []
        self.marks: dict[str, str] = {}
        for n, row in enumerate(rows, 1):
            state = row.get("state")
            if state not in STATES:
                raise ValueError(f"{source} row {n}: state {state!r} is not one of {', '.join(STATES)}")
            phrases += [(normalise(p), state) for p in row.get("phrases", ())]
            leads += [(normalise(p), state) for p in row.get("leads", ())]
            self.marks.update({m: state for m in row.get("marks", ())})
        # One alternation each, longest first ("open - on track" before "open"); what may follow a phrase is
        # written once after it (a copy per phrase made the pattern slow to compile in every process).
        self.matchers = [(_alternation(phrases, AFTER_PHRASE), [s for _, s in _longest_first(phrases)]),
                         (_alternation(leads, r"\b"), [s for _, s in _longest_first(leads)])]

    def of(self, text: str) -> str | None:
        """The state a status cell's text names, or None.

        >>> v = vocabulary()
        >>> v.of("Complete"), v.of("Behind schedule"), v.of("Green – on track"), v.of("✓ 12 May"), v.of("Greenwich")
        ('complete', 'behind', 'on track', 'complete', None)
        """
        text = text.strip()
        if not text:
            return None
        if text[0] in self.marks:
            return self.marks[text[0]]
        cut = normalise(LEADING_RAG.sub("", text, count=1) if LEADING_RAG.match(text) else text)
        found = [(m.end(m.lastgroup), states[int(m.lastgroup[1:])]) for pattern, states in self.matchers
                 if (m := pattern.match(cut)) is not None and m.lastgroup is not None]
        return max(found)[1] if found else None   # the longer phrase: "not yet started" over "not"


def _longest_first(phrases: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(phrases, key=lambda p: -len(p[0]))


def _alternation(phrases: list[tuple[str, str]], after: str) -> re.Pattern[str]:
    """``^(?:(?P<s0>phrase0)|(?P<s1>phrase1)|...)after`` over the phrases, longest first."""
    groups = "|".join(f"(?P<s{i}>{re.escape(p)})" for i, (p, _) in enumerate(_longest_first(phrases)))
    return re.compile(f"^(?:{groups}){after}")


def normalise(text: str) -> str:
    """Lower case, one space, dashes as "-": "Open – On  Track" -> "open - on track"."""
    return re.sub(r"\s+", " ", re.sub(r"[‐-―]", "-", text)).strip().lower()


@lru_cache(maxsize=4)
def vocabulary(path: Path | None = None) -> StateVocabulary:
    """The vocabulary of ``path`` (default ``pipeline/patterns/states.jsonl``), read once.

    Raises ValueError naming the file and row when a row names no known state or is not JSON."""
    path = path or PATTERNS_DIR / "states.jsonl"
    return StateVocabulary(jsonl_rows(path), path.name)


def percent_complete(texts: Iterable[str]) -> float | None:
    """The first "N% complete" / "Completion: N%" figure in ``texts``, as a number 0-100, or None.

    >>> percent_complete(["Phase one done", "Project 75% complete"]), percent_complete(["Target: 45%"])
    (75.0, None)
    """
    for text in texts:
        if m := PERCENT_COMPLETE.search(text):
            return float(m.group(1) or m.group(2))
    return None


def trailing_state(progress: tuple[str, ...], vocab: StateVocabulary) -> str | None:
    """The state a status word names when it ends the first or last progress item as a sentence of its own.

    >>> v = vocabulary()
    >>> trailing_state(("Building handed over in February. Complete",), v)
    'complete'
    >>> trailing_state(("Contract let; works start in May. On track.",), v)
    'on track'
    >>> trailing_state(("Work will be completed by the end of March.",), v) is None
    True
    """
    for text in dict.fromkeys(progress[:1] + progress[-1:]):
        m = LAST_SENTENCE.search(text)
        if m and len(m["tail"].split()) <= MAX_TRAILING_WORDS and (state := vocab.of(m["tail"])) is not None:
            return state
    return None


def state_of(status_texts: Iterable[str], progress: tuple[str, ...], rag: str | None) -> str:
    """The normalised state of a record (one of :data:`STATES`; see the module docstring for the order).

    ``status_texts`` are the texts of its status cells as read (``sources`` with role ``status``),
    ``progress`` its progress items, ``rag`` its ``status`` colour.

    >>> state_of([], ("Complete", "Report agreed by Cabinet."), "GREEN")
    'complete'
    >>> state_of(["Amber"], ("Work 40% complete.",), "AMBER"), state_of([], (), "RED"), state_of([], (), None)
    ('at risk', 'behind', 'unknown')
    """
    vocab = vocabulary()
    status_texts = [t for t in status_texts if t and t.strip()]
    candidates = list(status_texts)
    if progress and len(progress[0].split()) <= MAX_STATUS_WORDS:
        candidates.append(progress[0])
    for text in candidates:
        if (state := vocab.of(text)) is not None:
            return state
    if (state := trailing_state(progress, vocab)) is not None:
        return state
    share = percent_complete([*status_texts, *progress])
    if share is not None and share >= 100:
        return "complete"
    if share is not None and share <= 0:
        return "not started"
    if rag in RAG_STATES:
        return RAG_STATES[rag]
    return "unknown" if share is None else "ongoing"

"""What lineage compares of one record (:class:`Item`) and the words it compares them by.

The vocabulary (stop words, status markers, words saying an action is done) is read from
``pipeline/patterns/lineage.jsonl``; a council's name is compared by :func:`council_key`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.services import PATTERNS_DIR, jsonl_rows

_REF = re.compile(r"(?<![\w.])(?:[A-Z]{1,4}[-.]?)?\d{1,2}(?:\.\d{1,2}){1,2}(?![\w.])|(?<![\w-])[A-Z]{1,4}-\d{1,3}(?![\w-])")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(stop words, marker pattern, completed pattern, reference-word pattern) from ``patterns/lineage.jsonl``."""
    rows = jsonl_rows(PATTERNS_DIR / "lineage.jsonl")
    stop = frozenset(w for r in rows if r["label"] == "STOP" for w in r["pattern"].split())

    def alternation(label: str) -> str:
        words = sorted((r["pattern"] for r in rows if r["label"] == label), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    markers = re.compile(rf"(?i)(?:^|(?<=[\s\-–—(.]))(?:{alternation('MARKER')})(?=$|[\s\-–—).,;:])")
    completed = re.compile(rf"(?i)^\W*(?:{alternation('COMPLETED')})\b")
    reference = re.compile(rf"(?i)(?<!\w)(?:{alternation('REF_WORD')})\.?\s*:?\s*([A-Z]{{0,4}}[-.]?\d{{1,3}}(?:\.\d{{1,2}}){{0,2}})(?![\w.])")
    return stop, markers, completed, reference


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def strip_markers(text: str) -> str:
    """An action without the status markers reports append ("- Ongoing Project NEW FOCUS").

    >>> strip_markers("Increase engagement from our Seldom Heard Communities - Ongoing Project NEW FOCUS")
    'Increase engagement from our Seldom Heard Communities'
    """
    return re.sub(r"[\s\-–—.,;:]+$", "", _vocabulary()[1].sub(" ", text)).strip()


_POSSESSIVE = re.compile(r"(?<=[a-z])['\u2019]s\b")


def words(text: str) -> list[str]:
    """Stemmed content words of a text (Snowball English; stop words and markers removed).  A possessive
    's (straight or typographic apostrophe) is dropped, not left as a word "s": two unrelated actions
    of one council that both write "Maidstone’s" or "the organisation's" shared it as if it were a word
    (the seeds' 2017-18 plan and 2021-22 update).

    >>> words("Undertaking Equality Impact Assessments - NEW"), words("Maidstone’s residents' survey")
    (['undertak', 'equal', 'impact', 'assess'], ['maidston', 'resid', 'survey'])
    """
    stop = _vocabulary()[0]
    tokens = re.findall(r"[a-z0-9]+", _POSSESSIVE.sub("", strip_markers(text).casefold()))
    return [_stem(t) for t in tokens if t not in stop]


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def references(action: str) -> frozenset[str]:
    """The reference numbers an action is written with: "1.2", "EQ-04", and a number after a reference word
    ("(ref 242)", "Ref: EQ12"; REF_WORD in ``patterns/lineage.jsonl``), upper-cased.

    >>> sorted(references("Publish the pay gap report (ref 129)")), sorted(references("1.2 Review EQ-04 (Ref: eq12)"))
    (['129'], ['1.2', 'EQ-04', 'EQ12'])
    """
    found = {*_REF.findall(action), *_vocabulary()[3].findall(action)}
    return frozenset(r.upper() for r in found)


def reports_done(texts: Iterable[str]) -> bool:
    """True when a progress item or status starts by saying the action is done ("Completed March 2025.")."""
    completed = _vocabulary()[2]
    return any(completed.search(t) for t in texts if t)


def council_key(name: str) -> str:
    """A council's name compared case- and punctuation-blind ("Maidstone Borough Council" = "maidstone borough council.").

    >>> council_key("The  Maidstone Borough-Council.")
    'maidstone borough council'
    """
    text = re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=1)
def _council_forms() -> tuple[tuple[str, str], ...]:
    """(head, tail) of each name form of ``patterns/councils.jsonl``, as council keys ("", " borough council")."""
    forms = []
    for row in jsonl_rows(PATTERNS_DIR / "councils.jsonl"):
        head, _, tail = row["pattern"].partition("{name}")
        forms.append((council_key(head) + " " if head.strip() else "", " " + council_key(tail) if tail.strip() else ""))
    return tuple(forms)


def council_place(name: str) -> tuple[str, bool]:
    """(the place a council's name names, whether the name says which kind of council).

    A name no council form fits (a folder's "brackenford") or the generic "{name} Council" form names
    its place only: lineage files it under the one council of that place the dataset names in full.

    >>> council_place("Brackenford Borough Council"), council_place("brackenford"), council_place("Brackenford Council")
    (('brackenford', True), ('brackenford', False), ('brackenford', False))
    """
    key = council_key(name)
    for head, tail in _council_forms():
        if tail and key.startswith(head) and key.endswith(tail) and len(key) > len(head) + len(tail):
            return key[len(head): len(key) - len(tail)].strip(), tail != " council" or bool(head)
    return key, False


@dataclass(frozen=True, slots=True)
class Item:
    """What lineage compares of one record."""

    record_id: str
    doc_id: str
    kind: str
    action: str
    sentence: str                 # the action without markers, lower case (token-sort comparison)
    words: tuple[str, ...]        # stemmed words of action + detail
    action_words: tuple[str, ...]
    context_words: tuple[str, ...]  # stemmed words of action + detail + progress + issues
    section: str | None
    objective: str | None
    commitment: str | None
    services: frozenset[str]
    due: dt.date | None
    refs: frozenset[str]
    status: str | None
    state: str | None             # records.state: complete, on track, ..., cancelled, superseded
    completed: bool


def item_of(row: dict) -> Item:
    """An :class:`Item` from a records row (a dict with the records columns)."""
    action = row["action"] or ""
    detail = row.get("detail") or ""
    due = row.get("due_date")
    if isinstance(due, dt.datetime):
        due = due.date()
    done_texts = [*(row.get("progress") or ()), row.get("status") or "", row.get("timescale") or ""]
    return Item(
        record_id=row["record_id"], doc_id=row["doc_id"], kind=row["kind"], action=action,
        sentence=strip_markers(action).casefold(), words=tuple(words(f"{action} {detail}")),
        action_words=tuple(words(action)),
        context_words=tuple(words(" ".join([action, detail, *(row.get("progress") or ()), *(row.get("issues") or ())]))),
        section=_norm(row.get("section")), objective=_norm(row.get("objective")),
        commitment=_norm(row.get("commitment")), services=frozenset(row.get("services") or ()), due=due,
        refs=references(action), status=row.get("status"), state=row.get("state"),
        completed=reports_done(done_texts),
    )


def _norm(text: str | None) -> str | None:
    return " ".join(text.casefold().split()) if text else None


@dataclass(slots=True)
class Tail:
    """The last record of an open thread: what a later record may continue."""

    item: Item
    report: int
    thread_id: str


@dataclass(frozen=True, slots=True)
class Report:
    """One report of a council's series: its documents row and where it stands in the series."""

    doc_id: str
    council: str
    period: str | None
    period_end: dt.date | None
    source_file: str


@dataclass(frozen=True, slots=True)
class Link:
    cur: int
    cand: int
    probability: float

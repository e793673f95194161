"""Lineage: follow each council's actions from one report to the next (the ``lineage`` table).

For every council (``documents.council``, compared case- and punctuation-blind) the reports with
records are put in the order of their periods (``period_end``, else ``period_start``; the file name
breaks ties), and each record is linked to the record it continues in the previous report, or in
the one before (``LOOKBACK``): an action missing from one year's appendix and back the next.  Only
records of the same ``kind`` are compared.

**How a pair is scored.**  A Fellegi-Sunter match model, the model Splink fits: each compared field
falls in one level of its comparison (``COMPARISONS``), each level has an m probability (how often
true continuations fall in it) and a u probability (how often unrelated pairs do), and the match
weight ``log2(prior odds) + sum(log2(m/u))`` gives the probability ``1 / (1 + 2**-weight)``.  The
comparisons: the action text (TF-IDF cosine of Snowball-stemmed words of action + detail, with
words common to the whole window weighing little, and rapidfuzz's token-sort ratio for a rewording of
the same sentence), the section, the objective, the commitment, the responsible services, the
deadline and reference numbers ("1.2", "EQ-04").  The m and u values are set by hand, documented
beside each level, and checked against two golds (``tests/gold/lineage``).  Vocabulary (stop words,
"NEW" / "Ongoing Project" markers, words saying an action is done) is data:
``pipeline/patterns/lineage.jsonl``.

**Which pairs become links.**  A record and an earlier record that are each other's best match
above ``LINK_THRESHOLD``; a second record whose best match is the same earlier record, nearly as
strongly (``SIMILAR_SHARE``), makes a **split** and both links are kept; an earlier record that is the
best match of a later one it is not the best for, nearly as strongly, makes a **merge**.

**Incremental.**  Each council's rows are one Parquet file, ``DIR/lineage/<hh>/<key>.parquet``.  When
the reports added to a council all come after the last one linked, only they are linked, against
the threads open in the last ``LOOKBACK`` reports (read back from the file); otherwise (a report
inserted earlier in the series, removed or re-run) the council is linked again from its first
report.  Both give the same rows: a step reads only its window.

>>> rows = link_dataset(Path("data/processed"))        # doctest: +SKIP
>>> summary = threads(Path("data/processed"))          # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.services import PATTERNS_DIR, jsonl_rows
from schemas.lineage import LINEAGE_SCHEMA

LOOKBACK = 2              # reports back a record may continue (the previous one, or the one before)
LINK_THRESHOLD = 0.5      # match probability a link needs
SIMILAR_SHARE = 0.85      # a split or merge's second link needs this share of the first's probability
PRIOR_LINKS = 1.2         # expected links per record of the smaller of two reports (prior_weight)
GAP_WEIGHT = -2.0         # match weight (bits) against a record from the report before the previous one
LINEAGE_DIR = "lineage"
_REF = re.compile(r"(?<![\w.])(?:[A-Z]{1,4}[-.]?)?\d{1,2}(?:\.\d{1,2}){1,2}(?![\w.])|(?<![\w-])[A-Z]{1,4}-\d{1,3}(?![\w-])")


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a comparison: ``at_least`` the similarity it starts at; ``m``/``u`` its probabilities."""

    name: str
    at_least: float
    m: float
    u: float

    @property
    def weight(self) -> float:
        """Match weight in bits: log2(m/u)."""
        return math.log2(self.m / self.u)


# Each comparison's levels, best first; a pair falls in the first level its similarity reaches.  m: share of
# true continuations in the level; u: share of unrelated pairs (an action plan's 20 rows give ~400 pairs a
# year, a few dozen of them continuations).  A missing value (no section, no services) weighs nothing.
COMPARISONS: dict[str, tuple[Level, ...]] = {
    # TF-IDF cosine of the stemmed words of action + detail, 0-1.
    "text": (Level("same words", 0.55, 0.42, 0.0004), Level("many words", 0.35, 0.25, 0.003),
             Level("some words", 0.2, 0.17, 0.02), Level("few words", 0.1, 0.1, 0.09),
             Level("other words", 0.0, 0.06, 0.8866)),
    # rapidfuzz token_sort_ratio of the action sentence without markers, 0-100.
    # TF-IDF cosine of action + detail + progress + issues, 0-1.
    "context": (Level("same story", 0.4, 0.3, 0.01), Level("related story", 0.25, 0.3, 0.05),
                Level("some overlap", 0.12, 0.25, 0.2), Level("other story", 0.0, 0.15, 0.74)),
    "sentence": (Level("same", 92, 0.35, 0.0005), Level("close", 80, 0.2, 0.006),
                 Level("different", 0, 0.45, 0.9935)),
    "section": (Level("same", 1, 0.85, 0.4), Level("different", 0, 0.15, 0.6)),
    "objective": (Level("same", 85, 0.75, 0.4), Level("different", 0, 0.25, 0.6)),
    "commitment": (Level("same", 85, 0.55, 0.3), Level("different", 0, 0.45, 0.7)),
    # share of the smaller set of canonical services also in the other, 0-1.
    "services": (Level("same", 0.99, 0.45, 0.1), Level("overlap", 0.01, 0.3, 0.15),
                 Level("different", 0, 0.25, 0.75)),
    "due": (Level("same", 1, 0.35, 0.1), Level("different", 0, 0.65, 0.9)),
    "reference": (Level("same", 1, 0.9, 0.02), Level("different", 0, 0.1, 0.98)),
}


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    """(stop words, marker pattern, completed pattern) from ``patterns/lineage.jsonl``."""
    rows = jsonl_rows(PATTERNS_DIR / "lineage.jsonl")
    stop = frozenset(w for r in rows if r["label"] == "STOP" for w in r["pattern"].split())

    def alternation(label: str) -> str:
        words = sorted((r["pattern"] for r in rows if r["label"] == label), key=len, reverse=True)
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)

    markers = re.compile(rf"(?i)(?:^|(?<=[\s\-–—(.]))(?:{alternation('MARKER')})(?=$|[\s\-–—).,;:])")
    completed = re.compile(rf"(?i)^\W*(?:{alternation('COMPLETED')})\b")
    return stop, markers, completed


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


def words(text: str) -> list[str]:
    """Stemmed content words of a text (Snowball English; stop words and markers removed).

    >>> words("Undertaking Equality Impact Assessments - NEW")
    ['undertak', 'equal', 'impact', 'assess']
    """
    stop = _vocabulary()[0]
    tokens = re.findall(r"[a-z0-9]+", strip_markers(text).casefold())
    return [_stem(t) for t in tokens if t not in stop]


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


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
        refs=frozenset(_REF.findall(action)), status=row.get("status"), completed=reports_done(done_texts),
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


# --- scoring ---------------------------------------------------------------------------------------------------


def _tfidf(docs: Sequence[Sequence[str]]) -> np.ndarray:
    """L2-normalised TF-IDF rows (sublinear tf, smoothed idf) of tokenised texts: shape (len(docs), vocabulary)."""
    vocab: dict[str, int] = {}
    for d in docs:
        for w in d:
            vocab.setdefault(w, len(vocab))
    matrix = np.zeros((len(docs), max(len(vocab), 1)), dtype=np.float32)
    df = Counter(w for d in docs for w in set(d))
    n = len(docs)
    for i, d in enumerate(docs):
        for w, count in Counter(d).items():
            matrix[i, vocab[w]] = (1 + math.log(count)) * (math.log((1 + n) / (1 + df[w])) + 1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def text_similarity(cur: Sequence[Item], cand: Sequence[Item]) -> np.ndarray:
    """TF-IDF cosine of every (cur, cand) pair, shape (len(cur), len(cand)): the best of action + detail
    against action + detail and action alone against action (a short title beside a long description)."""
    docs = [i.words for i in (*cur, *cand)] + [i.action_words for i in (*cur, *cand)]
    m = _tfidf(docs)
    n = len(cur) + len(cand)
    full, short = m[:n], m[n:]
    return np.maximum(full[: len(cur)] @ full[len(cur):].T, short[: len(cur)] @ short[len(cur):].T)


def context_similarity(cur: Sequence[Item], cand: Sequence[Item]) -> np.ndarray:
    """TF-IDF cosine of every pair's action, detail, progress and issues together: what was reported done
    last time often names what is planned next ("Compassionate Maidstone ... with Heart of Kent Hospice")."""
    m = _tfidf([i.context_words for i in (*cur, *cand)])
    return m[: len(cur)] @ m[len(cur):].T


def sentence_similarity(cur: Sequence[Item], cand: Sequence[Item]) -> np.ndarray:
    """rapidfuzz token_sort_ratio (0-100) of every pair's marker-free action sentences."""
    from rapidfuzz import fuzz, process

    return process.cdist([i.sentence for i in cur], [i.sentence for i in cand], scorer=fuzz.token_sort_ratio,
                         dtype=np.float32, workers=1)


def _level(name: str, value: float | None) -> Level | None:
    if value is None:
        return None
    return next(lv for lv in COMPARISONS[name] if value >= lv.at_least)


def _ratio(a: str | None, b: str | None) -> float | None:
    from rapidfuzz import fuzz

    return None if not a or not b else fuzz.token_sort_ratio(a, b)


TEXT_COMPARISONS = ("text", "context", "sentence")   # computed for all pairs at once (score), passed in


def field_levels(a: Item, b: Item, similarity: dict[str, float]) -> dict[str, Level]:
    """The level of every comparison for one pair (fields missing on either side are left out);
    ``similarity``: the pair's TEXT_COMPARISONS values."""
    values: dict[str, float | None] = {
        **similarity,
        "section": None if not a.section or not b.section else float(a.section == b.section),
        "objective": _ratio(a.objective, b.objective),
        "commitment": _ratio(a.commitment, b.commitment),
        "services": (None if not a.services or not b.services
                     else len(a.services & b.services) / min(len(a.services), len(b.services))),
        "due": None if a.due is None or b.due is None else float(a.due == b.due),
        "reference": None if not a.refs or not b.refs else float(bool(a.refs & b.refs)),
    }
    return {name: lv for name, v in values.items() if (lv := _level(name, v)) is not None}


def evidence_text(levels: dict[str, Level], gap: bool) -> str:
    """'text=many words(+6.4); section=same(+1.1); ...' — what made a pair's weight."""
    parts = [f"{name}={lv.name}({lv.weight:+.1f})" for name, lv in levels.items()]
    if gap:
        parts.append(f"gap=one report skipped({GAP_WEIGHT:+.1f})")
    return "; ".join(parts)


def prior_weight(n_cur: int, n_cand: int) -> float:
    """log2 prior odds that a pair links: PRIOR_LINKS links per record of the smaller report, spread over
    all pairs (an action plan carries most of its actions; splits and merges add links)."""
    if not n_cur or not n_cand:
        return 0.0
    p = min(PRIOR_LINKS * min(n_cur, n_cand) / (n_cur * n_cand), 0.5)
    return math.log2(p / (1 - p))


def _weights(name: str, values: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Match weight (bits) of every pair's level of one comparison; 0 where either value is missing."""
    levels = COMPARISONS[name]
    conditions = [values >= lv.at_least for lv in levels]
    out = np.select(conditions, [lv.weight for lv in levels], default=levels[-1].weight)
    return out if missing is None else np.where(missing, 0.0, out)


def _codes(values: Sequence[object]) -> np.ndarray:
    """Integer codes of values (None -> -1), equal values equal codes."""
    seen: dict[object, int] = {}
    return np.array([-1 if v is None else seen.setdefault(v, len(seen)) for v in values], dtype=np.int64)


def _equal(a: Sequence[object], b: Sequence[object]) -> tuple[np.ndarray, np.ndarray]:
    """(equal, missing) matrices of two value lists."""
    codes = _codes([*a, *b])
    ca, cb = codes[: len(a)], codes[len(a):]
    return (ca[:, None] == cb[None, :]).astype(np.float64), (ca[:, None] < 0) | (cb[None, :] < 0)


def _overlap(a: Sequence[frozenset], b: Sequence[frozenset]) -> tuple[np.ndarray, np.ndarray]:
    """(share of the smaller set in the other, missing) matrices of two lists of sets."""
    vocab = {v: i for i, v in enumerate(sorted({v for s in (*a, *b) for v in s}))}

    def hot(sets: Sequence[frozenset]) -> np.ndarray:
        m = np.zeros((len(sets), max(len(vocab), 1)), dtype=np.float64)
        for i, s in enumerate(sets):
            m[i, [vocab[v] for v in s]] = 1.0
        return m

    ha, hb = hot(a), hot(b)
    sizes = np.minimum.outer(ha.sum(axis=1), hb.sum(axis=1))
    return (ha @ hb.T) / np.where(sizes == 0, 1, sizes), sizes == 0


def _ratios(a: Sequence[str | None], b: Sequence[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(rapidfuzz token_sort_ratio, missing) matrices of two lists of optional texts."""
    from rapidfuzz import fuzz, process

    ratio = process.cdist([x or "" for x in a], [x or "" for x in b], scorer=fuzz.token_sort_ratio, dtype=np.float32,
                          workers=1).astype(np.float64)
    missing = np.array([not x for x in a])[:, None] | np.array([not x for x in b])[None, :]
    return ratio, missing


def score(cur: Sequence[Item], cand: Sequence[Item], gap: Sequence[bool]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(probability, {comparison: similarity}) of every (cur, cand) pair, each of shape (len(cur), len(cand));
    the similarities are the TEXT_COMPARISONS.  A pair of different kinds has probability 0.  ``gap[j]``:
    candidate j is from the report before the previous one.  The same weights as :func:`field_levels`."""
    if not cur or not cand:
        empty = np.zeros((len(cur), len(cand)))
        return empty, {name: empty for name in TEXT_COMPARISONS}
    sims = {"text": text_similarity(cur, cand), "context": context_similarity(cur, cand),
            "sentence": sentence_similarity(cur, cand)}
    weight = prior_weight(len(cur), len(cand)) + sum(_weights(name, sims[name]) for name in TEXT_COMPARISONS)
    for name in ("section",):
        equal, missing = _equal([i.section for i in cur], [i.section for i in cand])
        weight += _weights(name, equal, missing)
    for name in ("objective", "commitment"):
        ratio, missing = _ratios([getattr(i, name) for i in cur], [getattr(i, name) for i in cand])
        weight += _weights(name, ratio, missing)
    share, missing = _overlap([i.services for i in cur], [i.services for i in cand])
    weight += _weights("services", share, missing)
    equal, missing = _equal([i.due for i in cur], [i.due for i in cand])
    weight += _weights("due", equal, missing)
    share, missing = _overlap([i.refs for i in cur], [i.refs for i in cand])
    weight += _weights("reference", (share > 0).astype(np.float64), missing)
    weight += np.where(np.array(gap, dtype=bool), GAP_WEIGHT, 0.0)[None, :]
    prob = 1.0 / (1.0 + np.exp2(-weight))
    same_kind, _ = _equal([i.kind for i in cur], [i.kind for i in cand])
    return prob * same_kind, sims


def choose_links(prob: np.ndarray) -> list[Link]:
    """The links among scored pairs: mutual best matches above LINK_THRESHOLD, plus splits and merges.

    >>> [(lk.cur, lk.cand) for lk in choose_links(np.array([[0.9, 0.1], [0.8, 0.2], [0.1, 0.1]]))]
    [(0, 0), (1, 0)]
    """
    if prob.size == 0:
        return []
    best_cand = prob.argmax(axis=1)     # per later record
    best_cur = prob.argmax(axis=0)      # per earlier record
    links = []
    for i, j in zip(*np.nonzero(prob >= LINK_THRESHOLD), strict=True):
        p = float(prob[i, j])
        mutual = best_cand[i] == j and best_cur[j] == i
        split = best_cand[i] == j and p >= SIMILAR_SHARE * prob[best_cur[j], j]
        merge = best_cur[j] == i and p >= SIMILAR_SHARE * prob[i, best_cand[i]]
        if mutual or split or merge:
            links.append(Link(int(i), int(j), p))
    return links


def _plain_words(sentence: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", sentence.casefold())


def changes_between(before: Item, after: Item) -> list[str]:
    """What changed from one record of a thread to the next: any of completed, reworded (other words, not
    just other case, punctuation or markers), owner changed, due moved (in that order); empty when the
    action was carried as it was."""
    out = []
    if after.completed:
        out.append("completed")
    if _plain_words(before.sentence) != _plain_words(after.sentence):
        out.append("reworded")
    if before.services and after.services and before.services != after.services:
        out.append("owner changed")
    if before.due and after.due and before.due != after.due:
        out.append("due moved")
    return out


# --- one council's series -------------------------------------------------------------------------------------


@dataclass(slots=True)
class SeriesState:
    """What linking the next report needs: the open threads' last records and the last report's number."""

    tails: list[Tail] = field(default_factory=list)
    last_report: int = -1


def _row(report: Report, n: int, item: Item | None, thread_id: str, change: str, **extra) -> dict:
    return {
        "thread_id": thread_id, "record_id": item.record_id if item else None, "doc_id": report.doc_id,
        "council": report.council, "period": report.period, "period_end": report.period_end, "report": n,
        "kind": extra.pop("kind", item.kind if item else None), "action": extra.pop("action", item.action if item else None),
        "status": item.status if item else None, "completed": bool(item and item.completed),
        "link_probability": extra.get("link_probability"), "change": change, "changes": extra.get("changes", []),
        "continues": extra.get("continues", []), "relation": extra.get("relation"), "evidence": extra.get("evidence"),
    }


@dataclass(frozen=True, slots=True)
class _Step:
    """One report's links, indexed both ways, and the similarities behind them."""

    cand: list[Tail]
    by_cur: dict[int, list[Link]]
    by_cand: dict[int, list[Link]]
    sims: dict[str, np.ndarray]

    @property
    def heir(self) -> dict[int, int]:
        """Earlier record -> the later record that keeps its thread (its strongest link)."""
        return {j: max(lks, key=lambda lk: lk.probability).cur for j, lks in self.by_cand.items()}


def _linked_row(step: _Step, report: Report, n: int, i: int, item: Item, heir: dict[int, int]) -> tuple[dict, str]:
    """The lineage row of a record that continues one or more earlier ones, and its thread_id."""
    own = sorted(step.by_cur[i], key=lambda lk: -lk.probability)
    first = own[0]
    before = step.cand[first.cand]
    thread_id = before.thread_id if heir[first.cand] == i else item.record_id
    relation = "merge" if len(own) > 1 else "split" if len(step.by_cand[first.cand]) > 1 else "one"
    changed = changes_between(before.item, item)
    levels = field_levels(item, before.item, {k: float(v[i, first.cand]) for k, v in step.sims.items()})
    row = _row(report, n, item, thread_id, changed[0] if changed else "carried", link_probability=first.probability,
               changes=changed, continues=[step.cand[lk.cand].item.record_id for lk in own], relation=relation,
               evidence=evidence_text(levels, n - before.report > 1))
    return row, thread_id


def link_report(state: SeriesState, report: Report, n: int, items: Sequence[Item]) -> list[dict]:
    """Link one report's records to the open threads; return its lineage rows (dropped rows included).

    ``state`` is updated in place: continued tails close, this report's records become tails, tails older
    than LOOKBACK reports are forgotten.
    """
    cand = [t for t in state.tails if n - t.report <= LOOKBACK]
    prob, sims = score(items, [t.item for t in cand], [n - t.report > 1 for t in cand])
    step = _Step(cand, {}, {}, sims)
    for lk in choose_links(prob):
        step.by_cur.setdefault(lk.cur, []).append(lk)
        step.by_cand.setdefault(lk.cand, []).append(lk)
    heir = step.heir
    rows, new_tails = [], []
    for i, item in enumerate(items):
        if i in step.by_cur:
            row, thread_id = _linked_row(step, report, n, i, item, heir)
        else:
            row, thread_id = _row(report, n, item, item.record_id, "new"), item.record_id
        rows.append(row)
        new_tails.append(Tail(item, n, thread_id))
    for j, tail in enumerate(cand):
        if j not in step.by_cand and tail.report == n - 1 and not tail.item.completed:
            rows.append(_row(report, n, None, tail.thread_id, "dropped", kind=tail.item.kind,
                             action=tail.item.action, continues=[tail.item.record_id]))
    linked = {cand[j].item.record_id for j in step.by_cand}
    state.tails = [t for t in state.tails if t.item.record_id not in linked and n - t.report < LOOKBACK] + new_tails
    state.last_report = n
    return rows


def period_label(start: dt.date | None, end: dt.date | None) -> str | None:
    """A label for a period the report does not write (dates read from its body): "Sep 2017 – Sep 2018",
    "to Mar 2016".

    >>> period_label(dt.date(2017, 9, 1), dt.date(2018, 9, 30)), period_label(None, dt.date(2016, 3, 31))
    ('Sep 2017 – Sep 2018', 'to Mar 2016')
    """
    if end is None:
        return None
    return f"{start:%b %Y} – {end:%b %Y}" if start else f"to {end:%b %Y}"


def order_reports(docs: Sequence[dict]) -> list[Report]:
    """A council's reports in series order: by period end (else start), then file name; undated ones left out."""
    dated = []
    for d in docs:
        when = d.get("period_end") or d.get("period_start")
        if when is None:
            continue
        when = when.date() if isinstance(when, dt.datetime) else when
        end = d.get("period_end")
        end = end.date() if isinstance(end, dt.datetime) else end
        start = d.get("period_start")
        start = start.date() if isinstance(start, dt.datetime) else start
        dated.append((when, d["source_file"], Report(d["doc_id"], d["council"], d.get("period") or period_label(start, end),
                                                       end, d["source_file"])))
    return [r for _, _, r in sorted(dated, key=lambda x: (x[0], x[1]))]


def link_series(reports: Sequence[Report], items: dict[str, list[Item]], state: SeriesState | None = None,
                start: int = 0) -> list[dict]:
    """Lineage rows of reports ``start``.. of a series (``items``: doc_id -> its records in order)."""
    state = state or SeriesState()
    rows: list[dict] = []
    for n in range(start, len(reports)):
        rows.extend(link_report(state, reports[n], n, items.get(reports[n].doc_id, [])))
    return rows


def state_from_rows(rows: Sequence[dict], items: dict[str, Item]) -> SeriesState:
    """Rebuild the open threads after the last report from a council's stored lineage rows.

    ``items``: record_id -> Item for the records of the last LOOKBACK reports.
    """
    last = max((r["report"] for r in rows), default=-1)
    continued = {rid for r in rows if r["record_id"] for rid in r["continues"]}
    tails = [
        Tail(items[r["record_id"]], r["report"], r["thread_id"]) for r in rows
        if r["record_id"] and r["record_id"] not in continued and last - r["report"] < LOOKBACK
        and r["record_id"] in items
    ]
    return SeriesState(tails, last)


# --- the dataset ------------------------------------------------------------------------------------------------


def council_file(out_dir: Path, council: str) -> Path:
    """Where a council's lineage rows live: DIR/lineage/<hh>/<sha1 of the council key, 16 hex>.parquet."""
    key = hashlib.sha1(council_key(council).encode()).hexdigest()[:16]
    return Path(out_dir) / LINEAGE_DIR / key[:2] / f"{key}.parquet"


def _query(con, sql: str, params: Sequence | None = None) -> list[dict]:
    cur = con.execute(sql, list(params or []))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


RECORD_COLUMNS = ("record_id", "doc_id", "seq", "kind", "action", "detail", "section", "objective", "commitment",
                  "services", "due_date", "status", "progress", "timescale")


def load_items(data: Path, doc_ids: Sequence[str]) -> dict[str, list[Item]]:
    """doc_id -> its records as Items, in record order (each document's records file read directly)."""
    import pyarrow.parquet as pq

    from pipeline.store import TABLE_SCHEMAS, document_file

    schema = TABLE_SCHEMAS["records"]
    out: dict[str, list[Item]] = {}
    for doc_id in doc_ids:
        path = document_file(Path(data), "records", doc_id)
        rows = pq.read_table(path, columns=list(RECORD_COLUMNS), schema=schema).to_pylist() if path.exists() else []
        out[doc_id] = [item_of(r) for r in sorted(rows, key=lambda r: r["seq"])]
    return out


@dataclass(frozen=True, slots=True)
class LinkSummary:
    """What :func:`link_dataset` did: councils linked in full, councils extended, reports linked, undated."""

    relinked: tuple[str, ...]
    extended: tuple[str, ...]
    unchanged: tuple[str, ...]
    reports_linked: int
    undated: tuple[str, ...]     # source files of reports with a council but no period (not placed)


def _councils(con) -> dict[str, list[dict]]:
    docs = _query(con, "select doc_id, source_file, council, period, period_start, period_end, n_records "
                       "from documents where council is not null and n_records > 0")
    by_key: dict[str, list[dict]] = {}
    for d in docs:
        by_key.setdefault(council_key(d["council"]), []).append(d)
    return by_key


def _stored(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path, schema=LINEAGE_SCHEMA).to_pylist() if path.exists() else []


def update_council(data: Path, docs: list[dict], stored: list[dict], *,
                   force: bool = False) -> tuple[str, list[dict], int]:
    """('relinked' | 'extended' | 'unchanged', the council's rows, reports linked now) for one council.

    ``docs``: its documents rows; ``stored``: its lineage rows as written before.  Extended when the
    stored reports are, with as many records (a re-run that changed a report's records re-links), the
    first reports of the series now; else the council is linked again.
    """
    counts = {d["doc_id"]: d["n_records"] for d in docs}
    reports = order_reports(docs)
    order = [r.doc_id for r in reports]
    old_order = {r["doc_id"]: r["report"] for r in stored}
    old_counts = Counter(r["doc_id"] for r in stored if r["record_id"])
    start = len(old_order)
    same_prefix = order[:start] == sorted(old_order, key=lambda d: old_order[d])
    if stored and not force and same_prefix and all(counts.get(d, 0) == old_counts[d] for d in order[:start]):
        if start == len(order):
            return "unchanged", stored, 0
        window = order[max(0, start - LOOKBACK): start]
        items = load_items(data, window + order[start:])
        state = state_from_rows(stored, {i.record_id: i for d in window for i in items[d]})
        return "extended", stored + link_series(reports, items, state, start), len(order) - start
    return "relinked", link_series(reports, load_items(data, order)), len(order)


def write_council(out_dir: Path, council: str, rows: list[dict], tmp_dir: Path) -> None:
    """Write one council's lineage rows atomically (temp file in the dataset's .tmp, then rename)."""
    from pipeline.store import write_parquet_atomic

    table = pa.Table.from_pylist([_arrow_row(r) for r in rows], schema=LINEAGE_SCHEMA)
    write_parquet_atomic(table, council_file(out_dir, council), tmp_dir)


def _arrow_row(row: dict) -> dict:
    end = row["period_end"]
    if isinstance(end, dt.date) and not isinstance(end, dt.datetime):
        row = {**row, "period_end": dt.datetime(end.year, end.month, end.day)}
    return row


def link_dataset(data: Path, *, councils: Sequence[str] | None = None, force: bool = False) -> LinkSummary:
    """Build or extend the lineage table of the dataset at ``data`` (all councils, or those named).

    Takes the dataset's lock (a ``run`` writing it at the same time is refused: StoreLocked).  A council
    whose reports are all linked already is left as it is; ``force`` re-links every council named.
    Run over all councils, it deletes the rows of councils no report names any more.
    Raises DatasetNotFound when ``data`` holds no dataset.
    """
    from pipeline.store import connect_dataset, open_store, table_files

    con = connect_dataset(Path(data))
    by_key = _councils(con)
    wanted = {council_key(c) for c in councils} if councils else set(by_key)
    done: dict[str, list[str]] = {"relinked": [], "extended": [], "unchanged": []}
    linked = 0
    undated = sorted(d["source_file"] for k in wanted for d in by_key.get(k, [])
                     if d["period_end"] is None and d["period_start"] is None)
    with open_store(Path(data)) as store:
        for key in sorted(wanted & set(by_key)):
            docs = by_key[key]
            name = docs[0]["council"]
            path = council_file(Path(data), name)
            how, rows, n = update_council(Path(data), docs, _stored(path), force=force)
            done[how].append(name)
            linked += n
            if how != "unchanged":
                write_council(Path(data), name, rows, store.tmp_dir)
        if not councils:   # a council no report names any more (renamed by a metadata file, removed)
            keep = {council_file(Path(data), docs[0]["council"]) for docs in by_key.values()}
            for path in table_files(Path(data) / LINEAGE_DIR):
                if path not in keep:
                    path.unlink()
    return LinkSummary(tuple(done["relinked"]), tuple(done["extended"]), tuple(done["unchanged"]), linked,
                       tuple(undated))


# --- threads by outcome (council-extract track) ----------------------------------------------------------------

OUTCOMES = ("completed", "carried", "dropped without completion", "new", "merged")


@dataclass(frozen=True, slots=True)
class Thread:
    """One thread's story: its outcome, first and last report and action text, and how many records."""

    council: str
    thread_id: str
    outcome: str
    first_period: str | None
    last_period: str | None
    first_action: str
    last_action: str
    records: int
    reports: int
    changes: tuple[str, ...]


def thread_outcome(rows: Sequence[dict], last_report: int) -> str:
    """The outcome of one thread (its rows in report order) in a series whose last report is ``last_report``.

    completed: its last record reports it done; dropped without completion: absent from a later report
    and never reported done; merged: its last record was continued together with another thread's;
    new: it starts in the last report; carried: still open in the last report.
    """
    records = [r for r in rows if r["record_id"]]
    last = records[-1]
    if any(r["completed"] for r in records):
        return "completed"
    if last["report"] < last_report:
        return "merged" if rows[-1]["change"] != "dropped" else "dropped without completion"
    if len(records) == 1 and last["change"] == "new" and last["report"] == last_report and last_report > 0:
        return "new"
    return "carried"


def threads(rows: Sequence[dict]) -> list[Thread]:
    """Every thread of lineage rows (one or more councils), with its outcome (:func:`thread_outcome`)."""
    by_council: dict[str, list[dict]] = {}
    for r in rows:
        by_council.setdefault(council_key(r["council"]), []).append(r)
    out = []
    for council_rows in by_council.values():
        last_report = max(r["report"] for r in council_rows)
        by_thread: dict[str, list[dict]] = {}
        for r in sorted(council_rows, key=lambda r: (r["report"], r["record_id"] is None)):
            by_thread.setdefault(r["thread_id"], []).append(r)
        for thread_id, trows in by_thread.items():
            records = [r for r in trows if r["record_id"]]
            out.append(Thread(
                council=trows[0]["council"], thread_id=thread_id, outcome=thread_outcome(trows, last_report),
                first_period=records[0]["period"], last_period=records[-1]["period"],
                first_action=records[0]["action"] or "", last_action=records[-1]["action"] or "",
                records=len(records), reports=len({r["report"] for r in records}),
                changes=tuple(dict.fromkeys(
                    [*(["split"] if records[0]["relation"] == "split" else []),
                     *(["merged"] if any(r["relation"] == "merge" for r in records) else []),
                     *(c for r in records[1:] for c in (r["changes"] or ["carried"]))])),
            ))
    order = {o: i for i, o in enumerate(OUTCOMES)}
    return sorted(out, key=lambda t: (council_key(t.council), order[t.outcome], t.thread_id))


def read_lineage(data: Path, council: str | None = None) -> list[dict]:
    """The lineage rows of a dataset (one council's, or all), as dicts in report order."""
    from pipeline.store import read_table

    table = read_table(Path(data), "lineage")
    rows = table.to_pylist()
    if council:
        rows = [r for r in rows if council_key(r["council"]) == council_key(council)]
    return sorted(rows, key=lambda r: (council_key(r["council"]), r["report"], r["record_id"] or ""))


# --- scoring against a link gold (tests/gold/lineage/README.md) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkScore:
    """Precision and recall of the links made against a gold's; the pairs that differ, as record ids."""

    precision: float
    recall: float
    true_positives: int
    made: int
    gold: int
    missed: tuple[tuple[str, str], ...]
    wrong: tuple[tuple[str, str], ...]


def _find_record(records: Sequence[dict], source_file: str, action_start: str, where: Path) -> str:
    key = " ".join(action_start.casefold().split())
    hits = [r["record_id"] for r in records if r["source_file"] == source_file
            and " ".join((r["action"] or "").casefold().split()).startswith(key)]
    if len(hits) != 1:
        raise ValueError(f"{where}: {source_file!r} has {len(hits)} records whose action starts {action_start!r}; "
                         "the start must name exactly one record (tests/gold/lineage/README.md)")
    return hits[0]


def gold_links(gold_dir: Path, records: Sequence[dict]) -> set[tuple[str, str]]:
    """(earlier record_id, later record_id) of a gold folder's links.csv, resolved against ``records``."""
    import csv

    path = Path(gold_dir) / "links.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {(_find_record(records, row["earlier_file"], row["earlier_action"], path),
                 _find_record(records, row["later_file"], row["later_action"], path)) for row in csv.DictReader(f)}


def gold_dropped(gold_dir: Path, records: Sequence[dict]) -> set[str]:
    """record_ids of a gold folder's dropped.csv (last records of actions dropped without completion)."""
    import csv

    path = Path(gold_dir) / "dropped.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return {_find_record(records, row["file"], row["action"], path) for row in csv.DictReader(f)}


def made_links(rows: Sequence[dict]) -> set[tuple[str, str]]:
    """(earlier record_id, later record_id) of every link in lineage rows (each merge/split pair counts)."""
    return {(before, r["record_id"]) for r in rows if r["record_id"] for before in r["continues"]}


def score_links(made: set[tuple[str, str]], gold: set[tuple[str, str]]) -> LinkScore:
    """Precision (share of made links in the gold) and recall (share of gold links made)."""
    tp = len(made & gold)
    return LinkScore(tp / len(made) if made else 1.0, tp / len(gold) if gold else 1.0, tp, len(made), len(gold),
                     tuple(sorted(gold - made)), tuple(sorted(made - gold)))


def dropped_without_completion(rows: Sequence[dict]) -> set[str]:
    """record_ids of the last records of threads whose outcome is "dropped without completion"."""
    by_thread: dict[str, list[dict]] = {}
    for r in sorted(rows, key=lambda r: (r["report"], r["record_id"] is None)):
        by_thread.setdefault(r["thread_id"], []).append(r)
    out = set()
    for t in threads(rows):
        if t.outcome == "dropped without completion":
            out.add([r for r in by_thread[t.thread_id] if r["record_id"]][-1]["record_id"])
    return out

"""The match model: a Fellegi-Sunter weight for every pair of records of two reports, and the links chosen.

Each comparison's levels (``COMPARISONS``) carry hand-set m and u probabilities; :func:`score` sums their
weights for all pairs at once, :func:`choose_links` keeps mutual best matches, splits and merges.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.lineage.items import Item, Link, words

LINK_THRESHOLD = 0.5      # match probability a link needs
SIMILAR_SHARE = 0.85      # a split or merge's second link needs this share of the first's probability
TWIN_RATIO = 90          # token-sort ratio at which two records of one report are one action listed twice
SECOND_LINK_THRESHOLD = 0.9   # a split or merge's second link: more than one link is a stronger claim than one
PRIOR_LINKS = 1.2         # expected links per record of the smaller of two reports (prior_weight)
GAP_WEIGHT = -2.0         # match weight (bits) against a record from the report before the previous one


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a comparison: ``at_least`` the similarity it starts at; ``m``/``u`` its probabilities."""

    name: str
    at_least: float
    m: float
    u: float
    bits: float | None = None     # the weight a pair's similarity gave within the level (smooth_weights), if read

    @property
    def weight(self) -> float:
        """Match weight in bits: log2(m/u), or the pair's own weight within the level."""
        return math.log2(self.m / self.u) if self.bits is None else self.bits


# Each comparison's levels, best first; a pair falls in the first level its similarity reaches.  m: share of
# true continuations in the level; u: share of unrelated pairs (an action plan's 20 rows give ~400 pairs a
# year, a few dozen of them continuations).  A missing value (no section, no services) weighs nothing.
COMPARISONS: dict[str, tuple[Level, ...]] = {
    # TF-IDF cosine of the stemmed words of action + detail, 0-1.
    "text": (Level("same words", 0.55, 0.42, 0.0004), Level("many words", 0.35, 0.25, 0.003),
             Level("some words", 0.2, 0.17, 0.02), Level("few words", 0.1, 0.1, 0.09),
             Level("other words", 0.0, 0.06, 0.8866)),
    # TF-IDF cosine of action + detail + progress + issues, 0-1.
    "context": (Level("same story", 0.4, 0.3, 0.01), Level("related story", 0.25, 0.3, 0.05),
                Level("some overlap", 0.12, 0.25, 0.2), Level("other story", 0.0, 0.15, 0.74)),
    # rapidfuzz token_sort_ratio of the action sentence without markers, 0-100.
    "sentence": (Level("same", 92, 0.35, 0.0005), Level("close", 80, 0.2, 0.006),
                 Level("different", 0, 0.45, 0.9935)),
    "commitment": (Level("same", 85, 0.55, 0.3), Level("different", 0, 0.45, 0.7)),
    # share of the smaller set of canonical services also in the other, 0-1.
    "services": (Level("same", 0.99, 0.45, 0.1), Level("overlap", 0.01, 0.3, 0.15),
                 Level("different", 0, 0.25, 0.75)),
    "due": (Level("same", 1, 0.35, 0.1), Level("different", 0, 0.65, 0.9)),
    "reference": (Level("same", 1, 0.9, 0.02), Level("different", 0, 0.1, 0.98)),
}



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

# Where a record stands in its report: the section and, under it, the objective, compared as one comparison
# (an objective is mostly a section's sub-heading: counted apart, one move would be penalised twice).  Its m
# and u are estimated for each pair of reports, not set by hand (_heading_mu): u is the share of all their
# pairs in the level (Splink's random-sampling estimate); m says a continuation keeps its heading as often as
# the later report kept the earlier one's headings (HEADING_KEPT when it kept them all) and otherwise lands
# anywhere.  A report reorganised under new headings (no objective of one in the other) gives m = u: the
# heading says nothing of which action it is, rather than counting against every pair.
HEADING_LEVELS = ("same objective", "same section", "different")
HEADING_KEPT = 0.85          # share of true continuations under the same heading, when the report kept its headings
HEADING_FLOOR = 0.001        # least m or u of a level (a level no pair falls in)


def field_levels(a: Item, b: Item, similarity: dict[str, float]) -> dict[str, Level]:
    """The level of every comparison for one pair (fields missing on either side are left out);
    ``similarity``: the pair's TEXT_COMPARISONS values."""
    values: dict[str, float | None] = {
        **{k: v for k, v in similarity.items() if k in TEXT_COMPARISONS},
        "commitment": _ratio(a.commitment, b.commitment),
        "services": (None if not a.services or not b.services
                     else len(a.services & b.services) / min(len(a.services), len(b.services))),
        "due": None if a.due is None or b.due is None else float(a.due == b.due),
        "reference": None if not a.refs or not b.refs else float(bool(a.refs & b.refs)),
    }
    levels = {name: lv for name, v in values.items() if (lv := _level(name, v)) is not None}
    for name in SMOOTH:
        if name in levels:
            bits = float(smooth_weights(name, np.array([values[name]]))[0])
            levels[name] = dataclasses.replace(levels[name], bits=bits)
    if similarity.get("heading", -1) >= 0:
        index = int(similarity["heading"])
        levels["heading"] = Level(HEADING_LEVELS[index], 0, similarity["heading_m"], similarity["heading_u"])
    return levels


def evidence_text(levels: dict[str, Level], gap: bool) -> str:
    """'text=many words(+6.4); section=same(+1.1); ...' — what made a pair's weight."""
    parts = [f"{name}={lv.name}({lv.weight:+.1f})" for name, lv in levels.items()]
    if gap:
        parts.append(f"gap=one report skipped({GAP_WEIGHT:+.1f})")
    return "; ".join(parts)


def prior_weight(n_cur: int, n_cand: int) -> float:
    """log2 prior odds that a pair links: PRIOR_LINKS links per record of the smaller report, spread over
    all pairs (an action plan carries most of its actions; splits and merges add links).  ``n_cand``: the
    candidates from one earlier report (:func:`score` gives each candidate report its own prior, so that
    the open threads of the report before the previous one do not lower the odds of every pair)."""
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


# The comparisons weighed smoothly, with their highest value: the TF-IDF cosines.  Not the token-sort ratio,
# whose "different" level spans 0-80: read linearly, a ratio of 75 between two unrelated actions sharing a
# stock phrase ("... youth engagement in every ward") would weigh as a near rewording.
SMOOTH = {"text": 1.0, "context": 1.0}


def smooth_weights(name: str, values: np.ndarray) -> np.ndarray:
    """Match weight of a TF-IDF similarity (SMOOTH), each level's weight at the middle of its range and read linearly
    between middles: of two pairs in one level the more similar weighs more (with one weight per level,
    pairs of different likeness tie, and the first of them won), while a level's pairs weigh as much on the
    whole as before.

    >>> [round(float(w), 1) for w in smooth_weights("text", np.array([0.275, 0.3, 0.45]))]
    [3.1, 3.6, 6.4]
    """
    levels = COMPARISONS[name][::-1]
    bounds = [lv.at_least for lv in levels] + [SMOOTH[name]]
    middles = [(lo + hi) / 2 for lo, hi in zip(bounds, bounds[1:], strict=False)]
    return np.interp(values, middles, [lv.weight for lv in levels])


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


def _heading_index(cur: Sequence[Item], cand: Sequence[Item]) -> np.ndarray:
    """Every pair's HEADING_LEVELS index: 0 same objective (section not different), 1 same section, 2 different,
    -1 neither section nor objective on both sides."""
    same_section, no_section = _equal([i.section for i in cur], [i.section for i in cand])
    ratio, no_objective = _ratios([i.objective for i in cur], [i.objective for i in cand])
    same_objective = ~no_objective & (ratio >= 85) & ((same_section > 0) | no_section)
    index = np.where(same_objective, 0, np.where(~no_section & (same_section > 0), 1, 2))
    return np.where(no_section & no_objective, -1, index)


def _heading_mu(block: np.ndarray) -> tuple[list[float], list[float]]:
    """(m, u) of each HEADING_LEVELS level for the pairs of a later report and one earlier report (``block``:
    their level indices).  u: the share of pairs in the level.  m: a continuation keeps its objective with
    probability HEADING_KEPT x the share of later records whose objective the earlier report has, its section
    likewise; one that moved lands under any heading as an unrelated pair does (u).  So a report that kept
    its headings makes a moved action weigh against, one reorganised under new headings gives m = u."""
    rows = block[(block >= 0).any(axis=1)]
    keep_objective = HEADING_KEPT * float((rows == 0).any(axis=1).mean())
    keep_section = max(HEADING_KEPT * float(((rows == 0) | (rows == 1)).any(axis=1).mean()), keep_objective)
    u = [float((rows == level).sum() / (rows >= 0).sum()) for level in range(len(HEADING_LEVELS))]
    kept = [keep_objective, keep_section - keep_objective, 0.0]
    m = [k + (1 - keep_section) * share for k, share in zip(kept, u, strict=True)]
    return [max(x, HEADING_FLOOR) for x in m], [max(x, HEADING_FLOOR) for x in u]


def heading_levels(cur: Sequence[Item], cand: Sequence[Item], gap: Sequence[bool]) -> dict[str, np.ndarray]:
    """{"heading": level index (-1: no heading to compare), "heading_m", "heading_u"} matrices of every
    (cur, cand) pair; m and u estimated apart for each candidate report (``gap`` tells the two apart)."""
    index = _heading_index(cur, cand)
    m = np.ones(index.shape)
    u = np.ones(index.shape)
    gaps = np.array(gap, dtype=bool)
    for group in (gaps, ~gaps):
        block = index[:, group]
        if not (block >= 0).any():
            continue
        m_levels, u_levels = _heading_mu(block)
        level = np.clip(block, 0, None)
        m[:, group] = np.where(block >= 0, np.take(m_levels, level), 1.0)
        u[:, group] = np.where(block >= 0, np.take(u_levels, level), 1.0)
    return {"heading": index.astype(np.float64), "heading_m": m, "heading_u": u}


def score(cur: Sequence[Item], cand: Sequence[Item], gap: Sequence[bool]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(probability, {comparison: similarity}) of every (cur, cand) pair, each of shape (len(cur), len(cand));
    the similarities are the TEXT_COMPARISONS.  A pair of different kinds has probability 0.  ``gap[j]``:
    candidate j is from the report before the previous one.  The same weights as :func:`field_levels`."""
    if not cur or not cand:
        empty = np.zeros((len(cur), len(cand)))
        return empty, {name: empty for name in TEXT_COMPARISONS}
    sims = {"text": text_similarity(cur, cand), "context": context_similarity(cur, cand),
            "sentence": sentence_similarity(cur, cand)}
    gaps = np.array(gap, dtype=bool)
    prior = np.where(gaps, prior_weight(len(cur), int(gaps.sum())), prior_weight(len(cur), int((~gaps).sum())))
    weight = prior[None, :] + sum(smooth_weights(name, sims[name]) if name in SMOOTH else _weights(name, sims[name])
                                  for name in TEXT_COMPARISONS)
    sims.update(heading_levels(cur, cand, gap))
    weight += np.where(sims["heading"] >= 0, np.log2(sims["heading_m"] / sims["heading_u"]), 0.0)
    ratio, missing = _ratios([i.commitment for i in cur], [i.commitment for i in cand])
    weight += _weights("commitment", ratio, missing)
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
    """The links among scored pairs: mutual best matches above LINK_THRESHOLD, plus splits and merges (a second
    link needs SECOND_LINK_THRESHOLD, and SIMILAR_SHARE of the first's probability).

    >>> [(lk.cur, lk.cand) for lk in choose_links(np.array([[0.97, 0.1], [0.92, 0.2], [0.1, 0.1]]))]
    [(0, 0), (1, 0)]
    >>> [(lk.cur, lk.cand) for lk in choose_links(np.array([[0.9, 0.1], [0.8, 0.2], [0.1, 0.1]]))]   # 0.8: one link
    [(0, 0)]
    """
    if prob.size == 0:
        return []
    best_cand = prob.argmax(axis=1)     # per later record
    best_cur = prob.argmax(axis=0)      # per earlier record
    links = []
    for i, j in zip(*np.nonzero(prob >= LINK_THRESHOLD), strict=True):
        p = float(prob[i, j])
        mutual = best_cand[i] == j and best_cur[j] == i
        second = p >= SECOND_LINK_THRESHOLD
        split = second and best_cand[i] == j and p >= SIMILAR_SHARE * prob[best_cur[j], j]
        merge = second and best_cur[j] == i and p >= SIMILAR_SHARE * prob[i, best_cand[i]]
        if mutual or split or merge:
            links.append(Link(int(i), int(j), p))
    return links


def twins(items: Sequence[Item], reports: Sequence[int]) -> dict[int, list[int]]:
    """index -> the other records of its report with nearly the same action (TWIN_RATIO): a plan that lists one
    action under two headings ("We will appoint an (internal) Equalities Group ..." under two objectives).

    >>> from pipeline.lineage.items import item_of
    >>> rows = [{"record_id": str(n), "doc_id": "d", "kind": "action", "action": a} for n, a in enumerate(
    ...     ["Appoint an internal Equalities Group to lead and provide join-up across Council services",
    ...      "Appoint an Equalities Group to lead and provide join-up across Council services", "Publish the pay gap report"])]
    >>> twins([item_of(r) for r in rows], [0, 0, 0])
    {0: [1], 1: [0]}
    """
    out: dict[int, list[int]] = {}
    if len(items) < 2:
        return out
    ratio = sentence_similarity(items, items)
    for i, j in zip(*np.nonzero(ratio >= TWIN_RATIO), strict=True):
        if i != j and reports[i] == reports[j] and items[i].kind == items[j].kind:
            out.setdefault(int(i), []).append(int(j))
    return out


RESTATED_RATIO = 90      # token-set ratio at which a sentence of a later commitment restates an earlier action
RESTATED_WORDS = 4       # least content words an action needs for a restatement to count (a two-word title
                         # such as "Stress Survey" is in many a sentence that names its words)
_COMMITMENT_SENTENCE = re.compile(r"(?<=[.;:])\s+|\s+(?=we will\b)")


def restated(earlier: Sequence[Item], later: Sequence[Item]) -> dict[int, int]:
    """index in ``earlier`` -> index in ``later`` of the first record whose commitment restates that earlier
    action (a sentence of it with rapidfuzz token-set ratio >= RESTATED_RATIO, same kind).  A plan with a
    Commitments column restates the last report's actions there, word for word, above new action titles
    (the seeds' 2023-24 EDI plan restates seven of the 2021-22 update's "We will ..." actions): such an
    action is carried as a commitment, not dropped, even when no one action title continues it.

    >>> from pipeline.lineage.items import item_of
    >>> old = [item_of({"record_id": f"a:{n}", "doc_id": "a", "kind": "action", "action": a}) for n, a in enumerate(
    ...     ["We will review Equalities Impact Assessment processes.", "We will audit our historical assets."])]
    >>> new = [item_of({"record_id": "b:0", "doc_id": "b", "kind": "action", "action": "Adopt a language guide",
    ...     "commitment": "We will use clear language. We will review the Equalities Impact Assessment processes."})]
    >>> restated(old, new)
    {0: 0}
    """
    from rapidfuzz import fuzz, process

    sentences: dict[str, list[tuple[str, int]]] = {}      # kind -> (sentence, index of its first record)
    seen: set[tuple[str, str]] = set()
    for k, item in enumerate(later):
        if not item.commitment or (item.kind, item.commitment) in seen:
            continue
        seen.add((item.kind, item.commitment))
        sentences.setdefault(item.kind, []).extend(
            (text, k) for text in _COMMITMENT_SENTENCE.split(item.commitment) if len(words(text)) >= RESTATED_WORDS)
    out: dict[int, int] = {}
    for j, item in enumerate(earlier):
        choices = sentences.get(item.kind)
        if not choices or len(item.action_words) < RESTATED_WORDS:
            continue
        hit = process.extractOne(item.sentence, [text for text, _ in choices], scorer=fuzz.token_set_ratio,
                                 score_cutoff=RESTATED_RATIO)
        if hit is not None:
            out[j] = choices[hit[2]][1]
    return out


def with_twins(links: list[Link], cur_twins: dict[int, list[int]], cand_twins: dict[int, list[int]]) -> list[Link]:
    """The links, and for each a link from (or to) every twin of its records that has no link of its own: an
    action listed twice continues, or is continued by, what its copy is (a merge or a split of the copies)."""
    linked_cur = {lk.cur for lk in links}
    linked_cand = {lk.cand for lk in links}
    out = list(links)
    for lk in links:
        out += [Link(lk.cur, t, lk.probability) for t in cand_twins.get(lk.cand, ()) if t not in linked_cand]
        out += [Link(t, lk.cand, lk.probability) for t in cur_twins.get(lk.cur, ()) if t not in linked_cur]
    return out


def _plain_words(sentence: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", sentence.casefold())


def changes_between(before: Item, after: Item) -> list[str]:
    """What changed from one record of a thread to the next: any of completed, cancelled (its state is
    cancelled or superseded), reworded (other words, not just other case, punctuation or markers), owner
    changed, due moved (in that order); empty when the action was carried as it was."""
    out = []
    if after.completed:
        out.append("completed")
    elif after.state in ("cancelled", "superseded"):
        out.append("cancelled")
    if _plain_words(before.sentence) != _plain_words(after.sentence):
        out.append("reworded")
    if before.services and after.services and before.services != after.services:
        out.append("owner changed")
    if before.due and after.due and before.due != after.due:
        out.append("due moved")
    return out

"""Header and label words -> field roles.  The words are data: ``pipeline/patterns/headers.jsonl``.

A council names its columns and labels in many ways ("Lead officer(s)", "By whom", "Action owner",
"Latest update / commentary", "Targeted date").  Each line of the pattern file maps a short phrase to
a :class:`Role`::

    {"role": "responsible", "pattern": "lead officer"}
    {"role": "action", "pattern": "measure", "kind": "measure", "alt": "measures"}

``kind`` says what a record is when that column holds the title (a "Measure" column makes KPI rows);
``alt`` is the role the column takes when the table already has a column of the first role (an
"Action | Measure" table: the measure is the success measure).  A user file extends the packaged one
without touching the package (``--headers FILE`` or ``COUNCIL_EXTRACT_HEADERS``; docs/patterns.md).

Matching is on normalised tokens, not exact strings: case, punctuation, ``(s)``, ``/``, ``&``, footnote
markers ("[ii]", "¹"), leading numbering and plural/past-tense endings are removed first, so
"Progress to date (Q2)", "Lead officer(s)" and "Targeted date" need no code.  A phrase may cover part of
a header; the phrase covering most of it wins, and on a tie the one ending on the header's last word (its
head noun: "Action owner" is an owner, "Target date" a date).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from extractors.base import collapse_ws

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"
HEADERS_FILE = PATTERNS_DIR / "headers.jsonl"
USER_HEADERS_ENV = "COUNCIL_EXTRACT_HEADERS"


class Role(str, Enum):
    """What a column or a label holds.  Record fields, plus the roles that only shape the table."""

    ACTION = "action"
    DETAIL = "detail"
    PROGRESS = "progress"
    ISSUES = "issues"
    MEASURES = "measures"
    RESPONSIBLE = "responsible"
    TIMESCALE = "timescale"
    STATUS = "status"
    OBJECTIVE = "objective"
    COMMITMENT = "commitment"
    SECTION = "section"      # a grouping column ("Theme", "Area"): the rows' section
    ID = "id"                # "Ref", "No.", row numbers: never a field
    VALUE = "value"          # a KPI value ("Target", "Q2", "Trend"): kept as a labelled progress item
    NONE = "none"            # a known label with no field ("Stage", "Date of meeting")


class Kind(str, Enum):
    """What one record is (``records.kind``)."""

    ACTION = "action"        # a row of an action plan / progress table
    MEASURE = "measure"      # a KPI row: the measure and its values
    PROJECT = "project"      # an item of a workstream / RAG report


# Roles whose text is a list field of the record.
TEXT_ROLES = frozenset({Role.PROGRESS, Role.ISSUES, Role.MEASURES})


@dataclass(frozen=True, slots=True)
class LabelPattern:
    role: Role
    tokens: tuple[str, ...]
    kind: Kind | None = None
    alt: Role | None = None
    grouping: Role | None = None


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """The role a header cell or label names, and how much of it the matching phrase covers (0-1]."""

    role: Role
    score: float
    kind: Kind | None = None
    alt: Role | None = None
    phrase: str = ""
    head: bool = False      # the phrase ends on the text's last word (its head noun)
    grouping: Role | None = None   # the role when the column's cells group rows (repeat down the table)

    @property
    def exact(self) -> bool:
        return self.score >= 0.999


_FOOTNOTE = re.compile(r"\[\s*(?:[ivxlc]+|\d{1,2}|[a-z])\s*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰†‡*]+", re.I)
_PAREN = re.compile(r"\([^()]*\)")
_LEADING_NUMBER = re.compile(r"^\s*(?:\(?[0-9]+(?:\.[0-9]+)*[.)]?|\(?[a-z][.)]|[ivx]+[.)])\s+", re.I)
_PERIOD_TOKEN = re.compile(r"^(?:q[1-4]|(?:19|20)\d\d(?:/\d\d(?:\d\d)?)?|\d{1,4})$")
_NON_WORD = re.compile(r"[^\w%]+")
# Distinct texts remembered by the memoised matchers (a long report has a few thousand distinct lines).
MEMO_SIZE = 1 << 16
_STEM_EXCEPTIONS = frozenset("progress status process address business success bus always series kpis".split())


def stem(token: str) -> str:
    """Strip plural and past-tense endings, the same way for header text and pattern phrases.

    >>> [stem(t) for t in ("officers", "timescales", "targeted", "activities", "status", "progress")]
    ['officer', 'timescale', 'target', 'activity', 'status', 'progress']
    """
    if token in _STEM_EXCEPTIONS or len(token) <= 3:
        return "kpi" if token == "kpis" else token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("ed") and len(token) > 5:
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def label_tokens(text: str, *, keep_parenthesis: bool = False) -> tuple[str, ...]:
    """Normalise a header cell or label into stemmed tokens (numbers and periods dropped).

    Memoised per distinct text: readers ask about the same cell and line texts many times.

    >>> label_tokens("Lead Officer(s)[ii]:"), label_tokens("2. Progress to date (Q2)")
    (('lead', 'officer'), ('progress', 'to', 'date'))
    >>> label_tokens("What’s happened?"), label_tokens("Issues/Risks & next steps")
    (('what', 'happen'), ('issue', 'risk', 'and', 'next', 'step'))
    """
    return _label_tokens(text, keep_parenthesis)


@lru_cache(maxsize=MEMO_SIZE)
def _label_tokens(text: str, keep_parenthesis: bool) -> tuple[str, ...]:
    text = collapse_ws(text.replace("&amp;", "&")).lower()
    text = text.replace("(s)", "").replace("’", "").replace("'", "")
    text = _FOOTNOTE.sub(" ", text)
    if not keep_parenthesis:
        text = _PAREN.sub(" ", text)
    text = _LEADING_NUMBER.sub("", text)
    text = text.replace("&", " and ").replace("%", " pct ")
    tokens = [t for t in _NON_WORD.split(text) if t and t != "_"]
    return tuple(stem(t) for t in tokens if not _PERIOD_TOKEN.match(t))


def _parse_pattern_line(line: str, where: str) -> LabelPattern | None:
    if not line.strip():
        return None
    try:
        row = json.loads(line)
        if isinstance(row, dict) and "cue" in row:
            return None     # a cue word (pipeline/cues.py), not a header word
        role = Role(row["role"])
        kind = Kind(row["kind"]) if row.get("kind") else None
        alt = Role(row["alt"]) if row.get("alt") else None
        grouping = Role(row["grouping"]) if row.get("grouping") else None
        tokens = label_tokens(row["pattern"])
    except (json.JSONDecodeError, KeyError, ValueError, TypeError) as e:
        raise ValueError(
            f"{where}: {e!s}; each line must be JSON like "
            '{"role": "responsible", "pattern": "lead officer"} with role one of '
            f"{', '.join(r.value for r in Role)}"
        ) from e
    if not tokens:
        raise ValueError(f"{where}: pattern {row['pattern']!r} has no words left after normalising")
    return LabelPattern(role, tokens, kind, alt, grouping)


def read_patterns(path: Path) -> tuple[LabelPattern, ...]:
    """Read one headers pattern file (JSON lines).  Raises ValueError naming the line that is wrong."""
    out = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            pattern = _parse_pattern_line(line, f"{path.name} line {n}")
            if pattern is not None:
                out.append(pattern)
    return tuple(out)


_user_file: Path | None = None
# Bumped by use_headers_file: what compiled words (pipeline.cues.Cue) check to know they are still current.
headers_generation = 0


def use_headers_file(path: Path | str | None) -> None:
    """Read the user's header words from ``path`` from now on in this process (``run --headers FILE``).

    Raises ValueError naming the file and line when it is not a valid pattern file, and
    FileNotFoundError when it does not exist.
    """
    global _user_file, headers_generation
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"headers file {path} does not exist")
        read_patterns(path)  # fail now, with the line that is wrong, not in the middle of a document
    _user_file = path
    headers_generation += 1


def user_headers_file() -> Path | None:
    """The user's extra header words: :func:`use_headers_file`, else ``COUNCIL_EXTRACT_HEADERS``."""
    if _user_file is not None:
        return _user_file
    value = os.environ.get(USER_HEADERS_ENV)
    return Path(value) if value else None


@lru_cache(maxsize=8)
def load_vocabulary(user_file: Path | None = None) -> tuple[LabelPattern, ...]:
    """The packaged header words, then the user's (a user line for the same phrase wins)."""
    patterns = list(read_patterns(HEADERS_FILE))
    if user_file is not None:
        user = read_patterns(user_file)
        phrases = {p.tokens for p in user}
        patterns = list(user) + [p for p in patterns if p.tokens not in phrases]
    return tuple(patterns)


def vocabulary() -> tuple[LabelPattern, ...]:
    return load_vocabulary(user_headers_file())


# Words that qualify a label without changing what it names ("Our progress", "Overall status").
MODIFIERS = frozenset("our the a an this these your its their latest current overall key main new".split())


def _find(tokens: tuple[str, ...], phrase: tuple[str, ...]) -> int:
    """Start of ``phrase`` inside ``tokens``, or -1."""
    n = len(phrase)
    for i in range(len(tokens) - n + 1):
        if tokens[i:i + n] == phrase:
            return i
    return -1


@dataclass(frozen=True, slots=True)
class PhraseIndex:
    """The vocabulary indexed once: each phrase's first token -> the patterns starting with it.

    ``by_first[token]`` holds positions in ``patterns`` in ascending order, so a text's candidates,
    merged and sorted, are visited in vocabulary order, exactly as a scan of every pattern would.
    """

    patterns: tuple[LabelPattern, ...]
    by_first: dict[str, tuple[int, ...]]

    @classmethod
    def build(cls, patterns: tuple[LabelPattern, ...]) -> PhraseIndex:
        by_first: dict[str, list[int]] = {}
        for i, p in enumerate(patterns):
            by_first.setdefault(p.tokens[0], []).append(i)
        return cls(patterns, {t: tuple(ix) for t, ix in by_first.items()})

    def candidates(self, tokens: tuple[str, ...]) -> list[LabelPattern]:
        """The patterns whose first token occurs in ``tokens``, in vocabulary order."""
        found: set[int] = set()
        for t in set(tokens):
            found.update(self.by_first.get(t, ()))
        return [self.patterns[i] for i in sorted(found)]


@lru_cache(maxsize=8)
def phrase_index(user_file: Path | None = None) -> PhraseIndex:
    """The :class:`PhraseIndex` of :func:`load_vocabulary` ``(user_file)``, built once per vocabulary."""
    return PhraseIndex.build(load_vocabulary(user_file))


def label_matches(text: str) -> list[LabelMatch]:
    """Every role the words of ``text`` name, best first (one match per role).

    Looked up in the :class:`PhraseIndex` (only phrases whose first word is in the text are tried) and
    memoised per distinct text and vocabulary; the list returned is the caller's own.

    >>> [(m.role.value, round(m.score, 2)) for m in label_matches("Action owner")][:2]
    [('responsible', 1.0), ('action', 0.5)]
    """
    return list(_label_matches(text, user_headers_file()))


@lru_cache(maxsize=MEMO_SIZE)
def _label_matches(text: str, user_file: Path | None) -> tuple[LabelMatch, ...]:
    tokens = label_tokens(text)
    if not tokens:
        return ()
    best: dict[Role, tuple[float, bool, LabelPattern]] = {}
    for p in phrase_index(user_file).candidates(tokens):
        at = _find(tokens, p.tokens)
        if at < 0:
            continue
        # "Our progress", "Latest position": a modifier outside the phrase does not dilute it.
        outside = sum(1 for k, t in enumerate(tokens) if not at <= k < at + len(p.tokens) and t not in MODIFIERS)
        score = len(p.tokens) / (len(p.tokens) + outside)
        head = at + len(p.tokens) == len(tokens)
        old = best.get(p.role)
        if old is None or (score, head) > (old[0], old[1]):
            best[p.role] = (score, head, p)
    # A phrase covering the whole header wins; then one ending on the head noun ("Delivery Program
    # Action" is an action, "Six Monthly Progress Comment" a comment); then the larger cover.
    ranked = sorted(best.values(), key=lambda v: (v[0] >= 0.999, v[1], v[0]), reverse=True)
    return tuple(LabelMatch(p.role, s, p.kind, p.alt, " ".join(p.tokens), head, p.grouping) for s, head, p in ranked)


def match_label(text: str, min_score: float = 0.0) -> LabelMatch | None:
    """The role a header cell or label names, or None.

    >>> [match_label(t).role.value for t in ("Lead officer(s)", "Update on progress", "RAG Rating",
    ...     "Target completion date", "Timeframe", "Issues/Risks", "By whom", "Targeted date")]
    ['responsible', 'progress', 'status', 'timescale', 'timescale', 'issues', 'responsible', 'timescale']
    """
    if len(text) > 80:
        return None
    matches = label_matches(text)
    if not matches or matches[0].score < min_score:
        return None
    return matches[0]


# A column of values for one period ("Q1", "Quarter 2 2024/25", "2023/24", "2022 to 2023", "June 2025"):
# its header is part of each value, so records keep it as a label ("Q1: 94%").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
PERIOD_HEADER = re.compile(
    rf"^(?:(?:q[1-4]|quarter\s*[1-4]|{_MONTH}|h[12]|half\s*year\s*[12])\b[\s,]*)?"
    r"(?:(?:19|20)\d\d(?:\s*(?:/|-|–|to)\s*(?:19|20)?\d\d)?)?\s*(?:\(.*\))?\s*$",
    re.I,
)


def is_period_header(text: str) -> bool:
    """True for a header naming one period: a KPI value column.

    >>> [is_period_header(t) for t in ("Q1 (April to June 2025)", "2022 to 2023", "2023/24", "Deadline", "(n = 469)")]
    [True, True, True, False, False]
    """
    return _is_period_header(text)


@lru_cache(maxsize=MEMO_SIZE)
def _is_period_header(text: str) -> bool:
    text = collapse_ws(text).strip(" :")
    period = re.sub(r"\(.*\)", "", text).strip()   # "(n = 469)" alone names no period
    return bool(period) and bool(re.search(r"\d|^q[1-4]$", period, re.I)) and bool(PERIOD_HEADER.match(text))

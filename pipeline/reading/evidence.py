"""What a cell's or paragraph's content says it is: an ID, a date, a RAG word, a service, a title, prose.

When header words are unknown or ambiguous, the content of a column decides its role: a column of
dates or periods is the timescale, RAG words the status, service names or job titles the responsible,
short IDs ("1.2", "A3", "CL3") never the action, short title-like cells the action, long prose progress.
:func:`text_features` reads one text; :func:`column_evidence` sums a column into a score per role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from extractors.base import collapse_ws
from pipeline.cues import Cue
from pipeline.dates import MONTH_ABBREVIATIONS, find_dates, timescale_score
from pipeline.services import looks_like_service
from pipeline.vocab import Role

# "1.2", "2.1.1", "A3", "CL3", "2.1.1.KPI", "IP 1", "Proposal 1", "a)", "(b)", "12.", "#4", "PI 23".
_ID = re.compile(
    r"^(?:#?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?(?:\.[A-Z]{1,4})?[.)]?"
    r"|[A-Z]{1,4}[- ]?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?"
    r"|\(?[a-z]\)"
    r"|\(?[ivx]{1,4}\)"
    r"|[A-Z][a-z]{2,12}(?: [A-Z]?[a-z]{2,12})? \d{1,3}(?:\.\d{1,3}){0,2}[a-z]?)$"
)
# A month name first ("Mar 2026", "September"): a date, not a code; any word starting with a month's
# three letters counts ("Market ...") as it always has.
_MONTH_FIRST = re.compile(rf"^(?:{'|'.join(MONTH_ABBREVIATIONS)})[a-z]*\.?\s", re.I)
RAG_WORD = Cue(r"^\W*({rag_word})\W*$", re.I)
# A RAG word leading a status cell's text: "Amber - behind schedule", "Green: on track", "Red (delayed)".
LEADING_RAG_WORD = Cue(r"^\W*({rag_word})\s*[-–—:;/(]\s*\w", re.I)
# Status words that are not RAG (SPEC: they become the first progress item, never `status`).
STATUS_WORD = Cue(r"^\W*({status_word})\W*$", re.I)
_VALUE = re.compile(r"^[<>≥≤~]?\s*[£$€]?-?\d[\d,]*(?:\.\d+)?\s*(?:%|[kmb]n?|pp|p|days?|weeks?|working days|hours?|"
                    r"minutes?|mins?|secs?|seconds?)?\s*$|^(?:n/?a|nil|none|-+|—|not recorded|not available|tbc)$",
                    re.I)
_TREND = Cue(r"^\W*({trend_word})\W*$", re.I)
# A post ("Head of Housing") or a body ("Planning Committee"): who may be responsible.
_JOB_TITLE = Cue(r"\b({post_word}|{responsible_word})s?\b", re.I)
_TERMINAL = re.compile(r"[.!?;]\s*[)\"”’']?\s*$")
# A pledge opens on its subject and the promising verb among its first words ("We will publish ...", "Our
# leisure team will review ..."); a sentence opening on a pronoun that points back ("It will be included
# ...", "This will ...") goes on from the one before it, and "... will be repeated" says what will happen to
# something (a report's next step), not what someone will do.  Words: cues ``pledge_verb``, ``anaphor_opening``.
_PLEDGE = Cue(r"^(?!(?:{anaphor_opening})\b)[A-Z][\w'’-]*(?:\s+[\w'’,-]+){0,6}?\s+(?:{pledge_verb})\s+(?!be\b)[a-z]",
              re.I)


@dataclass(frozen=True, slots=True)
class TextFeatures:
    """What one short text looks like.  All scores are 0-1."""

    words: int
    is_id: bool
    rag: str | None            # "GREEN" / "AMBER" / "RED" when the text is just a RAG word
    status_word: bool          # a status word that is not RAG ("Complete", "On track")
    timescale: float           # looks like a timescale cell (a date, a period, "Ongoing")
    has_date: bool             # mentions a date anywhere
    service: bool              # names services, teams or officers only
    value: bool                # a KPI value ("43.5%", "412", "n/a", "Improving")
    title_like: bool           # short, capitalised, no closing full stop
    prose: bool                # a sentence or more
    pledge: bool = False       # opens with a promise ("We will ...", "The team will ..."): :func:`is_pledge`


@lru_cache(maxsize=65536)
def text_features(text: str) -> TextFeatures:
    """Read what a cell or paragraph looks like.

    >>> f = text_features("31 March 2026"); (f.timescale >= 0.9, f.is_id, f.prose)
    (True, False, False)
    >>> text_features("2.1.1").is_id, text_features("Proposal 3").is_id, text_features("Head of Finance").service
    (True, True, True)
    """
    text = collapse_ws(text)
    words = len(text.split())
    rag = None
    if m := RAG_WORD.match(text):
        rag = m.group(1).upper()
    is_id = bool(_ID.match(text)) and words <= 3 and not _MONTH_FIRST.match(text)
    has_date = bool(find_dates(text, ongoing=False)) if any(c.isdigit() for c in text) or words <= 4 else False
    service = words <= 16 and (looks_like_service(text) or _looks_like_post(text, words))
    return TextFeatures(
        words=words,
        is_id=is_id,
        rag=rag,
        status_word=rag is None and bool(STATUS_WORD.match(text)),
        timescale=timescale_score(text),
        has_date=has_date,
        service=service,
        value=bool(_VALUE.match(text) or _TREND.match(text)),
        title_like=0 < words <= 20 and not _TERMINAL.search(text) and text[:1].isupper(),
        prose=words >= 8 or (words >= 4 and bool(_TERMINAL.search(text))),
        pledge=is_pledge(text),
    )


def is_pledge(text: str) -> bool:
    """The text opens with a promise: its subject, then a future verb among the first words.

    What a "What we said | What we did" report's left column holds (the right one reports what was done
    in the past tense); a sentence opening on a pronoun that points back, or saying what "will be" done
    (a next step in the report), is not a new pledge.

    >>> is_pledge("Our leisure team will review prices."), is_pledge("We ran two sessions.")
    (True, False)
    >>> is_pledge("It will be included in the new contract."), is_pledge("The survey will be repeated.")
    (False, False)
    """
    return bool(_PLEDGE.match(text)) and text[:1].isupper()


def _looks_like_post(text: str, words: int) -> bool:
    """A job title or body as written in a lead column: 'CHIEF ACCOUNTANT', 'The Cabinet Member for Housing'."""
    if words > 12 or _TERMINAL.search(text) or re.search(r"\d", text):
        return False
    if not _JOB_TITLE.search(text):
        return False
    # Capitalised words (or function words) only: a sentence mentioning a manager is not a post.
    for w in re.split(r"[\s,/&]+", text):
        if w and not (w[0].isupper() or w.lower() in {"of", "for", "and", "the", "to", "in", "on", "with"}):
            return False
    return True


@dataclass(frozen=True, slots=True)
class ColumnEvidence:
    """Shares of a column's non-empty cells that look like each kind of content (0-1)."""

    n: int
    id: float = 0.0
    code: float = 0.0          # IDs that are codes ("2.1.1", "CL3"), not plain counts ("5")
    rag: float = 0.0
    status_word: float = 0.0
    timescale: float = 0.0
    service: float = 0.0
    value: float = 0.0
    title: float = 0.0
    prose: float = 0.0
    mean_words: float = 0.0
    distinct: float = 1.0

    def score(self, role: Role) -> float:
        """How well the column's content fits ``role`` (0-1)."""
        if self.n == 0:
            return 0.0
        return {
            Role.ID: self.id,
            Role.STATUS: self.rag + 0.5 * self.status_word,
            Role.TIMESCALE: self.timescale,
            Role.RESPONSIBLE: self.service,
            Role.VALUE: self.value,
            Role.ACTION: (1 - self.id) * (1 - self.timescale) * (1 - self.value) * (1 - self.rag)
            * max(self.title, min(1.0, self.prose)) * (1 - 0.5 * self.service),
            Role.PROGRESS: self.prose * (1 - self.service),
            Role.SECTION: self.title * (1 - self.distinct) * (1 - self.id),
        }.get(role, 0.0)


def column_evidence(texts: Iterable[str]) -> ColumnEvidence:
    """Sum the content of a column's cells.

    >>> e = column_evidence(["March 2026", "Ongoing", "31/12/2025"]); round(e.timescale, 1), e.id
    (0.9, 0.0)
    >>> column_evidence(["1.1", "1.2", "2.1"]).score(Role.ID)
    1.0
    """
    cells = [collapse_ws(t) for t in texts if t and t.strip()]
    n = len(cells)
    if not n:
        return ColumnEvidence(0)
    feats = [text_features(t) for t in cells]
    return ColumnEvidence(
        n=n,
        id=sum(f.is_id for f in feats) / n,
        code=sum(f.is_id and not t.isdigit() for f, t in zip(feats, cells)) / n,
        rag=sum(f.rag is not None for f in feats) / n,
        status_word=sum(f.status_word for f in feats) / n,
        timescale=sum(f.timescale for f in feats) / n,
        service=sum(f.service for f in feats) / n,
        value=sum(f.value for f in feats) / n,
        title=sum(f.title_like for f in feats) / n,
        prose=sum(f.prose for f in feats) / n,
        mean_words=sum(f.words for f in feats) / n,
        distinct=len(set(cells)) / n,
    )


_BY_BEFORE = Cue(r"\b(?:{deadline_lead})\s+(?:the\s+)?$", re.I)


def title_deadline(text: str) -> str | None:
    """The "by <date>" phrase of an action title ("By 31 December 2025, every firefighter ..."), or None.

    gold/SPEC.md: a title's own deadline counts only when no timescale cell or label is given; the
    caller checks that.  A date without "by"/"before" (a plan's year, an event) is not a deadline.

    >>> title_deadline("By 2026 more disabled people will use our buses"), title_deadline("Review the 2024 audit")
    ('By 2026', None)
    """
    for m in find_dates(text, ongoing=False):
        before = _BY_BEFORE.search(text, max(0, m.start - 30), m.start)
        if before:
            return collapse_ws(text[before.start():m.end]).rstrip(",.;")
    return None

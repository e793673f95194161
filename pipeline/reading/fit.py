"""How well a paragraph fits a column: the scores a rebuilt table (paragraph tables, line tables)
is cut into cells and rows by.

Imports :mod:`pipeline.reading.shared` and :mod:`pipeline.reading.evidence`, nothing above them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from extractors.base import Text
from pipeline.reading.evidence import TextFeatures, text_features
from pipeline.reading.shared import ENUMERATOR, POST_END, strip_enumerator
from pipeline.vocab import Role

FOOTNOTE = re.compile(r"^(?:\[(?:[ivx]+|\d{1,2})\]|[¹²³⁴⁵⁶⁷⁸⁹*†])\s*\S", re.I)


@dataclass(frozen=True, slots=True)
class Para:
    """One body paragraph: its text and what the layout says about it."""

    text: str
    page: int
    bullet: bool = False
    gap: int = 0            # blank lines above it in the source (text renderings)
    blocks: tuple[Text, ...] = ()   # the paragraph(s) it was read from (two when a wrapped line was joined)
    # Numbered in the run that counts the table's rows: "title" (it opens a title column's cell), or
    # "action" (the headings over the rows have numbers of their own, so this is the action's cell).
    row_number: str = ""
    unnumbered: bool = False        # no number, where the rows and the headings over them are numbered


TEXT_ROLES = (Role.PROGRESS, Role.ISSUES, Role.MEASURES, Role.DETAIL)
TITLE_ROLES = (Role.ACTION, Role.SECTION, Role.OBJECTIVE, Role.COMMITMENT)   # columns a row number may head
ROW_NUMBER_MISFIT = -5.0
STYLE_WEIGHT = 1.0


def is_text_paragraph(text: str) -> bool:
    f = text_features(text)
    return f.words >= 3 and not f.service and f.timescale < 0.8 and not f.is_id


def fit(p: Para, role: Role | None, titles_bare: bool = False) -> float:
    """Log-score of paragraph ``p`` as content of a column with ``role`` (0 neutral, negative misfit).

    ``titles_bare``: the table's titles are the paragraphs without a full stop (:func:`titles_unpunctuated`).
    """
    score = _fit(p, role)
    if p.row_number and role not in (TITLE_ROLES if p.row_number == "title" else (Role.ACTION,)):
        score += ROW_NUMBER_MISFIT   # "4. Review access to ...": the next row's title, not this row's text
    if p.unnumbered and role == Role.SECTION:
        score += ROW_NUMBER_MISFIT   # the themes are numbered ("2. Workforce"): an unnumbered line is no theme
    if titles_bare and role in (Role.ACTION, *TEXT_ROLES) and not p.bullet and is_text_paragraph(p.text):
        bare = not re.search(r"[.!?]$", p.text)
        if role == Role.ACTION:
            score += STYLE_WEIGHT if bare else -STYLE_WEIGHT
        elif bare:
            score -= STYLE_WEIGHT / 2
    return score


def _fit(p: Para, role: Role | None) -> float:
    """The style-free score of :func:`fit`: a footnote misfits everywhere, else the role's own scorer."""
    if FOOTNOTE.match(p.text):
        return -4.0  # "[i] Recommendations are copied exactly ...": a footnote under the table
    if role == Role.ID:
        return 3.0 if text_features(p.text).is_id else -6.0
    if role is None or role in TEXT_ROLES:
        return _fit_text(p, text_features(p.text))
    scorer = _SCORERS.get(role)
    if scorer is None:
        return 0.0
    # A row number glued to a title or theme ("1. Adopt ...") does not change what the text is; in any
    # other column "2.4 Green" is not the word "Green".
    f = text_features(strip_enumerator(p.text) if role in (Role.ACTION, Role.SECTION) else p.text)
    return scorer(p, f)


def _fit_action(p: Para, f: TextFeatures) -> float:
    """A title: short prose or a title-like line, best numbered; not an id, a date, a unit, a bullet,
    a continuation (lower-case start) or a value/RAG/status word."""
    score = 1.0 if (f.title_like or (f.prose and f.words <= 45)) else 0.0
    if ENUMERATOR.match(p.text):
        score += 1.0
    penalties = (
        (f.is_id, 3.0),
        (f.timescale >= 0.8 and f.words <= 5, 3.0),
        (f.service, 2.5),
        (p.bullet, 1.5),
        (p.text[:1].islower(), 2.0),
        (bool(f.value or f.rag or f.status_word), 3.0),
    )
    return score - sum(weight for applies, weight in penalties if applies)


def _fit_none(p: Para, f: TextFeatures) -> float:
    """A column the header names but no field takes ("Stage"): anything fits."""
    return 0.0


def _fit_text(p: Para, f: TextFeatures) -> float:
    """Free text (progress, issues, measures, detail, or an unnamed column): prose or bullets fit; a
    short unit name, a bare date or an id do not."""
    score = 0.5 if f.prose or p.bullet else 0.0
    if f.service and f.words <= 10:
        score -= 2.0
    if f.timescale >= 0.8 and f.words <= 5:
        score -= 1.5
    if f.is_id:
        score -= 3.0
    return score


def _fit_responsible(p: Para, f: TextFeatures) -> float:
    """Who is responsible: a known unit or post fits; a bullet list or other text does not."""
    if p.bullet:
        return -4.0  # a bullet list is text, not the names of who is responsible
    if f.service:
        # "Street Scene Manager" over "Street Scene": a post ends on its role word.
        return 3.0 if POST_END.search(p.text) else 2.5
    if f.title_like and f.words <= 8 and not f.timescale and not f.is_id:
        return -1.0  # a unit the gazetteer does not know ("Parks & Open Space")
    return -3.0


def _fit_timescale(p: Para, f: TextFeatures) -> float:
    """A date or period fits by how date-like it is; long text misfits more than short."""
    if f.timescale:
        return 3.0 * f.timescale - 0.5
    return -2.0 if f.words <= 25 else -4.0


def _fit_status(p: Para, f: TextFeatures) -> float:
    """A RAG word fits best, a status word well, anything else badly."""
    return 3.0 if f.rag else (1.5 if f.status_word else -5.0)


def _fit_value(p: Para, f: TextFeatures) -> float:
    """A number or amount."""
    return 2.5 if f.value else -3.0


def _fit_section(p: Para, f: TextFeatures) -> float:
    """A short title-like theme, best a short numbered one ("1. Fair Access to Services")."""
    if not (f.title_like and f.words <= 10 and not f.is_id and f.timescale < 0.5):
        return -2.0
    return 1.5 if ENUMERATOR.match(p.text) and f.words <= 6 else 0.5


def _fit_objective(p: Para, f: TextFeatures) -> float:
    """An objective or commitment: any text of three words or more."""
    return 0.0 if f.words >= 3 else -2.0


_SCORERS: dict[Role, Callable[[Para, TextFeatures], float]] = {
    Role.ACTION: _fit_action,
    Role.NONE: _fit_none,
    Role.RESPONSIBLE: _fit_responsible,
    Role.TIMESCALE: _fit_timescale,
    Role.STATUS: _fit_status,
    Role.VALUE: _fit_value,
    Role.SECTION: _fit_section,
    Role.OBJECTIVE: _fit_objective,
    Role.COMMITMENT: _fit_objective,
}

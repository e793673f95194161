"""How well a paragraph fits a column: the scores a rebuilt table (paragraph tables, line tables)
is cut into cells and rows by.

Also: which numbers count a rebuilt table's rows, where the notes under it start, and which of a cell's
paragraphs are one wrapped line.  Imports :mod:`pipeline.reading.shared`, :mod:`pipeline.reading.evidence`
and :mod:`pipeline.reading.model`, nothing above them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from extractors.base import Text
from pipeline.cues import Cue
from pipeline.reading.evidence import TextFeatures, text_features
from pipeline.reading.model import Unit
from pipeline.reading.shared import ENUMERATOR, LIST_END, OPEN_END, POST_END, strip_enumerator
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


# --- the rows' numbers and the notes under a table -------------------------------------------------------

ROW_NUMBER = re.compile(r"^\(?(\d{1,3})[.)]\s+\S")
MIN_ROW_NUMBERS = 3      # a run of this many numbers counting up by one numbers the rows
MIN_ROW_NUMBER_GAP = 2   # paragraphs from one to the next, on the median: rows apart, not a list in one cell
MIN_HEADING_NUMBERS = 2  # numbered paragraphs outside that run: the numbered headings (themes) over the rows


def mark_row_numbers(paras: list[Para]) -> list[Para]:
    """Mark the paragraphs whose numbers count the table's rows ("1. Adopt ...", "2. Adopt ...", ...,
    "5. Set up ..."): the longest run of numbered paragraphs counting up by one (the later of two
    paragraphs with the same number: "1. Fair Access to Services" over "1. Adopt ..." is a theme),
    at least MIN_ROW_NUMBERS long and spread over rows.  A marked paragraph opens a row in a title
    column (:data:`ROW_NUMBER_MISFIT` elsewhere): in an inclusion plan whose
    header names four of seven columns, the content columns it leaves unnamed must not swallow the next
    row's numbered title.  When two or more other numbered paragraphs head the rows (themes), the
    paragraphs with no number are marked ``unnumbered``: not a theme cell.

    >>> ps = [Para(t, 1) for t in ("1. Theme", "1. Adopt it.", "Detail.", "2. Plan it.", "Detail.", "3. Do it.")]
    >>> [p.text for p in mark_row_numbers(ps) if p.row_number]
    ['1. Adopt it.', '2. Plan it.', '3. Do it.']
    >>> any(p.row_number for p in mark_row_numbers([Para(t, 1) for t in ("1. a b", "2. c d", "3. e f")]))
    False
    """
    numbered = [(t, int(m.group(1))) for t, p in enumerate(paras) if not p.bullet and (m := ROW_NUMBER.match(p.text))]
    best: dict[int, list[int]] = {}     # number -> the longest run (paragraph indexes) ending in that number
    for t, n in numbered:
        run = best.get(n - 1, []) + [t]
        if len(run) >= len(best.get(n, [])):
            best[n] = run
    run = max(best.values(), key=len, default=[])
    gaps = sorted(b - a for a, b in zip(run, run[1:]))
    if len(run) < MIN_ROW_NUMBERS or gaps[len(gaps) // 2] < MIN_ROW_NUMBER_GAP:
        return paras
    marked = set(run)
    # Numbered paragraphs outside the run ("1. Fair Access to Services", "2. Workforce") are the headings
    # over the rows; when there are two or more, a paragraph with no number is not one of them.
    headings = len(numbered) - len(run) >= MIN_HEADING_NUMBERS
    numbers = {t for t, _ in numbered}
    return [replace(p, row_number="action" if headings else "title") if t in marked else
            replace(p, unnumbered=True) if headings and t not in numbers else p for t, p in enumerate(paras)]


# "Notes on completing this plan", "Guidance notes:", "Notes": the heading of a notes block under a table.
NOTES_HEADING = Cue(r"^(?:{notes_heading_word})\b[^.!?;]{0,60}$", re.I)
MAX_NOTES_HEADING_WORDS = 8


def notes_start(units: list[Unit], k: int) -> bool:
    """Paragraph ``k`` opens the notes under a table, not a row: a footnote ("[iii] Say whether the
    recommendation is agreed ..."), or a notes heading ("Notes on completing this plan") with a footnote
    or a sentence right under it.  A response plan whose header cells carry footnote markers
    ("Recommendation[i]") explains them below the table; those notes are prose, not a last record.

    >>> from extractors.base import Text
    >>> def units(*ps): return [Unit(text=Text(p, 1)) for p in ps]
    >>> notes_start(units("Notes on completing this plan", "[i] Copied as written."), 0)
    True
    >>> notes_start(units("Notes", "Agreed"), 0), notes_start(units("[ii] The Cabinet Member."), 0)
    (False, True)
    """
    u = units[k]
    if u.is_row or u.text is None or u.text.list_item:
        return False
    text = u.para
    if FOOTNOTE.match(text):
        return True
    if len(text.split()) > MAX_NOTES_HEADING_WORDS or not NOTES_HEADING.match(text.rstrip(" :")):
        return False
    nxt = next((v for v in units[k + 1:k + 3] if not v.is_row and v.text is not None and v.para.strip()), None)
    return nxt is not None and (FOOTNOTE.match(nxt.para) is not None or re.search(r"[.!?]$", nxt.para) is not None)


# --- a cell's wrapped lines ------------------------------------------------------------------------------

MAX_DATED_CELL_WORDS = 10   # "01 April 2026 and each year after": a timescale cell after a comma-ended title


def _other_cell(text: str) -> bool:
    """A paragraph that is a cell of its own, not the rest of a wrapped line after a comma: a date, a
    timescale that names a date ("01 April 2026 and each year after", an empty-homes plan's target
    date under a title ending in a comma), a code, a name.

    >>> _other_cell("01 April 2026 and each year after"), _other_cell("and the three housing associations")
    (True, False)
    """
    f = text_features(text)
    return ((f.timescale >= 0.8 and (f.words <= 6 or (f.has_date and f.words <= MAX_DATED_CELL_WORDS)))
            or f.is_id or (f.service and f.words <= 8))


def join_fragments(paras: list[Para]) -> list[Para]:
    """Join a cell's wrapped lines that came out as separate paragraphs ("Parks &" + "Open Space").

    >>> [p.text for p in join_fragments([Para("Criteria published by", 1), Para("30 June 2025", 1),
    ...                                   Para("Head of Communities", 1)])]
    ['Criteria published by 30 June 2025', 'Head of Communities']
    """
    out: list[Para] = []
    for p in paras:
        if out and not p.bullet and not out[-1].bullet and not ENUMERATOR.match(p.text) and (
            (OPEN_END.search(out[-1].text) and not LIST_END.search(out[-1].text)
             and not (out[-1].text.endswith(",") and _other_cell(p.text))) or (p.text[:1].islower() and not re.search(r"[.!?:;]$", out[-1].text))
        ):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {p.text}", blocks=out[-1].blocks + p.blocks)
            continue
        out.append(p)
    return out

"""The account of every line: where each piece of a document's text ended up (issue 18).

Computed after reading, from the Layout, the records (their fields and ``sources``), the context they
carry (section, objective, commitment, the title) and what the extractor removed (``Layout.dropped``,
struck text): the reader is not asked.  Every word a reader sees (a run of letters and digits; its
characters are what the counts count) ends in exactly one class:

- ``field``: in a record field (a cell or paragraph a record names in ``sources``, or words a field
  holds);
- ``context``: section, objective, commitment or theme the records carry, and the document's title,
  period and council;
- ``header``: a table's header row, or a label ("Lead:", "Status") that names a field;
- ``furniture``: running headers and footers, page numbers, site navigation (W103);
- ``dropped``: struck through (W102), with its reason in ``documents.dropped``;
- ``prose``: outside any table or list (introductions, notes), and a note row inside a table that the
  reader read as a note (``DocRows.notes``: a full-width "Links to other plans: ..." row);
- ``lost``: inside a table or list region, yet in none of the classes above: text that went nowhere.

A *region* is a Layout table (every row of it), or a run of paragraphs the records were read from:
from the first paragraph a record names to the last, gaps of up to :data:`MAX_GAP` other paragraphs
included, any list item, and the paragraphs of an item a run of item blocks read but set aside (its
heading and lines, wherever they stand).  ``coverage`` = 1 − lost / region characters (None with no region).
The units (a table row, or a paragraph) holding lost words are ``lost_rows``; :func:`account_warnings`
turns them into W130 (a table stops giving records part-way), W131 (a run that looks like records
gives none), W132 (no record at all) and W133 (other lost text).

Matching is by words, case and punctuation aside, so text a reader rejoined, relabelled ("Target:
45%") or re-cased ("GREEN") still counts: a word counts for a class when a run of
:data:`NGRAM` words around it appears in that class's text, or when a short value (fewer words) is
the whole of what it matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.base import Cell, Layout, Table, Text
from schemas.records import ActionRecord, DroppedText, SourceRef

NGRAM = 3
MAX_GAP = 3                 # paragraphs between two record paragraphs that still lie inside their region
MIN_LOST_WORDS = 2          # a unit with fewer lost words is not a lost row (a stray number, a bullet mark)
MIN_RECORD_LIKE = 3         # units in a run that looks like records before W131 speaks
SMALL_RESIDUE = 0.25        # share of a unit's characters left over that goes with the unit's main class
CLASSES = ("field", "context", "header", "furniture", "dropped", "prose", "lost")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_RAG_WORD = re.compile(r"\b(green|amber|red|on track|off track|complete[d]?|not started|in progress|delayed|overdue)\b",
                       re.I)
_DATE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:19|20)\d\d\b|"
                   r"\b\d{1,2}/\d{1,2}/(?:19|20)?\d\d\b|\bQ[1-4]\b|\b(?:19|20)\d\d\s*[/-]\s*\d{2,4}\b", re.I)
# Words a heading or field adds around the text a record keeps ("As an Employer" -> section "Employer",
# "Theme A – Easy to reach", "1.2 Publish the plan"): they go with the rest of their unit.
FILLER = frozenset("a an as the of and or to for in on by our we will".split())
_NUMBERING = re.compile(r"^(?:\d{1,3}|[a-z]|[ivx]{1,5})$")
_LABEL = re.compile(r"^\s*([A-Za-z][\w’' /&()-]{1,40}?)\s*[:–—-]\s+\S")


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (letters and digits only).

    >>> words("Lead: Policy & Performance (HR)")
    ['lead', 'policy', 'performance', 'hr']
    """
    return [w.lower() for w in _WORD.findall(text or "")]


@dataclass
class WordIndex:
    """The word runs of one class's texts: every NGRAM-word run, each shorter text whole, and every run
    shorter than NGRAM inside any text (for a unit that short: a wrapped line's tail "Services")."""

    grams: set[tuple[str, ...]] = field(default_factory=set)
    short: set[tuple[str, ...]] = field(default_factory=set)
    parts: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, text: str | None) -> None:
        ws = words(text or "")
        for n in range(1, NGRAM):
            self.parts.update(tuple(ws[i:i + n]) for i in range(len(ws) - n + 1))
        if len(ws) < NGRAM:
            if ws:
                self.short.add(tuple(ws))
            return
        self.grams.update(tuple(ws[i:i + NGRAM]) for i in range(len(ws) - NGRAM + 1))

    def covered(self, ws: Sequence[str]) -> list[bool]:
        """Per word of ``ws``: does a run of this class's text cover it?"""
        if len(ws) < NGRAM:
            return [tuple(ws) in self.parts] * len(ws)
        hit = [False] * len(ws)
        for i in range(len(ws) - NGRAM + 1):
            if tuple(ws[i:i + NGRAM]) in self.grams:
                hit[i:i + NGRAM] = [True] * NGRAM
        for n in range(1, NGRAM):
            for i in range(len(ws) - n + 1):
                if tuple(ws[i:i + n]) in self.short:
                    hit[i:i + n] = [True] * n
        return hit


@dataclass(frozen=True, slots=True)
class UnitAccount:
    """One table row or paragraph: its characters per class, and whether it lies in a region."""

    text: str
    page: int
    line: int | None
    table: int | None               # the Layout table's number (0-based) for a row, None for a paragraph
    row: int | None                 # the row's number in its table
    chars: dict[str, int]
    region: bool
    lost_words: int = 0
    sourced: bool = False           # a record names this paragraph or one of this row's cells in its sources


@dataclass(frozen=True, slots=True)
class Account:
    """Where a document's text went: characters per class (:data:`CLASSES`), the units holding lost
    text, and ``coverage`` (share of region characters accounted for; None with no region)."""

    chars: dict[str, int]
    lost_rows: tuple[DroppedText, ...]
    coverage: float | None
    units: tuple[UnitAccount, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.chars.values())

    def columns(self) -> dict[str, Any]:
        """The ``documents`` columns of this account (``chars_*``, ``coverage``, ``lost_rows``)."""
        return {**{f"chars_{k}": v for k, v in self.chars.items()}, "coverage": self.coverage,
                "lost_rows": self.lost_rows}


def _source_keys(records: Sequence[ActionRecord]) -> set[tuple]:
    keys: set[tuple] = set()
    for rec in records:
        for s in rec.sources:
            keys.add(_key(s.page, s.bbox, s.lines, s.index))
    return keys


def _key(page: int, bbox: object, lines: object, index: object) -> tuple:
    return (page, bbox, lines, tuple(index) if isinstance(index, (tuple, list)) else index)


def _cell_key(cell: Cell) -> tuple:
    return _key(cell.page, cell.bbox, cell.lines, cell.index)


def _text_key(text: Text) -> tuple:
    return _key(text.page, text.bbox, (text.line, text.line) if text.line is not None else None,
                (text.index,) if text.index is not None else None)


def _indexes(records: Sequence[ActionRecord], meta: Iterable[str | None]) -> tuple[WordIndex, WordIndex]:
    fields_ix, context_ix = WordIndex(), WordIndex()
    for rec in records:
        for name in ("action", "detail", "timescale"):
            fields_ix.add(getattr(rec, name))
        for name in ("progress", "issues", "measures", "responsible"):
            for item in getattr(rec, name):
                fields_ix.add(item)
        fields_ix.add(rec.status)
        for s in rec.sources:
            fields_ix.add(s.text)
        for name in ("section", "objective", "commitment", "section_status"):
            context_ix.add(getattr(rec, name))
    for value in meta:
        context_ix.add(value)
    return fields_ix, context_ix


def _is_label(text: str) -> bool:
    from pipeline.vocab import match_label

    text = text.strip(" :-–—*•")
    if not text or len(text.split()) > 6:
        return False
    m = match_label(text)
    return m is not None and m.score >= 0.5


class _Classifier:
    """Per unit: the characters each class takes (field, context, header, then what is left)."""

    def __init__(self, records: Sequence[ActionRecord], meta: Iterable[str | None], unplaced: Iterable[str],
                 notes: Iterable[SourceRef] = (), set_aside: Iterable[SourceRef] = ()):
        self.sourced = _source_keys(records)
        self.notes = {_key(s.page, s.bbox, s.lines, s.index) for s in notes}
        self.set_aside = {_key(s.page, s.bbox, s.lines, s.index) for s in set_aside}
        self.fields, self.context = _indexes(records, meta)
        self.unplaced = {tuple(words(u)) for u in unplaced}

    def pieces(self, texts: Sequence[str], keys: Sequence[tuple], header_row: bool) -> tuple[dict[str, int], int]:
        """(characters per class, words left over) of a unit made of ``texts`` (its cells, or one paragraph).

        A cell holding only a row number ("1.1", "iv") in a row a record was read from is that record's.
        """
        chars = dict.fromkeys(CLASSES, 0)
        left_words = 0
        row_sourced = any(key in self.sourced for key in keys)
        for text, key in zip(texts, keys):
            ws = words(text)
            if not ws:
                continue
            if key in self.sourced or (row_sourced and all(_NUMBERING.match(w) for w in ws)):
                chars["field"] += sum(map(len, ws))
            elif key in self.notes:
                chars["prose"] += sum(map(len, ws))
            elif header_row or tuple(ws) in self.unplaced or _is_label(text):
                chars["header"] += sum(map(len, ws))
            else:
                left_words += self._matched(text, ws, chars)
        return chars, left_words

    def _matched(self, text: str, ws: list[str], chars: dict[str, int]) -> int:
        """Add one cell's or paragraph's words to ``chars`` by what their text matches; the words left."""
        field_chars, context_chars, rest = self._covered(ws)
        chars["field"] += field_chars
        chars["context"] += context_chars
        main = "field" if field_chars >= context_chars else "context"
        if field_chars or context_chars:
            chars[main] += sum(len(w) for w in rest if _filler(w))
            rest = [w for w in rest if not _filler(w)]
        if rest and (named := _label_words(text)):
            chars["header"] += sum(len(w) for w in rest if w in named)
            rest = [w for w in rest if w not in named]
        residue = sum(map(len, rest))
        if residue and (field_chars or context_chars) and residue <= SMALL_RESIDUE * sum(map(len, ws)):
            chars[main] += residue          # a joined or re-spelt word of an accounted unit
            return 0
        chars["lost"] += residue            # lost or prose: decided by the region
        return len(rest)


    def _covered(self, ws: list[str]) -> tuple[int, int, list[str]]:
        """(characters in fields, characters in context only, the words in neither)."""
        in_field, in_context = self.fields.covered(ws), self.context.covered(ws)
        field_chars = sum(len(w) for w, f in zip(ws, in_field) if f)
        context_chars = sum(len(w) for w, f, c in zip(ws, in_field, in_context) if c and not f)
        return field_chars, context_chars, [w for w, f, c in zip(ws, in_field, in_context) if not f and not c]


def _label_words(text: str) -> set[str]:
    """The words of a "Label: value" line's label when the label names a field, else none."""
    label = _LABEL.match(text)
    return set(words(label.group(1))) if label and _is_label(label.group(1)) else set()


def _filler(word: str) -> bool:
    return word in FILLER or bool(_NUMBERING.match(word))


def _header_row(row: Sequence[Cell | None], classifier: _Classifier, before_records: bool) -> bool:
    cells = [c for c in row if c is not None and not c.spanned and words(c.text)]
    if not cells or any(_cell_key(c) in classifier.sourced for c in cells):
        return False
    named = sum(1 for c in cells if _is_label(c.text) or tuple(words(c.text)) in classifier.unplaced)
    short = all(len(c.text.split()) <= 6 for c in cells)
    return named * 2 >= len(cells) or (before_records and short and len(cells) > 1)


def _units(layout: Layout, classifier: _Classifier) -> list[UnitAccount]:
    out: list[UnitAccount] = []
    n_table = 0
    for block in layout.blocks:
        if isinstance(block, Text):
            if not words(block.text):
                continue
            chars, left = classifier.pieces([block.text], [_text_key(block)], False)
            chars["dropped"] += sum(len(w) for t in block.struck_text for w in words(t))
            # A list item, or a paragraph of an item its run read and set aside: inside a region.
            region = block.list_item or _text_key(block) in classifier.set_aside
            out.append(UnitAccount(block.text, block.page, block.line, None, None, chars, region, left,
                                   _text_key(block) in classifier.sourced))
            continue
        out.extend(_table_units(block, n_table, classifier))
        n_table += 1
    return out


def _table_units(table: Table, n_table: int, classifier: _Classifier) -> list[UnitAccount]:
    out: list[UnitAccount] = []
    sourced_rows = [i for i, row in enumerate(table.rows)
                    if any(c is not None and _cell_key(c) in classifier.sourced for c in row)]
    first = sourced_rows[0] if sourced_rows else 0     # rows above the first record row: header rows
    for i, row in enumerate(table.rows):
        cells = [c for c in row if c is not None and not c.spanned]
        if not cells:
            continue
        header = _header_row(row, classifier, i < first)
        chars, left = classifier.pieces([c.text for c in cells], [_cell_key(c) for c in cells], header)
        chars["dropped"] += sum(len(w) for c in cells for t in c.struck_text for w in words(t))
        text = " | ".join(c.text.replace("\n", " ") for c in cells if c.text.strip())
        line = next((c.lines[0] for c in cells if c.lines), None)
        page = cells[0].page
        out.append(UnitAccount(text, page, line, n_table, i, chars, True, left, i in sourced_rows))
    return out


def _mark_regions(units: list[UnitAccount]) -> list[UnitAccount]:
    """Paragraphs between two record paragraphs (gaps up to MAX_GAP) join the region."""
    record_paras = [i for i, u in enumerate(units) if u.table is None and u.sourced]
    inside: set[int] = set()
    for a, b in zip(record_paras, record_paras[1:]):
        if b - a - 1 <= MAX_GAP and all(units[k].table is None for k in range(a, b + 1)):
            inside.update(range(a, b + 1))
    inside.update(record_paras)
    out = []
    for i, u in enumerate(units):
        region = u.region or i in inside
        chars = dict(u.chars)
        if not region:
            chars["prose"], chars["lost"] = chars["prose"] + chars["lost"], 0
        out.append(UnitAccount(u.text, u.page, u.line, u.table, u.row, chars, region, u.lost_words, u.sourced))
    return out


def account_document(layout: Layout, records: Sequence[ActionRecord], *, title: str | None = None,
                     period: str | None = None, council: str | None = None,
                     unplaced: Iterable[str] = (), notes: Iterable[SourceRef] = (),
                     set_aside: Iterable[SourceRef] = ()) -> Account:
    """The account of ``layout`` read into ``records`` (see the module docstring).

    ``title``, ``period``, ``council`` are the documents row's (context); ``unplaced`` the header cells
    that named no role (``DocRows.unplaced``: header text all the same); ``notes`` the cells the reader
    read as note rows (``DocRows.notes``: prose); ``set_aside`` the paragraphs of items a run of item
    blocks read but gave no record (``DocRows.items_set_aside``: an item heading in no field is lost,
    not prose, wherever it stands).

    >>> from pathlib import Path; from extractors import extract; from pipeline.reading.loop import layout_to_rows
    >>> from pipeline.records import rows_to_records
    >>> layout = extract(Path("data/raw/002_be210f0cadcd6921.txt")); doc = layout_to_rows(layout)
    >>> acc = account_document(layout, rows_to_records(doc, doc_id="d", source_file="s"), title=doc.title)
    >>> acc.coverage, acc.chars["lost"], acc.chars["field"] > 0
    (1.0, 0, True)
    """
    classifier = _Classifier(records, (title, period, council), unplaced, notes, set_aside)
    units = _mark_regions(_units(layout, classifier))
    chars = dict.fromkeys(CLASSES, 0)
    for u in units:
        for k, v in u.chars.items():
            chars[k] += v
    for d in layout.dropped:
        chars["furniture" if d.kind == "furniture" else "dropped"] += sum(map(len, words(d.text)))
    region = sum(sum(u.chars.values()) - u.chars["dropped"] for u in units if u.region)
    coverage = 1 - chars["lost"] / region if region else None
    lost = tuple(DroppedText("lost", u.text, u.page, u.line) for u in units
                 if u.region and u.chars["lost"] and u.lost_words >= MIN_LOST_WORDS)
    return Account(chars, lost, coverage, tuple(units))


# --- warnings ------------------------------------------------------------------------------------------

W130 = ("W130 page {page}: table {table} stops giving records after its row {row}: {n} rows below gave no "
        "record ({chars} characters, first {text!r}); see documents.lost_rows")
W131 = ("W131 page {page}: {n} paragraphs or rows look like records (status words, dates, labels) but gave "
        "none (first {text!r})")
W132 = ("W132 no record: of {total} characters read, {lost} are in {n} tables and lists and {prose} in paragraphs, "
        "{like} of which look like records; the first unread: {text!r}")
W133 = ("W133 {chars} characters in {n} rows or paragraphs inside tables and lists went into no field, context "
        "or header (first {text!r}); see documents.lost_rows")
QUOTE = 60


def record_like(text: str, dates: bool = True) -> bool:
    """A unit that reads like a record: a status or RAG word, a "Label: value" line, or (``dates``) a date.

    >>> record_like("Refresh the constitution\\tGreen"), record_like("Lead: Policy team"), record_like("Welcome.")
    (True, True, False)
    >>> record_like("Scorecard for Quarter 2 (Jul-Sep 2025)"), record_like("Scorecard for Q2", dates=False)
    (True, False)
    """
    if _RAG_WORD.search(text) or (dates and _DATE.search(text)):
        return True
    m = _LABEL.match(text)
    return bool(m and _is_label(m.group(1)))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE else text[:QUOTE - 1] + "…"


def account_warnings(account: Account, n_records: int) -> tuple[str, ...]:
    """The W130–W133 messages an account calls for (empty when nothing in a region was lost and no
    run of prose looks like records)."""
    units = account.units
    out: list[str] = []
    lost_units = [u for u in units if u.region and u.chars["lost"] and u.lost_words >= MIN_LOST_WORDS]
    if not n_records:
        return (_no_record_warning(account),)
    told: set[int] = set()
    for table in sorted({u.table for u in units if u.table is not None}):
        out.extend(_table_warnings([u for u in units if u.table == table], table, told))
    out.extend(_record_like_runs(units, told))
    rest = [u for u in lost_units if id(u) not in told]
    if rest:
        out.append(W133.format(chars=sum(u.chars["lost"] for u in rest), n=len(rest), text=_quote(rest[0].text)))
    return tuple(out)


def _no_record_warning(account: Account) -> str:
    units = account.units
    unread = [u for u in units if u.chars["lost"] or u.chars["prose"]]
    like = sum(1 for u in unread if u.table is None and record_like(u.text, False))
    return W132.format(total=account.total, lost=account.chars["lost"], prose=account.chars["prose"],
                       n=len({u.table for u in units if u.region}), like=like,
                       text=_quote(unread[0].text) if unread else "")


def _table_warnings(rows: list[UnitAccount], table: int, told: set[int]) -> list[str]:
    """W131 for a table that gave no record but looks like records; W130 for one that stops part-way.
    The rows named are added to ``told``."""
    gave = [i for i, u in enumerate(rows) if u.sourced]
    if not gave:
        if len(rows) >= MIN_RECORD_LIKE and sum(record_like(u.text) for u in rows) >= 2:
            told.update(id(u) for u in rows)
            return [W131.format(page=rows[0].page, n=len(rows), text=_quote(rows[0].text))]
        return []
    tail = [u for u in rows[gave[-1] + 1:] if u.lost_words >= MIN_LOST_WORDS]
    if not any(record_like(u.text) for u in tail):      # notes under the last record: W133 tells them
        return []
    told.update(id(u) for u in tail)
    return [W130.format(page=tail[0].page, table=table + 1, row=(rows[gave[-1]].row or 0) + 1, n=len(tail),
                        chars=sum(u.chars["lost"] for u in tail), text=_quote(tail[0].text))]


def _record_like_runs(units: Sequence[UnitAccount], told: set[int]) -> list[str]:
    """W131 for runs of prose paragraphs (outside every region) that look like records."""
    out: list[str] = []
    run: list[UnitAccount] = []
    for u in [*units, None]:
        if u is not None and not u.region and u.table is None and u.chars["prose"] and record_like(u.text, False):
            run.append(u)
            continue
        if len(run) >= MIN_RECORD_LIKE:
            out.append(W131.format(page=run[0].page, n=len(run), text=_quote(run[0].text)))
            told.update(id(x) for x in run)
        run = []
    return out


__all__ = ["CLASSES", "Account", "UnitAccount", "account_document", "account_warnings", "record_like", "words"]

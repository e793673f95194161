"""One document end to end: file -> Layout -> rows with roles -> records (+ entities)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractors import ExtractError, Settings, extract
from extractors.base import Cell, Layout, Table, Text
from pipeline import PIPELINE_VERSION
from schemas import ActionRecord, DocumentRow, DroppedText, SourceRef

HASH_CHUNK = 1 << 20
NOT_A_REPORT = "E110"
MAX_UNPLACED_SHOWN = 8


def file_doc_id(path: Path) -> str:
    """Content hash of a file: the first 16 hex digits of its sha256 (same bytes -> same doc_id)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class DocumentResult:
    document: DocumentRow
    records: tuple[ActionRecord, ...] = ()
    entities: tuple = field(default=())  # schemas.entities rows, once tagging runs

    @property
    def ok(self) -> bool:
        return self.document.error is None


def no_report_message(name: str, pages: int, tables: int, paragraphs: int, unplaced: tuple[str, ...]) -> str:
    """The E110 message: what was looked at, and the header cells that could not be placed.

    >>> print(no_report_message("r.pdf", 2, 1, 9, ("Owner(s) of task",)))  # doctest: +NORMALIZE_WHITESPACE
    r.pdf: no action, measure or project table found in 2 page(s) (1 table(s), 9 paragraph(s)); header cells
    that named no known role: 'Owner(s) of task' (add them to a headers file, docs/patterns.md)
    """
    text = (f"{name}: no action, measure or project table found in {pages} page(s) "
            f"({tables} table(s), {paragraphs} paragraph(s))")
    if unplaced:
        cells = ", ".join(repr(c) for c in unplaced[:MAX_UNPLACED_SHOWN])
        return f"{text}; header cells that named no known role: {cells} (add them to a headers file, docs/patterns.md)"
    return (f"{text}; if it is a council progress report, its header or label words may be unknown: add them to a "
            "headers file (--headers FILE, docs/patterns.md)")


def dropped_text(layout: Layout, unused: tuple[SourceRef, ...] = ()) -> tuple[DroppedText, ...]:
    """Every piece of text the document lost, for ``documents.dropped``: struck-through text inside
    cells and paragraphs (W102), then what the extractor removed whole (page furniture, W103; paragraphs
    struck out entirely), then the paragraphs the reader set aside (``unused``, from
    :class:`pipeline.structure.DocRows`; W110), each group in reading order.  A merged cell's copies
    count once.

    >>> from pathlib import Path
    >>> layout = Layout(Path("p.txt"), "text", (Text("Keep", 1, line=3, struck_text=("old",)),))
    >>> dropped_text(layout, (SourceRef("unused", "Note.", 1, lines=(9, 9)),))
    (DroppedText(kind='struck', text='old', page=1, line=3), DroppedText(kind='unused', text='Note.', page=1, line=9))
    """
    struck: list[DroppedText] = []
    for block in layout.blocks:
        if isinstance(block, Text):
            struck.extend(DroppedText("struck", t, block.page, block.line) for t in block.struck_text)
            continue
        assert isinstance(block, Table)
        for row in block.rows:
            for cell in row:
                if isinstance(cell, Cell) and not cell.spanned:
                    line = cell.lines[0] if cell.lines else None
                    struck.extend(DroppedText("struck", t, cell.page, line) for t in cell.struck_text)
    removed = [DroppedText(d.kind, d.text, d.page, d.line) for d in layout.dropped]
    set_aside = [DroppedText("unused", u.text, u.page, u.lines[0] if u.lines else None) for u in unused]
    return tuple(struck + removed + set_aside)


def run_document(path: Path, settings: Settings | None = None, *, tag: bool = True) -> DocumentResult:
    """Extract one file into records.  Never raises for bad input: the error goes in the documents row."""
    from pipeline.docmeta import document_meta
    from pipeline.records import rows_to_records
    from pipeline.structure import layout_to_rows

    path = Path(path)
    t0 = time.perf_counter()
    headers = dict(settings.extra).get("headers") if settings is not None else None
    if headers:
        from pipeline.vocab import use_headers_file

        use_headers_file(headers)
    base = DocumentRow(
        doc_id=file_doc_id(path),
        source_file=path.name,
        source_path=str(path),
        format=None,
        size_bytes=path.stat().st_size,
        pipeline_version=PIPELINE_VERSION,
        processed_at=dt.datetime.now(dt.timezone.utc),
    )
    try:
        layout = extract(path, settings)
    except ExtractError as e:
        return DocumentResult(replace(base, error=str(e), error_code=e.code, seconds=time.perf_counter() - t0))
    doc = layout_to_rows(layout)
    meta = document_meta(layout, doc.title, doc.period)  # council, period and its dates, from the front matter
    records = rows_to_records(doc, doc_id=base.doc_id, source_file=path.name)
    entities: tuple = ()
    if tag and records:
        from pipeline.nlp import tag_records

        entities = tuple(tag_records(records))
    error = error_code = None
    if not records:
        tables = len(layout.tables())
        error_code = NOT_A_REPORT
        error = no_report_message(path.name, layout.pages, tables, len(layout.blocks) - tables, doc.unplaced)
    document = replace(
        base,
        error=error,
        error_code=error_code,
        format=layout.format,
        title=doc.title,
        council=meta.council,
        period=meta.period,
        period_start=meta.period_start,
        period_end=meta.period_end,
        pages=layout.pages,
        extractor=layout.format,
        n_records=len(records),
        warnings=tuple(layout.warnings) + tuple(doc.warnings),
        seconds=time.perf_counter() - t0,
        dropped=dropped_text(layout, doc.unused),
    )
    return DocumentResult(document, tuple(records), entities)

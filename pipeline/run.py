"""One document end to end: file -> Layout -> rows with roles -> records (+ entities)."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractors import ExtractError, Settings, extract
from pipeline import PIPELINE_VERSION
from schemas import ActionRecord, DocumentRow

HASH_CHUNK = 1 << 20
NOT_A_REPORT = "E110"


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


def run_document(path: Path, settings: Settings | None = None, *, tag: bool = True) -> DocumentResult:
    """Extract one file into records.  Never raises for bad input: the error goes in the documents row."""
    from pipeline.records import rows_to_records
    from pipeline.structure import layout_to_rows

    path = Path(path)
    t0 = time.perf_counter()
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
        return DocumentResult(replace(base, error=str(e), error_code=e.code, status="failed",
                                      seconds=time.perf_counter() - t0))
    doc = layout_to_rows(layout)
    records = rows_to_records(doc, doc_id=base.doc_id, source_file=path.name)
    entities: tuple = ()
    if tag and records:
        from pipeline.nlp import tag_records

        entities = tuple(tag_records(records))
    error = error_code = None
    if not records:
        tables = len(layout.tables())
        error_code = NOT_A_REPORT
        error = (
            f"{path.name}: no action, measure or project table found in {layout.pages} page(s) "
            f"({tables} table(s), {len(layout.blocks) - tables} paragraph(s)); if this is a council progress "
            "report, its header row may use words the pipeline does not know yet (pipeline/structure.py "
            "HEADER_VOCABULARY)"
        )
    document = replace(
        base,
        error=error,
        error_code=error_code,
        format=layout.format,
        title=doc.title,
        period=doc.period,
        pages=layout.pages,
        extractor=layout.format,
        n_records=len(records),
        warnings=tuple(layout.warnings) + tuple(doc.warnings),
        status="partial" if layout.failed_pages else "ok",
        failed_pages=layout.failed_pages,
        seconds=time.perf_counter() - t0,
    )
    return DocumentResult(document, tuple(records), entities)

"""The output tables: record dataclasses and their Arrow schemas.  Nothing else declares a column.

Bump ``SCHEMA_VERSION`` whenever a column is added, removed, renamed or retyped; it is stored in
every Parquet file's metadata and in ``documents.schema_version``.

Calendar dates an analyst compares and filters (``records.due_date``, ``documents.period_start`` and
``period_end``) are Arrow ``timestamp[ms]`` at midnight, no time zone: pandas reads them as
``datetime64[ms]`` (``.dt`` works, comparing with a ``pd.Timestamp`` works), where a ``date32`` column
would arrive as Python ``date`` objects.  Parquet stores milliseconds natively, so the type read back
is the type written.  The dataclasses keep ``datetime.date``; :func:`rows_to_table` converts.

Version history: 1.1 added ``records.services``, ``documents.period_start``/``period_end`` and made
``records.due_date`` a timestamp (was ``date32``); 1.2 added ``records.confidence``; 1.3 added
``records.sources`` (where each piece of a record was read); 1.4 added ``records.dropped`` and
``records.sources.struck`` (the struck-through text a record's cells dropped) and ``documents.dropped``
(every piece of text the document lost: struck through, page furniture, paragraphs set aside); 1.5
added ``documents.status`` (ok / partial / failed) and ``documents.failed_pages``; ``records.state`` (the
normalised completion state beside the RAG ``status``) was added at the end of ``records``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import pyarrow as pa

SCHEMA_VERSION = "1.5"

KINDS = ("action", "measure", "project")
STATUSES = ("GREEN", "AMBER", "RED")
# Where an action stands (records.state, pipeline/state.py), read from status words, ticks, percentages
# complete and the RAG colour; "unknown" when the report says nothing.
STATES = ("complete", "on track", "at risk", "behind", "not started", "ongoing", "cancelled", "superseded",
          "unknown")
# How much of a file was read (documents.status): "partial" = some pages or tables could not be
# read and were skipped (documents.failed_pages names them; warnings say why).
DOCUMENT_STATUSES = ("ok", "partial", "failed")

_list_str = pa.list_(pa.string())
# A calendar date as pandas wants it (see the module docstring): midnight, no time zone.
DATE_TYPE = pa.timestamp("ms")
# records.sources: one struct per cell or paragraph a record was read from (SourceRef).
SOURCE_TYPE = pa.struct([
    pa.field("role", pa.string()), pa.field("text", pa.string()), pa.field("page", pa.int32()),
    pa.field("x0", pa.float32()), pa.field("top", pa.float32()), pa.field("x1", pa.float32()),
    pa.field("bottom", pa.float32()), pa.field("line_start", pa.int32()), pa.field("line_end", pa.int32()),
    pa.field("index", pa.list_(pa.int32())), pa.field("struck", pa.list_(pa.string())),
])
# documents.dropped: one struct per piece of text the document lost (DroppedText).
DROPPED_TYPE = pa.struct([
    pa.field("kind", pa.string()), pa.field("text", pa.string()), pa.field("page", pa.int32()),
    pa.field("line", pa.int32()),
])


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where one piece of a record came from: the field it went to, the text as read, and its place in
    the file.  ``page`` is 1-based; ``bbox`` (PDF) is (x0, top, x1, bottom) in points from the page's
    top-left; ``lines`` (text renderings) the first and last source line, 1-based; ``index`` (HTML,
    DOCX) is (table, row, column) of a cell or (paragraph,) of a paragraph, 0-based in document order
    (tables and paragraphs as the extractor numbers them: extractors/html.py, extractors/docx.py);
    ``struck`` the struck-through pieces the cell or paragraph dropped (never in ``text``)."""

    role: str
    text: str
    page: int
    bbox: tuple[float, float, float, float] | None = None
    lines: tuple[int, int] | None = None
    index: tuple[int, ...] | None = None
    struck: tuple[str, ...] = ()

    def to_arrow(self) -> dict:
        x0, top, x1, bottom = self.bbox if self.bbox else (None, None, None, None)
        line_start, line_end = self.lines if self.lines else (None, None)
        return {"role": self.role, "text": self.text, "page": self.page, "x0": x0, "top": top, "x1": x1,
                "bottom": bottom, "line_start": line_start, "line_end": line_end,
                "index": list(self.index) if self.index is not None else None, "struck": list(self.struck)}


@dataclass(frozen=True, slots=True)
class DroppedText:
    """A piece of text a document lost, and why: ``kind`` is ``"struck"`` (struck through: a deleted
    word or action, W102), ``"furniture"`` (a running header or footer, page number or site navigation,
    W103), ``"unused"`` (a paragraph no reader placed) or, in ``documents.lost_rows``, ``"lost"`` (a row or
    paragraph of a table or list whose text went into no field, context or header: pipeline/account.py).  ``page`` is 1-based; ``line`` the
    1-based source line in a text rendering, else None."""

    kind: str
    text: str
    page: int
    line: int | None = None

    def to_arrow(self) -> dict:
        return {"kind": self.kind, "text": self.text, "page": self.page, "line": self.line}


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One row of an action plan, progress report or KPI table.  Fields as in gold/SPEC.md."""

    record_id: str                # doc_id + ":" + seq, stable across re-runs of the same file
    doc_id: str                   # sha256 of the file's bytes (first 16 hex digits)
    source_file: str              # file name as given
    seq: int                      # 0-based order of the record in its document
    kind: str                     # action | measure | project
    action: str                   # the action / project / measure name, as written
    section: str | None = None    # "Community Leader", "Asset Management workstream", ...
    section_status: str | None = None  # RAG of the section/workstream
    objective: str | None = None
    commitment: str | None = None
    detail: str | None = None
    progress: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    measures: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    services: tuple[str, ...] = ()  # canonical names of ``responsible``, deduplicated (pipeline.services)
    timescale: str | None = None  # raw text
    start: str | None = None      # ISO partial date: YYYY, YYYY-MM or YYYY-MM-DD
    due: tuple[str, ...] = ()     # ISO partial dates, in order
    due_date: dt.date | None = None  # end of the last deadline's period
    status: str | None = None     # GREEN | AMBER | RED
    page_start: int = 1
    page_end: int = 1
    flags: tuple[str, ...] = ()   # e.g. "merged_continuation_row", "struck_text_dropped:12"
    # How sure the reader is of which field each text went into, 0-1 (pipeline/reading/):
    # 1.0 a table whose header words name every column; 0.4-1.0 a table with columns read by their
    # content (0.4 + 0.6 x the share named by words); 0.8 item blocks with labelled fields (0.6 with
    # one label); at most 0.85 a table rebuilt from paragraphs, 0.1 less per column its content added
    # or moved; at most 0.7 rows split from single lines.  Sort ascending to check the doubtful first.
    confidence: float = 1.0
    sources: tuple[SourceRef, ...] = ()  # every cell/paragraph the record was read from, in reading order
    dropped: tuple[str, ...] = ()  # struck-through text dropped from the record's cells (``struck_text_dropped``)
    state: str = "unknown"        # one of STATES: status words, ticks, % complete, then the RAG (pipeline/state.py)


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row per input file, including files that failed (``error`` set, no records)."""

    doc_id: str
    source_file: str
    source_path: str
    format: str | None
    size_bytes: int
    title: str | None = None
    council: str | None = None
    period: str | None = None
    period_start: dt.date | None = None  # first and last day of the period the report covers
    period_end: dt.date | None = None    # (pipeline.docmeta)
    pages: int | None = None
    extractor: str | None = None
    pipeline_version: str = ""
    schema_version: str = SCHEMA_VERSION
    n_records: int = 0
    warnings: tuple[str, ...] = ()
    error: str | None = None
    error_code: str | None = None
    processed_at: dt.datetime | None = None
    seconds: float = 0.0
    status: str = "ok"            # ok | partial | failed (DOCUMENT_STATUSES); a row with an error and no records is failed
    failed_pages: tuple[int, ...] = ()  # 1-based pages (or pages with a table) that could not be read
    dropped: tuple[DroppedText, ...] = ()  # text the document lost: struck, furniture, unused paragraphs
    council_source: str | None = None  # where ``council`` came from: document | file (metadata CSV) | folder
    period_source: str | None = None   # where ``period`` came from: document | file | folder (pipeline.docmeta)
    # The account of every line (pipeline/account.py): characters (letters and digits) of the text read,
    # by where each word ended up.  Their sum is all the text the document showed.
    chars_field: int = 0          # in a record field
    chars_context: int = 0        # section, objective, commitment, theme of records; title, period, council
    chars_header: int = 0         # table header rows and field labels ("Lead:")
    chars_furniture: int = 0      # running headers/footers, page numbers (W103)
    chars_dropped: int = 0        # struck through (W102)
    chars_prose: int = 0          # paragraphs outside any table or list
    chars_lost: int = 0           # inside a table or list, yet in none of the above (W130-W133)
    coverage: float | None = None  # 1 - chars_lost / characters in tables and lists; None with none
    lost_rows: tuple[DroppedText, ...] = ()  # rows and paragraphs of tables/lists holding lost text (kind "lost")

    def __post_init__(self) -> None:
        if self.error is not None and self.n_records == 0 and self.status != "failed":
            object.__setattr__(self, "status", "failed")  # an error and nothing read (E110 too), so a query finds it
        if self.status not in DOCUMENT_STATUSES:
            raise ValueError(f"DocumentRow.status must be one of {DOCUMENT_STATUSES}, not {self.status!r}")



def _described(name: str, type_: pa.DataType, description: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"description": description})


# The account of every line (pipeline/account.py), at the end of documents: `council-extract schema` prints
# these descriptions.  Characters are letters and digits; the seven chars_* add up to all the text read.
ACCOUNT_FIELDS = (
    _described("chars_field", pa.int32(), "characters that went into a record field", False),
    _described("chars_context", pa.int32(), "characters of section, objective, commitment or theme the records "
               "carry, and of the title, period and council", False),
    _described("chars_header", pa.int32(), "characters of table header rows and field labels", False),
    _described("chars_furniture", pa.int32(), "characters of running headers, footers, page numbers (W103)", False),
    _described("chars_dropped", pa.int32(), "characters of struck-through text (W102)", False),
    _described("chars_prose", pa.int32(), "characters of paragraphs outside any table or list", False),
    _described("chars_lost", pa.int32(), "characters inside a table or list that went nowhere (W130-W133)", False),
    _described("coverage", pa.float32(), "1 - chars_lost / characters inside tables and lists; null with none"),
    _described("lost_rows", pa.list_(DROPPED_TYPE), "the table rows and list paragraphs holding lost text "
               "(kind 'lost'), with page and source line"),
)

RECORDS_SCHEMA = pa.schema(
    [
        pa.field("record_id", pa.string(), nullable=False),
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("seq", pa.int32(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("action", pa.string(), nullable=False),
        pa.field("section", pa.string()),
        pa.field("section_status", pa.string()),
        pa.field("objective", pa.string()),
        pa.field("commitment", pa.string()),
        pa.field("detail", pa.string()),
        pa.field("progress", _list_str),
        pa.field("issues", _list_str),
        pa.field("measures", _list_str),
        pa.field("responsible", _list_str),
        pa.field("services", _list_str),
        pa.field("timescale", pa.string()),
        pa.field("start", pa.string()),
        pa.field("due", _list_str),
        pa.field("due_date", DATE_TYPE),
        pa.field("status", pa.string()),
        pa.field("page_start", pa.int32(), nullable=False),
        pa.field("page_end", pa.int32(), nullable=False),
        pa.field("flags", _list_str),
        pa.field("confidence", pa.float32(), nullable=False),
        pa.field("sources", pa.list_(SOURCE_TYPE)),
        pa.field("dropped", _list_str),
        pa.field("state", pa.string(), nullable=False, metadata={
            "doc": "where the action stands: " + " | ".join(STATES) + "; from its status word, tick or "
                   "% complete, else its RAG (GREEN on track, AMBER at risk, RED behind)"}),
    ],
    metadata={"schema_version": SCHEMA_VERSION, "table": "records"},
)

DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("source_file", pa.string(), nullable=False),
        pa.field("source_path", pa.string(), nullable=False),
        pa.field("format", pa.string()),
        pa.field("size_bytes", pa.int64(), nullable=False),
        pa.field("title", pa.string()),
        _described("council", pa.string(), "the council that published the report (pipeline.docmeta); null if unknown"),
        _described("period", pa.string(), "the period as the report writes it ('2023-24', 'Quarter 2 2025/26', "
                   "'2025 to 2027'); the day of an 'as at' line when the title states only a plan's years"),
        _described("period_start", DATE_TYPE, "first day of period; null for an 'as at' day"),
        _described("period_end", DATE_TYPE, "last day of period: the report's date for 'overdue at the report's "
                   "date' queries"),
        pa.field("pages", pa.int32()),
        pa.field("extractor", pa.string()),
        pa.field("pipeline_version", pa.string(), nullable=False),
        pa.field("schema_version", pa.string(), nullable=False),
        pa.field("n_records", pa.int32(), nullable=False),
        pa.field("warnings", _list_str),
        pa.field("error", pa.string()),
        pa.field("error_code", pa.string()),
        pa.field("processed_at", pa.timestamp("us", tz="UTC")),
        pa.field("seconds", pa.float64(), nullable=False),
        pa.field("status", pa.string()),
        pa.field("failed_pages", pa.list_(pa.int32())),
        pa.field("dropped", pa.list_(DROPPED_TYPE)),
        pa.field("council_source", pa.string()),
        pa.field("period_source", pa.string()),
        *ACCOUNT_FIELDS,
    ],
    metadata={"schema_version": SCHEMA_VERSION, "table": "documents"},
)


def dataclass_columns(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def date_to_datetime(value: dt.date | None) -> dt.datetime | None:
    """A calendar date as the midnight a ``DATE_TYPE`` column stores.

    >>> date_to_datetime(dt.date(2025, 7, 31))
    datetime.datetime(2025, 7, 31, 0, 0)
    """
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime(value.year, value.month, value.day)


def rows_to_table(rows: list, schema: pa.Schema) -> pa.Table:
    """Build an Arrow table from dataclass rows, column by column in schema order."""
    columns = {name: [getattr(r, name) for r in rows] for name in schema.names}
    for name, values in columns.items():
        if schema.field(name).type in (pa.list_(SOURCE_TYPE), pa.list_(DROPPED_TYPE)):
            columns[name] = [[s.to_arrow() for s in v] for v in values]
        elif pa.types.is_list(schema.field(name).type):
            columns[name] = [list(v) for v in values]
        elif schema.field(name).type == DATE_TYPE:
            columns[name] = [date_to_datetime(v) for v in values]
    return pa.Table.from_pydict(columns, schema=schema)

"""The review report: one self-contained HTML page where every record sits beside its source.

``council-extract review`` reads documents (running them, or from a dataset) and writes one HTML file
with everything inline (CSS, a few lines of JavaScript, page pictures as ``data:`` URIs; nothing is
fetched), so it can be mailed or opened offline.  For each document: its warnings with what each code
means (:data:`pipeline.codes.CODES`), the text it lost (struck through, page furniture, paragraphs set
aside: ``documents.dropped``), then its records, the doubtful first, each beside its source:

- **PDF**: the page rendered (:mod:`extractors.render`) with the record's cells outlined from
  ``records.sources`` bounding boxes, scaled as percentages of the page;
- **text renderings**: the source lines, the record's lines highlighted, lines the document lost greyed;
- **HTML / DOCX**: the table's header row and the record's rows, the record's cells highlighted (by
  ``records.sources.index``), or the record's paragraphs with their neighbours.

The page is a Jinja2 template (``pipeline/templates/review.html.j2``) with autoescaping on: every text
in it comes from the input files, which may hold markup of their own (tests/data/bad has a page with
scripts).  Sources are re-read from ``documents.source_path``; when a file has moved, its records are
shown with the cell texts ``records.sources`` kept.

>>> from pathlib import Path
>>> report = review_inputs([Path("data/raw/004_59fe58fd6413823e.txt")])
>>> len(report.documents), len(report.documents[0].records), report.documents[0].records[0].source.kind
(1, 21, 'lines')
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import PIPELINE_VERSION
from pipeline.atomic import atomic_file

CONTEXT_LINES = 2            # text renderings: lines shown above and below a record's lines
MAX_LINE_CHARS = 2000        # a source line longer than this is cut (seed rows run to a few hundred)
MAX_PDF_PAGES = 60           # pages rendered per PDF; records on later pages show their cell texts only
PARAGRAPH_CONTEXT = 1        # HTML/DOCX: paragraphs shown either side of a record's paragraph
DROPPED_KINDS = {"struck": "struck through", "furniture": "page furniture", "unused": "not used",
                 "lost": "went nowhere",
                 "more": "not stored (over the limit)"}   # lost: documents.lost_rows, text of a table or list in no field; more: pipeline.run.bounded_dropped


class ReviewError(ValueError):
    """A review that cannot be written as asked (nothing to show)."""


# --- what the template shows --------------------------------------------------------------------------------


@dataclass
class Box:
    """A cell outlined on a page picture, in percent of the page's width and height."""

    left: float
    top: float
    width: float
    height: float
    role: str


@dataclass
class PageView:
    page: int
    css_class: str | None           # the CSS class holding the page picture (None: not rendered)
    aspect: str                     # "width / height" for CSS aspect-ratio
    boxes: list[Box] = field(default_factory=list)


@dataclass
class LineView:
    number: int | None              # None: a gap of lines not shown
    text: str
    highlight: bool = False
    dropped: str | None = None      # the kind of text the document lost on this line
    roles: str = ""


@dataclass
class CellView:
    text: str
    highlight: bool = False
    spanned: bool = False
    role: str = ""


@dataclass
class RowView:
    number: int
    cells: list[CellView]
    header: bool = False


@dataclass
class TableView:
    number: int
    rows: list[RowView]


@dataclass
class ParagraphView:
    number: int
    text: str
    highlight: bool = False
    role: str = ""


@dataclass
class SourceView:
    """The right-hand side of a record: one of pages / lines / tables+paragraphs, or only the texts."""

    kind: str                       # "pdf" | "lines" | "cells" | "texts"
    pages: list[PageView] = field(default_factory=list)
    lines: list[LineView] = field(default_factory=list)
    tables: list[TableView] = field(default_factory=list)
    paragraphs: list[ParagraphView] = field(default_factory=list)
    note: str | None = None


@dataclass
class RecordView:
    record: dict[str, Any]          # the records row (as a dict of column -> value)
    reasons: list[str]              # why it needs a look ("confidence 0.7", "flag merged_continuation_row")
    source: SourceView
    sources: list[dict[str, Any]]   # records.sources, each with a "where" text added

    @property
    def check(self) -> bool:
        return bool(self.reasons)


@dataclass
class DocView:
    anchor: str
    document: dict[str, Any]        # the documents row
    warnings: list[tuple[str | None, str]]   # (code, message)
    legend: list[Any]               # pipeline.codes.Code of every code the document shows
    dropped: list[dict[str, Any]]
    records: list[RecordView]
    page_css: list[tuple[str, str]] = field(default_factory=list)  # (class, data URI) of page pictures
    note: str | None = None

    @property
    def n_check(self) -> int:
        return sum(r.check for r in self.records)


@dataclass
class Report:
    documents: list[DocView]
    created: str
    version: str = PIPELINE_VERSION

    @property
    def n_records(self) -> int:
        return sum(len(d.records) for d in self.documents)

    @property
    def n_check(self) -> int:
        return sum(d.n_check for d in self.documents)


# --- reading the documents ------------------------------------------------------------------------------------


def review_inputs(paths: Iterable[Path], settings: Any = None) -> Report:
    """Run each file (files or folders, walked as ``run`` does) and build the report of its records.

    ``settings`` (``extractors.Settings``) as for ``run``; a user header-words file in it
    (``review --headers``) applies to these files only: this process forgets it afterwards.
    """
    from pipeline.inputs import find_inputs
    from pipeline.run import run_document
    from pipeline.vocab import use_headers_file
    from schemas import DOCUMENTS_SCHEMA, RECORDS_SCHEMA, rows_to_table

    files = find_inputs(list(paths))
    if not files:
        raise ReviewError("no report files found in the inputs given (folders are walked for PDF, DOCX, HTML, text)")
    pairs = []
    try:
        for path in files:
            result = run_document(path, settings, tag=False)
            document = rows_to_table([result.document], DOCUMENTS_SCHEMA).to_pylist()[0]
            records = rows_to_table(list(result.records), RECORDS_SCHEMA).to_pylist()
            pairs.append((document, records))
    finally:
        if settings is not None and settings.headers:
            use_headers_file(None)
    return build_report(pairs)


def review_dataset(data: Path) -> Report:
    """Build the report of every document in a dataset written by ``council-extract run``."""
    from pipeline.store import read_table

    documents = read_table(Path(data), "documents").to_pylist()
    if not documents:
        raise ReviewError(f"{data}: the dataset has no documents; run `council-extract run` first")
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in read_table(Path(data), "records").to_pylist():
        by_doc[record["doc_id"]].append(record)
    documents.sort(key=lambda d: (d["source_file"], d["source_path"]))
    return build_report([(d, sorted(by_doc[d["doc_id"]], key=lambda r: r["seq"])) for d in documents])


def build_report(pairs: Sequence[tuple[dict[str, Any], list[dict[str, Any]]]]) -> Report:
    """The report of (documents row, its records rows) pairs, in the order given."""
    docs = [document_view(n, document, records) for n, (document, records) in enumerate(pairs)]
    return Report(docs, dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"))


# --- one document -------------------------------------------------------------------------------------------


def needs_check(record: dict[str, Any]) -> list[str]:
    """Why a record deserves a look: confidence under 1, flags (repairs), struck text dropped.

    >>> needs_check({"confidence": 0.7, "flags": ["merged_continuation_row"], "dropped": []})
    ['confidence 0.70', 'merged_continuation_row']
    """
    reasons = []
    if record.get("confidence") is not None and record["confidence"] < 1:
        reasons.append(f"confidence {record['confidence']:.2f}")
    reasons.extend(record.get("flags") or [])
    if record.get("dropped") and not any(f.startswith("struck_text_dropped") for f in record.get("flags") or []):
        reasons.append("struck text dropped")
    return reasons


def review_order(record: dict[str, Any]) -> tuple:
    """Sort key: records that need a look first, the least confident and most flagged of them first."""
    reasons = needs_check(record)
    return (not reasons, record.get("confidence") or 0.0, -len(record.get("flags") or []), record["seq"])


def document_view(n: int, document: dict[str, Any], records: list[dict[str, Any]]) -> DocView:
    from pipeline.codes import CODES, code_of

    warnings = [(code_of(w), w) for w in document.get("warnings") or []]
    codes = [c for c, _ in warnings] + [document.get("error_code")]
    legend = [CODES[c] for c in dict.fromkeys(codes) if c in CODES]
    lost = list(document.get("lost_rows") or [])       # the account's rows that went nowhere, first
    view = DocView(f"doc-{n}", document, warnings, legend, lost + list(document.get("dropped") or []), [])
    path = Path(document["source_path"])
    source = _Source.open(path, document.get("format"), records, view)
    for record in sorted(records, key=review_order):
        sources = [dict(s, where=where(s)) for s in record.get("sources") or []]
        view.records.append(RecordView(record, needs_check(record), source.view(record), sources))
    return view


def where(source: dict[str, Any]) -> str:
    """Where a source sits, in words.

    >>> where({"page": 2, "line_start": 14, "line_end": 15, "index": None, "x0": None})
    'lines 14-15'
    >>> where({"page": 1, "line_start": None, "index": [0, 3, 1], "x0": None})
    'table 0, row 3, column 1'
    >>> where({"page": 3, "line_start": None, "index": None, "x0": 72.0, "top": 90.5, "x1": 300.0, "bottom": 120.0})
    'page 3 at (72, 90)-(300, 120) pt'
    """
    if source.get("line_start") is not None:
        first, last = source["line_start"], source["line_end"]
        return f"line {first}" if first == last else f"lines {first}-{last}"
    index = source.get("index")
    if index is not None and len(index) == 3:
        return f"table {index[0]}, row {index[1]}, column {index[2]}"
    if index is not None and len(index) == 1:
        return f"paragraph {index[0]}"
    if source.get("x0") is not None:
        return (f"page {source['page']} at ({source['x0']:.0f}, {source['top']:.0f})-"
                f"({source['x1']:.0f}, {source['bottom']:.0f}) pt")
    return f"page {source['page']}"


class _Source:
    """A document's source file, read once, and how to show one record in it."""

    def __init__(self, note: str | None = None) -> None:
        self.note = note

    @staticmethod
    def open(path: Path, fmt: str | None, records: list[dict[str, Any]], doc: DocView) -> _Source:
        if not records:
            return _Source()
        if not path.is_file():
            doc.note = f"{path} is not there any more: records show the cell texts they were read from"
            return _Source(doc.note)
        from extractors import ExtractError

        try:
            if fmt == "pdf":
                return _PdfSource(path, records, doc)
            if fmt == "text":
                return _TextSource(path, doc.dropped)
            if fmt in ("html", "docx", "xlsx", "ods"):
                return _CellSource(path)
        except ExtractError as e:
            doc.note = f"the source could not be read again ({e}): records show the cell texts they were read from"
            return _Source(doc.note)
        return _Source()

    def view(self, record: dict[str, Any]) -> SourceView:
        return SourceView("texts", note=self.note)


class _PdfSource(_Source):
    def __init__(self, path: Path, records: list[dict[str, Any]], doc: DocView) -> None:
        from extractors.render import render_pdf_pages

        super().__init__()
        pages = sorted({s["page"] for r in records for s in r.get("sources") or []})
        shown = pages[:MAX_PDF_PAGES]
        self.pictures = render_pdf_pages(path, shown)
        for number, picture in self.pictures.items():
            uri = f"data:{picture.mime};base64,{base64.b64encode(picture.data).decode('ascii')}"
            doc.page_css.append((f"{doc.anchor}-p{number}", uri))
        self.anchor = doc.anchor
        if len(pages) > len(shown):
            self.note = f"pages after {shown[-1]} are not rendered (at most {MAX_PDF_PAGES} per document)"

    def view(self, record: dict[str, Any]) -> SourceView:
        by_page: dict[int, PageView] = {}
        for s in record.get("sources") or []:
            picture = self.pictures.get(s["page"])
            if picture is None:
                continue
            page = by_page.setdefault(s["page"], PageView(
                s["page"], f"{self.anchor}-p{s['page']}", f"{picture.width_pt:.1f} / {picture.height_pt:.1f}"))
            if s.get("x0") is None:
                continue
            page.boxes.append(Box(
                left=100 * s["x0"] / picture.width_pt, top=100 * s["top"] / picture.height_pt,
                width=100 * (s["x1"] - s["x0"]) / picture.width_pt,
                height=100 * (s["bottom"] - s["top"]) / picture.height_pt, role=s["role"]))
        if not by_page:
            return SourceView("texts", note=self.note or "no page picture for this record's sources")
        return SourceView("pdf", pages=[by_page[p] for p in sorted(by_page)], note=self.note)


class _TextSource(_Source):
    def __init__(self, path: Path, dropped: list[dict[str, Any]]) -> None:
        from extractors.text import file_lines

        super().__init__()
        self.lines = file_lines(path)
        self.lost = {d["line"]: d["kind"] for d in dropped if d.get("line") is not None}

    def view(self, record: dict[str, Any]) -> SourceView:
        spans = [(s["line_start"], s["line_end"], s["role"]) for s in record.get("sources") or []
                 if s.get("line_start") is not None]
        if not spans:
            return SourceView("texts", note="no source lines recorded for this record")
        highlighted: dict[int, list[str]] = defaultdict(list)
        for first, last, role in spans:
            for k in range(first, last + 1):
                if role not in highlighted[k]:
                    highlighted[k].append(role)
        shown: set[int] = set()
        for k in highlighted:
            shown.update(range(max(1, k - CONTEXT_LINES), min(len(self.lines), k + CONTEXT_LINES) + 1))
        return SourceView("lines", lines=self.line_views(sorted(shown), highlighted))

    def line_views(self, numbers: list[int], highlighted: dict[int, list[str]]) -> list[LineView]:
        out: list[LineView] = []
        previous = None
        for k in numbers:
            if previous is not None and k > previous + 1:
                out.append(LineView(None, f"⋯ {k - previous - 1} lines"))
            text = self.lines[k - 1]
            if len(text) > MAX_LINE_CHARS:
                text = text[:MAX_LINE_CHARS] + " …"
            out.append(LineView(k, text, k in highlighted, None if k in highlighted else self.lost.get(k),
                                ", ".join(highlighted.get(k, ()))))
            previous = k
        return out


class _CellSource(_Source):
    """HTML, DOCX and workbooks: the Layout read again, its table rows by (table, row) and paragraphs by number
    (a workbook's rows are the sheet's own rows, 0-based)."""

    def __init__(self, path: Path) -> None:
        from extractors import extract
        from extractors.base import Table, Text

        super().__init__()
        layout = extract(path)
        self.rows: dict[int, dict[int, list[Any]]] = defaultdict(dict)   # table -> row -> cells
        self.paragraphs: dict[int, str] = {}
        for block in layout.blocks:
            if isinstance(block, Text) and block.index is not None:
                self.paragraphs[block.index] = block.text
            elif isinstance(block, Table):
                for row in block.rows:
                    at = _row_position(row)
                    if at is not None:
                        self.rows[at[0]][at[1]] = list(row)

    def view(self, record: dict[str, Any]) -> SourceView:
        cells: dict[tuple[int, ...], str] = {}
        paragraphs: dict[int, str] = {}
        for s in record.get("sources") or []:
            index = tuple(s.get("index") or ())
            if len(index) == 3:
                cells.setdefault(index, s["role"])
            elif len(index) == 1:
                paragraphs.setdefault(index[0], s["role"])
        if not cells and not paragraphs:
            return SourceView("texts", note="no table cell or paragraph recorded for this record")
        tables = [self.table_view(t, cells) for t in sorted({i[0] for i in cells}) if t in self.rows]
        return SourceView("cells", tables=tables, paragraphs=self.paragraph_views(paragraphs))

    def table_view(self, table: int, cells: dict[tuple[int, ...], str]) -> TableView:
        rows = self.rows[table]
        wanted = {i[1] for i in cells if i[0] == table}
        header = min(rows)
        out = []
        for r in sorted({header} | {r for r in wanted if r in rows}):
            views = []
            for cell in rows[r]:
                index = tuple(cell.index) if cell is not None and cell.index is not None else ()
                role = cells.get(index, "")
                views.append(CellView(cell.text if cell is not None else "", bool(role),
                                      bool(cell is not None and cell.spanned), role))
            out.append(RowView(r, views, header=r == header and r not in wanted))
        return TableView(table, out)

    def paragraph_views(self, wanted: dict[int, str]) -> list[ParagraphView]:
        numbers: set[int] = set()
        for p in wanted:
            numbers.update(k for k in range(p - PARAGRAPH_CONTEXT, p + PARAGRAPH_CONTEXT + 1) if k in self.paragraphs)
        return [ParagraphView(k, self.paragraphs[k], k in wanted, wanted.get(k, "")) for k in sorted(numbers)]


def _row_position(row: Sequence[Any]) -> tuple[int, int] | None:
    """(table, row) of a Layout row from its cells' indices (a spanned copy carries its origin's)."""
    own = [c.index for c in row if c is not None and c.index is not None and not c.spanned]
    if not own:
        return None
    return own[0][0], own[0][1]


# --- writing ------------------------------------------------------------------------------------------------


def render_report(report: Report) -> str:
    """The report as one HTML page (``pipeline/templates/review.html.j2``)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=select_autoescape(["j2", "html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.get_template("review.html.j2").render(report=report, dropped_kinds=DROPPED_KINDS)


def write_report(report: Report, out: Path) -> None:
    """Write the page to ``out`` atomically (a temporary file beside it, then a rename), as exports are."""
    html = render_report(report)
    with atomic_file(Path(out)) as tmp:
        tmp.write_text(html, encoding="utf-8")

"""One document end to end: file -> Layout -> rows with roles -> records (+ entities)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import time
import warnings
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractors import ExtractError, FileTooLarge, Settings, UnreadableFile, extract
from extractors.base import W120, Cell, Layout, Table, Text
from pipeline import PIPELINE_VERSION
from schemas import ActionRecord, DocumentRow, DroppedText, SourceRef

HASH_CHUNK = 1 << 20
NOT_A_REPORT = "E110"
MAX_UNPLACED_SHOWN = 8
EXAMPLE_CHARS = 160          # a library message quoted in a W120 warning is cut to this many characters
# documents.dropped keeps what a document lost up to these bounds; a last piece (kind "more") says how
# much more there was.  A 200 MB report that is one paragraph must not travel to the parent, nor into
# the dataset and the review page, whole.
MAX_DROPPED_PIECES = 500
MAX_DROPPED_PIECE_CHARS = 2_000
MAX_DROPPED_CHARS = 100_000
CUT_MARK = " [...]"
# libxml2's advice to its callers (switch a safety limit off) is not advice for our users.
_LIBXML_HINT = re.compile(r",?\s*(?:use|try) XML_PARSE_HUGE(?: option)?", re.IGNORECASE)
# C0 and C1 control characters (and DEL) in a file name would reach a terminal raw (an OSC title sequence).
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def file_doc_id(path: Path) -> str:
    """Content hash of a file: the first 16 hex digits of its sha256 (same bytes -> same doc_id)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(HASH_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


def path_doc_id(path: Path) -> str:
    """The doc_id of a file that could not be read: a hash of its path, as there is no content to hash.

    >>> path_doc_id(Path("/in/secret.txt")) == path_doc_id(Path("/in/secret.txt")) != path_doc_id(Path("/in/b"))
    True
    """
    return hashlib.sha256(b"unreadable:" + os.fsencode(path)).hexdigest()[:16]


def printable(text: str) -> str:
    """Return ``text`` safe to store and print: bytes of a file name that were not UTF-8 become ``\\xNN``,
    and so do control characters (an escape sequence in a name must not reach the terminal).

    Python keeps such bytes as lone surrogates (``os.fsdecode``), which Arrow and a UTF-8 terminal
    refuse; the escaped form still tells the user which file it was.  Line breaks and tabs are
    escaped too (``\\x0a``): use this for names and one-line messages, not for document text.

    >>> printable(os.fsdecode(b"latin1-\\xe9t\\xe9.txt")), printable("caf\\u00e9.txt")
    ('latin1-\\\\xe9t\\\\xe9.txt', 'café.txt')
    >>> printable("\\x1b]0;owned\\x07report.txt")
    '\\\\x1b]0;owned\\\\x07report.txt'
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:           # surrogates that did not come from a file name
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    else:
        text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def user_message(text: str) -> str:
    """A library's message as the user reads it: printable, without libxml2's XML_PARSE_HUGE advice.

    >>> user_message("r.docx: damaged (xmlSAX2Characters: huge text node, use XML_PARSE_HUGE option)")
    'r.docx: damaged (xmlSAX2Characters: huge text node)'
    """
    return printable(_LIBXML_HINT.sub("", text))


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


def failed_document(
    path: Path, code: str, error: str, doc_id: str | None = None, seconds: float = 0.0,
) -> DocumentResult:
    """Return the documents row of a file that failed before or outside extraction (no records).

    ``doc_id`` defaults to the content hash, or :func:`path_doc_id` when the file cannot be read;
    ``seconds`` is how long was spent on it (e.g. up to the deadline, E107).
    """
    if doc_id is None:
        try:
            doc_id = file_doc_id(path)
        except OSError:
            doc_id = path_doc_id(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    document = DocumentRow(
        doc_id=doc_id, source_file=printable(path.name), source_path=printable(str(path)), format=None,
        size_bytes=size, pipeline_version=PIPELINE_VERSION, error_code=code, error=user_message(error),
        processed_at=dt.datetime.now(dt.UTC), seconds=seconds,
    )
    return DocumentResult(document)


def unreadable_document(path: Path, error: OSError, seconds: float = 0.0) -> DocumentResult:
    """Return the E109 documents row of a file that could not be read (permission denied, vanished, I/O error);
    ``seconds`` is the time spent trying."""
    reason = error.strerror or type(error).__name__
    return failed_document(
        path, UnreadableFile.code,
        f"{path.name}: cannot be read ({reason}); check that it still exists and that this user may read it",
        seconds=seconds,
    )


def dropped_text(layout: Layout, unused: tuple[SourceRef, ...] = ()) -> tuple[DroppedText, ...]:
    """Every piece of text the document lost, for ``documents.dropped``: struck-through text inside
    cells and paragraphs (W102), then what the extractor removed whole (page furniture, W103; paragraphs
    struck out entirely), then the paragraphs the reader set aside (``unused``, from
    :class:`pipeline.reading.model.DocRows`; W110), each group in reading order.  A merged cell's copies
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
    """Extract one file into records.  Never raises for bad input: the error goes in the documents row.

    The file is read once, into a private copy (:func:`pipeline.intake.private_copy`): ``doc_id`` is
    the hash of exactly the bytes the extractor parses, however the file changes meanwhile.
    Messages that parsing libraries log or warn while reading (pdfminer, bs4, ...) are not printed:
    they become W120 warnings of the document.
    """
    from pipeline.intake import private_copy

    path = Path(path)
    t0 = time.perf_counter()
    settings = Settings.resolve(settings)
    headers = settings.headers
    if headers:
        from pipeline.vocab import use_headers_file

        use_headers_file(headers)
    with ExitStack() as stack:
        try:
            copy = stack.enter_context(private_copy(path, int(settings.max_file_mb * 1e6)))
        except ExtractError as e:    # refused while copying: a special file, over the size limit, kept changing
            doc_id = _doc_id_or_none(path) if isinstance(e, FileTooLarge) else path_doc_id(path)
            failed = failed_document(path, e.code, str(e), doc_id, seconds=time.perf_counter() - t0)
            return DocumentResult(replace(failed.document, status="failed"))
        except OSError as e:
            if e.filename is None and _still_readable(path):
                raise                # the private copy could not be written: not the input's fault (E900)
            return unreadable_document(path, e, time.perf_counter() - t0)
        base = DocumentRow(
            doc_id=copy.doc_id, source_file=printable(path.name), source_path=printable(str(path)),
            format=None, size_bytes=copy.size, pipeline_version=PIPELINE_VERSION,
            processed_at=dt.datetime.now(dt.UTC),
        )
        return _run_copy(path, copy.path, base, settings, tag, copy.warnings, t0)
    raise AssertionError("unreachable")  # pragma: no cover - ExitStack never swallows


def _doc_id_or_none(path: Path) -> str | None:
    try:
        return file_doc_id(path)
    except OSError:
        return None


def _run_copy(
    path: Path, copy: Path, base: DocumentRow, settings: Settings, tag: bool, intake_warnings: tuple[str, ...],
    t0: float,
) -> DocumentResult:
    """:func:`run_document` on the private copy ``copy`` of ``path``; ``base`` holds the row's identity."""
    from pipeline.account import account_document, account_warnings
    from pipeline.docmeta import document_meta, document_title, resolve_meta
    from pipeline.reading.loop import layout_to_rows
    from pipeline.records import rows_to_records

    with library_messages() as heard:
        try:
            layout = extract(copy, settings)
        except ExtractError as e:
            return DocumentResult(replace(
                base, error=user_message(str(e)), error_code=e.code, status="failed",
                warnings=tuple(user_message(w) for w in (*intake_warnings, *heard.summary())),
                seconds=time.perf_counter() - t0,
            ))
        layout = replace(layout, source=path)
        doc = layout_to_rows(layout)
        records = rows_to_records(doc, doc_id=base.doc_id, source_file=base.source_file)
        found = resolve_meta(document_meta(layout, doc.title, doc.period), path, records, layout.texts(),
                             settings.metadata_file)
        meta = found.meta   # council, period and its dates: metadata file > folders > the report itself
        if layout.word_confidence:
            records = with_ocr_confidence(records, layout.word_confidence)
        entities: tuple = ()
        if tag and records:
            from pipeline.nlp import tag_records

            entities = tuple(tag_records(records))
    error = error_code = None
    if not records:
        tables = len(layout.tables())
        error_code = NOT_A_REPORT
        error = no_report_message(base.source_file, layout.pages, tables, len(layout.blocks) - tables, doc.unplaced)
    account = account_document(layout, records, title=doc.title, period=meta.period, council=meta.council,
                               unplaced=doc.unplaced, notes=doc.notes, set_aside=doc.items_set_aside)
    warnings = (*intake_warnings, *layout.warnings, *doc.warnings, *account_warnings(account, len(records)),
                *heard.summary())
    document = replace(
        base,
        error=error,
        error_code=error_code,
        format=layout.format,
        title=document_title(layout, doc.title),
        council=meta.council,
        period=meta.period,
        period_start=meta.period_start,
        period_end=meta.period_end,
        council_source=found.council_source,
        period_source=found.period_source,
        pages=layout.pages,
        extractor=layout.format,
        n_records=len(records),
        warnings=tuple(user_message(w) for w in warnings),
        status="partial" if layout.failed_pages else "ok",
        failed_pages=layout.failed_pages,
        seconds=time.perf_counter() - t0,
        dropped=bounded_dropped(dropped_text(layout, doc.unused)),
        **{**account.columns(), "lost_rows": bounded_dropped(account.lost_rows)},
    )
    return DocumentResult(document, tuple(records), entities)


def with_ocr_confidence(records: list[ActionRecord], words: tuple) -> list[ActionRecord]:
    """Records read from OCR'd pages with their confidence lowered to the mean confidence (0..1) of the
    OCR words in their cells: a reading confidence of 0.9 and words read at 0.8 give 0.8."""
    from extractors.pdf.ocr import mean_confidence

    out = []
    for r in records:
        boxes = [(s.page, *s.bbox) for s in r.sources if s.bbox is not None]
        conf = mean_confidence(words, boxes) if boxes else None
        out.append(r if conf is None else replace(r, confidence=round(min(r.confidence, conf), 2)))
    return out


def bounded_dropped(pieces: tuple[DroppedText, ...]) -> tuple[DroppedText, ...]:
    """``pieces`` kept up to :data:`MAX_DROPPED_PIECES` pieces and :data:`MAX_DROPPED_CHARS` characters
    (each piece cut at :data:`MAX_DROPPED_PIECE_CHARS`), then one piece of kind ``"more"`` saying how
    many pieces and characters were not stored.

    >>> kept = bounded_dropped((DroppedText("unused", "x" * 5000, 1, 3),))
    >>> [(d.kind, len(d.text)) for d in kept], kept[-1].text
    ([('unused', 2006), ('more', 85)], '3,000 more characters of text dropped by this document not stored (1 piece cut short)')
    """
    kept: list[DroppedText] = []
    chars = cut_chars = cut_pieces = 0
    for n, piece in enumerate(pieces):
        room = min(MAX_DROPPED_PIECE_CHARS, MAX_DROPPED_CHARS - chars)
        if n >= MAX_DROPPED_PIECES or room <= 0:
            rest = pieces[n:]
            return (*kept, _more_piece(len(rest), cut_chars + sum(len(p.text) for p in rest), cut_pieces))
        text = piece.text
        if len(text) > room:
            cut_chars += len(text) - room
            cut_pieces += 1
            text = text[:room] + CUT_MARK
        chars += min(len(piece.text), room)
        kept.append(piece if text is piece.text else replace(piece, text=text))
    return (*kept, _more_piece(0, cut_chars, cut_pieces)) if cut_pieces else tuple(kept)


def _more_piece(pieces: int, chars: int, cut: int) -> DroppedText:
    what = f"{pieces:,} more pieces ({chars:,} characters)" if pieces else f"{chars:,} more characters"
    short = f" ({cut} piece{'s' if cut != 1 else ''} cut short)" if cut else ""
    return DroppedText("more", f"{what} of text dropped by this document not stored{short}", 0, None)


def _still_readable(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            f.read(1)
    except OSError:
        return False
    return True


class LibraryMessages(logging.Handler):
    """What parsing libraries logged (WARNING and up) or warned; see :func:`library_messages`."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.heard: list[tuple[str, str]] = []        # (library, message)
        self.caught: list[warnings.WarningMessage] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.heard.append((record.name.split(".")[0], record.getMessage()))

    def summary(self) -> tuple[str, ...]:
        """One W120 warning per library: how many messages, and the first."""
        by_library: dict[str, list[str]] = {}
        for library, message in self.heard + [(_library_of(w), str(w.message)) for w in self.caught]:
            by_library.setdefault(library, []).append(message)
        return tuple(
            W120.format(n=len(messages), library=library, example=messages[0][:EXAMPLE_CHARS])
            for library, messages in by_library.items()
        )


def _library_of(warning: warnings.WarningMessage) -> str:
    """The top-level package that raised a Python warning (from its file), e.g. 'bs4'."""
    parts = Path(warning.filename).parts
    if "site-packages" in parts and parts.index("site-packages") + 1 < len(parts):
        return Path(parts[parts.index("site-packages") + 1]).stem
    return getattr(warning.category, "__module__", "python").split(".")[0]


@contextmanager
def library_messages() -> Iterator[LibraryMessages]:
    """Collect what libraries log or warn while the block runs, instead of printing it.

    Some damaged PDFs make pdfminer log hundreds of lines; they belong with the document (as W120
    warnings, :meth:`LibraryMessages.summary`), not on the user's terminal.

    >>> with library_messages() as heard:
    ...     logging.getLogger("pdfminer.pdfpage").warning("CropBox missing from /Page, defaulting to MediaBox")
    >>> heard.summary()
    ("W120 1 messages from pdfminer while reading the file, e.g. 'CropBox missing from /Page, defaulting to MediaBox'",)
    """
    heard = LibraryMessages()
    root = logging.getLogger()
    root.addHandler(heard)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            heard.caught = caught
            yield heard
    finally:
        root.removeHandler(heard)

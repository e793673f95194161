"""Every error (E) and warning (W) code council-extract writes, in one registry.

``documents.error_code`` holds an E code and ``documents.warnings`` messages that start with a W code.
The extractors' codes live beside their exceptions and warning texts in ``extractors/base.py``
(``EXTRACTOR_CODES``: extractors never import pipeline/); the pipeline's are listed here, and
:data:`CODES` gathers both.  ``council-extract codes`` prints it and ``docs/codes.md`` is written from
it (``council-extract codes --markdown > docs/codes.md``; a test keeps the two in step, and another
fails when the source writes a code this registry does not list).

>>> CODES["E104"].action
'Install Tesseract (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng) and run again with --ocr auto (the default).'
>>> code_of("W103 3 running header/footer lines removed ('Page 1')")
'W103'
"""

from __future__ import annotations

import re

from extractors.base import EXTRACTOR_CODES, Code

PIPELINE_CODES: tuple[Code, ...] = (
    Code("E110", "No action, measure or project table was found: the file may not be a progress report, or "
         "its header row uses words the pipeline does not know.",
         "If it is a report, add its header words to the pipeline's vocabulary (docs/patterns.md) or "
         "report the layout as an issue."),
    Code("E111", "The file changed every time it was read (something was writing to it during the run); no row "
         "mixes two versions of it.",
         "Run it again once it is saved (it is retried on the next run: its content will differ)."),
    Code("E112", "Refused: the file's XML declares entities built from other entities (\"billion laughs\"), or "
         "an oversized entity, made to multiply a few bytes into gigabytes.",
         "Nothing in it was read.  If it is a genuine report, open and re-save it in Word or a browser."),
    Code("E113", "What reading the file produced (records and the text it set aside) is over the size one "
         "document may send back to the batch.",
         "Split the file and run the parts."),
    Code("W112", "Header cells named no known role; their columns were read by their content, or not at all.",
         "If a column holds a field, add its header words to a headers file (--headers FILE, docs/patterns.md)."),
    Code("W130", "A table stopped giving records part-way: rows below the last record row went into no field, "
         "context or header (documents.lost_rows lists them).",
         "Check the rows named: a note or group row the reader took for the table's end, or a layout change; "
         "report the layout as an issue if they are actions."),
    Code("W131", "Rows or paragraphs that look like records (status or RAG words, dates, field labels) gave no record.",
         "Check the page named: if they are actions, their header or label words may be unknown "
         "(--headers FILE, docs/patterns.md) or their layout unread; report it as an issue."),
    Code("W132", "The document gave no record at all; the message says how much text was in tables and lists and "
         "how much in paragraphs, and quotes the first text that went nowhere.",
         "Check the quoted text: if the file is a report, its layout or header words are not read yet "
         "(see E110's message for the header cells); report it as an issue."),
    Code("W133", "Text inside a table or list went into no field, context or header (documents.lost_rows lists "
         "the rows; documents.coverage is the share kept).",
         "Check the rows in `council-extract review` (marked 'went nowhere'); report a column or row kind that "
         "should have been read."),
    Code("W120", "A parsing library reported problems (log messages or Python warnings) while reading the file.",
         "Check the records of that file; the message quotes the first report."),
    Code("W140", "Reports of this run whose council or period could not be found (documents.council is null, or "
         "the period has neither period_start nor period_end; council_source/period_source say where the others came from): `council-extract lineage` "
         "cannot place them in a council's series.  Said once per run, in its summary, and by `lineage` for "
         "each report it leaves out; never as a warning on each document, where it would be on nearly all.",
         "Give it in a metadata CSV (run --metadata FILE with path,council,period) or put the file under "
         "<council>/<year>/ folders, and run again with --force."),
    Code("W121", "A text file saved as UTF-16 or UTF-32 with a byte-order mark (Notepad's \"Unicode\") was "
         "decoded from its mark.",
         "Nothing; the text was read as the mark says."),
    Code("W122", "Stray control bytes (a NUL, an escape) in a text file were dropped; the message names the "
         "first offsets.",
         "Check the file near those offsets if text seems missing; a download may have been damaged."),
    Code("E900", "council-extract itself crashed on this file (a bug, not bad input).",
         "It is retried on the next run; if it persists, report it with the file."),
    Code("E901", "The worker process running this file died (out of memory, killed, a crash in a C library).",
         "It is retried on the next run; run with fewer --workers if memory is short, and report it if it persists."),
)

CODES: dict[str, Code] = {c.code: c for c in sorted(EXTRACTOR_CODES + PIPELINE_CODES, key=lambda c: c.code)}
_CODE_AT_START = re.compile(r"^([EW]\d{3})\b")


def code_of(message: str) -> str | None:
    """The code a warning message starts with, or None."""
    m = _CODE_AT_START.match(message or "")
    return m.group(1) if m else None


def codes_markdown() -> str:
    """docs/codes.md: one table of errors and one of warnings (code, meaning, what to do)."""
    lines = [
        "# Error and warning codes",
        "",
        "Written from `pipeline/codes.py` by `council-extract codes --markdown > docs/codes.md`; do not edit by hand.",
        "A failed file has its E code in `documents.error_code`; warnings are in `documents.warnings`,",
        "each message starting with its W code.",
    ]
    for title, prefix in (("Errors (the file produced no records)", "E"), ("Warnings (content set aside)", "W")):
        lines += ["", f"## {title}", "", "| code | meaning | what to do |", "|---|---|---|"]
        lines += [f"| {c.code} | {c.meaning} | {c.action} |" for c in CODES.values() if c.code.startswith(prefix)]
    return "\n".join(lines) + "\n"

"""Text renderings of council reports (the seed format) -> Layout.

The format, as found in the seeds (../shared/corpus/seeds):

- a line with a tab is a table row, one cell per tab-separated field; cells may hold inline HTML
  (``<p>``, ``<ul><li>``, ``<b>``, ``<u>``, ``<del>``, entities) and bullet glyphs (• · ○ §);
- a line without a tab is a paragraph, with light markdown: ``#### heading``, ``**bold**``,
  ``- bullet`` (indented = nested), and ``**A****B**`` for a two-cell bold row;
- running page headers ("Appendix 1 Equalities Actions Update") repeat at every page break and
  mark page boundaries; ``--\t--\t---`` separator lines and website navigation are furniture.

The extractor only reshapes text: what a row *means* is pipeline/reading/'s business.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from bs4 import BeautifulSoup, NavigableString, Tag
from charset_normalizer import from_bytes

from extractors.base import (
    W103,
    W105,
    W109,
    Cell,
    DamagedFile,
    Dropped,
    EmptyFile,
    Layout,
    Settings,
    Table,
    Text,
    collapse_ws,
)
from extractors.text_tables import (
    TextTable,
    find_mixed_tab_space_table,
    find_text_tables,
    pipe_cell_lines,
    split_br_markup,
)

BULLET_GLYPHS = "•·○§▪●◦■-–*"
_GLYPH_SPLIT = re.compile(r"\s*[•○▪●◦§·]\s*")  # glyphs that only ever mean "new item" inside a cell
_LEADING_BULLET = re.compile(r"^\s*(?:[•○▪●◦■§·]|[-*](?=\s))\s*")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_BOLD_CELLS = re.compile(r"^\*\*(.+?)\*\*(?:\*\*(.+?)\*\*)+$")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_WIDE_GAP = re.compile(r"\S(?: {2,}|\t)(?=\S)")  # "Outputs    412 staff": a label and its value
_SEPARATOR = re.compile(r"^[\s|:\-–—_=]*$")
_BLOCK_TAGS = {"p", "li", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
_STRUCK_TAGS = {"del", "s", "strike"}
_BOLD_TAGS = {"b", "strong"}

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


def site_furniture_pattern(path: Path = PATTERNS_DIR / "site_furniture.jsonl") -> re.Pattern[str]:
    """The whole-line pattern of page furniture: the site-navigation phrases listed in ``path`` (one JSON
    object a line, ``{"pattern": REGEX}``, matched case-insensitively as the whole line) or a lone page
    number ("7", "page 7 of 12"; a four-digit year on its own line is content: a timescale).

    Raises ValueError naming the file and line when a line is not such an object or its regex is bad.

    >>> bool(site_furniture_pattern().match("Skip to main content")), bool(site_furniture_pattern().match("2024"))
    (True, False)
    """
    phrases = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            phrase = json.loads(line)["pattern"]
            re.compile(phrase)
        except (ValueError, KeyError, TypeError, re.error) as e:
            raise ValueError(f"{path.name} line {n}: expected {{\"pattern\": REGEX}} with a valid regex ({e}); fix that line") from e
        phrases.append(phrase)
    return re.compile(rf"^({'|'.join(phrases)}|(page\s*)?\d{{1,3}}(\s*of\s*\d{{1,3}})?)$", re.IGNORECASE)


# Council website furniture that text renderings of web pages carry along (seed 002).
FURNITURE = site_furniture_pattern()

DATA_FILE_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(\{\s*\"|\[\s*[\[{\"\d]|<\?xml)")
MIN_RUNNING_HEADER_REPEATS = 2
MAX_RUNNING_HEADER_CHARS = 120
MIN_RUNNING_HEADER_WORDS = 3


# Single-byte code pages charset-normalizer picks for short Western text.  Where the bytes are valid
# windows-1252 too (the code page of UK and Irish publishers' Word and Outlook exports) that is read
# instead: "£1.2m" is "Ł1.2m" in cp1250 and "café" is "cafť" in mac_latin2.
CP1252_RATHER_THAN = frozenset({"cp1250", "mac_latin2", "iso8859_2", "latin_1", "iso8859_15", "mac_roman", "cp850",
                                "cp437"})


def decode_bytes(data: bytes, path: Path, settings: Settings) -> tuple[str, tuple[str, ...]]:
    """Decode a text file: ``settings.encoding`` if set (``--encoding``), else UTF-8 (with or without
    BOM), else the best guess of charset-normalizer, windows-1252 preferred over the Central European
    and Latin-1 code pages whenever the bytes decode in both.  Returns (text, warnings: W105 for a
    fallback); raises DamagedFile naming the file when no text encoding fits.

    >>> decode_bytes("\ufeffPlan – 2025".encode("utf-8"), Path("p.txt"), Settings())
    ('Plan – 2025', ())
    >>> decode_bytes("Budget £1.2m for the café".encode("cp1252"), Path("p.txt"), Settings())[0]
    'Budget £1.2m for the café'
    """
    if settings.encoding:
        return data.decode(settings.encoding, errors="replace"), ()
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise DamagedFile(
            f"{path.name}: not valid UTF-8 and no other text encoding fits; "
            "if it is text, pass --encoding (e.g. --encoding latin-1)"
        )
    if best.encoding in CP1252_RATHER_THAN:
        try:
            return data.decode("cp1252"), (W105.format(encoding="cp1252"),)
        except UnicodeDecodeError:
            pass   # a byte cp1252 leaves undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d): not cp1252
    return str(best), (W105.format(encoding=best.encoding),)


# --- inline HTML / markdown inside one cell or paragraph -------------------------------------------------


class _Fragment:
    """Accumulates the items of one cell while walking its inline HTML."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []  # (text, is_bullet)
        self.buf: list[str] = []
        self.buf_bullet = False
        self.struck: list[str] = []  # struck-through pieces (<del>, <s>, <strike>), in order
        self.bold_chars = 0
        self.chars = 0

    def flush(self) -> None:
        text = collapse_ws("".join(self.buf))
        self.buf = []
        bullet = self.buf_bullet
        self.buf_bullet = False
        if not text:
            return
        # Bullet glyphs typed inside the text ("• Report taken ... • Compassionate ...") are item breaks.
        parts = [p for p in _GLYPH_SPLIT.split(text)]
        first = True
        for part in parts:
            part = collapse_ws(part)
            if part and not _SEPARATOR.match(part):
                self.items.append((part, bullet or not first))
            first = False

    def add_text(self, text: str, bold: bool) -> None:
        n = len(text.strip())
        self.chars += n
        if bold:
            self.bold_chars += n
        self.buf.append(text)


def _walk(node: Tag | NavigableString, frag: _Fragment, bold: bool) -> None:
    if isinstance(node, NavigableString):
        if node.__class__.__name__ in {"Comment", "Doctype", "Declaration"}:
            return
        frag.add_text(str(node), bold)
        return
    name = node.name.lower() if node.name else ""
    if name in _STRUCK_TAGS:
        if struck := collapse_ws(node.get_text(" ")):
            frag.struck.append(struck)
        return
    if name in {"script", "style"}:
        return
    if name in _BLOCK_TAGS or name in {"ul", "ol"}:
        frag.flush()
        if name == "li":
            frag.buf_bullet = True
    child_bold = bold or name in _BOLD_TAGS
    for child in node.children:
        if isinstance(child, Tag) and child.name and child.name.lower() in {"ul", "ol"}:
            frag.flush()
        if isinstance(child, Tag | NavigableString):  # bs4 children are always one of the two
            _walk(child, frag, child_bold)
    if name in _BLOCK_TAGS or name in {"ul", "ol"}:
        frag.flush()


def parse_inline(raw: str) -> tuple[tuple[tuple[str, bool], ...], bool, tuple[str, ...]]:
    """Split one cell's raw text into items: (text, is_bullet) pairs, whether it is all bold, and the
    struck-through pieces dropped (``<del>``, ``<s>``, ``<strike>``), whitespace collapsed.

    >>> parse_inline("<p>Intro:</p> <ul><li>• one</li><li>two<del> (old)</del></li></ul>")
    ((('Intro:', False), ('one', True), ('two', True)), False, ('(old)',))
    """
    raw = raw.strip()
    if not raw:
        return (), False, ()
    md_bold = False
    if "**" in raw:
        whole = re.fullmatch(r"\*\*(.+)\*\*", raw)
        md_bold = bool(whole and "**" not in whole.group(1))
        raw = _MD_BOLD.sub(r"<b>\1</b>", raw)
    frag = _Fragment()
    if "<" in raw or "&" in raw:
        soup = BeautifulSoup(raw, "html.parser")
        _walk(soup, frag, False)
    else:
        frag.add_text(raw, False)
    frag.flush()
    bold = md_bold or (frag.chars > 0 and frag.bold_chars >= frag.chars)
    return tuple(frag.items), bold, tuple(frag.struck)


def raw_to_cell(raw: str, page: int, line: int | None = None) -> Cell:
    """One tab-separated field of the seed format (on 1-based source ``line``) -> a Cell (items per
    paragraph / bullet).

    >>> c = raw_to_cell("<p>Done</p><ul><li>• next</li></ul>", 2, 14)
    >>> c.items, c.lines
    (('Done', 'next'), (14, 14))
    """
    items, bold, struck = parse_inline(raw)
    texts = tuple(t for t, _ in items)
    return Cell(
        text="\n".join(texts),
        page=page,
        bold=bold,
        items=texts,
        bullets=tuple(b for _, b in items),
        struck_chars=sum(len(t) for t in struck),
        lines=(line, line) if line is not None else None,
        struck_text=struck,
    )


def lines_to_cell(raw: str, page: int, lines: tuple[int, int] | None = None) -> Cell:
    """A cell from its raw lines (as a text table reader found them, joined by newlines).

    Wrapped lines join into one paragraph; a blank line or a line starting with a bullet glyph starts a
    new item (the glyph is dropped, the item marked as a bullet); inline HTML/markdown is read as in
    :func:`parse_inline`.  ``lines`` are the first and last source lines (1-based) the cell covers.

    >>> c = lines_to_cell("Pilot running in\\nEnvironment.\\n- Phase 2 <b>due</b>", 1)
    >>> c.items, c.bullets, c.text
    (('Pilot running in Environment.', 'Phase 2 due'), (False, True), 'Pilot running in Environment.\\nPhase 2 due')
    """
    paragraphs: list[tuple[list[str], bool]] = []
    new_paragraph = True
    for line in raw.split("\n"):
        stripped = line.strip()
        if not stripped:
            new_paragraph = True
            continue
        bullet = _LEADING_BULLET.match(stripped)
        if bullet:
            paragraphs.append(([stripped[bullet.end():]], True))
        elif new_paragraph:
            paragraphs.append(([stripped], False))
        else:
            paragraphs[-1][0].append(stripped)
        new_paragraph = False
    items: list[tuple[str, bool]] = []
    all_bold = bool(paragraphs)
    struck: tuple[str, ...] = ()
    for parts, is_bullet in paragraphs:
        found, bold, struck_here = parse_inline(" ".join(parts))
        items.extend((text, is_bullet or b) for text, b in found)
        all_bold, struck = all_bold and bold, struck + struck_here
    return Cell(
        text="\n".join(t for t, _ in items),
        page=page,
        bold=all_bold and bool(items),
        items=tuple(t for t, _ in items),
        bullets=tuple(b for _, b in items),
        struck_chars=sum(len(t) for t in struck),
        lines=lines,
        struck_text=struck,
    )


def text_table_to_table(found: TextTable, page: int,
                        line_of: Callable[[int], int] = lambda i: i + 1) -> tuple[Table, tuple[str, ...]]:
    """A :class:`Table` block from a table found in the text, with a W109 warning if rows were padded.

    ``line_of`` turns the table's 0-based line indices into 1-based source line numbers for the
    cells' ``lines`` (by default the table was found in the file's own lines).

    >>> from extractors.text_tables import TextTableKind
    >>> table, warnings = text_table_to_table(TextTable(0, 2, (("A", "B"), ("1", "")), TextTableKind.PIPE, (1,)), 3)
    >>> [[c.text for c in row] for row in table.rows], table.page, warnings
    ([['A', 'B'], ['1', '']], 3, ('W109 page 3: 1 rows of a pipe table had one cell fewer than the widest row; an empty cell was added (row numbers 2)',))
    >>> [c.lines for c in table.rows[1]]
    [(1, 2), (1, 2)]
    """
    def span(r: int, c: int) -> tuple[int, int]:
        if r < len(found.cell_lines) and c < len(found.cell_lines[r]):
            first, last = found.cell_lines[r][c]
        else:  # a reader that did not say where its cells are: the table's whole span
            first, last = found.start, found.end - 1
        return line_of(first), line_of(last)

    rows = tuple(tuple(lines_to_cell(raw, page, span(r, c)) for c, raw in enumerate(row))
                 for r, row in enumerate(found.rows))
    warnings: tuple[str, ...] = ()
    if found.padded_rows:
        numbers = ", ".join(str(k + 1) for k in found.padded_rows)
        warnings = (W109.format(page=page, n=len(found.padded_rows), kind=found.kind.value, rows=numbers),)
    return Table(rows=rows, page=page), warnings


# --- lines -> blocks ------------------------------------------------------------------------------------


def find_running_headers(lines: list[str]) -> set[str]:
    """Return paragraph lines that repeat like page headers.

    A page header stands alone (blank lines around it), repeats at least twice, has a few words, and
    at least once interrupts a table (a tab line is its nearest neighbour): seed 001 repeats
    "Appendix 1 Equalities Actions Update" at each of its page breaks, while seed 002 repeats a
    responsible officer in every record of a table flattened to paragraphs, which is content.
    """
    counts: Counter[str] = Counter()
    in_table: set[str] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    for k, i in enumerate(nonblank):
        if not _stands_alone_like_a_header(lines, i):
            continue
        text = lines[i].strip()
        counts[text] += 1
        neighbours = [lines[nonblank[k + d]] for d in (-1, 1) if 0 <= k + d < len(nonblank)]
        if any("\t" in n for n in neighbours):
            in_table.add(text)
    return {t for t, n in counts.items() if n >= MIN_RUNNING_HEADER_REPEATS and t in in_table and not _SEPARATOR.match(t)}


def _stands_alone_like_a_header(lines: list[str], i: int) -> bool:
    """True if line ``i`` could be a page header: a short paragraph line (no tab, not a bullet) of a few
    words with blank lines (or the file's edge) above and below it."""
    line = lines[i]
    if "\t" in line:
        return False
    text = line.strip()
    if not text or len(text) > MAX_RUNNING_HEADER_CHARS or _LEADING_BULLET.match(text):
        return False
    if len(re.findall(r"\w+", text)) < MIN_RUNNING_HEADER_WORDS:
        # "**GREEN**" stands alone many times in seed 003: a status, not a page header.
        return False
    return (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())


def _heading_text(line: str) -> tuple[int | None, str]:
    m = _MD_HEADING.match(line.strip())
    if m:
        return len(m.group(1)), m.group(2)
    return None, line


def line_to_blocks(line: str, page: int, *, blank_lines_before: int = 0, line_no: int | None = None) -> list[Text | Table]:
    """One paragraph line (no tab) -> Text blocks (one per item) or a one-row Table for ``**A****B**``.

    ``blank_lines_before`` and ``line_no`` are kept on the first block (where the line sat in the file).

    >>> [(b.text, b.heading_level) for b in line_to_blocks("#### Finance", 1)]
    [('Finance', 4)]
    """
    stripped = line.strip()
    level, body = _heading_text(stripped)
    m = _MD_BOLD_CELLS.match(body.strip())
    if m and level is None:
        # "**Waste & Recycling – new contract****GREEN**": a two-cell bold row flattened to one line (seed 003).
        cells = tuple(raw_to_cell(f"**{c}**", page, line_no) for c in re.findall(r"\*\*(.+?)\*\*", body))
        return [Table(rows=(cells,), page=page)]
    indent = len(line) - len(line.lstrip(" "))
    bullet_match = _LEADING_BULLET.match(body) if level is None else None
    if bullet_match:
        body = body[bullet_match.end():]
    items, bold, struck = parse_inline(body)
    gap = _WIDE_GAP.search(body.strip())
    gap_at = len(collapse_ws(body.strip()[: gap.start() + 1])) if gap and len(items) == 1 else None
    blocks: list[Text | Table] = []
    for n, (text, is_bullet) in enumerate(items):
        blocks.append(
            Text(
                text=text,
                page=page,
                heading_level=level,
                bold=bold,
                list_item=bool(bullet_match) or is_bullet,
                list_level=indent // 2,
                struck_chars=sum(len(t) for t in struck) if n == 0 else 0,
                struck_text=struck if n == 0 else (),
                blank_lines_before=blank_lines_before if n == 0 else 0,
                line=line_no,
                gap_at=gap_at if gap_at and gap_at < len(text) else None,
            )
        )
    return blocks


def tab_rows_to_table(rows: list[tuple[Cell, ...]], row_lines: list[str], page: int,
                      line_nos: Sequence[int] = ()) -> list[Text | Table]:
    """Blocks for a run of tab-separated rows (the seed format); ``line_nos`` are the rows' 1-based
    source lines.

    Usually one Table of the rows as split at tabs.  Two exceptions, both of text exported from a
    spreadsheet or a web page rather than the seed format: a run whose rows only line up when runs of
    2+ spaces count as cell breaks too (tabs mixed with spaces) is re-split that way, and a lone line
    whose tabs only indent one piece of text ("\\t\\t\\tFINANCIAL RESILIENCE PLAN") is a paragraph.

    >>> [type(b).__name__ for b in tab_rows_to_table([(Cell("", 1), Cell("PLAN", 1))], ["\\tPLAN"], 1)]
    ['Text']
    """
    if len(rows) == 1 and sum(not c.is_empty for c in rows[0]) == 1 and not row_lines[0].split("\t", 1)[0].strip():
        return line_to_blocks(row_lines[0].strip(), page, line_no=line_nos[0] if line_nos else None)
    mixed = find_mixed_tab_space_table(row_lines, 0, len(row_lines))
    if mixed is not None:
        numbered = len(line_nos) == len(row_lines)
        return [text_table_to_table(mixed, page, (lambda i: line_nos[i]) if numbered else (lambda i: i + 1))[0]]
    return [Table(rows=tuple(rows), page=page)]


def text_to_lines(text: str) -> list[str]:
    """The lines of a decoded text rendering as the extractor numbers them (``Text.line``,
    ``Cell.lines``: line n is ``text_to_lines(text)[n - 1]``): any line ending, and literal ``<br />``
    tags outside table rows, end a line.

    >>> text_to_lines("Plan\\r\\nA<br />B\\nC<br />\\tD")
    ['Plan', 'A', 'B', 'C<br />\\tD']
    """
    return split_br_markup(text.replace("\r\n", "\n").replace("\r", "\n")).split("\n")


def file_lines(path: Path, settings: Settings | None = None) -> list[str]:
    """The lines of a text rendering on disk, decoded and numbered as :class:`TextExtractor` does.

    >>> file_lines(Path("data/raw/001_bc951520d11eea04.txt"))[10]
    'Appendix 1 Equalities Actions Update'
    """
    text, _ = decode_bytes(path.read_bytes(), path, settings or Settings())
    return text_to_lines(text)


def text_to_layout(text: str, source: Path, warnings: tuple[str, ...] = ()) -> Layout:
    """Parse a decoded text rendering into a Layout.

    Literal ``<br />`` tags become line breaks first; tables spelled out in the text (pipes,
    delimiters, fixed-width columns: ``extractors/text_tables.py``) become Table blocks; tab rows are
    the seed format's table rows; every other line is a paragraph.

    >>> layout = text_to_layout("Plan<br />| A | B |<br />|---|---|<br />| 1 | 2 |", Path("p.txt"))
    >>> [type(b).__name__ for b in layout.blocks], layout.tables()[0].rows[1][1].text
    (['Text', 'Table'], '2')
    """
    lines = text_to_lines(text)
    text_tables = {t.start: t for t in find_text_tables(lines)}
    pipe_cells = pipe_cell_lines(lines, list(text_tables.values()))  # " |"-ended cells, no separator row
    reader = _LineReader(headers=find_running_headers(lines), warnings=list(warnings))
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        stripped = line.strip()
        if i - 1 in pipe_cells:
            line = stripped = stripped[:-1].rstrip()  # a lone "|" (an empty cell) becomes a blank line
        if i - 1 in text_tables:
            i = reader.take_text_table(text_tables[i - 1])
        elif not stripped:
            reader.blank_run += 1
        else:
            reader.take_line(line, stripped, line_no=i, pipe_cell=i - 1 in pipe_cells)
    return reader.to_layout(source)


@dataclass(slots=True)
class _LineReader:
    """The state of :func:`text_to_layout` as it reads a file's lines top to bottom: blocks so far, the
    tab rows of the table being collected, the page (running headers turn it) and what was dropped."""

    headers: set[str]                  # running-header lines (find_running_headers)
    warnings: list[str]
    blocks: list[Text | Table] = field(default_factory=list)
    rows: list[tuple[Cell, ...]] = field(default_factory=list)   # tab rows of the open table ...
    row_lines: list[str] = field(default_factory=list)           # ... their lines ...
    row_line_nos: list[int] = field(default_factory=list)        # ... and their 1-based line numbers
    table_page: int = 1
    page: int = 1
    seen_content: bool = False
    blank_run: int = 0                 # blank lines since the last line read
    header_hits: Counter[str] = field(default_factory=Counter)
    first_header: str | None = None
    dropped: list[Dropped] = field(default_factory=list)   # running headers, page numbers, site navigation (W103); struck paragraphs

    def end_table(self) -> None:
        """Emit the tab rows collected so far as a table (or paragraphs, see tab_rows_to_table)."""
        if self.rows:
            self.blocks.extend(tab_rows_to_table(self.rows, self.row_lines, self.table_page, self.row_line_nos))
            self.rows, self.row_lines, self.row_line_nos = [], [], []

    def take_text_table(self, found: TextTable) -> int:
        """Emit a table spelled out in the text (pipes, delimiters, columns); return the line after it."""
        self.end_table()
        table, table_warnings = text_table_to_table(found, self.page)
        self.blocks.append(table)
        self.warnings.extend(table_warnings)
        self.seen_content = True
        self.blank_run = 0
        return found.end

    def take_line(self, line: str, stripped: str, line_no: int, pipe_cell: bool) -> None:
        """One non-blank line: a running header, a rule, a tab row, page furniture or a paragraph."""
        blank_before, self.blank_run = self.blank_run, 0
        if "\t" not in line and stripped in self.headers:
            self.running_header(stripped, line_no)
        elif _SEPARATOR.match(line.replace("\t", "")):
            pass  # "--\t--\t---" markdown table rules, "_" scanning debris
        elif "\t" in line:
            self.tab_line(line, line_no)
        elif FURNITURE.match(stripped) and not pipe_cell:  # "7 |" is a row number cell, not a page
            self.dropped.append(Dropped("furniture", stripped, self.page, line_no))
        else:
            self.paragraph(line, stripped, blank_before, line_no)

    def running_header(self, text: str, line_no: int) -> None:
        """A running header marks a page break (once content has started) and is dropped."""
        self.header_hits[text] += 1
        self.first_header = self.first_header or text
        if self.seen_content:
            self.page += 1
        self.dropped.append(Dropped("furniture", text, self.page, line_no))

    def tab_line(self, line: str, line_no: int) -> None:
        """A line with tabs: a row of the open table, unless it is a rule or a bullet typed with a tab."""
        cells = tuple(raw_to_cell(c, self.page, line_no) for c in line.split("\t"))
        if all(c.is_empty or _SEPARATOR.match(c.text) for c in cells):
            return
        first = line.split("\t", 1)[0].strip()
        if len(first) == 1 and first in BULLET_GLYPHS and sum(not c.is_empty for c in cells[1:]) == 1:
            # "•\tVisits to Gateway – ...": a bullet typed with a tab, not a table row (seed 000).
            self.end_table()
            self.blocks.extend(line_to_blocks("• " + line.split("\t", 1)[1], self.page, line_no=line_no))
            self.seen_content = True
            return
        if not self.rows:
            self.table_page = self.page
        self.rows.append(cells)
        self.row_lines.append(line)
        self.row_line_nos.append(line_no)
        self.seen_content = True

    def paragraph(self, line: str, stripped: str, blank_before: int, line_no: int) -> None:
        """A paragraph line ends the open table; one struck through entirely is recorded as dropped."""
        self.end_table()
        new = line_to_blocks(line, self.page, blank_lines_before=blank_before, line_no=line_no)
        if not new:  # a paragraph struck through entirely: no block keeps its text
            self.dropped.extend(Dropped("struck", t, self.page, line_no) for t in parse_inline(stripped)[2])
        self.blocks.extend(new)
        self.seen_content = True

    def to_layout(self, source: Path) -> Layout:
        """The Layout read, with the running header as ``meta`` and W103 for what was dropped as furniture."""
        self.end_table()
        meta: tuple[tuple[str, str], ...] = ()
        if self.first_header:
            meta = (("running_header", _heading_text(self.first_header)[1].strip("*# ")),)
        warn = self.warnings
        for h, n in self.header_hits.items():
            warn.append(W103.format(n=n, text=h))
        if n_site := sum(d.kind == "furniture" for d in self.dropped) - sum(self.header_hits.values()):
            warn.append(W103.format(n=n_site, text="page numbers and site navigation"))
        return Layout(source=source, format="text", blocks=tuple(self.blocks), pages=self.page, warnings=tuple(warn),
                      meta=meta, dropped=tuple(self.dropped))


class TextExtractor:
    format: ClassVar[str] = "text"

    def sniff(self, head: bytes) -> bool:
        """True for bytes that decode as text and are not JSON/XML data.

        >>> TextExtractor().sniff(b"Action\\tLead"), TextExtractor().sniff(b'{"records": []}')
        (True, False)
        """
        if b"\x00" in head:
            return False  # binary (UTF-16 text would also have NULs; convert it to UTF-8 first)
        if DATA_FILE_START.match(head):
            return False  # JSON or XML data (e.g. gold files, ICDAR ground truth): not a report
        try:
            head.decode("utf-8")
            return True
        except UnicodeDecodeError as e:
            if e.start >= len(head) - 4:
                return True  # a multi-byte character cut by the 2 KiB window
        controls = sum(b < 9 or 13 < b < 32 for b in head)
        return controls == 0

    def extract(self, path: Path, settings: Settings) -> Layout:
        """Read one text file into a Layout (see :func:`text_to_layout`); an empty file is an EmptyFile error.

        >>> TextExtractor().extract(Path("data/raw/004_59fe58fd6413823e.txt"), Settings()).format
        'text'
        """
        data = path.read_bytes()
        if not data.strip():
            raise EmptyFile(f"{path.name}: the file holds no text; nothing to extract")
        text, warnings = decode_bytes(data, path, settings)
        return text_to_layout(text, path, warnings)

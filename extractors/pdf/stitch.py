"""Tables over pages: a table continued on the next page is joined to it, its repeated header rows
dropped, and a row the page break split is merged again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from extractors.base import Block, Cell, Table, Text
from extractors.pdf.cells import TERMINAL, Geometry
from extractors.pdf.settings import PdfSettings
from extractors.pdf.words import fix_spacing

JOINING = tuple(",-\u2013(/&")
JOINING_WORDS = frozenset(["and", "or", "the", "of", "to", "a", "an", "in", "for", "with", "by", "on", "at", "as", "from", "that", "which", "including"])
TITLE_COLUMN_MIN_SHARE = 0.6   # the title column is filled in at least this share of data rows
HEADER_MAX_ROWS = 4            # header rows repeated at a page top are among the table's first rows


def title_column(table: Table) -> int:
    """The leftmost column that is filled in most data rows (004's merged Commitments column is
    mostly empty, so its title column is 'Action Title')."""
    counts: Counter[int] = Counter()
    n = 0
    for row in table.rows:
        if sum(c is not None for c in row) < 2:
            continue
        n += 1
        for k, c in enumerate(row):
            if c is not None and not c.is_empty:
                counts[k] += 1
    for k in range(table.n_cols):
        if n and counts[k] >= TITLE_COLUMN_MIN_SHARE * n:
            return k
    return 0


def row_texts(row: Sequence[Cell | None]) -> tuple[str, ...]:
    return tuple("" if c is None else fix_spacing(c.text).lower() for c in row)


def wrapped(a: Cell, b: Cell, settings: PdfSettings, geom: Geometry | None) -> bool:
    """True if the first word of ``b`` would not have fitted after the last line of ``a`` (the line
    wrapped), by the text geometry kept for both cells; False if it is not known."""
    geom = geom or {}
    if a not in geom or b not in geom or not a.items or a.items[-1].endswith(TERMINAL):
        return False
    room, head = geom[a][0], geom[b][1]
    # Clearly too long for the room left, not just about the same (a list of names).
    return head > room + settings.cell_padding_slack_x_pt and head > 2 * room


def fitted(a: Cell, b: Cell, settings: PdfSettings, geom: Geometry | None) -> bool:
    """True if the first word of ``b`` would clearly have fitted after the last line of ``a``: then
    the line did not wrap into ``b`` (Word wraps at the first word that does not fit)."""
    geom = geom or {}
    if a not in geom or b not in geom:
        return False
    room, head = geom[a][0], geom[b][1]
    return head + settings.cell_padding_slack_x_pt < room


def continues_paragraph(a: Cell, b: Cell, settings: PdfSettings, geom: Geometry | None = None) -> bool:
    """True if ``b`` (top of a page) carries on the last paragraph of ``a`` (bottom of the page before).

    000's "There is room for improvement still here and" | "following the appointment ...";
    002's "... Equalities and Corporate Policy" | "Officer": the next word would not have fitted
    on the last line, so the line wrapped and the paragraph carries on.
    """
    if not a.items or not b.items or b.bullets[0]:
        return False
    last, first = a.items[-1], b.items[0]
    return (wrapped(a, b, settings, geom) or first[:1].islower() or last.endswith(JOINING)
            or last.rsplit(" ", 1)[-1].lower() in JOINING_WORDS)


def join_items(a: Cell, b: Cell, settings: PdfSettings, geom: Geometry | None = None) -> Cell:
    """Merge a cell split by a page break: the paragraph cut at the break becomes one item again."""
    page_end = b.page_end or b.page
    if b.is_empty:
        return replace(a, fill=a.fill or b.fill, struck_chars=a.struck_chars + b.struck_chars, page_end=page_end)
    if a.is_empty:
        return replace(b, page=a.page, bbox=a.bbox, fill=a.fill or b.fill, struck_chars=a.struck_chars + b.struck_chars,
                       page_end=page_end)
    items, bullets = list(a.items), list(a.bullets)
    b_items, b_bullets = list(b.items), list(b.bullets)
    if continues_paragraph(a, b, settings, geom):
        items[-1] = f"{items[-1]} {b_items[0]}"
        b_items, b_bullets = b_items[1:], b_bullets[1:]
    items += b_items
    bullets += b_bullets
    joined = replace(a, text="\n".join(items), items=tuple(items), bullets=tuple(bullets),
                     bold=a.bold and b.bold, struck_chars=a.struck_chars + b.struck_chars,
                     fill=a.fill or b.fill, page_end=page_end)
    if geom is not None and a in geom and b in geom:
        geom[joined] = (geom[b][0], geom[a][1])  # a row running over three pages
    return joined


def is_continuation(prev_row: Sequence[Cell | None], row: Sequence[Cell | None], title_col: int,
                    settings: PdfSettings, geom: Geometry | None = None) -> bool:
    """A row carried over from the previous page: its title cell is empty, or it starts mid-sentence
    and is not a whole row of its own.

    A full-width row (one cell) continues a full-width row only mid-paragraph (003's progress rows).
    A row whose title merely begins in lower case ("e-learning modules completed") but that fills
    every column the previous row fills, and whose first word would have fitted on the previous
    title's last line, is a row of its own (stitch-lowercase-row-not-glued).
    """
    if len(row) != len(prev_row):
        return False
    if sum(c is not None for c in row) < 2 or sum(c is not None for c in prev_row) < 2:
        return _full_width_continues(prev_row, row, settings, geom)
    title = row[title_col]
    if title is None or title.is_empty:
        # Text carried over, or only struck-through text carried over (004's decoy at a page top).
        return any(c is not None and (not c.is_empty or c.struck_chars) for c in row)
    prev_title = prev_row[title_col]
    if prev_title is None or not _starts_mid_sentence(prev_title, title):
        return False
    incomplete = any(p is not None and not p.is_empty and (c is None or c.is_empty) for p, c in zip(prev_row, row))
    return incomplete or not fitted(prev_title, title, settings, geom)


def _full_width_continues(prev_row: Sequence[Cell | None], row: Sequence[Cell | None], settings: PdfSettings,
                          geom: Geometry | None) -> bool:
    """For rows of one cell or less: both are one full-width cell, and the row goes on mid-paragraph."""
    full = [c for c in row if c is not None]
    prev_full = [c for c in prev_row if c is not None]
    return (len(full) == len(prev_full) == 1 and row[0] is not None and prev_row[0] is not None
            and continues_paragraph(prev_row[0], row[0], settings, geom))


def _starts_mid_sentence(prev_title: Cell, title: Cell) -> bool:
    """True if ``title`` begins in lower case after a previous title with text whose last item is unfinished."""
    return (title.text[:1].islower() and not prev_title.is_empty
            and not prev_title.items[-1].endswith(TERMINAL))


def repeated_header_rows(prev: Table, rows: Sequence[Sequence[Cell | None]]) -> int:
    """How many rows at the top of the next page repeat the table's header.

    They must repeat, in order, a run of the table's first rows that looks like a header: set bold
    throughout (Word's repeated header rows), two rows or more, or the first row when it is all short
    labels with no figures (York's SOPN repeats its plain-type header).  A data row equal to one of the
    first rows is kept (stitch-repeated-data-row-kept, stitch-headerless-repeated-row-kept).
    """
    head = list(prev.rows[:HEADER_MAX_ROWS])
    texts = [row_texts(r) for r in head]
    for start in range(len(head)):
        k = 0
        while (k < len(rows) and start + k < len(head) and any(texts[start + k])
               and row_texts(rows[k]) == texts[start + k]):
            k += 1
        if k >= 2 or (k == 1 and (is_bold_row(head[start]) or (start == 0 and is_label_row(head[0])))):
            return k
    return 0


def is_label_row(row: Sequence[Cell | None]) -> bool:
    """A first row of short labels with no figure in them ("Surname | Other Names | Home Address"): a
    header in plain type, as a printed web page or a register repeats it.  A data row of a headerless
    table carries figures ("Library visits | 1,200 | 1,350")."""
    cells = [c for c in row if c is not None and not c.is_empty]
    return len(cells) >= 2 and all(len(c.text.split()) <= 6 and not re.search(r"\d", c.text) for c in cells)


def is_bold_row(row: Sequence[Cell | None]) -> bool:
    cells = [c for c in row if c is not None and not c.is_empty]
    return bool(cells) and all(c.bold for c in cells)


def stitch(prev: Table, nxt: Table, settings: PdfSettings, geom: Geometry | None = None) -> Table:
    """Join ``nxt`` (top of the next page) onto ``prev``: drop its repeated header rows, merge a
    row split by the page break."""
    rows = list(nxt.rows)
    rows = rows[repeated_header_rows(prev, rows):]
    out = list(prev.rows)
    if rows and out:
        tc = title_column(prev)
        if is_continuation(out[-1], rows[0], tc, settings, geom):
            a, b = out[-1], rows.pop(0)
            merged = tuple(
                (x if y is None else y) if x is None else (x if y is None else join_items(x, y, settings, geom))
                for x, y in zip(a, b)
            )
            out[-1] = merged
    return Table(rows=tuple(out + rows), page=prev.page, bbox=prev.bbox, ruled=prev.ruled)


def same_columns(a: tuple[float, ...] | None, b: tuple[float, ...] | None, settings: PdfSettings) -> bool:
    if not a or not b or len(a) != len(b):
        return False
    return all(abs(x - y) <= settings.same_column_x_pt for x, y in zip(a, b))


def same_width(a: Table, b: Table, settings: PdfSettings) -> bool:
    if a.bbox is None or b.bbox is None:
        return False
    return (abs(a.bbox[0] - b.bbox[0]) <= settings.same_column_x_pt
            and abs((a.bbox[2] - a.bbox[0]) - (b.bbox[2] - b.bbox[0])) <= settings.same_width_x_pt)


def box_to_texts(t: Table) -> list[Text]:
    """The items of a one-column box (a call-out, not a table) as Text blocks."""
    out = []
    for row in t.rows:
        for c in row:
            if c is None:
                continue
            for item, bullet in zip(c.items, c.bullets):
                out.append(Text(text=item, page=c.page, bold=c.bold, list_item=bullet, bbox=c.bbox))
    return out


def stitch_blocks(sequence: list[tuple[Block, tuple[float, ...] | None]], settings: PdfSettings,
                  geom: Geometry) -> list[Block]:
    """Blocks in reading order (each table with its column starts) -> blocks with tables joined over pages."""
    blocks: list[Block] = []
    last_cols: tuple[float, ...] | None = None
    tail_page = 0  # page of the last piece of the last table (a merged row keeps its first page)
    for block, cols in sequence:
        prev = blocks[-1] if blocks else None
        if not isinstance(block, Table):
            blocks.append(block)
            last_cols = None
            continue
        follows = isinstance(prev, Table) and block.page == tail_page + 1
        tail_page = block.page
        if follows and same_columns(last_cols, cols, settings):
            blocks[-1] = stitch(prev, block, settings, geom)  # type: ignore[arg-type]
            last_cols = cols
            continue
        if block.n_cols == 1:
            if follows and same_width(prev, block, settings):  # type: ignore[arg-type]
                # A page that is all one full-width row (003's 42-item Customer services progress).
                pad = (None,) * (prev.n_cols - 1)  # type: ignore[union-attr]
                widened = replace(block, rows=tuple(tuple(r) + pad for r in block.rows))
                blocks[-1] = stitch(prev, widened, settings, geom)  # type: ignore[arg-type]
                continue
            # A one-column box is a call-out, not a table (race disparity audit): its items are text.
            blocks.extend(box_to_texts(block))
            last_cols = None
            continue
        blocks.append(block)
        last_cols = cols
    return blocks

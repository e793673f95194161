"""HTML tables: spans expanded into a grid, nested tables split out or kept as cell text, RAG fills.

A ``<table>`` the flow met (:class:`~extractors.html_flow.TableAt`) becomes one or more
:class:`~extractors.base.Table` blocks (see the :mod:`extractors.html` docstring for the rules).
Work is bounded by the input, so a hostile page cannot turn kilobytes into minutes or gigabytes.

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup("<table><tr><td rowspan=2>A</td><td>B</td></tr><tr><td>C</td></tr></table>", "lxml")
>>> [[(c.text, c.spanned) for c in row] for row in table_to_blocks(soup.table, Tally(), page=1)[0].rows]
[[('A', False), ('B', False)], [('A', True), ('C', False)]]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterator, Sequence

from bs4 import BeautifulSoup, Tag

from extractors.base import Block, Cell, Dropped, Table, Text, collapse_ws, rag_fill_name
from extractors.html_flow import FlowItem, Style, TableAt, bold_of, child_tags, css_of, read_flow, short_text
from extractors.para_lines import ParaLine

# Browsers allow colspan=1000; no council table is a tenth as wide.  A table is at most SPAN_SLACK times
# as wide as its widest row's own cells: rowspan="0" on every row (span to the end of the row group)
# otherwise builds a staircase as wide as the table is long (2,000 rows -> 4 million slots).
MAX_TABLE_COLUMNS = 100
SPAN_SLACK = 2
# Slots a table's spans may fill: this many per cell written in the page, and at least SPAN_SLOTS_MIN.
SPAN_SLOTS_PER_CELL = 100
SPAN_SLOTS_MIN = 200_000
# Tables nested deeper than this inside cells are read as the cell's text (Oxford City Council's form page
# nests 3 deep; 100,000 nested tables took 407 s before this limit).
MAX_TABLE_DEPTH = 10


@dataclass(slots=True)
class Tally:
    """Counts struck characters dropped anywhere in the page, including paragraphs struck out entirely,
    carries the page's class -> RAG colour rules, and numbers tables in document order (``Cell.index``)."""

    struck_chars: int = 0
    class_fills: dict[str, str] = field(default_factory=dict)
    spans_cut: int = 0          # cells whose row/column span was shortened (W106)
    cells_dropped: int = 0      # cells pushed past a table's last column (W106)
    tables_flattened: int = 0   # tables nested past MAX_TABLE_DEPTH, read as text (W108)
    tables: int = 0
    dropped: list[Dropped] = field(default_factory=list)   # paragraphs struck out entirely


def flow_to_blocks(flow: list[FlowItem], tally: Tally, depth: int = 0) -> Iterator[Block]:
    """The flow's paragraphs as Text blocks and its tables read; struck text is tallied."""
    for item in flow:
        if isinstance(item, TableAt):
            yield from table_to_blocks(item.tag, tally, item.page, depth + 1)
            continue
        tally.struck_chars += item.struck_chars
        tally.dropped.extend(item.dropped())
        if item.text:
            yield item.to_text()


_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})


def _own_rows(table: Tag) -> list[tuple[Tag, int]]:
    """The table's own rows (not those of tables in its cells), each with the end of its row group.

    The end (one past the group's last row) is where ``rowspan="0"`` stops; rows outside any
    thead/tbody/tfoot form one group.  Walks only the table's structure, never its cells' content.
    """
    rows: list[tuple[Tag, int]] = []
    stack: list[tuple[Tag, int]] = [(c, 0) for c in reversed(child_tags(table))]
    while stack:
        tag, group = stack.pop()
        if tag.name == "tr":
            rows.append((tag, group))
        elif tag.name not in ("table", "td", "th"):   # row groups, and wrappers of malformed pages (<form>)
            inner = id(tag) if tag.name in _ROW_GROUPS else group
            stack.extend((c, inner) for c in reversed(child_tags(tag)))
    group_end = {group: i + 1 for i, (_, group) in enumerate(rows)}
    return [(tr, group_end[group]) for tr, group in rows]


def table_to_blocks(table: Tag, tally: Tally, page: int, depth: int = 1) -> list[Block]:
    """Expand spans and split the table around nested tables (see the :mod:`extractors.html` docstring).

    Spans are bounded by the table: a row span stops at the end of its row group, the table is at
    most SPAN_SLACK times as wide as its widest row's own cells (and MAX_TABLE_COLUMNS), and the
    slots spans fill are budgeted by the table's size; what is cut is counted for W106.

    Cells get ``index`` (table, row, column): the table's number among the page's tables in document
    order (a nested table numbered after the one holding it), the ``<tr>``'s number in its table and
    the grid column after spans are expanded; a spanned copy keeps the index of the cell it copies.
    """
    number = tally.tables
    tally.tables += 1
    rows = _own_rows(table)
    cells = [tr.find_all(["td", "th"], recursive=False) for tr, _ in rows]
    grid = _Grid.for_rows(cells, number, page, depth, tally)
    for r, (_, group_end) in enumerate(rows):
        grid.fill_row(r, cells[r], group_end)
    blocks: list[Block] = []
    caption = table.find("caption", recursive=False)
    if isinstance(caption, Tag):
        blocks.extend(flow_to_blocks(read_flow(caption, Style(), page).out, tally, depth))
    blocks.extend(grid.to_blocks())
    return blocks


@dataclass(slots=True)
class _Grid:
    """One table's slots, filled row by row with every span copied into the slots it covers, and the
    blocks of tables nested in each row's cells."""

    number: int                  # the table's number on the page (Cell.index)
    page: int
    depth: int                   # how deep the table is nested in other tables' cells
    tally: Tally
    width_cap: int               # columns the table may have
    budget: int                  # slots its spans may still fill
    slots: list[list[Cell | None]]
    nested: list[list[Block]]

    @classmethod
    def for_rows(cls, cells: Sequence[Sequence[Tag]], number: int, page: int, depth: int, tally: Tally) -> "_Grid":
        """An empty grid for rows of ``cells``, its width cap and span budget set from their count."""
        own_width = max((sum(_span(td.get("colspan"), MAX_TABLE_COLUMNS) for td in tds) for tds in cells), default=0)
        return cls(
            number=number, page=page, depth=depth, tally=tally,
            width_cap=min(MAX_TABLE_COLUMNS, SPAN_SLACK * max(own_width, 1)),
            budget=max(SPAN_SLOTS_MIN, SPAN_SLOTS_PER_CELL * sum(map(len, cells))),
            slots=[[] for _ in cells], nested=[[] for _ in cells],
        )

    def fill_row(self, r: int, tds: list[Tag], group_end: int) -> None:
        """Place row ``r``'s cells in the first free slots; a cell past the width cap is dropped (W106)."""
        col = 0
        for td in tds:
            slots = self.slots[r]
            while col < len(slots) and slots[col] is not None:
                col += 1
            if col >= self.width_cap:
                self.tally.cells_dropped += 1
                continue
            cell, inner = cell_from_tag(td, self.tally, self.page, self.depth, in_data_row=len(tds) >= 2)
            self.nested[r].extend(inner)
            rowspan, colspan = self.spans(td, r, col, group_end)
            self.place(replace(cell, index=(self.number, r, col)), r, col, rowspan, colspan)
            col += colspan

    def spans(self, td: Tag, r: int, col: int, group_end: int) -> tuple[int, int]:
        """(rowspan, colspan) of a cell at (r, col), cut to the row group, the width cap and the budget."""
        rowspan = _span(td.get("rowspan"), group_end - r, zero_to_end=True)
        colspan = min(_span(td.get("colspan"), MAX_TABLE_COLUMNS), self.width_cap - col)
        if rowspan * colspan > max(self.budget, 1):
            rowspan, colspan = 1, 1
            self.tally.spans_cut += 1
        self.budget -= rowspan * colspan
        return rowspan, colspan

    def place(self, cell: Cell, r: int, col: int, rowspan: int, colspan: int) -> None:
        """Put ``cell`` at (r, col) and a spanned copy in every other free slot it covers."""
        copy = replace(cell, spanned=True) if rowspan * colspan > 1 else cell   # one copy, shared
        for dr in range(rowspan):
            row_slots = self.slots[r + dr]
            if len(row_slots) < col + colspan:
                row_slots.extend([None] * (col + colspan - len(row_slots)))
            for dc in range(colspan):
                if row_slots[col + dc] is None:
                    row_slots[col + dc] = cell if dr == dc == 0 else copy

    def to_blocks(self) -> list[Block]:
        """The rows with text as Tables, split after each row whose cells held nested tables, which
        follow it; slots no cell covers become empty cells."""
        width = max((len(g) for g in self.slots), default=0)
        blocks: list[Block] = []
        segment: list[tuple[Cell | None, ...]] = []
        for r, slots in enumerate(self.slots):
            row = tuple(c if c is not None else Cell(text="", page=self.page, index=(self.number, r, k))
                        for k, c in enumerate(slots + [None] * (width - len(slots))))
            if row and any(not c.is_empty for c in row):
                segment.append(row)
            if self.nested[r]:
                if segment:
                    blocks.append(Table(rows=tuple(segment), page=self.page))
                blocks.extend(self.nested[r])
                segment = []
        if segment:
            blocks.append(Table(rows=tuple(segment), page=self.page))
        return blocks


def cell_from_tag(td: Tag, tally: Tally, page: int, depth: int,
                   in_data_row: bool = False) -> tuple[Cell, list[Block]]:
    """One cell, and the tables nested in it.

    In a row of two or more cells, a table nested in a cell that also has text of its own stays in
    the cell's text, one item per nested row ("Q1 | 412"): a small table inside a progress cell is part
    of that progress, not a table of the page (../shared/bugcases/min-html-nested-table-*).  Otherwise
    (a layout wrapper, a form cell holding only a table) the nested tables are returned as blocks.
    """
    style = Style(bold=bold_of(td.name, css_of(td), False), struck="line-through" in css_of(td))
    read = read_flow(td, style, page, read_tables=depth < MAX_TABLE_DEPTH)
    tally.tables_flattened += read.tables_flattened
    flow = read.out
    paras = [p for p in flow if isinstance(p, ParaLine)]
    entries, inner = _cell_entries(flow, tally, depth, nested_as_text=in_data_row and any(p.text for p in paras))
    items = tuple(t for t, _, _ in entries)
    struck_chars = sum(p.struck_chars for p in paras)
    tally.struck_chars += struck_chars
    cell = Cell(
        text="\n".join(items), page=page, bold=bool(entries) and all(b for _, b, _ in entries),
        struck=not items and struck_chars > 0, items=items, bullets=tuple(li for _, _, li in entries),
        struck_chars=struck_chars, fill=_fill_name(td, tally.class_fills),
        struck_text=tuple(t for p in paras for t in p.struck_text),
    )
    return cell, inner


def _cell_entries(flow: list[FlowItem], tally: Tally, depth: int,
                  nested_as_text: bool) -> tuple[list[tuple[str, bool, bool]], list[Block]]:
    """The lines of a cell's flow as (text, bold, list item) in order, and the blocks of the tables
    nested in it; with ``nested_as_text`` a nested table's rows are lines of the cell instead."""
    entries: list[tuple[str, bool, bool]] = []
    inner: list[Block] = []
    for part in flow:
        if isinstance(part, ParaLine):
            if part.text:
                entries.append((part.text, part.bold, part.list_item))
        elif isinstance(part, TableAt):
            blocks = table_to_blocks(part.tag, tally, part.page, depth + 1)
            if nested_as_text:
                entries.extend((line, False, False) for block in blocks for line in _block_lines(block))
            else:
                inner.extend(blocks)
    return entries, inner


def _block_lines(block: Block) -> list[str]:
    """A nested block as lines of cell text: a table row's distinct cells joined with " | "."""
    if isinstance(block, Text):
        return [block.text] if block.text else []
    lines = []
    for row in block.rows:
        texts: list[str] = []
        for c in row:
            if c is not None and c.text and (not texts or texts[-1] != c.text):
                texts.append(collapse_ws(c.text))
        if texts:
            lines.append(" | ".join(texts))
    return lines


def _span(value: object, limit: int, zero_to_end: bool = False) -> int:
    """A row/column span as a count in 1..limit; ``rowspan="0"`` (``zero_to_end``) spans to ``limit``.

    >>> _span("0", 7, zero_to_end=True), _span("0", 7), _span("1000", 7), _span("x", 7)
    (7, 1, 7, 1)
    """
    try:
        n = int(str(value).strip()) if value is not None else 1
    except ValueError:
        return 1
    if n == 0 and zero_to_end:   # HTML: rowspan=0 spans to the end of the row group; colspan=0 means 1
        return max(limit, 1)
    return max(1, min(n, limit))


_BACKGROUND = re.compile(r"background(?:-color)?\s*:\s*([^;]+)", re.I)
_COLOUR = re.compile(r"(?<![-\w])color\s*:\s*([^;]+)", re.I)
_RAG_CLASS = re.compile(r"(?:^|[-_])(green|amber|red)(?:$|[-_])", re.I)
_DOT_GLYPHS = frozenset("●⬤■◼◆♦•")


def class_fills(soup: BeautifulSoup) -> dict[str, str]:
    """Map class names to a RAG colour from the page's own ``<style>`` rules (``.rag-green{background:#00B050}``)."""
    out: dict[str, str] = {}
    for style in soup.find_all("style"):
        for rule in style.get_text().split("}"):    # not a regex over the sheet: linear in its length
            selectors, brace, body = rule.rpartition("{")
            if not brace:
                continue
            m = _BACKGROUND.search(body)
            name = rag_fill_name(m.group(1)) if m else None
            if name is None:
                continue
            for cls in re.findall(r"\.([\w-]+)\s*(?:,|$)", selectors.strip()):
                out[cls] = name
    return out


def _fill_name(td: Tag, fills_by_class: dict[str, str]) -> str | None:
    """RAG colour of a cell: inline background, bgcolor, a class styled in the page's <style> or named
    after its colour ("rag rag-green"), or a lone traffic-light dot in a coloured font."""
    match = _BACKGROUND.search(css_of(td))
    if name := rag_fill_name(match.group(1) if match else str(td.get("bgcolor", ""))):
        return name
    for cls in td.get("class") or ():
        if name := fills_by_class.get(cls):
            return name
        if m := _RAG_CLASS.search(cls):
            return m.group(1).lower()
    if short_text(td) in _DOT_GLYPHS:        # a few nodes at most, so the search below is short
        for tag in [td, *td.find_all(True)]:
            if (m := _COLOUR.search(css_of(tag))) and (name := rag_fill_name(m.group(1))):
                return name
    return None

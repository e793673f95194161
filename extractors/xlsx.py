"""Spreadsheet extractor: XLSX, XLSM and ODS workbooks -> :class:`~extractors.base.Layout`.

Councils publish action trackers, risk registers and KPI workbooks as spreadsheets.  Every visible
sheet is read as tables:

- values come from python-calamine (Rust; reads a 100k-row sheet in a fraction of the time openpyxl
  takes): formulas as their cached values, dates stored as serial numbers as dates ("31 March 2024"),
  whole numbers without ".0", a cell with line breaks as a list of items;
- openpyxl adds what calamine does not give (XLSX/XLSM only, and only for workbooks small enough for
  it): fill colours (RAG shading), bold, hidden rows and columns;
- merged ranges (calamine, every format) are copied into every slot they cover, copies marked
  ``spanned`` (as HTML and DOCX do), so a header spanning columns and a commitment spanning rows read
  like theirs;
- the sheet's name is a heading above its tables (the section), unless it is an application's default
  name ("Sheet1"); the rows above the first row with two filled cells (a title block) are paragraphs;
  blocks separated by blank rows are separate tables unless they share the same columns (then one
  table: the pipeline finds a second header row inside a table as it does on a repeated page header);
- hidden sheets, rows and columns are skipped and said so (W150, W151).

Provenance: a cell's ``page`` is the sheet's 1-based number in the workbook and its ``index`` is
(table, row, column) with row and column 0-based on the sheet (A1 = row 0, column 0; a merged cell's
copies carry the index of its top-left cell); :func:`cell_name` spells it "B4".

Limits: the zip directory is checked before anything is inflated (zip bombs, E106); each sheet's
used area (rows x columns from its cell references, read by streaming the sheet's XML) must be under
``MAX_SHEET_CELLS`` (E106 names the sheet); rows past ``MAX_SHEET_ROWS`` are not read (W152).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from extractors.base import (
    Block,
    Cell,
    DamagedFile,
    EncryptedFile,
    FileTooLarge,
    Layout,
    Row,
    Settings,
    Table,
    Text,
    UnsupportedFormat,
    collapse_ws,
    rag_fill_name,
)

W150 = "W150 {n} hidden sheets skipped ({names})"
W151 = "W151 sheet {sheet!r}: {rows} hidden rows and {cols} hidden columns skipped"
W152 = "W152 sheet {sheet!r}: rows after row {limit} were not read ({n} more rows)"
W153 = "W153 colours, bold and hidden rows not read: the workbook is too large for openpyxl ({mb:.0f} MB of sheet XML)"

ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_UNCOMPRESSED_MB = 1000.0     # a workbook inflating past this is refused (zip bomb)
MAX_ENTRY_RATIO = 200.0          # an entry over 20 MB inflating more than this ratio is refused
MAX_SHEET_CELLS = 4_000_000      # rows x columns of one sheet's used area (calamine holds it densely)
MAX_SHEET_ROWS = 5_000            # rows read from one sheet (trackers hold hundreds); the rest: W152
OPENPYXL_MAX_XML_MB = 40.0       # styles/hidden rows are read with openpyxl only under this much sheet XML
CALAMINE_BYTES_PER_CELL = 40     # memory of one cell of a sheet's dense range (E106 estimate)
SCAN_CHUNK = 1 << 20
DEFAULT_SHEET_NAME = re.compile(
    r"^(sheet|feuil|tabelle|hoja|foglio|blad|planilha|arkusz|list|лист)\s*\d*$", re.IGNORECASE)
BULLET_START = re.compile(r"^\s*(?:[\u2022\u00b7\u25aa\u25cf\u25e6\u2013*-]|o(?=\s))\s+")
CELL_COL = re.compile(rb'<c r="([A-Z]{1,3})')          # how Excel, LibreOffice and openpyxl write a cell
CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,7})"')


def cell_name(row: int, col: int) -> str:
    """A1-style name of a 0-based (row, column).

    >>> cell_name(0, 0), cell_name(3, 1), cell_name(9, 27)
    ('A1', 'B4', 'AB10')
    """
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def column_number(letters: bytes) -> int:
    """1-based column number of column letters (b"A" -> 1, b"XFD" -> 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def cell_text(value: Any) -> str:
    """The text of one calamine value: dates spelled out, whole numbers without a decimal point.

    >>> cell_text(3.0), cell_text(2.5), cell_text(dt.date(2024, 3, 31)), cell_text(dt.datetime(2024, 3, 31, 0, 0))
    ('3', '2.5', '31 March 2024', '31 March 2024')
    >>> cell_text(dt.datetime(2024, 3, 31, 9, 30)), cell_text(True), cell_text(None)
    ('31 March 2024 09:30', 'TRUE', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        day = f"{value.day} {value:%B %Y}"
        return day if value.time() == dt.time() else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.10g}"
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def split_items(text: str) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """A cell's lines -> (items, bullets): each non-empty line an item, a leading bullet mark removed.

    >>> split_items("• Done\\n\\n- Next step\\nPlain")
    (('Done', 'Next step', 'Plain'), (True, True, False))
    """
    items: list[str] = []
    bullets: list[bool] = []
    for line in text.split("\n"):
        stripped = BULLET_START.sub("", line)
        item = collapse_ws(stripped)
        if item:
            items.append(item)
            bullets.append(stripped != line)
    return tuple(items), tuple(bullets)


# --- the container --------------------------------------------------------------------------------------------


def check_workbook_zip(path: Path, settings: Settings) -> tuple[str, dict[str, int]]:
    """Check a workbook's zip directory before anything is inflated; return its kind and entry sizes.

    Returns ("xlsx" | "ods", {entry name: uncompressed bytes}).  Raises DamagedFile (not a readable
    zip), EncryptedFile (an OLE container: a password-protected XLSX or an old .xls), UnsupportedFormat
    (a zip holding no workbook) or FileTooLarge (a zip bomb, or more inflated XML than the memory
    ceiling allows).
    """
    name = path.name
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFile(f"{name}: an OLE container (a password-protected workbook or an old .xls); save an "
                            "unprotected copy as .xlsx or .ods and run that")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise DamagedFile(f"{name}: the workbook is truncated or corrupt (its zip container cannot be read: {e}); "
                          "download it again or re-save it") from e
    sizes = {i.filename: i.file_size for i in infos}
    kind = "xlsx" if "xl/workbook.xml" in sizes else "ods" if "content.xml" in sizes else ""
    if not kind:
        raise UnsupportedFormat(f"{name}: a zip archive with no workbook in it (no xl/workbook.xml or content.xml)")
    total_mb = sum(sizes.values()) / 1e6
    if total_mb > MAX_UNCOMPRESSED_MB:
        raise FileTooLarge(f"{name}: would inflate to {total_mb:.0f} MB (limit {MAX_UNCOMPRESSED_MB:.0f} MB); "
                           "this looks like a zip bomb, not a council workbook; not opened")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 20e6 and ratio > MAX_ENTRY_RATIO:
            raise FileTooLarge(f"{name}: entry {info.filename} would inflate from {info.compress_size / 1e3:.0f} kB "
                               f"to {info.file_size / 1e6:.0f} MB (ratio {ratio:.0f}:1); this looks like a zip bomb; "
                               "not opened")
    xml_mb = sum(v for k, v in sizes.items() if k.endswith(".xml")) / 1e6
    if xml_mb * 4 > settings.max_memory_mb:
        raise FileTooLarge(f"{name}: {xml_mb:.0f} MB of XML would need about {xml_mb * 4:.0f} MB to read, over the "
                           f"{settings.max_memory_mb:g} MB memory ceiling; raise --max-memory-mb or split the workbook")
    return kind, sizes


def sheet_extent(zf: zipfile.ZipFile, entry: str) -> tuple[int, int]:
    """(rows, columns) of the area an XLSX sheet's cells span, from their ``r`` references, streamed.

    The ``<dimension>`` element can lie; the references are what calamine allocates for.  Distinct
    column letters and row numbers are collected per chunk (C-speed ``findall``), then compared.
    """
    max_row = max_col = 0
    tail = b""
    with zf.open(entry) as f:
        while chunk := f.read(SCAN_CHUNK):
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 and len(data) - cut < 512 else (data, b"")
            cols = set(CELL_COL.findall(data))
            if cols:
                max_col = max(max_col, max(column_number(c) for c in cols))
            rows = set(CELL_ROW.findall(data))
            if rows:
                max_row = max(max_row, max(int(r) for r in rows))
    return max_row, max_col


def xlsx_sheet_entries(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its XML entry in an XLSX package (from workbook.xml and its relationships)."""
    from lxml import etree

    wb = etree.fromstring(zf.read("xl/workbook.xml"), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    rels = etree.fromstring(zf.read("xl/_rels/workbook.xml.rels"),
                            parser=etree.XMLParser(resolve_entities=False, no_network=True))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for s in wb.iter("{*}sheet"):
        rid = next((v for k, v in s.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid, "")
        out[s.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def check_sheet_sizes(path: Path, kind: str) -> dict[str, int]:
    """Rows of each XLSX sheet's used area; raise FileTooLarge for a sheet whose area is too large to hold."""
    if kind != "xlsx":
        return {}
    rows: dict[str, int] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for sheet, entry in xlsx_sheet_entries(zf).items():
                if entry not in zf.namelist():
                    continue
                n_rows, n_cols = sheet_extent(zf, entry)
                rows[sheet] = n_rows
                if n_rows * n_cols > MAX_SHEET_CELLS:
                    raise FileTooLarge(
                        f"{path.name}: sheet {sheet!r} spans {n_rows:,} rows x {n_cols:,} columns "
                        f"({cell_name(n_rows - 1, n_cols - 1)}), over the {MAX_SHEET_CELLS:,}-cell limit of one "
                        "sheet; delete the empty or stray cells far from the table (or split the sheet) and run again")
    except (KeyError, zipfile.BadZipFile, OSError) as e:
        raise DamagedFile(f"{path.name}: the workbook's parts cannot be read ({e}); re-save it") from e
    except Exception as e:  # lxml: workbook.xml is not XML
        if isinstance(e, FileTooLarge):
            raise
        raise DamagedFile(f"{path.name}: the workbook's index cannot be read ({type(e).__name__}: {e}); "
                          "re-save it") from e
    return rows


# --- styles (openpyxl) --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class SheetStyles:
    """What openpyxl adds for one sheet: RAG fills, bold cells, hidden rows and columns (0-based)."""

    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    bold: set[tuple[int, int]] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def _fill_of(cell: Any) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or getattr(fill, "fill_type", None) != "solid":
        return None
    rgb = getattr(fill.fgColor, "rgb", None)
    if not isinstance(rgb, str) or len(rgb) < 6:
        return None  # theme or indexed colours: not resolved
    return rag_fill_name(f"#{rgb[-6:]}")


def read_styles(path: Path) -> dict[str, SheetStyles]:
    """Sheet name -> its :class:`SheetStyles`, read with openpyxl (XLSX/XLSM)."""
    import warnings

    import openpyxl
    from openpyxl.utils import column_index_from_string

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and friends
        wb = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    out: dict[str, SheetStyles] = {}
    try:
        for ws in wb.worksheets:
            st = SheetStyles()
            st.hidden_rows = {r - 1 for r, d in ws.row_dimensions.items() if d.hidden}
            for letter, d in ws.column_dimensions.items():
                if d.hidden:
                    lo = column_index_from_string(letter)
                    st.hidden_cols.update(range((d.min or lo) - 1, (d.max or lo)))
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None and not c.has_style:
                        continue
                    at = (c.row - 1, c.column - 1)
                    if (rag := _fill_of(c)) is not None:
                        st.fills[at] = rag
                    if c.value is not None and getattr(c.font, "b", False):
                        st.bold.add(at)
            out[ws.title] = st
    finally:
        wb.close()
    return out


# --- one sheet -> blocks --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Sheet:
    """One sheet's values (calamine, from A1), merged ranges and styles."""

    name: str
    number: int                                   # 1-based place in the workbook
    values: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    styles: SheetStyles


def sheet_cells(sheet: Sheet, table_no: int) -> dict[tuple[int, int], Cell]:
    """Every non-empty visible cell of the sheet as a Cell, merged ranges copied into their slots."""
    st = sheet.styles
    cells: dict[tuple[int, int], Cell] = {}
    for r, row in enumerate(sheet.values):
        if r in st.hidden_rows:
            continue
        for c, value in enumerate(row):
            text = cell_text(value)
            if c in st.hidden_cols or not text.strip():
                continue
            items, bullets = split_items(text)
            cells[(r, c)] = Cell("\n".join(items), sheet.number, bold=(r, c) in st.bold, items=items,
                                 bullets=bullets, fill=st.fills.get((r, c)), index=(table_no, r, c))
    for (r, c), rag in st.fills.items():  # a status shown by colour alone: an empty cell with a RAG fill
        if (r, c) not in cells and r < len(sheet.values) and r not in st.hidden_rows and c not in st.hidden_cols:
            cells[(r, c)] = Cell("", sheet.number, fill=rag, index=(table_no, r, c))
    for (r0, c0), (r1, c1) in sheet.merged:
        origin = cells.get((r0, c0))
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                if (r, c) == (r0, c0) or r in st.hidden_rows or c in st.hidden_cols:
                    continue
                if origin is not None:
                    cells[(r, c)] = Cell(origin.text, origin.page, bold=origin.bold, items=origin.items,
                                         bullets=origin.bullets, fill=origin.fill or st.fills.get((r, c)),
                                         spanned=True, index=origin.index)
    return cells


def row_blocks(cells: dict[tuple[int, int], Cell]) -> list[list[int]]:
    """Runs of consecutive sheet rows holding cells (a blank row ends a run)."""
    rows = sorted({r for r, _ in cells})
    runs: list[list[int]] = []
    for r in rows:
        if runs and r == runs[-1][-1] + 1:
            runs[-1].append(r)
        else:
            runs.append([r])
    return runs


def _distinct_in_row(cells: dict[tuple[int, int], Cell], r: int, cols: list[int]) -> int:
    return len({cells[(r, c)].index for c in cols if (r, c) in cells})


def sheet_to_blocks(sheet: Sheet, first_table: int) -> list[Block]:
    """One sheet -> its title paragraphs, heading (the sheet name) and tables, top to bottom.

    Tables are numbered from ``first_table`` in document order (the ``index`` of their cells).
    """
    cells = sheet_cells(sheet, first_table)
    runs = row_blocks(cells)
    cols_of = {r: sorted(c for rr, c in cells if rr == r) for run in runs for r in run}
    blocks: list[Block] = []
    groups: list[tuple[tuple[int, int], list[int]]] = []   # (column extent, rows)
    for run in runs:
        body = run
        if not groups:  # a title block: rows above the first row with two distinct filled cells
            k = 0
            while k < len(run) and _distinct_in_row(cells, run[k], cols_of[run[k]]) < 2:
                level = 1 if sheet.number == 1 and not blocks else None  # the workbook's title
                blocks.append(Text(cells[(run[k], cols_of[run[k]][0])].text, sheet.number, bold=True,
                                   heading_level=level))
                k += 1
            body = run[k:]
            if not body:
                continue
            if not DEFAULT_SHEET_NAME.match(sheet.name.strip()):  # the sheet's name: the section of its tables
                blocks.append(Text(collapse_ws(sheet.name), sheet.number, heading_level=2, bold=True))
        extent = (min(min(cols_of[r]) for r in body), max(max(cols_of[r]) for r in body))
        if groups and groups[-1][0] == extent:
            groups[-1][1].extend(body)
        else:
            groups.append((extent, list(body)))
    for n, ((lo, hi), rows) in enumerate(groups, start=first_table):
        table_rows: list[Row] = [tuple(_reindexed(cells.get((r, c)), n) for c in range(lo, hi + 1)) for r in rows]
        blocks.append(Table(tuple(table_rows), sheet.number))
    return blocks


def _reindexed(cell: Cell | None, table_no: int) -> Cell | None:
    if cell is None or cell.index is None or cell.index[0] == table_no:
        return cell
    from dataclasses import replace

    return replace(cell, index=(table_no, cell.index[1], cell.index[2]))


# --- the workbook ---------------------------------------------------------------------------------------------


def _sheet_values(sheet: Any, limit: int) -> tuple[list[list[Any]], int]:
    """The first ``limit`` rows of a calamine sheet (from A1) and how many rows were left unread."""
    values = [list(row) for row in sheet.to_python(skip_empty_area=False, nrows=limit)]
    return values, max(0, int(sheet.total_height) - len(values))


def workbook_to_layout(path: Path, settings: Settings) -> Layout:
    """Extract one XLSX/XLSM/ODS workbook into a Layout (see the module docstring)."""
    import python_calamine as pc

    kind, sizes = check_workbook_zip(path, settings)
    check_sheet_sizes(path, kind)
    styles, warnings = _styles_of(path, kind, sum(v for k, v in sizes.items() if k.startswith("xl/worksheets/")) / 1e6)
    wb = _open_calamine(path)
    blocks: list[Block] = []
    hidden_sheets: list[str] = []
    try:
        for number, meta in enumerate(wb.sheets_metadata, start=1):
            if meta.visible != pc.SheetVisibleEnum.Visible:
                hidden_sheets.append(meta.name)
                continue
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue  # chart sheets, dialog and macro sheets hold no cells
            sheet_blocks, sheet_warnings = _read_sheet(wb, meta.name, number, styles.get(meta.name, SheetStyles()),
                                                       path, sum(isinstance(b, Table) for b in blocks))
            blocks.extend(sheet_blocks)
            warnings.extend(sheet_warnings)
        n_sheets = len(wb.sheet_names)
    finally:
        wb.close()
    if hidden_sheets:
        warnings.insert(0, W150.format(n=len(hidden_sheets), names=", ".join(repr(s) for s in hidden_sheets)))
    return Layout(source=path, format=kind, blocks=tuple(blocks), pages=max(n_sheets, 1),
                  warnings=tuple(warnings), meta=_workbook_title(path, kind))


def _styles_of(path: Path, kind: str, xml_mb: float) -> tuple[dict[str, SheetStyles], list[str]]:
    """Each sheet's styles (openpyxl, XLSX under OPENPYXL_MAX_XML_MB of sheet XML), and W153 if not read."""
    if kind != "xlsx":
        return {}, []
    if xml_mb > OPENPYXL_MAX_XML_MB:
        return {}, [W153.format(mb=xml_mb)]
    try:
        return read_styles(path), []
    except Exception:  # noqa: BLE001 - styles are extra: calamine still reads the values
        return {}, [W153.format(mb=xml_mb).replace("too large for openpyxl", "not readable by openpyxl")]


def _open_calamine(path: Path) -> Any:
    import python_calamine as pc

    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as e:
        raise EncryptedFile(f"{path.name}: the workbook is password-protected; save an unprotected copy") from e
    except Exception as e:  # noqa: BLE001 - calamine raises its own types for damaged parts
        raise DamagedFile(f"{path.name}: the workbook cannot be read ({type(e).__name__}: {e}); "
                          "re-save it in Excel or LibreOffice") from e


def _read_sheet(wb: Any, name: str, number: int, st: SheetStyles, path: Path, first_table: int
                ) -> tuple[list[Block], list[str]]:
    """One visible sheet -> its blocks and warnings (rows past the limit, hidden rows and columns)."""
    try:
        cs = wb.get_sheet_by_name(name)
        values, extra = _sheet_values(cs, MAX_SHEET_ROWS)
        merged = list(cs.merged_cell_ranges or [])
    except Exception as e:  # noqa: BLE001 - calamine's own error types
        raise DamagedFile(f"{path.name}: sheet {name!r} cannot be read ({type(e).__name__}: {e}); "
                          "re-save the workbook") from e
    warnings = [W152.format(sheet=name, limit=MAX_SHEET_ROWS, n=extra)] if extra else []
    n_rows = sum(1 for r in st.hidden_rows if r < len(values) and any(cell_text(v) for v in values[r]))
    n_cols = sum(1 for c in st.hidden_cols if any(c < len(row) and cell_text(row[c]) for row in values))
    if n_rows or n_cols:
        warnings.append(W151.format(sheet=name, rows=n_rows, cols=n_cols))
    return sheet_to_blocks(Sheet(name, number, values, merged, st), first_table), warnings


def _workbook_title(path: Path, kind: str) -> tuple[tuple[str, str], ...]:
    """The workbook's own title (docProps/core.xml or meta.xml), if it has one."""
    entry = "docProps/core.xml" if kind == "xlsx" else "meta.xml"
    try:
        with zipfile.ZipFile(path) as zf:
            if entry not in zf.namelist() or zf.getinfo(entry).file_size > 1_000_000:
                return ()
            xml = zf.read(entry).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError):
        return ()
    m = re.search(r"<dc:title>([^<]+)</dc:title>", xml)
    return (("title", collapse_ws(m.group(1))),) if m and collapse_ws(m.group(1)) else ()


def is_workbook_zip(path: Path) -> bool:
    """True for a zip package holding a workbook (``xl/workbook.xml``, or an ODS ``mimetype``)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return True
            return "mimetype" in names and zf.getinfo("mimetype").file_size < 200 and \
                zf.read("mimetype").strip() == ODS_MIME
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return False


class XlsxExtractor:
    """Excel workbooks (.xlsx, .xlsm): a zip whose first entries are an ``xl/`` package."""

    format: ClassVar[str] = "xlsx"

    def sniff(self, head: bytes) -> bool:
        """True for a zip whose first entries name an Excel package.

        >>> XlsxExtractor().sniff(b"PK\\x03\\x04" + b"\\0" * 26 + b"xl/workbook.xml"), XlsxExtractor().sniff(b"%PDF-1.7")
        (True, False)
        """
        return head.startswith(b"PK\x03\x04") and b"xl/" in head and b"word/" not in head

    def extract(self, path: Path, settings: Settings) -> Layout:
        return workbook_to_layout(Path(path), Settings.resolve(settings))


class OdsExtractor:
    """OpenDocument spreadsheets (.ods): a zip whose first entry, ``mimetype``, names the type."""

    format: ClassVar[str] = "ods"

    def sniff(self, head: bytes) -> bool:
        """True for a zip starting with the ODS mimetype entry.

        >>> OdsExtractor().sniff(b"PK\\x03\\x04" + b"\\0" * 26 + b"mimetype" + ODS_MIME)
        True
        """
        return head.startswith(b"PK\x03\x04") and ODS_MIME in head[:200]

    def extract(self, path: Path, settings: Settings) -> Layout:
        return workbook_to_layout(Path(path), Settings.resolve(settings))

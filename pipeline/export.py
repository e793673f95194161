"""Export a dataset table (or a query result) to CSV, Excel, JSON or NDJSON, keeping lists and dates.

One conversion for every format, so ``council-extract export`` and ``council-extract query -f`` agree:

- **lists** (``progress``, ``responsible``, ``services``, ``due``, ``flags``, ...): JSON and NDJSON
  arrays; in CSV the items joined with :data:`LIST_SEPARATOR` (" | "); in Excel one item per line of
  the cell (wrapped);
- **lists of structs** (``records.sources``, ``documents.dropped``): JSON arrays of objects; in CSV the
  whole list as JSON text (``json.loads`` reads it back); in Excel one JSON object per line;
- **float32** (``confidence``, bbox coordinates): the 6 significant digits a float32 holds (0.7, not
  0.699999988);
- **calendar dates** (``due_date``, ``period_start``/``period_end``: Arrow dates, and time-zone-free
  timestamps that are all at midnight, which is how the dataset stores dates for pandas): ISO
  ``YYYY-MM-DD`` text in CSV and JSON, date cells in Excel;
- **timestamps** with a time zone (``processed_at``): ISO 8601 with the offset; in Excel, UTC;
- nulls (and NaN) are empty CSV/Excel cells and JSON ``null``;
- **formula injection**: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return (a spreadsheet would run it as a formula: ``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``, taken
  from a council PDF or a file name) is neutralised as OWASP's "CSV injection" page describes: in CSV a
  ``'`` is put in front of it; in Excel it is written as a text cell with the quote prefix set (what
  typing ``'=...`` in Excel makes), so the cell shows the text exactly and never becomes a formula.
  JSON and NDJSON are not spreadsheet formats and keep the text unchanged.

Excel files are written with openpyxl (its write-only mode streams rows), the library pandas uses to
read them back.  Every file is written to a temporary name beside the target and renamed, so an
interrupted export never leaves half a file.

>>> import pyarrow as pa, datetime as dt
>>> t = pa.table({"responsible": [["HR", "Housing"]], "due_date": pa.array([dt.datetime(2024, 3, 31)], pa.timestamp("ms"))})
>>> rows_for(t, "json")
[{'responsible': ['HR', 'Housing'], 'due_date': '2024-03-31'}]
>>> rows_for(t, "csv")
[{'responsible': 'HR | Housing', 'due_date': '2024-03-31'}]
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.atomic import atomic_file

EXPORT_FORMATS = ("csv", "xlsx", "json", "ndjson")
TEXT_FORMATS = ("csv", "json", "ndjson")
LIST_SEPARATOR = " | "          # between list items in a CSV cell
EXCEL_MAX_ROWS = 1_048_576      # Excel's sheet limit, header row included
EXCEL_MAX_CELL_CHARS = 32_767   # Excel's cell limit; longer text is cut with a marker
EXCEL_DATE_FORMAT = "yyyy-mm-dd"
EXCEL_TIMESTAMP_FORMAT = "yyyy-mm-dd hh:mm:ss"
EXCEL_MAX_COLUMN_WIDTH = 60     # characters
# Significant decimal digits a float32 keeps through text and back (C's FLT_DIG): records.confidence and
# the sources' bbox coordinates are float32, whose further digits are binary noise (0.7 -> 0.699999988).
FLOAT32_DIGITS = 6
# First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_QUOTE = "'"


class ExportError(ValueError):
    """An export that cannot be written as asked (too many rows for Excel, Excel to stdout)."""


# --- one value per cell, by column type and format ----------------------------------------------------------


def is_date_column(column: pa.ChunkedArray | pa.Array) -> bool:
    """True for Arrow dates and for time-zone-free timestamps whose every value is at midnight.

    >>> is_date_column(pa.array([dt.datetime(2024, 3, 31), None], pa.timestamp("ms")))
    True
    >>> is_date_column(pa.array([dt.datetime(2024, 3, 31, 9, 30)], pa.timestamp("ms")))
    False
    """
    if pa.types.is_date(column.type):
        return True
    if not pa.types.is_timestamp(column.type) or column.type.tz is not None:
        return False
    values = column.drop_null()
    if len(values) == 0:
        return True
    as_dates = pc.cast(pc.cast(values, pa.date32()), column.type)
    return bool(pc.all(pc.equal(values, as_dates)).as_py())


def _scalar(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _float32(value: float | None) -> float | None:
    """A float32 value at the digits it holds: 0.7 stored as float32 reads back as 0.699999988079071.

    >>> _float32(0.699999988079071), _float32(523.4567260742188), _float32(float("nan"))
    (0.7, 523.457, None)
    """
    if value is None or math.isnan(value):
        return None
    return float(f"{value:.{FLOAT32_DIGITS}g}")


def plain(value: Any, kind: pa.DataType) -> Any:
    """A Python value of Arrow type ``kind`` as JSON holds it, at any depth: lists as lists, structs as
    dicts, float32 at its own digits, NaN as None, dates as YYYY-MM-DD, timestamps as ISO 8601.

    >>> kind = pa.list_(pa.struct([("text", pa.string()), ("x0", pa.float32()), ("on", pa.date32())]))
    >>> plain([{"text": "Housing", "x0": 72.30000305175781, "on": dt.date(2024, 3, 31)}], kind)
    [{'text': 'Housing', 'x0': 72.3, 'on': '2024-03-31'}]
    """
    if value is None:
        return None
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return [plain(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {f.name: plain(value.get(f.name), f.type) for f in kind}
    if pa.types.is_float32(kind):
        return _float32(value)
    if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
        return value.isoformat()
    return _scalar(value)


def _date_text(value: Any) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _timestamp_text(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _excel_timestamp(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones: UTC


def _excel_text(value: str | None) -> str | None:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None:
        return None
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(value) > EXCEL_MAX_CELL_CHARS:
        marker = " [cut: over Excel's cell limit]"
        value = value[: EXCEL_MAX_CELL_CHARS - len(marker)] + marker
    return value


def is_formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula (it starts with one of :data:`FORMULA_TRIGGERS`).

    >>> [is_formula_like(v) for v in ('=HYPERLINK("http://x","y")', "@SUM(A1)", "-2", "Plan", 3, None)]
    [True, True, True, False, False, False]
    """
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: Any) -> Any:
    """A CSV cell value with formula injection neutralised: a leading ``'`` before formula-like text.

    >>> csv_safe("=cmd|' /C calc'!A0"), csv_safe("+44 20 7946 0000"), csv_safe("Housing"), csv_safe(None)
    ("'=cmd|' /C calc'!A0", "'+44 20 7946 0000", 'Housing', None)
    """
    return FORMULA_QUOTE + value if is_formula_like(value) else value


def _item_text(item: Any, kind: pa.DataType) -> str:
    """One list item in a CSV or Excel cell: a nested item (a struct) as JSON text, a scalar as itself."""
    if item is None:
        return ""
    if pa.types.is_nested(kind):
        return json.dumps(plain(item, kind), ensure_ascii=False)
    return str(plain(item, kind))


def _list_converter(kind: pa.DataType, fmt: str) -> Callable[[Any], Any]:
    item_kind = kind.value_type
    if fmt == "csv" and pa.types.is_nested(item_kind):
        # records.sources, documents.dropped: the whole list as JSON text (json.loads gives it back)
        return lambda v: None if v is None else json.dumps(plain(v, kind), ensure_ascii=False)
    if fmt == "csv":
        return lambda v: None if v is None else LIST_SEPARATOR.join(_item_text(x, item_kind) for x in v)
    if fmt == "xlsx":   # one item per line; a struct item is one JSON object per line
        return lambda v: None if v is None else _excel_text("\n".join(_item_text(x, item_kind) for x in v))
    return lambda v: plain(v, kind)


def column_converter(column: pa.ChunkedArray | pa.Array, fmt: str) -> Callable[[Any], Any]:
    """The function that turns one Python value of ``column`` into what ``fmt`` writes."""
    kind = column.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _list_converter(kind, fmt)
    if pa.types.is_struct(kind):
        if fmt == "csv" or fmt == "xlsx":
            return lambda v: None if v is None else json.dumps(plain(v, kind), ensure_ascii=False)
        return lambda v: plain(v, kind)
    if is_date_column(column):
        if fmt == "xlsx":
            return lambda v: v.date() if isinstance(v, dt.datetime) else v
        return _date_text
    if pa.types.is_timestamp(kind):
        return _excel_timestamp if fmt == "xlsx" else _timestamp_text
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _excel_text if fmt == "xlsx" else (lambda v: v)
    if pa.types.is_float32(kind):
        return _float32
    return _scalar


def rows_for(table: pa.Table, fmt: str) -> list[dict[str, Any]]:
    """The table's rows as dicts of the values ``fmt`` writes (see the module docstring)."""
    return list(iter_rows(table, fmt))


def iter_rows(table: pa.Table, fmt: str) -> Iterator[dict[str, Any]]:
    converters = {name: column_converter(table.column(name), fmt) for name in table.column_names}
    for batch in table.to_batches():
        columns = {name: [converters[name](v) for v in batch.column(name).to_pylist()] for name in batch.schema.names}
        for i in range(batch.num_rows):
            yield {name: values[i] for name, values in columns.items()}


# --- writers -------------------------------------------------------------------------------------------------


def write_csv(table: pa.Table, stream: IO[str]) -> None:
    """CSV with a header row; formula-like text cells (and header names) get a leading ``'`` (:func:`csv_safe`)."""
    writer = csv.writer(stream, lineterminator="\n")
    names = table.column_names
    writer.writerow([csv_safe(n) for n in names])
    writer.writerows([csv_safe(row[n]) for n in names] for row in iter_rows(table, "csv"))


def write_json(table: pa.Table, stream: IO[str]) -> None:
    """A JSON array with one object per line."""
    stream.write("[")
    for n, row in enumerate(iter_rows(table, "json")):
        stream.write(",\n" if n else "\n")
        stream.write(json.dumps(row, ensure_ascii=False))
    stream.write("\n]\n" if table.num_rows else "]\n")


def write_ndjson(table: pa.Table, stream: IO[str]) -> None:
    for row in iter_rows(table, "ndjson"):
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")


TEXT_WRITERS: dict[str, Callable[[pa.Table, IO[str]], None]] = {
    "csv": write_csv, "json": write_json, "ndjson": write_ndjson,
}


def excel_cell(sheet: Any, value: Any) -> Any:
    """A write-only openpyxl cell holding ``value``; formula-like text stays text.

    openpyxl turns every string that starts with ``=`` into a formula; such text (and any that starts
    with another of :data:`FORMULA_TRIGGERS`) is written as a string cell with Excel's quote prefix,
    so the sheet shows the text as it is and never evaluates it.
    """
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_xlsx(table: pa.Table, path: Path, sheet: str) -> None:
    """One sheet: a bold, frozen header row, list items on their own lines, dates as Excel dates.

    No cell is ever a formula (:func:`excel_cell`).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if table.num_rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"{table.num_rows} rows is over Excel's limit of {EXCEL_MAX_ROWS - 1}; export to csv or ndjson, "
            "or select fewer rows with `council-extract query ... -f csv`"
        )
    names = table.column_names
    date_columns = {n for n in names if is_date_column(table.column(n))}
    timestamp_columns = {n for n in names if pa.types.is_timestamp(table.column(n).type)} - date_columns
    wrap = Alignment(wrap_text=True, vertical="top")
    workbook = Workbook(write_only=True)
    sheet_ = workbook.create_sheet(sheet)
    sheet_.freeze_panes = "A2"
    widths = {n: len(n) for n in names}
    rows = list(iter_rows(table, "xlsx"))
    for row in rows:
        for n in names:
            longest_line = max((len(x) for x in str(row[n] or "").splitlines()), default=0)
            widths[n] = max(widths[n], longest_line)
    for i, n in enumerate(names, 1):
        sheet_.column_dimensions[get_column_letter(i)].width = min(widths[n] + 2, EXCEL_MAX_COLUMN_WIDTH)
    header = []
    for n in names:
        cell = excel_cell(sheet_, n)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet_.append(header)
    for row in rows:
        cells = []
        for n in names:
            cell = excel_cell(sheet_, row[n])
            if n in date_columns:
                cell.number_format = EXCEL_DATE_FORMAT
            elif n in timestamp_columns:
                cell.number_format = EXCEL_TIMESTAMP_FORMAT
            elif isinstance(row[n], str) and "\n" in row[n]:
                cell.alignment = wrap
            cells.append(cell)
        sheet_.append(cells)
    workbook.save(path)


def write_table(table: pa.Table, fmt: str, out: Path | None, *, sheet: str = "records") -> None:
    """Write ``table`` as ``fmt`` to the file ``out`` (atomically), or to stdout when ``out`` is None."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if out is None:
        if fmt not in TEXT_FORMATS:
            raise ExportError("an Excel file cannot go to the terminal; name a file with --out FILE.xlsx")
        TEXT_WRITERS[fmt](table, sys.stdout)
        return
    with atomic_file(Path(out)) as tmp:
        if fmt == "xlsx":
            write_xlsx(table, tmp, sheet)
        else:
            with tmp.open("w", encoding="utf-8", newline="") as stream:
                TEXT_WRITERS[fmt](table, stream)


def export_table(data: Path, table: str, fmt: str, out: Path | None) -> int:
    """Export one table of the dataset at ``data``; return the number of rows written.

    >>> export_table(Path("data/processed"), "records", "xlsx", Path("records.xlsx"))  # doctest: +SKIP
    105
    """
    from pipeline.store import read_table

    rows = read_table(Path(data), table)
    write_table(rows, fmt, out, sheet=table)
    return rows.num_rows

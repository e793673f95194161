"""Workbooks written for the spreadsheet tests: XLSX through openpyxl (then, where Excel would store a
formula's cached value, the sheet XML patched as Excel writes it), ODS through odfpy, and hostile
packages written directly as zip entries."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

HEADER = ("Action", "Progress", "Lead officer", "Timescale", "RAG status")


def tracker_xlsx(path: Path) -> Path:
    """A council action tracker: a title block, a merged commitment, a header spanning two columns, RAG fills
    (one with no word), a serial date, cells with line breaks, two tables on one sheet, a hidden sheet, a hidden
    row and a hidden column, and a formula whose cached value is stored."""
    import openpyxl
    from openpyxl.styles import Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Community Leader"
    ws["A1"] = "Equality Action Plan 2023-24"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Progress at 31 March 2024"
    header = ("Commitment", "Action", "Progress", None, "Lead officer", "Timescale", "RAG status")
    for c, h in enumerate(header, start=1):
        if h:
            ws.cell(4, c, h).font = Font(bold=True)
    ws.merge_cells("C4:D4")          # "Progress" spans the update and its date note
    rows = [
        ("We will lead by example", "Publish the equality objectives",
         "• Objectives agreed by Cabinet\n• Published on the website", "Done in March", "Policy Team",
         dt.date(2024, 3, 31), "Green"),
        (None, "Train all managers in inclusive recruitment", "Half of managers trained", None, "HR",
         "September 2024", None),
        ("We will listen to residents", "Run a residents' panel on access to services", "Panel met twice", None,
         "Customer Services", "Ongoing", "Red"),
    ]
    for r, row in enumerate(rows, start=5):
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(r, c, v)
    ws.merge_cells("A5:A6")          # one commitment shared by two actions
    ws["G5"].fill = PatternFill("solid", fgColor="00B050")
    ws["G6"].fill = PatternFill("solid", fgColor="FFC000")   # amber by colour only, no word
    ws["G7"].fill = PatternFill("solid", fgColor="FF0000")
    ws["A8"] = "Withdrawn action"
    ws["B8"] = "Hidden row action"
    ws.row_dimensions[8].hidden = True
    ws["H4"] = "Internal notes"
    ws["H5"] = "secret"
    ws.column_dimensions["H"].hidden = True
    # a second table under a blank row, with its own columns
    ws["B11"] = "Measure"
    ws["C11"] = "Target"
    ws["D11"] = "Responsible"
    ws["B12"] = "Residents satisfied with access to services"
    ws["C12"] = "=40+35"
    ws["D12"] = "Customer Services"
    ws["B13"] = "Staff completing equality training"
    ws["C13"] = 0.9
    ws["D13"] = "HR"
    old = wb.create_sheet("Archive 2022")
    old["A1"] = "Action"
    old["B1"] = "Progress"
    old["A2"] = "An archived action"
    old["B2"] = "Closed"
    old.sheet_state = "hidden"
    wb.save(path)
    set_cached_values(path, "xl/worksheets/sheet1.xml", {"C12": "75"})
    return path


def set_cached_values(path: Path, entry: str, values: dict[str, str]) -> None:
    """Store cached values for formula cells, as Excel does on save (openpyxl writes formulas without them)."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    xml = parts[entry].decode("utf-8")
    for ref, value in values.items():
        xml = re.sub(rf'(<c r="{ref}"[^>]*>)<f>([^<]*)</f><v\s*/?>(</v>)?', rf"\1<f>\2</f><v>{value}</v>", xml)
    parts[entry] = xml.encode("utf-8")
    write_zip(path, parts)


def write_zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def tracker_ods(path: Path) -> Path:
    """The tracker's first table as an ODS: a title, a header with a cell spanning two columns, a cell with
    two paragraphs (a list), a date cell, and a hidden sheet."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.style import Style, TableProperties
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    hidden = Style(name="hiddentable", family="table")
    hidden.addElement(TableProperties(display=False))
    doc.automaticstyles.addElement(hidden)

    def row(*cells: object) -> TableRow:
        tr = TableRow()
        for v in cells:
            if isinstance(v, dt.date):
                tc = TableCell(valuetype="date", datevalue=v.isoformat())
                tc.addElement(P(text=f"{v.day:02}/{v.month:02}/{v.year}"))
            elif isinstance(v, tuple) and v and v[0] == "span":
                tc = TableCell(valuetype="string", numbercolumnsspanned=v[1])
                tc.addElement(P(text=v[2]))
                tr.addElement(tc)
                for _ in range(v[1] - 1):
                    tr.addElement(CoveredTableCell())
                continue
            elif v:
                tc = TableCell(valuetype="string")
                for line in str(v).split("\n"):
                    tc.addElement(P(text=line))
            else:
                tc = TableCell()
            tr.addElement(tc)
        return tr

    t = Table(name="Service Provider")
    t.addElement(row("Accessible Services Plan 2024"))
    t.addElement(row())
    t.addElement(row("Action", ("span", 2, "Progress"), "Lead officer", "Timescale", "RAG status"))
    t.addElement(row("Caption all council videos", "Half captioned\nRest by June", "", "Communications",
                     dt.date(2024, 6, 30), "Amber"))
    t.addElement(row("Publish an Easy Read guide to council tax", "Published", "", "Revenues", "March 2024", "Green"))
    doc.spreadsheet.addElement(t)
    h = Table(name="Old", stylename=hidden)
    h.addElement(row("Action", "Progress"))
    h.addElement(row("Archived action", "Closed"))
    doc.spreadsheet.addElement(h)
    doc.save(str(path))
    return path


MINIMAL_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
        '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
        'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Actions" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
}
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def raw_xlsx(path: Path, sheet_xml: bytes) -> Path:
    """An XLSX package of one sheet whose XML is given (for hostile sheets)."""
    parts = {k: v.encode("utf-8") for k, v in MINIMAL_PARTS.items()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml
    write_zip(path, parts)
    return path


def header_row(columns: int = 5) -> str:
    return '<row r="1">' + "".join(f'<c r="{col}1" t="inlineStr"><is><t>{h}</t></is></c>'
                                   for col, h in zip("ABCDE", HEADER[:columns])) + "</row>"


def million_rows_xlsx(path: Path, rows: int = 1_000_000, columns: int = 5) -> Path:
    """A header of ``columns`` cells and ``rows`` rows of actions (an action and, with two columns or more,
    its progress): far more than any council tracker."""
    done = '<c r="B{r}" t="inlineStr"><is><t>Done</t></is></c>' if columns > 1 else ""
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Action {r}</t></is></c>{done.format(r=r)}</row>'
                   for r in range(2, rows + 2))
    return raw_xlsx(path, (SHEET_HEAD + header_row(columns) + body + SHEET_TAIL).encode("utf-8"))


def widest_sheet_xlsx(path: Path) -> Path:
    """A sheet whose cells span all 16,384 columns and 1,048,576 rows (a stray value in XFD1048576)."""
    xml = (SHEET_HEAD + header_row() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>' + SHEET_TAIL)
    return raw_xlsx(path, xml.encode("utf-8"))


def formula_loop_xlsx(path: Path) -> Path:
    """Two cells whose formulas refer to each other (a circular reference) with the cached values Excel kept."""
    xml = (SHEET_HEAD + header_row()
           + '<row r="2"><c r="A2" t="inlineStr"><is><t>Reconcile the budget lines</t></is></c>'
           + '<c r="B2"><f>C2+1</f><v>0</v></c><c r="C2"><f>B2+1</f><v>0</v></c>'
           + '<c r="D2" t="inlineStr"><is><t>March 2025</t></is></c></row>' + SHEET_TAIL)
    return raw_xlsx(path, xml.encode("utf-8"))


def zip_bomb_xlsx(path: Path, mb: int = 30) -> Path:
    """A workbook whose sheet inflates ``mb`` MB of blank rows from a few kB (a ratio no real sheet has)."""

    parts = {k: v.encode("utf-8") for k, v in MINIMAL_PARTS.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as f:
            f.write(SHEET_HEAD.encode())
            chunk = b"<row/>" * (1 << 20)
            for _ in range(mb * 1_000_000 // len(chunk)):
                f.write(chunk)
            f.write(SHEET_TAIL.encode())
    return path

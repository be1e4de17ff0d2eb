"""ranking.xlsx: the office tables as one workbook that Excel and WPS open alike.

WPS-friendly on purpose: plain solid fills (no data bars, conditional formats or pivots), a
bold header row that stays frozen with an autofilter on it, column widths counted in the
width of Chinese characters, wrapped long text with row heights written out (not every
program recomputes them), dates as real dates. The 要素矩阵 sheet shows each status as its
colour and its words, under a band of merged group names.

Written in openpyxl's write-only mode, row by row, so that the workbook of a batch of any
size is never held in memory; column widths are fitted to the first 500 rows of a table.
A sheet longer than Excel's 1,048,576 rows (the 证据 sheet, past about ten thousand
reports) stops there with a row saying how many rows were left out; tables/<id>.csv holds
them all.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import unicodedata
from collections.abc import Iterator
from itertools import groupby
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from scorer.outputs.office import OfficeBatch, Table, tables

FILE_NAME = "ranking.xlsx"
MAX_ROWS = 1_048_576  # rows of one Excel worksheet
STATUS_FILLS = {
    "met": "C6EFCE", "partial": "FFEB9C", "planned": "DDEBF7",
    "gap": "F8CBAD", "missing": "FFC7CE", "not_applicable": "EDEDED",
}
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_BAND_FILL = PatternFill("solid", fgColor="F2F2F2")
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# Columns of running text: wide and wrapped; the rest fit their longest value up to _NARROW_MAX.
_PROSE = {"problem", "requirement", "measure", "text", "units", "value", "section", "missing_parts",
          "timeliness", "newly_met", "lost", "file", "error", "source", "issuer", "group_label", "applies"}
_PROSE_MAX, _NARROW_MAX, _LINE_HEIGHT = 48, 24, 15.0
_NUMBER_FORMATS = {"score": "0.0", "rate": "0.0", "group_rate_avg": "0.0", "batch_rate_avg": "0.0",
                   "rate_vs_batch": "+0.0;-0.0;0.0", "previous_score": "0.0", "score_change": "+0.0;-0.0;0.0",
                   "share": "0.0", "rank_change": "+0;-0;0"}
# Sheets whose first columns (rank, issuer) stay in view when scrolling sideways.
_FROZEN_COLUMNS = {"ranking": 2, "matrix": 2, "ledger": 2}


def text_width(value: object) -> int:
    """Returns the width of a value in Excel character units (a Chinese character is two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in _shown(value))


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _widths(table: Table, head: list[dict]) -> list[float]:
    """Returns column widths that fit the label and the first rows (`head`: up to 500)."""
    shown = [table.shown(row) for row in head]
    widths = []
    for i, (cid, label) in enumerate(table.labels.items()):
        longest = max([text_width(label), *(text_width(values[i]) for values in shown)])
        cap = _PROSE_MAX if cid in _PROSE else _NARROW_MAX
        widths.append(min(longest + 2, cap))
    return widths


def _row_height(values: list[object], widths: list[float]) -> float:
    lines = max((math.ceil(text_width(v) / max(w - 1, 1)) for v, w in zip(values, widths, strict=True)), default=1)
    return _LINE_HEIGHT * min(max(lines, 1), 12)


def _named_styles() -> list[NamedStyle]:
    """Returns the workbook's cell styles; named styles are set per cell far faster than
    separate font, fill, border and alignment objects."""
    styles = [
        NamedStyle("fz-header", font=Font(bold=True), fill=_HEADER_FILL, border=_BORDER,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),
        NamedStyle("fz-cell", border=_BORDER, alignment=Alignment(vertical="top")),
        NamedStyle("fz-wrap", border=_BORDER, alignment=Alignment(vertical="top", wrap_text=True)),
    ]
    styles += [NamedStyle(f"fz-{status}", border=_BORDER, fill=PatternFill("solid", fgColor=colour),
                          alignment=Alignment(horizontal="center", vertical="center"))
               for status, colour in STATUS_FILLS.items()]
    return styles


class _Sheet:
    """A sheet written row by row (openpyxl's write-only mode: each row goes to disk as it
    is appended); `row` is the number of the last row written."""

    def __init__(self, ws):  # an openpyxl WriteOnlyWorksheet
        self.ws = ws
        self.row = 0

    def append(self, cells: list, height: float | None = None) -> None:
        self.row += 1
        if height is not None:
            self.ws.row_dimensions[self.row].height = height
        self.ws.append(cells)
        # The row is on disk now: its height need not be kept (a million of them would be).
        self.ws.row_dimensions.pop(self.row, None)

    def cell(self, value: object, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value)
        cell.style = style
        return cell


def _write_header(sheet: _Sheet, labels: list[str], height: float | None = None) -> None:
    sheet.append([sheet.cell(label, "fz-header") for label in labels], height)


def _data_row(sheet: _Sheet, table: Table, row: dict) -> list[WriteOnlyCell]:
    shown, codes = table.shown(row), table.values(row)
    cells = []
    for cid, value, code in zip(table.labels, shown, codes, strict=True):
        status = row.get("status") if cid == "status_label" else code if cid in table.coded else None
        cell = sheet.cell(value, f"fz-{status}" if status in STATUS_FILLS else "fz-wrap" if cid in _PROSE
                          else "fz-cell")
        if cid in _NUMBER_FORMATS:
            cell.number_format = _NUMBER_FORMATS[cid]
        elif isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        cells.append(cell)
    return cells


def _write_table(sheet: _Sheet, table: Table, head: list[dict], rest: Iterator[dict], widths: list[float],
                 header_height: float | None = None) -> int:
    """Writes a table (its header, then its rows) below what the sheet holds; returns the
    number of rows written. Rows past Excel's limit are left out, with a last row saying so."""
    _write_header(sheet, list(table.labels.values()), header_height)
    rows = itertools.chain(head, rest)
    written = 0
    for row in rows:
        if sheet.row + 1 == MAX_ROWS:
            left = 1 + sum(1 for _ in rows)
            if left > 1:
                note = (f"……另有{left}行超出Excel每张工作表{MAX_ROWS}行的上限，未列入本表；"
                        f"完整内容见 tables/{table.id}.csv")
                sheet.append([note])
                return written
        cells = _data_row(sheet, table, row)
        sheet.append(cells, _row_height([c.value for c in cells], widths))
        written += 1
    if not written:
        sheet.append(["（无）"])
    return written


def _group_band(sheet: _Sheet, office: OfficeBatch, table: Table) -> None:
    """Writes the merged group names above the element columns of the matrix."""
    first = 1 + list(table.labels).index(office.checklist.elements[0].id)
    cells: list = [None] * (first - 1)
    for group, members in groupby(office.checklist.elements, key=lambda e: e.group):
        span = len(list(members))
        cell = WriteOnlyCell(sheet.ws, office.checklist.groups.get(group, {}).get("name", group))
        cell.font = Font(bold=True)
        cell.fill = _BAND_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        column = len(cells) + 1
        if span > 1:
            sheet.ws.merged_cells.add(CellRange(min_col=column, min_row=sheet.row + 1,
                                                max_col=column + span - 1, max_row=sheet.row + 1))
        cells += [cell] + [None] * (span - 1)
    sheet.append(cells)


def _finish_sheet(sheet: _Sheet, first: Table, header_row: int, rows: int) -> None:
    ws = sheet.ws
    last = get_column_letter(len(first.labels))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(rows, 1)}"
    # Printed: landscape A4, the header rows (and the frozen columns) repeated on every page;
    # shrinking a sheet this wide onto one page would leave it unreadable.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.print_title_rows = f"1:{header_row}"
    frozen = _FROZEN_COLUMNS.get(first.id, 0)
    if frozen:
        ws.print_title_cols = f"A:{get_column_letter(frozen)}"


def _write_sheet(book: Workbook, office: OfficeBatch, group: list[Table]) -> None:
    """Writes one sheet: its tables one below the other, a blank row between them."""
    ws = book.create_sheet(group[0].sheet)
    sheet, first = _Sheet(ws), group[0]
    # Column widths and frozen panes go before the first row in write-only mode: they are
    # fitted to the first 500 rows of each table.
    prepared = []
    for table in group:
        rows = table.rows()
        head = list(itertools.islice(rows, 500))
        prepared.append((table, head, rows, _widths(table, head)))
    n = max(len(w) for *_, w in prepared)
    widths = [max((w[i] for *_, w in prepared if i < len(w)), default=0.0) for i in range(n)]
    if first.id == "matrix":
        widths = widths[:3] + [10.0] * (len(widths) - 3)
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    header_row = 2 if first.id == "matrix" else 1
    ws.freeze_panes = f"{get_column_letter(_FROZEN_COLUMNS.get(first.id, 0) + 1)}{header_row + 1}"
    if first.id == "matrix":
        _group_band(sheet, office, first)
    rows_of_first = 0
    for i, (table, head, rest, own_widths) in enumerate(prepared):
        if i:
            sheet.append([])
        height = _LINE_HEIGHT * 4 if table.id == "matrix" else None
        written = _write_table(sheet, table, head, rest, own_widths, height)
        rows_of_first = rows_of_first if i else written
    _finish_sheet(sheet, first, header_row, rows_of_first)


def build_workbook(office: OfficeBatch) -> Workbook:
    """Returns the workbook (write-only: save it once): one sheet per table, tables sharing
    a sheet one below the other."""
    book = Workbook(write_only=True)
    for style in _named_styles():
        book.add_named_style(style)
    for _, group in groupby(tables(office), key=lambda t: t.sheet):
        _write_sheet(book, office, list(group))
    return book


def write_workbook(office: OfficeBatch, folder: Path) -> list[Path]:
    """Writes ranking.xlsx into `folder`; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    build_workbook(office).save(path)
    return [path]

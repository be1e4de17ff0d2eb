"""ranking.xlsx: the office tables as one workbook that Excel and WPS open alike.

WPS-friendly on purpose: plain solid fills (no data bars, conditional formats or pivots), a
bold header row that stays frozen with an autofilter on it, column widths counted in the
width of Chinese characters, wrapped long text with row heights written out (not every
program recomputes them), dates as real dates. The 要素矩阵 sheet shows each status as its
colour and its words, under a band of merged group names.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from itertools import groupby
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scorer.outputs.office import OfficeBatch, Table, tables

FILE_NAME = "ranking.xlsx"
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


def _cell_value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _widths(table: Table, shown: pd.DataFrame) -> list[float]:
    widths = []
    for cid, label in zip(table.frame.columns, shown.columns, strict=True):
        longest = max([text_width(label), *(text_width(v) for v in shown[label].head(500))])
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


def _write_header(ws: Worksheet, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, 1):
        ws.cell(row=row, column=col, value=label).style = "fz-header"


def _write_table(ws: Worksheet, table: Table, top: int) -> tuple[int, list[float]]:
    """Writes a table with its header at row `top`; returns the next free row and widths."""
    shown = table.for_office()
    widths = _widths(table, shown)
    _write_header(ws, top, list(shown.columns))
    ids = list(table.frame.columns)
    status_of_row = "status" in ids and "status_label" in ids
    for offset, (values, codes) in enumerate(zip(shown.itertuples(index=False), table.frame.itertuples(index=False),
                                                 strict=True), 1):
        row = top + offset
        cells = [_cell_value(v) for v in values]
        for col, (cid, value) in enumerate(zip(ids, cells, strict=True), 1):
            cell = ws.cell(row=row, column=col, value=value)
            status = getattr(codes, "status", None) if cid == "status_label" and status_of_row else None
            if cid in table.coded:
                status = codes[col - 1]
            cell.style = f"fz-{status}" if status in STATUS_FILLS else "fz-wrap" if cid in _PROSE else "fz-cell"
            if cid in _NUMBER_FORMATS:
                cell.number_format = _NUMBER_FORMATS[cid]
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
        ws.row_dimensions[row].height = _row_height(cells, widths)
    if shown.empty:
        ws.cell(row=top + 1, column=1, value="（无）")
    return top + max(len(shown), 1) + 2, widths


def _group_band(ws: Worksheet, office: OfficeBatch, table: Table, row: int) -> None:
    """Writes the merged group names above the element columns of the matrix."""
    ids = list(table.frame.columns)
    col = 1 + ids.index(office.checklist.elements[0].id)
    for group, members in groupby(office.checklist.elements, key=lambda e: e.group):
        span = len(list(members))
        cell = ws.cell(row=row, column=col, value=office.checklist.groups.get(group, {}).get("name", group))
        cell.font = Font(bold=True)
        cell.fill = _BAND_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        if span > 1:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)
        col += span


def _finish_sheet(ws: Worksheet, first: Table, header_row: int, widths: list[float], rows: int) -> None:
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    frozen = _FROZEN_COLUMNS.get(first.id, 0)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=frozen + 1)
    last = get_column_letter(len(first.frame.columns))
    ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(rows, 1)}"
    # Printed: landscape A4, the header rows (and the frozen columns) repeated on every page;
    # shrinking a sheet this wide onto one page would leave it unreadable.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"1:{header_row}"
    if frozen:
        ws.print_title_cols = f"A:{get_column_letter(frozen)}"


def build_workbook(office: OfficeBatch) -> Workbook:
    """Returns the workbook: one sheet per table, tables sharing a sheet one below the other."""
    book = Workbook()
    book.remove(book.active)
    for style in _named_styles():
        book.add_named_style(style)
    for sheet, group in groupby(tables(office), key=lambda t: t.sheet):
        ws = book.create_sheet(sheet)
        group = list(group)
        first = group[0]
        header_row = 1
        if first.id == "matrix":
            _group_band(ws, office, first, 1)
            header_row = 2
            ws.row_dimensions[2].height = _LINE_HEIGHT * 4
        row, widths = _write_table(ws, first, header_row)
        for extra in group[1:]:
            row, more = _write_table(ws, extra, row)
            n = max(len(widths), len(more))
            widths = [max(a, b) for a, b in zip(widths + [0.0] * n, more + [0.0] * n)][:n]
        if first.id == "matrix":
            widths = widths[:3] + [10.0] * (len(widths) - 3)
        _finish_sheet(ws, first, header_row, widths, len(first.frame))
    return book


def write_workbook(office: OfficeBatch, folder: Path) -> list[Path]:
    """Writes ranking.xlsx into `folder`; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / FILE_NAME
    build_workbook(office).save(path)
    return [path]

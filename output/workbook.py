"""The flat tables → dataset.xlsx (openpyxl): a README sheet, then one sheet per table with the header
frozen, filters on, readable column widths, numbers and percentages as numbers and dates as dates."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from vnplan.output.atomic import atomic_path
from vnplan.output.columns import COLUMNS, MEANING
from vnplan.output.parquet import iso_date

EXCEL_MAX_ROWS = 1_048_576  # a sheet holds no more; larger tables are cut and the README says so
_WIDTH = {"text": 30, "list": 22, "integer": 10, "number": 10, "boolean": 9, "date": 12}
_WIDE_TEXT = {"task", "objective", "activity", "output", "text", "title", "warnings", "metric", "table",
              "indicator_raw"}
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")


def write_workbook(frames: dict[str, pd.DataFrame], path: Path) -> None:
    """One workbook: README first, then plans, tasks, targets, indicators, task_owners."""
    book = Workbook(write_only=True)
    book.properties.creator = "vnplan"
    cut = {name: len(frame) > EXCEL_MAX_ROWS - 1 for name, frame in frames.items()}
    _readme(book.create_sheet("README"), frames, cut)
    for name, frame in frames.items():
        _table(book, name, frame)
    with atomic_path(path) as tmp:
        book.save(tmp)


def _readme(sheet, frames: dict[str, pd.DataFrame], cut: dict[str, bool]) -> None:
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 60
    sheet.column_dimensions["D"].width = 40
    title = WriteOnlyCell(sheet, "vnplan dataset: Vietnamese administrative-reform plans")
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    sheet.append(["One sheet per table; every task, target and indicator row carries its plan's context "
                  "(issuer, unit, district, province, document number, period). Columns are explained below."])
    sheet.append([])
    sheet.append([_header(sheet, h) for h in ("sheet", "rows", "content")])
    for name, frame in frames.items():
        note = f" (cut at {EXCEL_MAX_ROWS - 1} rows: use the CSV or Parquet file)" if cut[name] else ""
        sheet.append([name, len(frame), MEANING[name] + note])
    sheet.append([])
    sheet.append([_header(sheet, h) for h in ("column", "type", "meaning", "example")])
    for name in frames:
        sheet.append([WriteOnlyCell(sheet, name)])
        for column in COLUMNS[name]:
            sheet.append([column.name, column.kind, column.meaning, _text(sheet, column.example)])


def _header(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, text)
    cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    return cell


def _text(sheet, value: str) -> WriteOnlyCell:
    # a text cell is a string, never a formula: openpyxl would read "=…" as one
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def _table(book: Workbook, name: str, frame: pd.DataFrame) -> None:
    sheet = book.create_sheet(name)
    columns = COLUMNS[name]
    for i, column in enumerate(columns, start=1):
        wide = column.name in _WIDE_TEXT
        sheet.column_dimensions[get_column_letter(i)].width = 50 if wide else max(_WIDTH[column.kind],
                                                                                  min(len(column.name) + 2, 24))
    sheet.freeze_panes = "A2"
    rows = min(len(frame), EXCEL_MAX_ROWS - 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"
    sheet.append([_header(sheet, c.name) for c in columns])
    for values in frame.head(rows).itertuples(index=False):
        sheet.append([_cell(sheet, column.kind, value) for column, value in zip(columns, values)])


def _cell(sheet, kind: str, value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if kind == "date":
        date = iso_date(value)
        if date is None:
            return _text(sheet, str(value))
        cell = WriteOnlyCell(sheet, date)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if kind == "integer":
        return int(value)
    if kind == "number":  # a percentage is the number itself (90 for 90 %), summable and sortable
        return float(value)
    if kind == "boolean":
        return bool(value)
    return _text(sheet, str(value))

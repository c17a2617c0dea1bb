"""Reading and writing spreadsheets (CSV and XLSX). No Django, no database.

Reading returns rows numbered as the spreadsheet shows them (the header is
row 1), so error messages point at the row a person sees in Excel.
Writing escapes cells that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

# Cells starting with these are formulas (or DDE) in Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """The file itself cannot be read (not a row-level problem)."""


def read_rows(
    filename: str, content: bytes, *, max_rows: int
) -> tuple[list[str], list[tuple[int, dict]]]:
    """Headers (stripped) and data rows as (row number, {header: text}); blank rows skipped."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _csv_table(content)
    else:
        raise SpreadsheetError("unsupported file type: use .xlsx or .csv")
    if not table:
        raise SpreadsheetError("the file is empty")
    headers = [_text(h) for h in table[0]]
    if not any(headers):
        raise SpreadsheetError("the first row must hold the column names")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        values = {h: _text(cells[i]) if i < len(cells) else "" for i, h in enumerate(headers) if h}
        if any(values.values()):
            rows.append((number, values))
            if len(rows) > max_rows:
                raise SpreadsheetError(f"too many rows: at most {max_rows} per file")
    return headers, rows


def _csv_table(content: bytes) -> list[list]:
    # Korean Excel saves CSV as CP949 by default; everyone else as UTF-8.
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError("the CSV file is neither UTF-8 nor CP949 (EUC-KR)")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _xlsx_table(content: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SpreadsheetError(f"not a readable .xlsx file ({exc.__class__.__name__})") from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores 2208162517 as 2208162517.0
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # A leading quote is how our own exports protect formula-like text.
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_PREFIXES else text


def escape_cell(value):
    """Make a cell safe to open in a spreadsheet: text that looks like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool | int | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([escape_cell(v) for v in row])
    # A BOM so Excel opens UTF-8 (Korean) text correctly.
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [escape_cell(v) for v in row]
        sheet.append([str(v) if isinstance(v, Decimal) else v for v in values])
    # Every cell is written as text or a number; none is ever a formula.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

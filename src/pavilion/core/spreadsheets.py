"""Reading and writing spreadsheets (CSV and XLSX). No Django, no database.

Reading returns rows numbered as the spreadsheet shows them (the header is
row 1), so error messages point at the row a person sees in Excel.
Writing escapes cells that a spreadsheet would run as a formula.

Errors carry a stable ``code`` and parameters instead of prose, so the caller
(which has Django's translations) words them in the reader's language.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal

# Cells starting with these are formulas (or DDE) in Excel and LibreOffice.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CSV_DELIMITERS = (",", ";", "\t")


class SpreadsheetError(ValueError):
    """The file itself cannot be read (not a row-level problem).

    ``code`` is one of: unsupported, empty, no_header, too_many_rows,
    encoding, broken_xlsx.
    """

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def read_rows(
    filename: str, content: bytes, *, max_rows: int
) -> tuple[list[str], list[tuple[int, dict]]]:
    """Headers (stripped) and data rows as (row number, {header: text}); blank rows skipped.

    A row with more (non-empty) cells than the header has columns, typically a comma
    in an unquoted CSV cell, keeps those extra cells as a list under the key
    ``None`` (as csv.DictReader's restkey does): its other cells have moved, and
    the caller reports the row as such (:func:`extra_cells`).

    Raises SpreadsheetError as soon as the file has more than ``max_rows``
    non-blank data rows, without reading the rest.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        table = _xlsx_rows(content)
    elif name.endswith((".csv", ".txt")):
        table = _csv_rows(content)
    else:
        raise SpreadsheetError("unsupported")
    try:
        first = next(table)
    except StopIteration:
        raise SpreadsheetError("empty") from None
    headers = [_text(h) for h in first]
    if not any(headers):
        raise SpreadsheetError("no_header")
    width = _width(headers)
    rows = []
    for number, cells in enumerate(table, start=2):
        values = {h: _text(cells[i]) if i < len(cells) else "" for i, h in enumerate(headers) if h}
        texts = [_text(c) for c in cells[width:]]
        if any(texts):
            values[None] = texts[: _width(texts)]
        if any(values.values()):
            rows.append((number, values))
            if len(rows) > max_rows:
                raise SpreadsheetError("too_many_rows", max_rows=max_rows)
    return headers, rows


def _width(texts: Sequence[str]) -> int:
    """How many cells, up to the last non-empty one."""
    return max((i + 1 for i, text in enumerate(texts) if text), default=0)


def extra_cells(headers: Sequence[str], values: dict) -> tuple[int, int] | None:
    """(cells in the row, columns in the header) for a row of :func:`read_rows` with
    more cells than the header; None for a row that fits."""
    extra = values.get(None)
    if not extra:
        return None
    width = _width(headers)
    return width + len(extra), width


def decode_csv(content: bytes) -> str:
    # Korean Excel saves CSV as CP949 by default; everyone else as UTF-8
    # (Excel with a BOM). UTF-8 first: CP949 would accept some UTF-8 bytes.
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError("encoding")


def _csv_rows(content: bytes) -> Iterator[list]:
    text = decode_csv(content)
    # The delimiter is read from the header line only: header names hold no
    # delimiters, while data cells do (sectors are ';'-separated).
    header_line = text.split("\n", 1)[0]
    delimiter = max(CSV_DELIMITERS, key=header_line.count)
    if not header_line.count(delimiter):
        delimiter = ","
    return iter(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(content: bytes) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise SpreadsheetError("broken_xlsx", reason=exc.__class__.__name__) from exc

    def rows():
        try:
            for row in sheet.iter_rows(values_only=True):
                yield list(row)
        finally:
            workbook.close()

    return rows()


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
    return unescape_cell(str(value).strip())


def _needs_quote(text: str) -> bool:
    # Text that already starts with a quote before a formula character gets a
    # second one, so reading strips exactly the quote that writing added.
    return text.startswith(FORMULA_PREFIXES) or text.startswith(
        tuple("'" + p for p in (*FORMULA_PREFIXES, "'"))
    )


def unescape_cell(text: str) -> str:
    """Undo :func:`escape_cell` on a cell read back from one of our exports."""
    return text[1:] if text.startswith("'") and _needs_quote(text[1:]) else text


def escape_cell(value):
    """Make a cell safe to open in a spreadsheet: text that looks like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if _needs_quote(text) else text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_cell(h) for h in headers])
    for row in rows:
        writer.writerow([escape_cell(v) for v in row])
    # A BOM so Excel opens UTF-8 (Korean) text correctly.
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_value(value):
    value = escape_cell(value)
    if isinstance(value, Decimal):
        return str(value)  # exact, and re-imports as the same text
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("", value)
    return value


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence], *, title: str) -> bytes:
    return write_xlsx_sheets([(title, headers, rows)])


def write_xlsx_sheets(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """One workbook, one sheet per (title, headers, rows), header rows bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.append([_xlsx_value(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_xlsx_value(v) for v in row])
        # Belt and braces: openpyxl types any text starting with "=" as a formula;
        # escaping prevents that, and no cell we write may ever be one.
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""A small writer for report workbooks (openpyxl): typed cells, tables with a total
row, titles and native Excel charts. Reused by every report document (the
edition's report, its record lists, the agency's programme report).

Cells are typed: ``Money`` and ``Number`` are numbers with a number format, dates
are dates, and every text goes through the formula escaping of
:mod:`pavilion.core.spreadsheets` (a cell is never a formula).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from pavilion.core.spreadsheets import _xlsx_value

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"
NO_MINOR_UNIT = {"KRW", "JPY", "VND"}


@dataclass(frozen=True)
class Money:
    """An amount written as a number, shown with its currency by the cell's format."""

    amount: Decimal | None
    currency: str


@dataclass(frozen=True)
class Number:
    value: Decimal | int | float | None
    format: str = COUNT_FORMAT


def money(value, currency: str) -> Money:
    """Money from a report's JSON text (or a Decimal); None stays empty."""
    return Money(None if value in (None, "") else Decimal(value), currency)


def money_format(currency: str) -> str:
    digits = "#,##0" if currency in NO_MINOR_UNIT else "#,##0.00"
    return f'{digits} "{currency}"'


def put(cell, value) -> None:
    """Write one typed cell."""
    if isinstance(value, Money):
        cell.value = value.amount
        if value.amount is not None:
            cell.number_format = money_format(value.currency)
    elif isinstance(value, Number):
        cell.value = value.value
        if value.value is not None:
            cell.number_format = value.format
    elif isinstance(value, datetime):
        # Excel has no time zones: callers give the show's local time, naive.
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool) or value is None:
        cell.value = _xlsx_value(value)
    elif isinstance(value, int | Decimal | float):
        cell.value = value
    else:
        cell.value = _xlsx_value(str(value))
    if cell.data_type == "f":  # no text we write may ever run as a formula
        cell.data_type = "s"


@dataclass
class TableRange:
    """Where a table landed: for charts and for tests reading the sheet back."""

    sheet: object
    header_row: int
    first_row: int  # first data row
    last_row: int  # last data row (before the total row)
    total_row: int | None


class SheetWriter:
    """Writes a sheet top to bottom: titles, key-value lines, tables, charts."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.row = 1
        self.widths: dict[int, int] = {}

    def title(self, text: str, size: int = 14) -> None:
        from openpyxl.styles import Font

        cell = self.sheet.cell(row=self.row, column=1)
        put(cell, text)
        cell.font = Font(bold=True, size=size)
        self.row += 1

    def line(self, *values, bold: bool = False) -> int:
        from openpyxl.styles import Font

        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=column)
            put(cell, value)
            if bold:
                cell.font = Font(bold=True)
            self._measure(column, value)
        self.row += 1
        return self.row - 1

    def blank(self, lines: int = 1) -> None:
        self.row += lines

    def table(
        self, headers: Sequence, rows: Sequence[Sequence], total: Sequence | None = None
    ) -> TableRange:
        """A header row (bold), the rows and an optional total row (bold)."""
        from openpyxl.styles import Border, Side

        header_row = self.line(*headers, bold=True)
        first = self.row
        for values in rows:
            self.line(*values)
        last = self.row - 1
        total_row = None
        if total is not None:
            total_row = self.line(*total, bold=True)
            for column in range(1, len(total) + 1):
                self.sheet.cell(row=total_row, column=column).border = Border(
                    top=Side(style="thin")
                )
        self.blank()
        return TableRange(self.sheet, header_row, first, last, total_row)

    def bar_chart(
        self,
        table: TableRange,
        *,
        title: str,
        label_column: int,
        value_column: int,
        anchor_column: int,
        anchor_row: int | None = None,
        horizontal: bool = True,
        height_per_row: float = 0.6,
    ):
        """A native Excel bar chart of one column of a table, placed beside it."""
        from openpyxl.chart import BarChart, Reference
        from openpyxl.utils import get_column_letter

        if table.last_row < table.first_row:
            return None
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.legend = None
        chart.style = 10
        data = Reference(
            self.sheet,
            min_col=value_column,
            min_row=table.header_row,
            max_row=table.last_row,
        )
        labels = Reference(
            self.sheet, min_col=label_column, min_row=table.first_row, max_row=table.last_row
        )
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(labels)
        if horizontal:
            chart.y_axis.majorGridlines = None
            chart.x_axis.scaling.orientation = "maxMin"  # largest first, as in the table
        rows = table.last_row - table.first_row + 1
        chart.height = max(6.0, 2.5 + rows * height_per_row)
        chart.width = 16.0
        anchor = f"{get_column_letter(anchor_column)}{anchor_row or table.header_row}"
        self.sheet.add_chart(chart, anchor)
        return chart

    def finish(self, freeze: str | None = None) -> None:
        from openpyxl.utils import get_column_letter

        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 2)
        if freeze:
            self.sheet.freeze_panes = freeze

    def _measure(self, column: int, value) -> None:
        if isinstance(value, Money | Number):
            width = 18
        elif isinstance(value, datetime | date):
            width = 16
        else:
            text = str(value or "")
            # Hangul takes about two columns' width.
            width = sum(2 if ord(ch) > 0x1100 else 1 for ch in text)
        self.widths[column] = max(self.widths.get(column, 8), min(width, 60))


class WorkbookWriter:
    """A workbook of SheetWriters; ``to_bytes`` gives the .xlsx file."""

    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._titles: set[str] = set()

    def sheet(self, title: str) -> SheetWriter:
        # Sheet titles: at most 31 characters, none of []:*?/\ and unique.
        clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31] or "Sheet"
        name, n = clean, 2
        while name.lower() in self._titles:
            name = f"{clean[:28]} {n}"
            n += 1
        self._titles.add(name.lower())
        return SheetWriter(self.workbook.create_sheet(name))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()

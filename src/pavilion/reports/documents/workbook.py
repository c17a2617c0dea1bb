"""A small writer for report workbooks (openpyxl): typed cells, tables with a total
row, titles and native Excel charts. Reused by every report document (the
edition's report, its record lists, the agency's programme report).

Cells are typed: ``Money`` and ``Number`` are numbers with a number format, dates
are dates, and every text goes through the formula escaping of
:mod:`pavilion.core.spreadsheets` (a cell is never a formula).

Long tables (an edition's 100,000 consultation records) are streamed:
``SheetWriter.streamed_table`` writes their rows as the sheet's XML directly,
typed and styled exactly as ``put`` types and styles a cell, and the workbook
splices them into the sheet openpyxl saved. openpyxl costs several
microseconds a cell even in its write-only mode (over 10 s for 100,000 rows of
16 columns); the rows' own XML costs well under one.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Iterable, Sequence
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
        self.streamed: _StreamedRows | None = None

    def _still_open(self) -> None:
        if self.streamed is not None:
            raise RuntimeError("a streamed table is the last thing on its sheet")

    def title(self, text: str, size: int = 14) -> None:
        from openpyxl.styles import Font

        self._still_open()
        cell = self.sheet.cell(row=self.row, column=1)
        put(cell, text)
        cell.font = Font(bold=True, size=size)
        self.row += 1

    def line(self, *values, bold: bool = False) -> int:
        from openpyxl.styles import Font

        self._still_open()
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

    def streamed_table(
        self,
        headers: Sequence,
        rows: Iterable[Sequence],
        total: Sequence | None = None,
        *,
        widths: dict[int, Iterable] | None = None,
    ) -> None:
        """A header row (bold), then ``rows`` and an optional total row (bold, a rule
        above), typed as ``put`` types cells, written when the workbook is saved.

        For thousands of rows: they are read once, as the workbook is saved, and
        never held in memory. Column widths come from the headers, the total and
        ``widths`` (column → the values that column may hold), as the rows are not
        read before the sheet's columns are written. The last thing on its sheet.
        """
        self.line(*headers, bold=True)
        for column, values in (widths or {}).items():
            for value in values:
                self._measure(column, value)
        if total is not None:
            for column, value in enumerate(total, start=1):
                self._measure(column, value)
        self.streamed = _StreamedRows(
            marker=f"pavilion-rows-{uuid.uuid4().hex}",
            first_row=self.row,
            rows=rows,
            total=total,
        )
        self.sheet.cell(row=self.row, column=1, value=self.streamed.marker)

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


@dataclass
class _StreamedRows:
    marker: str  # the text of the placeholder row openpyxl writes
    first_row: int
    rows: Iterable[Sequence]
    total: Sequence | None


_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _number_text(value) -> str:
    """A number as openpyxl writes it (its ``safe_string``: a double, 16 digits)."""
    return format(float(value), ".16g")


class _RowRenderer:
    """Rows as the sheet XML openpyxl would write for them (``put``'s types and
    number formats; a bold total row with a rule above), with the workbook's own
    style ids, which it registers as it meets each format.

    Each cell is ``<c r="B7"`` and what follows its reference, which depends on
    the value only: for texts (names, labels: the same few again and again) it
    is kept, so each is escaped once."""

    def __init__(self, sheet):
        from openpyxl.utils import get_column_letter

        self.sheet = sheet
        self.epoch = sheet.parent.epoch
        self.styles: dict = {}
        self.money: dict = {}  # (currency, total row) → style
        self.kept: dict = {}  # value → what follows its cell reference
        self.starts = [f'<c r="{get_column_letter(i)}' for i in range(1, 16385)]
        self.columns = 0

    def style(self, number_format: str | None, total: bool = False) -> str:
        key = (number_format, total)
        found = self.styles.get(key)
        if found is None:
            from openpyxl.cell import WriteOnlyCell
            from openpyxl.styles import Border, Font, Side

            cell = WriteOnlyCell(self.sheet)
            if number_format:
                cell.number_format = number_format
            if total:
                cell.font = Font(bold=True)
                cell.border = Border(top=Side(style="thin"))
            style_id = cell.style_id
            found = self.styles[key] = f' s="{style_id}"' if style_id else ""
        return found

    def _text(self, value: str, style: str = "") -> str | None:
        text = _xlsx_value(value)
        if not text:
            return None
        space = ' xml:space="preserve"' if text != text.strip() else ""
        return f'"{style} t="inlineStr"><is><t{space}>{text.translate(_XML_TEXT)}</t></is></c>'

    def money_style(self, currency: str, total: bool = False) -> str:
        style = self.money.get((currency, total))
        if style is None:
            style = self.money[currency, total] = self.style(money_format(currency), total)
        return style

    def rest(self, value, total: bool = False) -> str | None:
        """What follows ``<c r="B7`` for ``value`` (None: no cell), as ``put`` types it.

        Texts, times and dates repeat (names, labels, the show's days): what
        follows them is kept, so each is escaped or converted once."""
        if not total and _keepable(value):
            if len(self.kept) > 100_000:
                self.kept.clear()
            found = self.kept[value] = self._rest(value, False)
            return found
        return self._rest(value, total)

    def _rest(self, value, total: bool) -> str | None:
        from openpyxl.utils.datetime import to_excel

        kind = type(value)
        if kind is Money:
            if value.amount is None:
                return None
            style = self.money_style(value.currency, total)
            return f'"{style}><v>{_number_text(value.amount)}</v></c>'
        if kind is Number:
            if value.value is None:
                return None
            number, number_format = value.value, value.format
        elif isinstance(value, datetime):
            number = to_excel(value.replace(tzinfo=None), self.epoch)
            number_format = DATETIME_FORMAT
        elif isinstance(value, date):
            number, number_format = to_excel(value, self.epoch), DATE_FORMAT
        elif isinstance(value, bool):
            return f'"{self.style(None, total)} t="b"><v>{int(value)}</v></c>'
        elif value is None:
            return None
        elif isinstance(value, int | Decimal | float):
            number, number_format = value, None
        else:
            return self._text(str(value), self.style(None, total))
        style = self.style(number_format, total)
        return f'"{style}><v>{_number_text(number)}</v></c>'  # t="n" is the default

    def row(self, number: int, values: Sequence, total: bool = False) -> str:
        if total:
            return self._total_row(number, values)
        parts = [f'<row r="{number}">']
        self.columns = max(self.columns, len(values))
        starts, kept = self.starts, self.kept
        # The common cells inline (a function call each costs as much as the cell).
        for index, value in enumerate(values):
            if value is None:
                continue
            kind = type(value)
            if kind is Money:
                if value.amount is None:
                    continue
                style = self.money.get((value.currency, False)) or self.money_style(value.currency)
                tail = f'"{style}><v>{format(float(value.amount), ".16g")}</v></c>'
            elif kind is int and -SAFE_INTEGER < value < SAFE_INTEGER:
                tail = f'"><v>{value}</v></c>'
            else:
                tail = kept.get(value) if _keepable(value) else None
                if tail is None:
                    tail = self.rest(value)
                    if tail is None:
                        continue
            parts.append(f"{starts[index]}{number}{tail}")
        parts.append("</row>")
        return "".join(parts)

    def _total_row(self, number: int, values: Sequence) -> str:
        """Bold, with a rule above that runs the whole row."""
        parts = [f'<row r="{number}">']
        self.columns = max(self.columns, len(values))
        for index, value in enumerate(values):
            tail = self._rest(value, True)
            if tail is None:
                tail = f'"{self.style(None, True)}/>'
            parts.append(f"{self.starts[index]}{number}{tail}")
        parts.append("</row>")
        return "".join(parts)


def _keepable(value) -> bool:
    """Whether a cell is kept by its value (_RowRenderer.rest): texts, dates and
    naive times (an aware time equals the same instant in another zone, whose
    cell shows another wall time)."""
    kind = type(value)
    return kind is str or kind is date or (kind is datetime and value.tzinfo is None)


# Integers a double holds exactly: written as they are ("%.16g" writes them the same).
SAFE_INTEGER = 10**15


class WorkbookWriter:
    """A workbook of SheetWriters; ``to_bytes`` gives the .xlsx file."""

    def __init__(self):
        from openpyxl import Workbook

        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self._titles: set[str] = set()
        self._sheets: list[SheetWriter] = []

    def sheet(self, title: str) -> SheetWriter:
        # Sheet titles: at most 31 characters, none of []:*?/\ and unique.
        clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:31] or "Sheet"
        name, n = clean, 2
        while name.lower() in self._titles:
            name = f"{clean[:28]} {n}"
            n += 1
        self._titles.add(name.lower())
        writer = SheetWriter(self.workbook.create_sheet(name))
        self._sheets.append(writer)
        return writer

    def to_bytes(self) -> bytes:
        streamed = [s for s in self._sheets if s.streamed is not None]
        with tempfile.TemporaryDirectory() as folder:
            # The long tables' rows first: their number formats must be in the
            # workbook's styles when openpyxl saves it.
            rendered = {}
            for sheet in streamed:
                path = f"{folder}/{len(rendered)}.xml"
                rendered[sheet.streamed.marker] = (path, *_render(sheet, path))
            buffer = io.BytesIO()
            self.workbook.save(buffer)
            if not streamed:
                return buffer.getvalue()
            return _splice(buffer, rendered)


def _render(sheet: SheetWriter, path: str) -> tuple[int, int]:
    """Write a streamed table's rows as sheet XML to ``path``; (last row, columns)."""
    streamed = sheet.streamed
    renderer = _RowRenderer(sheet.sheet)
    number = streamed.first_row
    with open(path, "w", encoding="utf-8") as out:
        chunk = []
        for values in streamed.rows:
            chunk.append(renderer.row(number, values))
            number += 1
            if len(chunk) == 1000:
                out.write("".join(chunk))
                chunk = []
        if streamed.total is not None:
            chunk.append(renderer.row(number, streamed.total, total=True))
            number += 1
        out.write("".join(chunk))
    return number - 1, max(renderer.columns, sheet.sheet.max_column)


_PLACEHOLDER = r'<row r="\d+"[^>]*>(?:(?!</row>).)*?{marker}.*?</row>'


def _splice(saved: io.BytesIO, rendered: dict) -> bytes:
    """The saved workbook with each placeholder row replaced by its rendered rows."""
    from openpyxl.utils import get_column_letter

    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        # The long sheet at a lower level than the default 6: less than half the
        # time for a file a sixth larger.
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            marker = next(
                (
                    m
                    for m in rendered
                    if info.filename.startswith("xl/worksheets/") and m.encode() in data
                ),
                None,
            )
            if marker is None:
                target.writestr(info, data)
                continue
            path, last_row, columns = rendered[marker]
            text = data.decode("utf-8")
            found = re.search(_PLACEHOLDER.format(marker=re.escape(marker)), text, re.S)
            head, tail = text[: found.start()], text[found.end() :]
            head = re.sub(
                r'<dimension ref="[^"]*"',
                f'<dimension ref="A1:{get_column_letter(columns)}{last_row}"',
                head,
                count=1,
            )
            with target.open(info.filename, "w") as entry:
                entry.write(head.encode("utf-8"))
                with open(path, "rb") as rows:
                    shutil.copyfileobj(rows, entry, 1 << 20)
                entry.write(tail.encode("utf-8"))
    return out.getvalue()

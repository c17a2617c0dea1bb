"""The workbook writer's streamed tables: the same cells as its ordinary tables."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from pavilion.reports.documents import Money, Number, WorkbookWriter

HEADERS = ["ID", "When", "Name", "Amount", "Currency", "Ratio", "Signed", "Flag", "Note"]
ROWS = [
    (
        1,
        datetime(2024, 1, 9, 10, 15),
        '=HYPERLINK("http://x")',
        Money(Decimal("1234.56"), "USD"),
        "USD",
        Number(Decimal("0.125"), "0.0%"),
        date(2024, 3, 2),
        True,
        "  spaced <b> & \x07bell ",
    ),
    (2, datetime(2024, 1, 10, 9, 0), "벤치 회사", Money(None, "KRW"), "KRW", None, None, False, ""),
    (
        3,
        datetime(2024, 1, 11, 17, 45),
        "+1 cmd",
        Money(Decimal("5000000"), "KRW"),
        "KRW",
        Number(7),
        None,
        None,
        "@SUM(A1)",
    ),
    (
        4,
        datetime(2024, 1, 12, 8, 0),
        "-2",
        Money(Decimal("99.9"), "JPY"),
        "JPY",
        Decimal("3.5"),
        date(2025, 1, 1),
        None,
        "plain",
    ),
]
LA = ZoneInfo("America/Los_Angeles")
# The same instant in two zones: each cell shows its own wall time (Excel has no zones).
ROWS += [
    (5, datetime(2024, 1, 9, 10, 0, tzinfo=LA), "LA", None, "", None, None, None, None),
    (6, datetime(2024, 1, 9, 18, 0, tzinfo=UTC), "UTC", None, "", None, None, None, None),
    (7, datetime(2024, 1, 9, 10, 0, tzinfo=LA), "LA", None, "", None, None, None, None),
]
TOTAL = ("Total", "4 consultations", "", Money(Decimal("6234.56"), "USD"), "", None, "", "", "")


def _cells(sheet):
    return [
        [
            (
                c.value,
                c.number_format if c.value is not None else None,
                c.font.b,
                c.border.top.style,
            )
            for c in row
        ]
        for row in sheet.iter_rows()
    ]


def test_a_streamed_table_writes_the_cells_an_ordinary_table_writes():
    book = WorkbookWriter()
    plain = book.sheet("Plain")
    plain.title("Records")
    plain.line("a note")
    plain.table(HEADERS, ROWS, total=TOTAL)
    plain.finish(freeze="C3")
    streamed = book.sheet("Streamed")
    streamed.title("Records")
    streamed.line("a note")
    streamed.streamed_table(HEADERS, iter(ROWS), total=TOTAL)
    streamed.finish(freeze="C3")
    workbook = load_workbook(io.BytesIO(book.to_bytes()))
    ours, theirs = _cells(workbook["Streamed"]), _cells(workbook["Plain"])
    assert ours == theirs
    assert len(ours) == 2 + 1 + len(ROWS) + 1  # title and note, header, rows, total
    sheet = workbook["Streamed"]
    assert sheet.freeze_panes == "C3"
    assert sheet.dimensions == "A1:I11"
    assert [sheet[f"B{row}"].value.hour for row in (8, 9, 10)] == [10, 18, 10]
    # Formula-injection safe: texts stay texts, quoted; no cell is a formula.
    assert sheet["C4"].value == '\'=HYPERLINK("http://x")'
    assert sheet["I4"].value == "  spaced <b> & bell "
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert isinstance(sheet["B4"].value, datetime) and sheet["G4"].value.year == 2024
    assert sheet["D4"].number_format == '#,##0.00 "USD"'
    assert sheet["D6"].number_format == '#,##0 "KRW"'
    total = list(sheet[11])
    assert total[0].value == "Total" and total[0].font.b
    assert all(cell.border.top.style == "thin" for cell in total)


def test_a_streamed_table_is_the_last_thing_on_its_sheet():
    book = WorkbookWriter()
    sheet = book.sheet("Records")
    sheet.streamed_table(["A"], iter([(1,), (2,)]))
    with pytest.raises(RuntimeError):
        sheet.line("after")
    with pytest.raises(RuntimeError):
        sheet.title("after")
    rows = list(load_workbook(io.BytesIO(book.to_bytes()))["Records"].values)
    assert rows == [("A",), (1,), (2,)]  # nothing written after the table

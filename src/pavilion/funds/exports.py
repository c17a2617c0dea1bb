"""The fund's workbook: its figures, commitments, plan and investments (XLSX).

Amounts are numbers (shown with their currency code through the cell's number
format, and in a currency column), dates are dates and rates are numbers, so a
spreadsheet can add them up; text goes through the formula escaping of
:mod:`pavilion.core.spreadsheets`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from pavilion.core.spreadsheets import _xlsx_value
from pavilion.funds import figures
from pavilion.funds.models import Fund

DATE_FORMAT = "yyyy-mm-dd"
# Currencies without a minor unit are shown without decimals (the value keeps them).
NO_MINOR_UNIT = {"KRW", "JPY"}


@dataclass(frozen=True)
class Money:
    amount: Decimal | None
    currency: str


@dataclass(frozen=True)
class Number:
    value: Decimal | int | None
    format: str


def money_format(currency: str) -> str:
    digits = "#,##0" if currency in NO_MINOR_UNIT else "#,##0.00"
    return f'{digits} "{currency}"'


def _money(value, currency) -> Money:
    return Money(None if value is None else Decimal(value), currency)


def _put(cell, value) -> None:
    """Write one typed cell: Money and Number as numbers with a format, dates as dates."""
    if isinstance(value, Money):
        cell.value = value.amount
        if value.amount is not None:
            cell.number_format = money_format(value.currency)
    elif isinstance(value, Number):
        cell.value = value.value
        cell.number_format = value.format
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool) or value is None:
        cell.value = _xlsx_value(value)
    elif isinstance(value, int | Decimal):
        cell.value = value
    else:
        cell.value = _xlsx_value(value)
        # No text we write may ever be a formula (see core.spreadsheets).
        if cell.data_type == "f":
            cell.data_type = "s"


def _workbook(sheets) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        for column, header in enumerate(headers, start=1):
            cell = sheet.cell(row=1, column=column)
            _put(cell, str(header))
            cell.font = Font(bold=True)
        for number, row in enumerate(rows, start=2):
            for column, value in enumerate(row, start=1):
                _put(sheet.cell(row=number, column=column), value)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fund_workbook(fund: Fund) -> bytes:
    report = figures.fund_report(fund)
    duty = report["obligation"]
    currency = report["currency"]
    rate = duty["execution_rate"]
    summary = [
        (_("Fund"), fund.name, ""),
        (_("Fund manager"), fund.manager, ""),
        (_("Vintage year"), fund.vintage, ""),
        (_("As of"), date.fromisoformat(report["as_of"]), ""),
        (_("Target"), _money(report["target"], currency), currency),
        (_("Raised"), _money(report["raised"], currency), currency),
        (_("Called"), _money(report["called"], currency), currency),
        (_("Planned"), _money(report["planned"], currency), currency),
        (_("Deployed"), _money(report["deployed"], currency), currency),
        (_("City commitment"), _money(duty["city_commitment"], currency), currency),
        (_("Local investment required"), _money(duty["required"], currency), currency),
        (_("Qualifying investments"), _money(duty["qualifying"], currency), currency),
        (
            _("Execution rate"),
            Number(None if rate is None else Decimal(rate), "0.00%"),
            "",
        ),
        (_("Portfolio companies"), report["portfolio"]["companies"], ""),
        (_("Listed companies"), ", ".join(report["portfolio"]["listed"]), ""),
    ]
    for dimension in figures.DIMENSIONS:
        for row in report["breakdowns"][dimension]:
            summary.append(
                (
                    f"{figures.DIMENSION_TITLES[dimension]}: {row['label']}",
                    _money(row["amount"], currency),
                    currency,
                )
            )
    investments = [
        (
            i.pk,
            i.company.name_en,
            i.company.name_ko,
            i.invested_on,
            i.get_round_display(),
            i.get_instrument_display(),
            Money(i.amount, i.currency),
            i.currency,
            Number(i.rate, "#,##0.0000"),
            Money(i.amount_in_fund_currency, fund.currency),
            Number(i.ownership, "0.000"),
            Money(i.post_money, i.currency),
            _("yes") if i.qualifies_locally else _("no"),
            i.get_status_display(),
            i.closed_on,
            Money(i.exit_proceeds, i.currency),
            origin.name if (origin := figures.origin_of(i)) else "",
            " ".join(str(c.pk) for c in i.consultations.all()),
        )
        for i in figures.investments_of(fund)
    ]
    return _workbook(
        [
            (_("Summary"), [_("Figure"), _("Value"), _("Currency")], summary),
            (
                _("Commitments"),
                [
                    _("Limited partner"),
                    _("City"),
                    _("Committed on"),
                    _("Amount"),
                    _("Called"),
                    _("Currency"),
                ],
                [
                    (
                        c.limited_partner,
                        _("yes") if c.is_city else _("no"),
                        c.committed_on,
                        Money(c.amount, c.currency),
                        Money(c.called, c.currency),
                        c.currency,
                    )
                    for c in fund.commitments.all()
                ],
            ),
            (
                _("Plan"),
                [_("Year"), _("Planned"), _("Deployed"), _("Currency")],
                [
                    (
                        r["year"],
                        _money(r["plan"], currency),
                        _money(r["deployed"], currency),
                        currency,
                    )
                    for r in report["deployment_by_year"]
                ],
            ),
            (
                _("Investments"),
                [
                    "ID",
                    _("Company"),
                    _("Korean name"),
                    _("Date"),
                    _("Round"),
                    _("Instrument"),
                    _("Amount"),
                    _("Currency"),
                    _("Rate"),
                    _("Amount in the fund's currency"),
                    _("Ownership (%)"),
                    _("Post-money valuation"),
                    _("Local"),
                    _("Status"),
                    _("Closed on"),
                    _("Exit proceeds"),
                    _("Edition of origin"),
                    _("Consultations"),
                ],
                investments,
            ),
        ]
    )

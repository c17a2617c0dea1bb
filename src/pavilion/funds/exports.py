"""The fund's workbook: its figures, commitments, plan and investments (XLSX)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from pavilion.core.spreadsheets import write_xlsx_sheets
from pavilion.funds import figures
from pavilion.funds.models import Fund


def fund_workbook(fund: Fund) -> bytes:
    report = figures.fund_report(fund)
    duty = report["obligation"]
    currency = report["currency"]
    summary = [
        (_("Fund"), fund.name, ""),
        (_("Fund manager"), fund.manager, ""),
        (_("Vintage year"), fund.vintage, ""),
        (_("As of"), report["as_of"], ""),
        (_("Target"), report["target"], currency),
        (_("Raised"), report["raised"], currency),
        (_("Called"), report["called"], currency),
        (_("Planned"), report["planned"], currency),
        (_("Deployed"), report["deployed"], currency),
        (_("City commitment"), duty["city_commitment"], currency),
        (_("Local investment required"), duty["required"], currency),
        (_("Qualifying investments"), duty["qualifying"], currency),
        (_("Execution rate"), duty["execution_rate"], ""),
        (_("Portfolio companies"), report["portfolio"]["companies"], ""),
        (_("Listed companies"), ", ".join(report["portfolio"]["listed"]), ""),
    ]
    for dimension in figures.DIMENSIONS:
        for row in report["breakdowns"][dimension]:
            summary.append(
                (f"{figures.DIMENSION_TITLES[dimension]}: {row['label']}", row["amount"], currency)
            )
    investments = [
        (
            i.pk,
            i.company.name_en,
            i.company.name_ko,
            i.invested_on,
            i.get_round_display(),
            i.get_instrument_display(),
            i.amount,
            i.currency,
            i.rate,
            i.amount_in_fund_currency,
            i.ownership,
            i.post_money,
            _("yes") if i.qualifies_locally else _("no"),
            i.get_status_display(),
            i.closed_on,
            i.exit_proceeds,
            origin.name if (origin := figures.origin_of(i)) else "",
            " ".join(str(c.pk) for c in i.consultations.all()),
        )
        for i in figures.investments_of(fund)
    ]
    return write_xlsx_sheets(
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
                        c.amount,
                        c.called,
                        c.currency,
                    )
                    for c in fund.commitments.all()
                ],
            ),
            (
                _("Plan"),
                [_("Year"), _("Planned"), _("Deployed"), _("Currency")],
                [
                    (r["year"], r["plan"], r["deployed"], currency)
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

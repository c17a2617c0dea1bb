"""The programme report as documents: an XLSX workbook with native Excel charts and
an A4 PDF (WeasyPrint, the page's own table and SVG charts).

Both read the programme's JSON-ready data (reports.programme), so the
documents show exactly what the page shows.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font

from pavilion.reports import programme, targets
from pavilion.reports.kpis import FIGURE_LABELS

KRW_FORMAT = '#,##0 "KRW"'
USD_FORMAT = '#,##0.00 "USD"'


def _number(value):
    """A JSON amount or count as a spreadsheet number (None stays empty)."""
    if value in (None, ""):
        return None
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def _text(value: str) -> str:
    """Text that a spreadsheet must never read as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def programme_workbook(data: dict) -> bytes:
    """The programme as an XLSX workbook: one sheet of figures side by side (numbers as
    numbers, amounts with their currency format) and native bar charts."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Programme")[:31]
    period = data["period"]
    sheet.append([_("Programme report"), str(period["year"] or "")])
    sheet.append([_("Period"), f"{period['first']} – {period['last']}"])
    sheet["A1"].font = Font(bold=True, size=14)
    editions = data["editions"]
    header = [_("Figure"), *(_text(c["name"]) for c in editions), _("Total")]
    sheet.append([])
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    rows_at = {}

    def add(label, values, total, number_format=None):
        sheet.append([label, *(_number(v) for v in values), _number(total)])
        row = sheet.max_row
        if number_format:
            for cell in sheet[row][1:]:
                cell.number_format = number_format
        return row

    totals = data["totals"]
    for key, measure in programme.FUNNEL_ROWS:
        label = str(FIGURE_LABELS[key][0])
        if measure == "count":
            name = f"{key}.count"
            rows_at[name] = add(
                label, [c["values"][name] for c in editions], totals["values"][name]
            )
            continue
        for currency, fmt in (("krw", KRW_FORMAT), ("usd", USD_FORMAT)):
            name = f"{key}.amount_{currency}"
            rows_at[name] = add(
                f"{label} ({currency.upper()})",
                [c["values"][name] for c in editions],
                totals["values"][name],
                fmt,
            )
    add(
        _("Consultations per company"),
        [c["per_company"]["consultations"] for c in editions],
        totals["per_company"]["consultations"],
    )
    add(
        _("Consultation amount per company"),
        [c["per_company"]["amount_krw"] for c in editions],
        totals["per_company"]["amount_krw"],
        KRW_FORMAT,
    )
    add(
        _("Satisfaction (1–5)"),
        [c["satisfaction"]["mean"] for c in editions],
        totals["satisfaction"]["mean"],
    )
    for key, (label, _korean) in targets.TARGET_LABELS.items():
        add(
            _("Target achievement: %(target)s (%%)") % {"target": label},
            [(c["targets"].get(key) or {}).get("achievement_pct") for c in editions],
            None,
        )
    add(
        _("Budget"),
        [c["budget"]["total"] for c in editions],
        totals["budget"]["total"],
        KRW_FORMAT,
    )
    add(
        _("Cost per consultation"),
        [c["budget"]["cost_per_consultation"] for c in editions],
        totals["budget"]["cost_per_consultation"],
        KRW_FORMAT,
    )
    add(
        _("Consultation amount per won spent"),
        [c["budget"]["amount_per_krw"] for c in editions],
        totals["budget"]["amount_per_krw"],
    )
    rows_at["score"] = add(_("Composite score"), [c["score"]["score"] for c in editions], None)
    sheet.column_dimensions["A"].width = 44
    for column in range(2, len(editions) + 3):
        sheet.column_dimensions[sheet.cell(header_row, column).column_letter].width = 22
    if editions:
        _chart(
            sheet,
            _("Consultations per edition"),
            rows_at["consultations.count"],
            header_row,
            len(editions),
            "B",
        )
        _chart(
            sheet,
            _("Consultation amount per edition (KRW)"),
            rows_at["consultations.amount_krw"],
            header_row,
            len(editions),
            "L",
        )
        _chart(
            sheet,
            _("Composite score per edition"),
            rows_at["score"],
            header_row,
            len(editions),
            "V",
        )
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _chart(sheet, title, row, header_row, count, anchor_column):
    """A native bar chart of one row across the editions, under the table."""
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, max_col=count + 1, min_row=row), from_rows=True)
    chart.set_categories(Reference(sheet, min_col=2, max_col=count + 1, min_row=header_row))
    chart.width, chart.height = 16, 8
    sheet.add_chart(chart, f"{anchor_column}{sheet.max_row + 3}")


def programme_pdf(data: dict, *, charts: dict, rows: list[dict]) -> bytes:
    """The programme as an A4 (landscape) PDF: the page's table and SVG charts."""
    from weasyprint import HTML

    from pavilion.reports.programme_views import target_labels

    html = render_to_string(
        "reports/programme_pdf.html",
        {"data": data, "charts": charts, "rows": rows, "target_labels": target_labels()},
    )
    return HTML(string=html).write_pdf()

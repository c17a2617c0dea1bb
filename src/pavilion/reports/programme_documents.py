"""The programme report as documents, on the report's builders (reports.documents):
an XLSX workbook with native Excel charts and an A4 landscape PDF (the page's
own table and SVG charts).

Both read the programme's JSON-ready data (reports.programme), so the
documents show exactly what the page shows.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from pavilion.reports import programme, targets
from pavilion.reports.documents import Number, WorkbookWriter, money, render_pdf
from pavilion.reports.kpis import FIGURE_LABELS

DECIMAL_FORMAT = "#,##0.0"
RATIO_FORMAT = "#,##0.00"


def _number(value, number_format=DECIMAL_FORMAT) -> Number:
    return Number(None if value in (None, "") else Decimal(value), number_format)


def _title(data: dict) -> str:
    period = data["period"]
    label = period["year"] or f"{period['first']} – {period['last']}"
    return _("Programme report %(period)s") % {"period": label}


def programme_workbook(data: dict) -> bytes:
    """Two sheets: the editions side by side (as the page), and one row per edition
    with a total row and native bar charts (consultations, amount, score)."""
    book = WorkbookWriter()
    editions, totals = data["editions"], data["totals"]
    side = book.sheet(_("Programme"))
    side.title(_title(data))
    side.line(_("Period"), f"{data['period']['first']} – {data['period']['last']}")
    side.line(_("Amounts in KRW (and USD) at each edition's own fixed rates."))
    side.blank()
    rows = []
    for key, measure in programme.FUNNEL_ROWS:
        label = str(FIGURE_LABELS[key][0])
        if measure == "count":
            name = f"{key}.count"
            rows.append(
                [label, *(Number(c["values"][name]) for c in editions), totals["values"][name]]
            )
            continue
        for currency in ("KRW", "USD"):
            name = f"{key}.amount_{currency.lower()}"
            rows.append(
                [
                    f"{label} ({currency})",
                    *(money(c["values"][name], currency) for c in editions),
                    money(totals["values"][name], currency),
                ]
            )
    rows.append(
        [
            _("Consultations per company"),
            *(_number(c["per_company"]["consultations"]) for c in editions),
            _number(totals["per_company"]["consultations"]),
        ]
    )
    rows.append(
        [
            _("Consultation amount per company"),
            *(money(c["per_company"]["amount_krw"], "KRW") for c in editions),
            money(totals["per_company"]["amount_krw"], "KRW"),
        ]
    )
    rows.append(
        [
            _("Satisfaction (1–5)"),
            *(_number(c["satisfaction"]["mean"], RATIO_FORMAT) for c in editions),
            _number(totals["satisfaction"]["mean"], RATIO_FORMAT),
        ]
    )
    for key, (label, _korean) in targets.TARGET_LABELS.items():
        rows.append(
            [
                _("Target achievement (%%): %(target)s") % {"target": label},
                *(_number((c["targets"].get(key) or {}).get("achievement_pct")) for c in editions),
                None,
            ]
        )
    rows.append(
        [
            _("Budget"),
            *(money(c["budget"]["total"], "KRW") for c in editions),
            money(totals["budget"]["total"], "KRW"),
        ]
    )
    rows.append(
        [
            _("Cost per consultation"),
            *(money(c["budget"]["cost_per_consultation"], "KRW") for c in editions),
            money(totals["budget"]["cost_per_consultation"], "KRW"),
        ]
    )
    rows.append(
        [
            _("Consultation amount per won spent"),
            *(_number(c["budget"]["amount_per_krw"], RATIO_FORMAT) for c in editions),
            _number(totals["budget"]["amount_per_krw"], RATIO_FORMAT),
        ]
    )
    rows.append([_("Composite score"), *(_number(c["score"]["score"]) for c in editions), None])
    side.table([_("Figure"), *(c["name"] for c in editions), _("Total")], rows)
    side.finish(freeze="B6")

    per = book.sheet(_("Editions"))
    per.title(_title(data))
    per.blank()
    table = per.table(
        [
            _("Edition"),
            _("Trade show"),
            _("First day"),
            _("Consultations"),
            _("Consultation amount (KRW)"),
            _("Contract-pursued (KRW)"),
            _("Budget (KRW)"),
            _("Composite score"),
        ],
        [
            [
                c["name"],
                c["show"],
                date.fromisoformat(c["start_date"]),
                Number(c["values"]["consultations.count"]),
                money(c["values"]["consultations.amount_krw"], "KRW"),
                money(c["values"]["pursued.amount_krw"], "KRW"),
                money(c["budget"]["total"], "KRW"),
                _number(c["score"]["score"]),
            ]
            for c in editions
            if c["held"]
        ],
        total=[
            _("Total"),
            "",
            "",
            Number(totals["values"]["consultations.count"]),
            money(totals["values"]["consultations.amount_krw"], "KRW"),
            money(totals["values"]["pursued.amount_krw"], "KRW"),
            money(totals["budget"]["total"], "KRW"),
            None,
        ],
    )
    for n, (column, title) in enumerate(
        (
            (4, _("Consultations per edition")),
            (5, _("Consultation amount per edition")),
            (8, _("Composite score per edition")),
        )
    ):
        per.bar_chart(
            table,
            title=title,
            label_column=1,
            value_column=column,
            anchor_column=10,
            anchor_row=table.header_row + n * 16,
        )
    per.finish()
    return book.to_bytes()


def programme_pdf(data: dict, *, charts: dict, rows: list[dict], target_labels) -> bytes:
    """The programme as an A4 landscape PDF: the page's table and SVG charts."""
    return render_pdf(
        "reports/programme_pdf.html",
        {
            "data": data,
            "charts": charts,
            "rows": rows,
            "target_labels": target_labels,
            "document_title": _title(data),
        },
        stylesheet="reports/pdf/programme.css",
    )

"""A report (the JSON of ``reports.services.edition_report``, live or frozen) made
ready to print: the page, the PDF and the workbook all print this, so they agree.

Rounding rule (docs/kpis.md, "Rounding"): amounts print to the currency's
minor unit (whole won, cents); the rows of a breakdown are rounded by largest
remainder so that they add up to their total as printed, and a total row
equal to the figure is printed under every breakdown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.core.money import apportion, format_count, format_large, minor_unit
from pavilion.reports import definitions
from pavilion.reports.kpis import FIGURE_LABELS

# The consultation figures printed with count and amount (KRW and USD), in order.
AMOUNT_FIGURES = [
    "consultations",
    "pursued",
    "onsite_contract",
    "mou",
    "after_show_contract",
    "lost",
    "investment_talks",
    "invested",
]
# Averages per participating company (업체당 평균): figure key → measure.
# Each with its own name: a count and an amount of the same figure must not read alike.
AVERAGES = [
    ("consultations", "count", gettext_lazy("Consultations per company"), "업체당 평균 상담건수"),
    (
        "consultations",
        "amount",
        gettext_lazy("Consultation amount per company"),
        "업체당 평균 상담액",
    ),
    (
        "pursued",
        "amount",
        gettext_lazy("Contract-pursued amount per company"),
        "업체당 평균 계약추진액",
    ),
]


def dimension_titles() -> dict[str, str]:
    return {
        "kind": _("Kind"),
        "stage": _("Stage"),
        "source": _("Source"),
        "country": _("Partner country"),
        "partner_kind": _("Partner kind"),
        "company": _("Company"),
        "day": _("Day"),
    }


def _dec(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _round(value: Decimal | None, currency: str) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def headline_text(figure: dict, currency: str, language: str) -> str:
    """One figure as Korean export-support reports print it:
    "상담건수 352건 · 365억 원 (2,776만 달러)" / "Consultations 352 · KRW 36.5 billion (USD …)"."""
    korean = language.startswith("ko")
    name = figure["korean"] if korean else figure["label"]
    parts = [f"{name} {format_count(figure.get('count'), language)}"]
    amount = _dec(figure.get("amount"))
    if amount is not None:
        parts.append(format_large(amount, currency, language))
    text = " · ".join(parts)
    usd = _dec(figure.get("amount_usd"))
    if usd is not None and currency != "USD":
        text += f" ({format_large(usd, 'USD', language)})"
    return text


def _apportioned(rows: list[dict], key: str, total: Decimal | None, currency: str) -> None:
    values = [_dec(row.get(key)) for row in rows]
    if not rows or any(v is None for v in values):
        for row, value in zip(rows, values, strict=True):
            row[key] = _round(value, currency)
        return
    exact = sum(values, Decimal(0)) if total is None else total
    for row, value in zip(rows, apportion(values, exact, minor_unit(currency)), strict=True):
        row[key] = value


def printable(report: dict, language: str) -> dict:
    """What every document of the report prints (see the module's docstring)."""
    currency = report["currency"]
    figures = report["figures"]
    labels = definitions.FIGURE_DEFINITIONS

    def figure(key: str) -> dict:
        # Labels in the reader's language, also for a report frozen in another one.
        fig = {**figures[key], "label": str(FIGURE_LABELS.get(key, (figures[key]["label"],))[0])}
        return {
            "key": key,
            "label": fig["label"],
            "korean": fig["korean"],
            "definition": str(labels.get(key, "")),
            "count": fig.get("count"),
            "amount": _round(_dec(fig.get("amount")), currency),
            "amount_usd": _round(_dec(fig.get("amount_usd")), "USD"),
            "unconverted": fig.get("unconverted", 0),
            "text": headline_text(fig, currency, language),
            "drill": fig.get("drill") or {},
        }

    amount_figures = [figure(key) for key in AMOUNT_FIGURES if key in figures]
    funnel = [
        {
            **step,
            "label": str(definitions.FUNNEL_LABELS.get(step["stage"], step["label"])),
            "definition": str(definitions.FUNNEL_DEFINITIONS.get(step["stage"], "")),
        }
        for step in report.get("funnel", [])
    ]
    all_figure = figures.get("consultations", {})
    titles = dimension_titles()
    breakdowns = {}
    for dimension, raw_rows in report.get("breakdowns", {}).items():
        rows = [dict(row) for row in raw_rows]
        total = {
            "count": sum(row["count"] for row in rows),
            "amount": _round(_dec(all_figure.get("amount")), currency),
            "amount_usd": _round(_dec(all_figure.get("amount_usd")), "USD"),
        }
        _apportioned(rows, "amount", _dec(all_figure.get("amount")), currency)
        _apportioned(rows, "amount_usd", _dec(all_figure.get("amount_usd")), "USD")
        breakdowns[dimension] = {
            "title": titles.get(dimension, dimension),
            "rows": rows,
            "total": total,
        }
    companies = [dict(row) for row in report.get("companies", [])]
    company_keys = ["consultations", "pursued", "onsite_contract", "mou", "after_show_contract"]
    company_total = {}
    for key in company_keys:
        column = [dict(row[key]) for row in companies]
        exact = _dec(figures.get(key, {}).get("amount"))
        _apportioned(column, "amount", exact, currency)
        _apportioned(column, "amount_usd", _dec(figures.get(key, {}).get("amount_usd")), "USD")
        for row, cell in zip(companies, column, strict=True):
            row[key] = cell
        company_total[key] = {
            "count": sum(cell["count"] or 0 for cell in column),
            "amount": _round(exact, currency),
            "amount_usd": _round(_dec(figures.get(key, {}).get("amount_usd")), "USD"),
        }
    count = figures.get("companies", {}).get("count") or 0
    averages = []
    for key, measure, label, korean in AVERAGES:
        fig = figures.get(key)
        if not fig:
            continue
        value = _dec(fig.get(measure)) if measure == "amount" else Decimal(fig.get("count") or 0)
        average = value / count if count and value is not None else None
        usd = _dec(fig.get("amount_usd")) if measure == "amount" else None
        averages.append(
            {
                "key": key,
                "measure": measure,
                "label": str(label),
                "korean": korean,
                "value": _round(average, currency)
                if measure == "amount"
                else (average.quantize(Decimal("0.1")) if average is not None else None),
                "value_usd": _round(usd / count, "USD") if usd is not None and count else None,
            }
        )
    return {
        "currency": currency,
        "language": language,
        "figures": amount_figures,
        "funnel": funnel,
        "breakdowns": breakdowns,
        "companies": companies,
        "company_total": company_total,
        "averages": averages,
    }


def report_charts(edition, report: dict, language: str, *, links: bool = True) -> dict:
    """The report's SVG charts (funnel, kind, country, day); bars link to their records
    on the page (``links``), not in the PDF."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from pavilion.core.money import format_money
    from pavilion.reports import charts

    base = reverse("consultation-list", args=[edition.slug])
    currency = report["currency"]

    def href(params: dict) -> str:
        return f"{base}?{urlencode(params)}" if links else ""

    def bars(dimension, by="amount"):
        rows = report["breakdowns"].get(dimension, [])[:12]
        return [
            charts.Bar(
                label=row["label"],
                value=row[by] if by == "count" else Decimal(row["amount"] or "0"),
                href=href({dimension: row["key"]}),
                note=(
                    str(row["count"])
                    if by == "count"
                    else format_money(Decimal(row["amount"] or "0"), currency, language)
                ),
            )
            for row in rows
        ]

    funnel = [
        charts.Bar(
            label=str(definitions.FUNNEL_LABELS.get(step["stage"], step["label"])),
            value=step["count"],
            # A funnel step counts the deals that reached it; reports frozen
            # before steps carried their drill link to the deals at the stage.
            href=href(step.get("drill") or {"stage": step["stage"]}),
        )
        for step in report["funnel"]
    ]
    return {
        "funnel": charts.funnel_chart(funnel, title=_("Deal funnel")),
        "by_kind": charts.bar_chart(bars("kind"), title=_("Consultation amount by kind")),
        "by_country": charts.bar_chart(
            bars("country"), title=_("Consultation amount by partner country")
        ),
        "by_day": charts.bar_chart(bars("day", by="count"), title=_("Consultations by day")),
    }

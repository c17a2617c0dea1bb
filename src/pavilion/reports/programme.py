"""The agency's programme report: every edition of the organisation in a period,
side by side, with totals (reads only; the page, its JSON and its documents
share it).

Each edition's column is computed from its records like its own report (the
same KPI functions), with its targets, cost ratios and composite score
(reports.targets). Amounts are in KRW (each edition's reporting amount
converted with its own KRW rate where it reports in another currency) and
in USD at each edition's own USD rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from pavilion.reports import kpis, targets
from pavilion.reports.services import _figure_json, held_editions
from pavilion.shows.models import Edition

# (figure, measure) rows of the funnel section, in the page's order.
FUNNEL_ROWS = [
    ("companies", "count"),
    ("visitors", "count"),
    ("consultations", "count"),
    ("consultations", "amount"),
    ("pursued", "count"),
    ("pursued", "amount"),
    ("onsite_contract", "count"),
    ("onsite_contract", "amount"),
    ("mou", "count"),
    ("mou", "amount"),
    ("after_show_contract", "count"),
    ("after_show_contract", "amount"),
    ("award_companies", "count"),
]


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    year: int | None = None

    @property
    def label(self) -> str:
        if self.year is not None:
            return str(self.year)
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


def period_from(params, *, today: date) -> tuple[Period | None, dict[str, str]]:
    """The period asked for: ``year`` (default: this year), or ``from`` and ``to``
    (ISO dates, both or neither). Returns (period, errors by parameter)."""
    errors: dict[str, str] = {}
    first, last = params.get("from", "").strip(), params.get("to", "").strip()
    if first or last:
        dates = {}
        for name, text in (("from", first), ("to", last)):
            try:
                dates[name] = date.fromisoformat(text)
            except ValueError:
                errors[name] = _("Give a date as YYYY-MM-DD (for example 2024-01-01).")
        if errors:
            return None, errors
        if dates["to"] < dates["from"]:
            return None, {"to": _("The end of the period is before its start.")}
        return Period(dates["from"], dates["to"]), {}
    text = params.get("year", "").strip() or str(today.year)
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        return None, {"year": _("Give a year between 2000 and 2100.")}
    year = int(text)
    return Period(date(year, 1, 1), date(year, 12, 31), year), {}


def editions_in(organisation_id: int, period: Period):
    """The organisation's editions starting in the period, oldest first."""
    return (
        Edition.objects.filter(
            show__organisation_id=organisation_id,
            start_date__gte=period.first,
            start_date__lte=period.last,
        )
        .select_related("show")
        .prefetch_related("fx_rates")
        .order_by("start_date", "name")
    )


def _krw_rate(report: dict) -> Decimal | None:
    """KRW per unit of the report's currency (1 when it reports in KRW)."""
    if report["currency"] == "KRW":
        return Decimal(1)
    rate = (report.get("fx_rates") or {}).get("KRW")
    return 1 / Decimal(rate["rate"]) if rate else None


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01")))


def edition_column(edition: Edition) -> dict:
    """One edition's figures for the programme (JSON-ready, amounts in KRW and USD)."""
    figures = {
        **kpis.other_figures(edition),
        **kpis.consultation_figures(edition),
        **kpis.investment_figures(edition),
    }
    report = {
        "currency": edition.reporting_currency,
        "fx_rates": {
            fx.currency: {"rate": str(fx.rate), "fixed_on": fx.fixed_on.isoformat()}
            for fx in edition.fx_rates.all()
        },
        "figures": {key: _figure_json(fig) for key, fig in figures.items()},
    }
    report.update(targets.plan_json(edition, report))
    krw = _krw_rate(report)
    values = {}
    for key, measure in FUNNEL_ROWS:
        figure = figures[key]
        if measure == "count":
            values[f"{key}.count"] = figure.count or 0
        else:
            values[f"{key}.amount_krw"] = _money(figure.amount * krw) if krw else None
            values[f"{key}.amount_usd"] = _money(figure.amount_usd)
    companies = figures["companies"].count or 0
    amount_krw = figures["consultations"].amount * krw if krw else None
    satisfaction = figures["satisfaction"]
    return {
        "slug": edition.slug,
        "name": edition.name,
        "show": edition.show.name,
        "city": edition.city,
        "start_date": edition.start_date.isoformat(),
        "end_date": edition.end_date.isoformat(),
        "closed": edition.closed_at is not None,
        "values": values,
        "per_company": {
            "consultations": str(
                (Decimal(figures["consultations"].count) / companies).quantize(Decimal("0.1"))
            )
            if companies
            else None,
            "amount_krw": _money(amount_krw / companies) if companies and amount_krw else None,
        },
        "satisfaction": {
            "mean": None if satisfaction.amount is None else str(satisfaction.amount),
            "answers": satisfaction.count or 0,
        },
        "targets": {t["key"]: t for t in report["targets"]},
        "budget": report["budget"],
        "score": targets.composite_score(report),
    }


def _sum(values) -> Decimal | None:
    present = [Decimal(v) for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def totals(columns: list[dict]) -> dict:
    """The programme's totals: sums of counts and amounts, the overall ratios."""
    values = {}
    for key, measure in FUNNEL_ROWS:
        if measure == "count":
            values[f"{key}.count"] = sum(c["values"][f"{key}.count"] for c in columns)
        else:
            for currency in ("krw", "usd"):
                name = f"{key}.amount_{currency}"
                cells = [c["values"][name] for c in columns]
                # A total of only some editions would pass for the whole: none then.
                values[name] = None if None in cells else _money(_sum(cells))
    companies = values["companies.count"]
    consultations = values["consultations.count"]
    amount = _sum([values["consultations.amount_krw"]])
    answers = sum(c["satisfaction"]["answers"] for c in columns)
    weighted = _sum(
        Decimal(c["satisfaction"]["mean"]) * c["satisfaction"]["answers"]
        for c in columns
        if c["satisfaction"]["mean"] is not None
    )
    # Ratios over the editions that have a budget, so a missing budget is not a free one.
    budgeted = [c for c in columns if c["budget"]["total"] is not None]
    budget = _sum(c["budget"]["total"] for c in budgeted)
    budget_consultations = sum(c["values"]["consultations.count"] for c in budgeted)
    budget_amount = _sum(c["values"]["consultations.amount_krw"] for c in budgeted)
    return {
        "values": values,
        "per_company": {
            "consultations": str((Decimal(consultations) / companies).quantize(Decimal("0.1")))
            if companies
            else None,
            "amount_krw": _money(amount / companies) if companies and amount else None,
        },
        "satisfaction": {
            "mean": str((weighted / answers).quantize(Decimal("0.01"))) if answers else None,
            "answers": answers,
        },
        "budget": {
            "total": None if budget is None else str(budget),
            "cost_per_consultation": str((budget / budget_consultations).quantize(Decimal(1)))
            if budget and budget_consultations
            else None,
            "amount_per_krw": str((budget_amount / budget).quantize(Decimal("0.01")))
            if budget and budget_amount is not None
            else None,
        },
    }


def programme(organisation_id: int, period: Period) -> dict:
    """Every edition of the organisation starting in the period, side by side, with
    totals. Editions not held yet are listed (marked) and left out of the totals."""
    editions = list(editions_in(organisation_id, period))
    held = set(
        held_editions(Edition.objects.filter(pk__in=[e.pk for e in editions])).values_list(
            "pk", flat=True
        )
    )
    columns = []
    for edition in editions:
        column = edition_column(edition)
        column["held"] = edition.pk in held
        columns.append(column)
    return {
        "period": {
            "first": period.first.isoformat(),
            "last": period.last.isoformat(),
            "year": period.year,
        },
        "currency": "KRW",
        "editions": columns,
        "totals": totals([c for c in columns if c["held"]]),
        "score_weights": {k: str(v) for k, v in targets.SCORE_WEIGHTS.items()},
    }

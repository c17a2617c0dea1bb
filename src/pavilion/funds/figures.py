"""Fund figures: raised vs target, deployed, the local obligation, pavilion conversion.

Each record is converted at its own rate to the cent of the fund's currency
and the Decimals are added in Python, so figures are exact on every database
and every breakdown sums to its total.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pavilion.consultations.models import Consultation, ConsultationKind
from pavilion.core.db import ExactSum
from pavilion.funds.models import CENT, Fund, Investment, in_fund_currency


def _in_fund_currency(rows: QuerySet, field: str) -> Decimal:
    return sum(
        (in_fund_currency(value, rate) for value, rate in rows.values_list(field, "rate")),
        Decimal(0),
    )


def raised(fund: Fund, on: date | None = None) -> Decimal:
    """Commitments made up to ``on`` (all of them without a date), in the fund's currency."""
    rows = fund.commitments.all()
    if on is not None:
        rows = rows.filter(committed_on__lte=on)
    return _in_fund_currency(rows, "amount")


def called(fund: Fund) -> Decimal:
    return _in_fund_currency(fund.commitments.all(), "called")


def deployed(fund: Fund, on: date | None = None) -> Decimal:
    rows = fund.investments.all()
    if on is not None:
        rows = rows.filter(invested_on__lte=on)
    return _in_fund_currency(rows, "amount")


def obligation(fund: Fund) -> dict:
    """The local investment the city's contribution obliges, what qualifies, and the rate."""
    city = _in_fund_currency(fund.commitments.filter(is_city=True), "amount")
    required = (city * fund.local_multiple).quantize(CENT)
    qualifying = _in_fund_currency(fund.investments.filter(qualifies_locally=True), "amount")
    return {
        "city_commitment": city,
        "required": required,
        "qualifying": qualifying,
        "execution_rate": (qualifying / required) if required else None,
    }


INVESTMENT_TALKS = (ConsultationKind.INVESTMENT, ConsultationKind.MNA)


def conversion(
    edition, investments: QuerySet | None = None, *, investment_talks: int | None = None
) -> dict:
    """Investment consultations of an edition → the investments that cite them.

    ``investments`` narrows to one fund's; amounts stay per currency here (the
    report converts them with the edition's rates, the fund page at each
    investment's own rate). ``investment_talks`` is the number of the edition's
    investment and M&A consultations when the caller has counted them already.
    """
    investments = Investment.objects.all() if investments is None else investments
    cited = investments.filter(consultations__edition=edition).distinct()
    talks = Consultation.objects.filter(edition=edition, kind__in=INVESTMENT_TALKS)
    converted = talks.filter(investments__in=cited).distinct()
    days = [(i.invested_on - edition.end_date).days for i in cited.only("invested_on")]
    return {
        "investment_consultations": talks.count() if investment_talks is None else investment_talks,
        "converted_consultations": converted.count(),
        "investments": len(days),
        "amount_by_currency": {
            row["currency"]: row["total"]
            for row in Investment.objects.filter(pk__in=cited.values("pk"))
            .values("currency")
            .annotate(total=ExactSum("amount"))
            .order_by()
        },
        "amount_in_fund_currency": _in_fund_currency(
            Investment.objects.filter(pk__in=cited.values("pk")), "amount"
        ),
        "median_days_after_show": round(median(days)) if days else None,
    }


def origin_of(investment: Investment):
    """The edition an investment grew out of: the earliest edition among the
    consultations it cites (the first meeting at the pavilion), or None."""
    editions = [c.edition for c in investment.consultations.all()]
    return min(editions, key=lambda e: (e.start_date, e.pk), default=None)


def investments_of(fund: Fund) -> list[Investment]:
    """The fund's investments with what the breakdowns read, in one go."""
    return list(
        fund.investments.select_related("company")
        .prefetch_related("company__sectors", "consultations__edition")
        .order_by("invested_on", "id")
    )


NOT_FROM_PAVILION = "none"


def breakdown(fund: Fund, dimension: str, rows: list[Investment] | None = None) -> list[dict]:
    """Investments (count, amount in the fund's currency) by round, status,
    edition of origin or sector. Rows sum to the totals, except ``sector``: a
    company in several sectors counts in each."""
    rows = investments_of(fund) if rows is None else rows
    groups: dict[str, dict] = {}

    def add(key, label, investment):
        group = groups.setdefault(key, {"key": key, "label": label, "count": 0, "amount": 0})
        group["count"] += 1
        group["amount"] += investment.amount_in_fund_currency

    for investment in rows:
        if dimension == "round":
            add(investment.round, investment.get_round_display(), investment)
        elif dimension == "status":
            add(investment.status, investment.get_status_display(), investment)
        elif dimension == "edition":
            edition = origin_of(investment)
            if edition is None:
                add(NOT_FROM_PAVILION, _("Not from the pavilion"), investment)
            else:
                add(edition.slug, edition.name, investment)
        elif dimension == "sector":
            sectors = list(investment.company.sectors.all()) or [None]
            for sector in sectors:
                if sector is None:
                    add(NOT_FROM_PAVILION, _("No sector"), investment)
                else:
                    add(sector.slug, sector.name, investment)
        else:
            raise ValueError(f"unknown dimension {dimension!r}")
    result = list(groups.values())
    for group in result:
        group["amount"] = Decimal(group["amount"])
    result.sort(key=lambda g: (-g["amount"], str(g["label"])))
    return result


DIMENSIONS = ("round", "sector", "edition", "status")
DIMENSION_TITLES = {
    "round": gettext_lazy("Invested by stage"),
    "sector": gettext_lazy("Invested by sector"),
    "edition": gettext_lazy("Invested by edition of origin"),
    "status": gettext_lazy("Invested by status"),
}
# The query parameters of the investments list (see ``matches``).
FILTERS = ("round", "status", "sector", "edition", "local", "year")


def matches(investment: Investment, params) -> bool:
    """Whether an investment is in the drill-down a breakdown row links to."""
    if (value := params.get("round")) and investment.round != value:
        return False
    if (value := params.get("status")) and investment.status != value:
        return False
    if (value := params.get("sector")) and value not in (
        [s.slug for s in investment.company.sectors.all()] or [NOT_FROM_PAVILION]
    ):
        return False
    if value := params.get("edition"):
        origin = origin_of(investment)
        if (origin.slug if origin else NOT_FROM_PAVILION) != value:
            return False
    if params.get("local") == "1" and not investment.qualifies_locally:
        return False
    year = params.get("year")
    return not year or str(investment.invested_on.year) == year


def deployment_by_year(fund: Fund, rows: list[Investment] | None = None) -> list[dict]:
    """Deployed vs planned, per year, in the fund's currency."""
    rows = investments_of(fund) if rows is None else rows
    years: dict[int, dict] = {
        p.year: {"year": p.year, "plan": p.amount, "deployed": Decimal(0)} for p in fund.plan.all()
    }
    for investment in rows:
        year = investment.invested_on.year
        entry = years.setdefault(year, {"year": year, "plan": None, "deployed": Decimal(0)})
        entry["deployed"] += investment.amount_in_fund_currency
    return [years[y] for y in sorted(years)]


def raised_by_limited_partner(fund: Fund) -> list[dict]:
    rows = [
        {
            "limited_partner": c.limited_partner,
            "is_city": c.is_city,
            "committed_on": c.committed_on,
            "amount": in_fund_currency(c.amount, c.rate),
            "called": in_fund_currency(c.called, c.rate),
        }
        for c in fund.commitments.all()
    ]
    rows.sort(key=lambda r: -r["amount"])
    return rows


PORTFOLIO_STATES = ("active", "exited", "written_off")


def portfolio(fund: Fund) -> dict:
    """The fund's portfolio companies, each counted once, under its current state:

    - ``active``: the fund still holds at least one active investment in it;
    - otherwise ``exited`` or ``written_off``: the state of its latest closed
      investment (by closing date, then investment date; an exit wins a tie).

    So ``active + exited + written_off == companies``. ``investments`` counts
    the investments themselves by status (a company may have several), and
    ``listed`` names the listed companies in the portfolio.
    """
    by_company: dict[int, list[Investment]] = {}
    for investment in fund.investments.only("company_id", "status", "invested_on", "closed_on"):
        by_company.setdefault(investment.company_id, []).append(investment)
    companies = dict.fromkeys(PORTFOLIO_STATES, 0)
    investments = dict.fromkeys(PORTFOLIO_STATES, 0)
    for held in by_company.values():
        for investment in held:
            investments[investment.status] += 1
        if any(i.status == "active" for i in held):
            companies["active"] += 1
        else:
            latest = max(
                held,
                key=lambda i: (i.closed_on or i.invested_on, i.invested_on, i.status == "exited"),
            )
            companies[latest.status] += 1
    # order_by() drops the investments' default ordering (by date), which DISTINCT
    # would otherwise include and so name a company once per investment date.
    listed = (
        fund.investments.exclude(company__listing_status="unlisted")
        .order_by()
        .values_list("company__name_en", flat=True)
        .distinct()
    )
    return {
        "companies": len(by_company),
        **companies,
        "investments": investments,
        "listed": sorted(listed),
    }


def _money(value) -> str | None:
    return None if value is None else str(value)


def fund_report(fund: Fund, on: date | None = None) -> dict:
    """Everything the fund page, its export, the API and the CLI show, JSON-ready
    (amounts as strings in the fund's currency)."""
    from pavilion.shows.models import Edition

    rows = investments_of(fund)
    raised_now = raised(fund, on=on)
    deployed_now = deployed(fund, on=on)
    duty = obligation(fund)
    editions = Edition.objects.filter(
        pk__in=Consultation.objects.filter(investments__fund=fund).values("edition")
    ).order_by("start_date")
    return {
        "fund": {
            "slug": fund.slug,
            "name": fund.name,
            "manager": fund.manager,
            "vintage": fund.vintage,
            "strategy": {
                "sectors": [s.name_en for s in fund.sectors.all()],
                "stages": fund.stages,
            },
        },
        "currency": fund.currency,
        "as_of": (on or date.today()).isoformat(),
        "target": _money(fund.target_size),
        "raised": _money(raised_now),
        "raised_share_of_target": _money(
            (raised_now / fund.target_size).quantize(Decimal("0.0001"))
            if fund.target_size
            else None
        ),
        "called": _money(called(fund)),
        "deployed": _money(deployed_now),
        "planned": _money(sum((p.amount for p in fund.plan.all()), Decimal(0))),
        "obligation": {
            key: _money(value.quantize(Decimal("0.0001")) if key == "execution_rate" else value)
            if value is not None
            else None
            for key, value in duty.items()
        },
        "portfolio": portfolio(fund),
        "deployment_by_year": [
            {"year": r["year"], "plan": _money(r["plan"]), "deployed": _money(r["deployed"])}
            for r in deployment_by_year(fund, rows)
        ],
        "breakdowns": {
            dimension: [
                {**row, "label": str(row["label"]), "amount": _money(row["amount"])}
                for row in breakdown(fund, dimension, rows)
            ]
            for dimension in DIMENSIONS
        },
        "conversion": [
            {
                "edition": edition.slug,
                "name": edition.name,
                **{
                    key: (
                        {c: _money(v) for c, v in value.items()}
                        if isinstance(value, dict)
                        else _money(value)
                        if isinstance(value, Decimal)
                        else value
                    )
                    for key, value in conversion(edition, fund.investments.all()).items()
                },
            }
            for edition in editions
        ],
        "commitments": [
            {
                **row,
                "committed_on": row["committed_on"].isoformat(),
                "amount": _money(row["amount"]),
                "called": _money(row["called"]),
            }
            for row in raised_by_limited_partner(fund)
        ],
        "investments": [
            {
                "id": i.pk,
                "company": i.company.name_en,
                "invested_on": i.invested_on.isoformat(),
                "round": i.round,
                "instrument": i.instrument,
                "amount": _money(i.amount),
                "currency": i.currency,
                "amount_in_fund_currency": _money(i.amount_in_fund_currency),
                "status": i.status,
                "origin": (origin.slug if (origin := origin_of(i)) else None),
                "consultations": sorted(c.pk for c in i.consultations.all()),
            }
            for i in rows
        ],
    }

"""Fund figures: raised vs target, deployed, the local obligation, pavilion conversion.

Sums are grouped by (currency, rate) in SQL and multiplied in Python, so the
figures are exact Decimals on every database.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from statistics import median

from django.db.models import Count, Q, QuerySet, Sum

from pavilion.consultations.models import Consultation, ConsultationKind
from pavilion.funds.models import Fund, Investment


def _in_fund_currency(rows: QuerySet, field: str) -> Decimal:
    grouped = rows.values("currency", "rate").annotate(total=Sum(field)).order_by()
    return sum((g["total"] * g["rate"] for g in grouped if g["total"] is not None), Decimal(0))


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
    required = city * fund.local_multiple
    qualifying = _in_fund_currency(fund.investments.filter(qualifies_locally=True), "amount")
    return {
        "city_commitment": city,
        "required": required,
        "qualifying": qualifying,
        "execution_rate": (qualifying / required) if required else None,
    }


def conversion(edition) -> dict:
    """Investment consultations of an edition → the investments that cite them."""
    investment_talks = Consultation.objects.filter(
        edition=edition, kind__in=[ConsultationKind.INVESTMENT, ConsultationKind.MNA]
    )
    converted = investment_talks.filter(investments__isnull=False).distinct()
    investments = Investment.objects.filter(consultations__edition=edition).distinct()
    days = [(i.invested_on - edition.end_date).days for i in investments.only("invested_on")]
    return {
        "investment_consultations": investment_talks.count(),
        "converted_consultations": converted.count(),
        "investments": len(days),
        # Investments of different funds may be in different currencies: per currency.
        "amount_by_currency": {
            row["currency"]: row["total"]
            for row in investments.values("currency").annotate(total=Sum("amount")).order_by()
        },
        "median_days_after_show": median(days) if days else None,
    }


def portfolio(fund: Fund) -> dict:
    """Counts by status and the listed companies in the portfolio."""
    counts = fund.investments.aggregate(
        active=Count("id", filter=Q(status="active")),
        written_off=Count("id", filter=Q(status="written_off")),
        exited=Count("id", filter=Q(status="exited")),
        companies=Count("company", distinct=True),
    )
    listed = (
        fund.investments.exclude(company__listing_status="unlisted")
        .values_list("company__name_en", flat=True)
        .distinct()
    )
    return {**counts, "listed": sorted(listed)}

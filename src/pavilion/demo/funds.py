"""The demo's city investment fund: about 200 billion KRW raised against a 300
billion target, and a handful of investments in demo companies, several of
them traced to the consultations where the investor first met the company.
All names are fictional."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pavilion.consultations.models import Consultation, ConsultationKind
from pavilion.funds.models import Commitment, DeploymentPlan, Fund, Investment

BN = Decimal(1_000_000_000)

# limited partner, the city's own?, amount, currency, rate to KRW, committed on, called share
COMMITMENTS = [
    ("Daejeon Metropolitan City", True, Decimal(60) * BN, "KRW", "1", date(2024, 2, 20), "0.40"),
    ("Korea Fund of Funds (demo)", False, Decimal(80) * BN, "KRW", "1", date(2024, 4, 2), "0.35"),
    ("Hanbit Regional Bank", False, Decimal(30) * BN, "KRW", "1", date(2024, 6, 14), "0.30"),
    ("Daedeok Science Pension", False, Decimal(20) * BN, "KRW", "1", date(2024, 9, 9), "0.25"),
    ("Pacific Gateway LP", False, Decimal(8_000_000), "USD", "1331.5", date(2025, 1, 15), "0.20"),
]
PLAN = {2024: 40, 2025: 80, 2026: 80, 2027: 60, 2028: 40}  # billion KRW per year

# company index, date, round, instrument, amount (KRW unless a currency is given), status,
# cite the company's investment talks of these editions
INVESTMENTS = [
    (0, date(2024, 4, 18), "series_a", "equity", "4500000000", "active", ["ces-2024"]),
    (1, date(2024, 6, 3), "pre_a", "convertible", "1500000000", "active", ["ces-2024"]),
    (2, date(2024, 7, 22), "seed", "safe", "500000000", "written_off", []),
    (3, date(2024, 9, 10), "series_a", "equity", "3000000000", "active", ["ces-2023", "ces-2024"]),
    (5, date(2024, 11, 5), "series_b", "equity", "7000000000", "active", []),
    (0, date(2025, 5, 12), "series_b", "equity", "6000000000", "active", []),  # follow-on
    (7, date(2025, 6, 30), "pre_a", "convertible", "2000000000", "active", ["ces-2024"]),
    (8, date(2025, 8, 19), "seed", "safe", "800000000", "exited", []),
    (9, date(2026, 2, 24), "series_a", "equity", "4000000000", "active", ["ces-2025"]),
]


def make_fund(org, companies, sectors) -> Fund:
    fund = Fund.objects.create(
        organisation=org,
        name="Daejeon Deep-Tech Venture Fund I",
        slug="ddvf-1",
        manager="Hanbit Venture Partners (demo)",
        currency="KRW",
        target_size=Decimal(300) * BN,
        vintage=2024,
        stages="Seed to Series B",
        local_multiple=Decimal(2),
    )
    fund.sectors.set(sectors)
    Commitment.objects.bulk_create(
        Commitment(
            fund=fund,
            limited_partner=lp,
            is_city=is_city,
            amount=amount,
            currency=currency,
            rate=Decimal(rate),
            committed_on=on,
            called=(amount * Decimal(share)).quantize(Decimal(1)),
        )
        for lp, is_city, amount, currency, rate, on, share in COMMITMENTS
    )
    DeploymentPlan.objects.bulk_create(
        DeploymentPlan(fund=fund, year=year, amount=Decimal(amount) * BN)
        for year, amount in PLAN.items()
    )
    for index, on, round_, instrument, amount, status, editions in INVESTMENTS:
        company = companies[index]
        closed_on = date(on.year + 1, 3, 31) if status != "active" else None
        investment = Investment.objects.create(
            fund=fund,
            company=company,
            invested_on=on,
            round=round_,
            instrument=instrument,
            amount=Decimal(amount),
            currency="KRW",
            ownership=Decimal("8.5") if instrument == "equity" else None,
            post_money=Decimal(amount) * 12 if instrument == "equity" else None,
            # One investment outside the region: it does not count toward the obligation.
            qualifies_locally=index != 5,
            status=status,
            closed_on=closed_on,
            exit_proceeds=Decimal(amount) * 3 if status == "exited" else None,
            notes="Lead investor; board seat." if round_ == "series_b" else "",
        )
        talks = Consultation.objects.filter(
            company=company,
            edition__slug__in=editions,
            kind__in=[ConsultationKind.INVESTMENT, ConsultationKind.MNA],
        ).order_by("occurred_at")[:2]
        investment.consultations.set(talks)
    return fund

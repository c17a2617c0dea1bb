"""Fund figures against hand-computed fixtures, in several currencies."""

from datetime import date
from decimal import Decimal

import pytest

from pavilion.funds import figures
from pavilion.funds.models import Commitment, Fund, Investment
from tests import factories as f


@pytest.fixture
def fund(world):
    fund = Fund.objects.create(
        organisation=world.organisation,
        name="Daejeon Startup Fund I",
        slug="dsf-1",
        currency="KRW",
        target_size=Decimal("300000000000"),
        vintage=2024,
    )
    for lp, is_city, amount, currency, rate, on, called in [
        ("Daejeon City", True, "50000000000", "KRW", "1", date(2024, 3, 1), "20000000000"),
        ("Pension Fund", False, "100000000000", "KRW", "1", date(2024, 5, 1), "30000000000"),
        ("Global LP", False, "38000000", "USD", "1300", date(2024, 9, 1), "0"),
    ]:
        Commitment.objects.create(
            fund=fund,
            limited_partner=lp,
            is_city=is_city,
            amount=Decimal(amount),
            currency=currency,
            rate=Decimal(rate),
            committed_on=on,
            called=Decimal(called),
        )
    return fund


def invest(fund, company, amount, currency, rate, on, *, local=True, **kw):
    return Investment.objects.create(
        fund=fund,
        company=company,
        invested_on=on,
        instrument="equity",
        amount=Decimal(amount),
        currency=currency,
        rate=Decimal(rate),
        qualifies_locally=local,
        **kw,
    )


def test_raised_against_target_at_any_date(fund):
    assert figures.raised(fund, on=date(2024, 4, 1)) == Decimal("50000000000")
    assert figures.raised(fund, on=date(2024, 6, 1)) == Decimal("150000000000")
    # 38,000,000 USD at 1,300 KRW = 49.4 billion KRW
    assert figures.raised(fund) == Decimal("199400000000")
    assert figures.called(fund) == Decimal("50000000000")


def test_deployed_obligation_and_execution_rate(fund, world):
    invest(fund, world.company, "3000000000", "KRW", "1", date(2024, 4, 10))
    invest(fund, world.other_company, "2000000", "USD", "1350", date(2024, 8, 1))  # 2.7 bn KRW
    invest(fund, world.company, "1000000", "EUR", "1450", date(2024, 10, 1), local=False)
    assert figures.deployed(fund) == Decimal("7150000000")
    assert figures.deployed(fund, on=date(2024, 5, 1)) == Decimal("3000000000")
    duty = figures.obligation(fund)
    assert duty["required"] == Decimal("100000000000")  # 2 × the city's 50 bn
    assert duty["qualifying"] == Decimal("5700000000")
    assert duty["execution_rate"] == Decimal("0.057")


def test_conversion_from_pavilion_consultations(fund, world):
    talk = world.consultation
    talk.kind = "investment"
    talk.save()
    investment = invest(fund, world.company, "500000000", "KRW", "1", date(2024, 4, 12))
    investment.consultations.add(talk)
    result = figures.conversion(world.edition)
    assert result["investment_consultations"] == 1
    assert result["converted_consultations"] == 1
    assert result["investments"] == 1
    assert result["amount_by_currency"] == {"KRW": Decimal("500000000.00")}
    assert result["median_days_after_show"] == 91  # 12 Jan → 12 Apr 2024


def test_portfolio(fund, world):
    world.company.listing_status = "kosdaq"
    world.company.save()
    invest(fund, world.company, "1", "KRW", "1", date(2024, 4, 1))
    invest(fund, world.other_company, "1", "KRW", "1", date(2024, 4, 1), status="written_off")
    result = figures.portfolio(fund)
    assert (result["active"], result["written_off"], result["companies"]) == (1, 1, 2)
    assert result["listed"] == [world.company.name_en]


def test_a_listed_company_with_several_investments_is_named_once(fund, world):
    """Two rounds in one listed company on different dates: the investments' default
    ordering (by date) used to make DISTINCT keep one row per date."""
    world.company.listing_status = "kosdaq"
    world.company.save()
    invest(fund, world.company, "1", "KRW", "1", date(2024, 4, 1))
    invest(fund, world.company, "1", "KRW", "1", date(2024, 9, 1))
    assert figures.portfolio(fund)["listed"] == [world.company.name_en]


def test_the_portfolio_counts_each_company_once_under_its_current_state(fund, world):
    """By hand: six companies, ten investments.
    A: two active rounds                      → active
    B: an exited seed, an active follow-on    → active (still held)
    C: one exit                               → exited
    D: one write-off                          → written off
    E: exited in 2024, then written off 2025  → written off (its latest closing)
    F: written off in 2024, exited 2025       → exited
    So 6 companies = 2 active + 2 exited + 2 written off; by investment 3 active,
    4 exited (B, C, E, F), 3 written off (D, E, F)."""
    org = world.organisation
    a, b, c, d, e, g = (f.company(organisation=org, name_en=n) for n in "ABCDEF")
    on = date(2024, 4, 1)
    closed = {"closed_on": date(2024, 10, 1)}
    later = {"closed_on": date(2025, 3, 1)}
    invest(fund, a, "1", "KRW", "1", on)
    invest(fund, a, "1", "KRW", "1", on)
    invest(fund, b, "1", "KRW", "1", on, status="exited", **closed)
    invest(fund, b, "1", "KRW", "1", on)
    invest(fund, c, "1", "KRW", "1", on, status="exited", **closed)
    invest(fund, d, "1", "KRW", "1", on, status="written_off", **closed)
    invest(fund, e, "1", "KRW", "1", on, status="exited", **closed)
    invest(fund, e, "1", "KRW", "1", on, status="written_off", **later)
    invest(fund, g, "1", "KRW", "1", on, status="written_off", **closed)
    invest(fund, g, "1", "KRW", "1", on, status="exited", **later)
    result = figures.portfolio(fund)
    assert result["companies"] == 6
    assert (result["active"], result["exited"], result["written_off"]) == (2, 2, 2)
    assert result["active"] + result["exited"] + result["written_off"] == result["companies"]
    assert result["investments"] == {"active": 3, "exited": 4, "written_off": 3}
